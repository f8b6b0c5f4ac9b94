"""What the people's pages share: words for statuses, titles, covers, scores, dates, form errors.

The site is one more "dialect" of the domain: its words (``Watching``, ``Plan to read``)
live here, the values they name stay canonical.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.digits import ascii_digits
from kagami.errors import DomainError, Forbidden, Invalid, NotFound
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.scoring import SMILEYS, to_format
from kagami.web.forms import safe_next, signed_in_form
from kagami.web.images import ImageKind, placeholder_url
from kagami.web.pages import error_page, templates

# Per media type: what each list status is called on the site (AniList's own words).
STATUS_WORDS: dict[str, dict[MediaListStatus, str]] = {
    "ANIME": {
        MediaListStatus.CURRENT: "Watching",
        MediaListStatus.REPEATING: "Rewatching",
        MediaListStatus.COMPLETED: "Completed",
        MediaListStatus.PAUSED: "Paused",
        MediaListStatus.DROPPED: "Dropped",
        MediaListStatus.PLANNING: "Planning",
    },
    "MANGA": {
        MediaListStatus.CURRENT: "Reading",
        MediaListStatus.REPEATING: "Rereading",
        MediaListStatus.COMPLETED: "Completed",
        MediaListStatus.PAUSED: "Paused",
        MediaListStatus.DROPPED: "Dropped",
        MediaListStatus.PLANNING: "Planning",
    },
}
SCORE_FORMAT_WORDS = {
    ScoreFormat.POINT_100: "100 point (55/100)",
    ScoreFormat.POINT_10_DECIMAL: "10 point decimal (5.5/10)",
    ScoreFormat.POINT_10: "10 point (5/10)",
    ScoreFormat.POINT_5: "5 star (3/5)",
    ScoreFormat.POINT_3: "3 point smiley :)",
}
SCORE_HINTS = {
    ScoreFormat.POINT_100: "0–100",
    ScoreFormat.POINT_10_DECIMAL: "0–10, one decimal",
    ScoreFormat.POINT_10: "0–10",
    ScoreFormat.POINT_5: "0–5 stars",
    ScoreFormat.POINT_3: "1 :(  2 :|  3 :)",
}
_SCORE_STEP = {ScoreFormat.POINT_10_DECIMAL: "0.1"}
_ACRONYMS = frozenset({"TV", "OVA", "ONA"})
MEDIA_TYPES = {"anime": MediaType.ANIME, "manga": MediaType.MANGA}


def enum_word(value: Any) -> str:
    """``TV_SHORT`` as ``Tv Short``: enum values as words for people."""
    words = str(getattr(value, "value", value) or "").split("_")
    return " ".join(w if w in _ACRONYMS else w.capitalize() for w in words)


def title_of(media: Any, user: User | None) -> str:
    """The media title in the viewer's title language (romaji when anonymous or missing)."""
    language = str(getattr(user, "title_language", "") or "ROMAJI").removesuffix("_STYLISED")
    if language.endswith("ENGLISH") and media.title_english:
        return str(media.title_english)
    if language.endswith("NATIVE") and media.title_native:
        return str(media.title_native)
    return str(media.title_romaji or media.title_english or media.title_native or f"#{media.id}")


def image_of(url: str | None, kind: ImageKind, ident: int, size: str = "large") -> str:
    """A stored image URL, else Kagami's generated placeholder (a same-site path)."""
    return url or placeholder_url("", kind, ident, size)  # type: ignore[arg-type]


def cover_of(media: Any, size: str = "large") -> str:
    """A media's cover in ``large`` or ``medium``, or its placeholder."""
    url = media.cover_medium if size == "medium" else media.cover_large
    return image_of(url or media.cover_extra_large, "media", media.id, size)


def image_src(url: str | None, kind: ImageKind, ident: int, size: str = "large") -> Markup:
    """``src`` and ``data-fallback`` attributes of an ``<img>``: static/site.js swaps in the
    generated placeholder when a stored (usually external) image fails to load, e.g. offline."""
    fallback = placeholder_url("", kind, ident, size)  # type: ignore[arg-type]
    return Markup('src="{}" data-fallback="{}"').format(url or fallback, fallback)


