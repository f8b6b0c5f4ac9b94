"""``/settings``: score format, title language, adult content, lists and notification options."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kagami.accounts import options
from kagami.accounts.enums import UserTitleLanguage
from kagami.errors import Invalid
from kagami.lists.enums import ScoreFormat
from kagami.lists.queries import list_options
from kagami.social.enums import NotificationType
from kagami.social.notify import wants
from kagami.web.forms import require_user, signed_in_form
from kagami.web.pages import render

router = APIRouter(include_in_schema=False)

# The notification kinds a person can switch on the site (AniList's settings page shows these).
NOTIFICATION_WORDS = {
    NotificationType.ACTIVITY_REPLY: "Someone replies to my activity",
    NotificationType.ACTIVITY_MENTION: "Someone mentions me",
    NotificationType.FOLLOWING: "Someone follows me",
    NotificationType.ACTIVITY_LIKE: "Someone likes my activity",
    NotificationType.ACTIVITY_REPLY_LIKE: "Someone likes my reply",
    NotificationType.ACTIVITY_MESSAGE: "Someone sends me a message",
    NotificationType.ACTIVITY_REPLY_SUBSCRIBED: "Replies to activity I subscribed to",
    NotificationType.RELATED_MEDIA_ADDITION: "Media related to my list is added",
}
TITLE_WORDS = {
    UserTitleLanguage.ROMAJI: "Romaji (Shingeki no Kyojin)",
    UserTitleLanguage.ENGLISH: "English (Attack on Titan)",
    UserTitleLanguage.NATIVE: "Native (進撃の巨人)",
}
ROW_ORDER_WORDS = {"score": "Score", "title": "Title", "updatedAt": "Last updated", "id": "Added"}
MAX_LINES = 200
_TEXTS = ("custom_lists", "advanced_scoring")  # textareas kept as typed when a save fails


async def _page(request: Request, user: Any, **extra: Any) -> Response:
    async with request.app.state.db.session() as session:
        found = await list_options(session, [user.id])
    ctx = {
        "anime": found.get((user.id, "ANIME")),
        "manga": found.get((user.id, "MANGA")),
        "notification_words": NOTIFICATION_WORDS,
        "notifications_on": {
            t: wants(user.notification_options, user.airing_notifications, t)
            for t in NOTIFICATION_WORDS
        },
        "title_words": TITLE_WORDS,
        "row_order_words": ROW_ORDER_WORDS,
        **extra,
    }
    return render(request, "settings.html", ctx, status_code=400 if extra.get("errors") else 200)


@router.get("/settings", response_class=HTMLResponse)
async def settings_page(request: Request) -> Response:
    """Your site and list settings."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    return await _page(request, user, saved=request.query_params.get("saved") == "1")


def _lines(text: str) -> list[str]:
    """A textarea's names, one a line, blanks dropped (the service checks the rest)."""
    return [line.strip() for line in text.splitlines()[:MAX_LINES] if line.strip()]


def user_changes(form: dict[str, str]) -> tuple[options.UserChanges, dict[str, list[str]]]:
    """The settings form as the options service's changes, with choice errors."""
    errors: dict[str, list[str]] = {}
    fmt = form.get("score_format", "")
    language = form.get("title_language", "")
    if fmt not in ScoreFormat.__members__:
        errors["score_format"] = ["The selected score format is invalid."]
    if language not in UserTitleLanguage.__members__:
        errors["title_language"] = ["The selected title language is invalid."]
    per_type = {}
    for prefix in ("anime", "manga"):
        per_type[prefix] = options.ListOptionsChanges(
            custom_lists=_lines(form.get(f"{prefix}_custom_lists", "")),
            advanced_scoring=_lines(form.get(f"{prefix}_advanced_scoring", "")),
            advanced_scoring_enabled=form.get(f"{prefix}_advanced_scoring_enabled") == "1",
            split_completed_section_by_format=form.get(f"{prefix}_split_completed") == "1",
        )
    changes = options.UserChanges(
        score_format=ScoreFormat(fmt) if fmt in ScoreFormat.__members__ else None,
        title_language=(
            UserTitleLanguage(language) if language in UserTitleLanguage.__members__ else None
        ),
        row_order=form.get("row_order") or None,
        display_adult_content=form.get("display_adult_content") == "1",
        airing_notifications=form.get("airing_notifications") == "1",
        notification_options={
            t.value: form.get(f"notify_{t.value}") == "1" for t in NOTIFICATION_WORDS
        },
        anime_list_options=per_type["anime"],
        manga_list_options=per_type["manga"],
    )
    return changes, errors


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> Response:
    """Save every setting through the options service (all or nothing)."""
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, form = signed_in
    changes, errors = user_changes(form)
    if not errors:
        try:
            async with request.app.state.db.session() as session:
                await options.update_user(session, user.id, changes)
        except Invalid as exc:
            errors = exc.fields
    if errors:
        kept = {f"{p}_{n}": form.get(f"{p}_{n}", "") for p in ("anime", "manga") for n in _TEXTS}
        return await _page(request, user, errors=errors, form=kept)
    return RedirectResponse("/settings?saved=1", status_code=303)
