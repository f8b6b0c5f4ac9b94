"""List pages and list writes: ``/user/{name}/animelist|mangalist``, +1, the entry editor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from kagami.accounts.models import User
from kagami.accounts.queries import find_user
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.anilist_graphql.mapping import named_groups
from kagami.errors import Invalid
from kagami.lists import service
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.lists.queries import EntryQuery, collection, entries_for_media, list_options
from kagami.web.forms import signed_in_form
from kagami.web.list_rows import progress_cell, rows_html
from kagami.web.pages import error_page, render
from kagami.web.routes_media import media_page_context
from kagami.web.sessions import current_user
from kagami.web.views import (
    number,
    post_action,
    title_of,
    viewer_format,
)

router = APIRouter(include_in_schema=False)

# Site sort names -> canonical entry sort keys (the owner's row order when none).
LIST_SORTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "score": (("score", True),),
    "title": (("media_title_romaji", False),),
    "progress": (("progress", True),),
    "updated": (("updated_time", True),),
    "added": (("added_time", True),),
}
# The only columns a list row reads; every other one stays out of the big read.
_MEDIA_READ = frozenset(
    {"id", "type", "format", "status", "title_romaji", "title_english", "title_native"}
    | {"episodes", "chapters"}
)
_ENTRY_READ = frozenset(
    {"id", "user_id", "media_id", "status", "score", "progress", "private"}
    | {"hidden_from_status_lists"}
)
_MEDIA_SKIP = tuple(c.key for c in Media.__table__.columns if c.key not in _MEDIA_READ)
_ENTRY_SKIP = tuple(c.key for c in ListEntry.__table__.columns if c.key not in _ENTRY_READ)


async def _list_page(request: Request, name: str, media_type: MediaType) -> Response:
    viewer = await current_user(request)
    sort_name = request.query_params.get("sort") or ""
    async with request.app.state.db.session() as session:
        owner = await find_user(session, None, name[:64])
        if owner is None:
            return error_page(request, "Not found", "No user has that name.", 404)
        q = EntryQuery(
            user_ids=[owner.id],
            media_type=media_type.value,
            sort=LIST_SORTS.get(sort_name, ()),
            viewer_id=viewer.id if viewer else None,
        )
        found = await collection(
            session,
            owner,
            q,
            force_single_completed=False,
            chunk=None,
            per_chunk=None,
            with_media=True,
            media_skip=_MEDIA_SKIP,
            entry_skip=_ENTRY_SKIP,
        )
    # AniList's own section names, in the owner's section order (as its site shows them).
    named = named_groups(found.groups, media_type.value, found.section_order)
    groups = [(name, group.entries) for name, group in named]
    is_owner = viewer is not None and viewer.id == owner.id
    fmt = viewer_format(viewer, owner)
    kind = media_type.value.lower()

    def rows(entries: list[Any]) -> Markup:
        return rows_html(entries, found.media, kind=kind, viewer=viewer, fmt=fmt, editable=is_owner)

    ctx = {
        "owner": owner,
        "groups": groups,
        "rows": rows,
        "is_owner": is_owner,
        "kind": media_type.value.lower(),
        "media_type": media_type.value,
        "sort": sort_name if sort_name in LIST_SORTS else "",
        "sorts": list(LIST_SORTS),
        "count": len({e.id for g in found.groups for e in g.entries}),
    }
    return render(request, "list.html", ctx)


@router.get("/user/{name}/animelist", response_class=HTMLResponse)
async def anime_list(request: Request, name: str) -> Response:
    """A user's anime list grouped by status and custom list, scores in the viewer's format."""
    return await _list_page(request, name, MediaType.ANIME)


@router.get("/user/{name}/mangalist", response_class=HTMLResponse)
async def manga_list(request: Request, name: str) -> Response:
    """A user's manga list grouped by status and custom list, scores in the viewer's format."""
    return await _list_page(request, name, MediaType.MANGA)


@router.post("/list/progress")
async def plus_one(request: Request) -> Response:
    """One click +1 progress on the viewer's entry, back to the page it came from.

    From htmx (the list page's +1 buttons) the answer is the entry's new progress cell.
    """

    async def act(session: Any, user: User, form: dict[str, str]) -> Response | None:
        media_id = number(form.get("media_id"))
        if media_id is None:
            raise Invalid({"media_id": ["The media id field is required."]})
        entry = await service.add_progress(session, user.id, media_id=media_id)
        if request.headers.get("HX-Request") != "true":
            return None
        media = await session.get(Media, media_id)
        title = escape(title_of(media, user))
        anime = media.type == MediaType.ANIME
        cell = progress_cell(entry, media, anime=anime, title=title, editable=True)
        return HTMLResponse(cell, headers={"Cache-Control": "no-store"})

    return await post_action(request, act, "/")


def _fuzzy(errors: dict[str, list[str]], name: str, text: str) -> FuzzyDate:
    """``YYYY[-MM[-DD]]`` as a FuzzyDate; empty clears the date."""
    parts = [p for p in text.strip().split("-")] if text.strip() else []
    values = [number(p, 4) for p in parts]
    if len(parts) > 3 or any(v is None for v in values):
        errors.setdefault(name, []).append(f"The {name.replace('_', ' ')} is not a valid date.")
        return FuzzyDate()
    return FuzzyDate(*values)


def _score(errors: dict[str, list[str]], text: str) -> float | None:
    text = text.strip()
    if not text:
        return 0.0
    try:
        value = float(text) if len(text) <= 12 else None
    except ValueError:
        value = None
    if value is None:
        errors.setdefault("score", []).append("The score must be a number.")
    return value


def entry_changes(
    form: Any, advanced_count: int
) -> tuple[EntryChanges, float | None, dict[str, list[str]]]:
    """The editor's fields as an entry write, the score in the user's format, and parse errors."""
    errors: dict[str, list[str]] = {}
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    status = fields.get("status", "")
    if status not in MediaListStatus.__members__:
        errors["status"] = ["The selected status is invalid."]
    numbers: dict[str, int | None] = {}
    for name in ("progress", "progress_volumes", "repeat"):
        text = fields.get(name, "").strip()
        # Unchanged (or left out) progress is not sent: completing then fills it in.
        if not text or text == fields.get(f"{name}_was", "").strip():
            numbers[name] = None
            continue
        numbers[name] = number(text)
        if numbers[name] is None:
            errors[name] = [f"The {name.replace('_', ' ')} must be a whole number of 0 or more."]
    advanced: list[float] = []
    for i in range(advanced_count):
        try:
            advanced.append(float(fields.get(f"advanced_{i}", "0")[:12] or 0))
        except ValueError:
            errors["advanced_scores"] = ["Each advanced score must be a number."]
    lists = [v for v in form.getlist("custom_lists") if isinstance(v, str)][:200]
    changes = EntryChanges(
        status=MediaListStatus(status) if status in MediaListStatus.__members__ else None,
        progress=numbers["progress"],
        progress_volumes=numbers["progress_volumes"],
        repeat=numbers["repeat"],
        notes=fields.get("notes", ""),
        private=fields.get("private") == "1",
        custom_lists=lists,
        advanced_scores=advanced if advanced_count else None,
        started_at=_fuzzy(errors, "started_at", fields.get("started_at", "")),
        completed_at=_fuzzy(errors, "completed_at", fields.get("completed_at", "")),
    )
    return changes, _score(errors, fields.get("score", "")), errors


@router.post("/list/entry/{media_id}", response_class=HTMLResponse)
async def save(request: Request, media_id: str) -> Response:
    """Save the entry editor through the list service; its messages come back on the page."""
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, _fields = signed_in
    ident = number(media_id)
    media_type = None
    if ident is not None:
        async with request.app.state.db.session() as session:
            media = await session.get(Media, ident)
            media_type = media.type if media is not None else None
            options = None
            if media_type is not None:
                options = (await list_options(session, [user.id])).get((user.id, media_type.value))
    if ident is None or media_type is None:
        return error_page(request, "Not found", "No media has that id.", 404)
    sections = options.advanced_scoring if options and options.advanced_scoring_enabled else []
    form = await request.form()
    changes, score, errors = entry_changes(form, len(sections))
    if not errors:
        try:
            async with request.app.state.db.session() as session:
                await service.save_entry(
                    session, user.id, media_id=ident, changes=changes, user_score=score
                )
        except Invalid as exc:
            errors = exc.fields
    kind = media_type.value.lower()
    if not errors:
        return RedirectResponse(f"/{kind}/{ident}#entry", status_code=303)
    ctx = await media_page_context(request, media_type, ident, user)
    assert ctx is not None
    ctx.update(errors=errors, form={k: v for k, v in form.items() if isinstance(v, str)})
    return render(request, "media.html", ctx, status_code=400)


@router.post("/list/entry/{media_id}/delete")
async def delete(request: Request, media_id: str) -> Response:
    """Remove the media from the viewer's list."""
    ident = number(media_id)

    async def act(session: Any, user: User, _form: dict[str, str]) -> None:
        entry = (await entries_for_media(session, user.id, [ident or 0])).get(ident or 0)
        if entry is None:
            raise Invalid({"media_id": ["That is not on your list."]})
        await service.delete_entry(session, user.id, entry.id)

    return await post_action(request, act, "/")