def cover_src(media: Any, size: str = "large") -> Markup:
    """``image_src`` for a media's cover."""
    return image_src(cover_of(media, size), "media", media.id, size)


def score_text(raw: int, fmt: ScoreFormat) -> str:
    """A stored POINT_100 score as the viewer reads it; empty when unscored."""
    if not raw:
        return ""
    value = to_format(raw, fmt)
    if fmt is ScoreFormat.POINT_3:
        return SMILEYS[int(value) - 1]
    if fmt is ScoreFormat.POINT_5:
        return "★" * int(value)
    return f"{value:.1f}" if fmt is ScoreFormat.POINT_10_DECIMAL else str(value)


def score_input(raw: int, fmt: ScoreFormat) -> str:
    """The value an editor's score field starts with, in the user's format."""
    value = to_format(raw, fmt) if raw else 0
    return f"{value:.1f}" if fmt is ScoreFormat.POINT_10_DECIMAL else str(value)


def score_step(fmt: ScoreFormat) -> str:
    """The score input's ``step`` for a format."""
    return _SCORE_STEP.get(fmt, "1")


def fuzzy(year: int | None, month: int | None, day: int | None) -> str:
    """A fuzzy date as ``2024-04-07`` / ``2024-04`` / ``2024``; empty when unknown."""
    if year is None:
        return ""
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


def when(epoch: int | None) -> str:
    """A UTC timestamp as people read it."""
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


def bar_width(value: float, top: float) -> int:
    """A bar's width in whole percent (steps of 5, so the CSS has one class per step)."""
    if top <= 0 or value <= 0:
        return 0
    return max(5, min(100, round(value / top * 20) * 5))


templates.env.globals.update(
    STATUS_WORDS=STATUS_WORDS,
    SCORE_FORMAT_WORDS=SCORE_FORMAT_WORDS,
    SCORE_HINTS=SCORE_HINTS,
    title_of=title_of,
    cover_of=cover_of,
    image_of=image_of,
    cover_src=cover_src,
    image_src=image_src,
    score_text=score_text,
    score_input=score_input,
    score_step=score_step,
    fuzzy=fuzzy,
    when=when,
    bar_width=bar_width,
    enum_word=enum_word,
)


def media_type_of(kind: str) -> MediaType | None:
    """``anime``/``manga`` from a path as the media type."""
    return MEDIA_TYPES.get(kind)


def viewer_format(viewer: User | None, owner: User | None = None) -> ScoreFormat:
    """Scores read in the viewer's format; an anonymous visitor sees the owner's."""
    source = viewer or owner
    return source.score_format if source is not None else ScoreFormat.POINT_10_DECIMAL


def domain_error_page(request: Request, exc: DomainError) -> Response:
    """A service's refusal as a page with the right status (never a 500)."""
    if isinstance(exc, NotFound):
        return error_page(request, "Not found", exc.message or "Nothing is here.", 404)
    if isinstance(exc, Forbidden):
        return error_page(request, "Not allowed", exc.message or "You may not do that.", 403)
    if isinstance(exc, Invalid):
        lines = "; ".join(m for ms in exc.fields.values() for m in ms)
        return error_page(request, "Please check your input", lines or exc.message, 400)
    return error_page(request, "Refused", exc.message or "That did not work.", 400)


Action = Callable[[Any, User, dict[str, str]], Awaitable[Response | None]]


async def post_action(request: Request, action: Action, default_next: str) -> Response:
    """Run a signed-in, CSRF-checked POST in one transaction, then redirect (post/redirect/get).

    ``action(session, user, form)`` may return its own response (a page with errors);
    a domain error rolls everything back and shows why.
    """
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, form = signed_in
    try:
        async with request.app.state.db.session() as session:
            answer = await action(session, user, form)
    except DomainError as exc:
        return domain_error_page(request, exc)
    if answer is not None:
        return answer
    return RedirectResponse(safe_next(form.get("next") or default_next), status_code=303)


def number(text: str | None, max_digits: int = 9) -> int | None:
    """A path, query or form whole number (ASCII digits only, bounded), else None."""
    text = (text or "").strip()
    if not text or len(text) > max_digits or not ascii_digits(text):
        return None
    return int(text)
