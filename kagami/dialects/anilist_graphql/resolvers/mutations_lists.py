"""List mutations: Save/Delete MediaListEntry, UpdateMediaListEntries, DeleteCustomList.

Arguments arrive snake_cased (the schema converts names); the domain's field names in a
``validation`` map go back out as the argument names AniList's clients sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.dialects.anilist_graphql.resolvers.common import ctx
from kagami.dialects.anilist_graphql.resolvers.mutation import as_arguments, mutation_field
from kagami.errors import Invalid
from kagami.lists import service
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

T = TypeVar("T")


def _date(value: dict[str, Any] | None) -> FuzzyDate | None:
    if value is None:
        return None
    return FuzzyDate(value.get("year"), value.get("month"), value.get("day"))


def changes_from(args: dict[str, Any]) -> EntryChanges:
    """The entry fields of SaveMediaListEntry/UpdateMediaListEntries arguments."""
    g = args.get
    advanced = g("advanced_scores")
    names = g("custom_lists")
    return EntryChanges(
        status=MediaListStatus(status) if (status := g("status")) else None,
        score=g("score_raw"),
        progress=g("progress"),
        progress_volumes=g("progress_volumes"),
        repeat=g("repeat"),
        priority=g("priority"),
        private=g("private"),
        notes=g("notes"),
        hidden_from_status_lists=g("hidden_from_status_lists"),
        custom_lists=None if names is None else [n for n in names if n is not None],
        advanced_scores=None if advanced is None else [v or 0.0 for v in advanced],
        started_at=_date(g("started_at")),
        completed_at=_date(g("completed_at")),
    )


async def _call_as_owner(
    info: GraphQLResolveInfo, run: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
) -> T:
    """Run a list service as the viewer; remember their score format for ``MediaList.score``."""
    context = ctx(info)
    viewer_id = context.require_viewer().user_id
    result = await as_arguments(context.call(run, viewer_id, *args, **kwargs))
    user = await context.session.get(User, viewer_id)  # locked and loaded by the service
    if user is not None:
        context.score_formats[user.id] = user.score_format
    return result


@mutation_field("SaveMediaListEntry")
async def save_media_list_entry(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> ListEntry:
    """Create or update the viewer's entry for a media (by ``id`` or ``mediaId``)."""
    return await _call_as_owner(
        info,
        service.save_entry,
        entry_id=args.get("id"),
        media_id=args.get("media_id"),
        changes=changes_from(args),
        user_score=args.get("score"),
    )


@mutation_field("UpdateMediaListEntries")
async def update_media_list_entries(
    _obj: Any, info: GraphQLResolveInfo, **args: Any
) -> list[ListEntry]:
    """Apply the same fields to several of the viewer's entries."""
    if args.get("ids") is None:
        raise Invalid({"ids": ["The ids field is required."]})
    return await _call_as_owner(
        info,
        service.update_entries,
        entry_ids=[i for i in args["ids"] if i is not None],
        changes=changes_from(args),
        user_score=args.get("score"),
    )


@mutation_field("DeleteMediaListEntry")
async def delete_media_list_entry(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """Delete one of the viewer's entries."""
    if id is None:
        raise Invalid({"id": ["The id field is required."]})
    await _call_as_owner(info, service.delete_entry, id)
    return {"deleted": True}


@mutation_field("DeleteCustomList")
async def delete_custom_list(
    _obj: Any, info: GraphQLResolveInfo, custom_list: str | None = None, type: str | None = None
) -> dict[str, bool]:
    """Remove a custom list from the viewer's options and from every entry on it."""
    errors = {}
    if not custom_list:
        errors["customList"] = ["The custom list field is required."]
    if type is None:
        errors["type"] = ["The type field is required."]
    if errors:
        raise Invalid(errors)
    assert custom_list is not None and type is not None
    await _call_as_owner(
        info, service.delete_custom_list, name=custom_list, media_type=MediaType(type)
    )
    return {"deleted": True}
