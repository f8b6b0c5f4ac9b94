"""MediaList, MediaListCollection (grouped, chunked) and the list roots."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue.queries import media_by_ids
from kagami.dialects.anilist_graphql.fastpath import precomplete
from kagami.dialects.anilist_graphql.mapping import named_groups
from kagami.dialects.anilist_graphql.resolvers import media_columns
from kagami.dialects.anilist_graphql.resolvers.common import (
    ctx,
    fuzzy_date,
    listify,
    load,
    selects,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.dialects.anilist_graphql.resolvers.viewer import (
    prefetch_for_media,
    remember_user,
    viewer_user_unlocked,
)
from kagami.errors import NotFound, Unauthorized
from kagami.lists import queries as list_queries
from kagami.lists.enums import ScoreFormat
from kagami.lists.models import ListEntry
from kagami.lists.scoring import to_format

media_list = ObjectType("MediaList")
collection_type = ObjectType("MediaListCollection")
list_group = ObjectType("MediaListGroup")
query = ObjectType("Query")


def entry_query(
    info: GraphQLResolveInfo, args: dict[str, Any], user_ids: list[int] | None
) -> list_queries.EntryQuery:
    """An EntryQuery from MediaList-style arguments."""
    g = args.get
    statuses = listify(g("status")) or listify(g("status_in"))
    viewer = ctx(info).viewer
    dates = {}
    for arg, key in (("started_at", "started"), ("completed_at", "completed")):
        bounds = (g(arg), g(f"{arg}_greater"), g(f"{arg}_lesser"), g(f"{arg}_like"))
        if any(b is not None for b in bounds):
            dates[key] = bounds
    if g("is_following") and viewer is None:
        raise Unauthorized()  # entries of the users the viewer follows need a viewer
    return list_queries.EntryQuery(
        user_ids=user_ids,
        media_type=g("type"),
        statuses=statuses,
        statuses_not=[s for s in [g("status_not"), *(g("status_not_in") or [])] if s],
        media_ids=listify(g("media_id")) or listify(g("media_id_in")),
        media_ids_not=list(g("media_id_not_in") or []),
        entry_ids=listify(g("id")),
        notes_like=g("notes_like") or g("notes"),
        dates=dates,
        # compareWithAuthList is ignored without a token, as AniList does.
        also_on_list_of=viewer.user_id if viewer and g("compare_with_auth_list") else None,
        followed_by=viewer.user_id if viewer and g("is_following") else None,
        sort=sort_keys(g("sort")),
        viewer_id=viewer.user_id if viewer else None,
    )


async def _user_ids(info: GraphQLResolveInfo, args: dict[str, Any]) -> list[int] | None:
    """User ids selected by userId/userName/userId_in (None: no user constraint)."""
    if args.get("user_name"):
        found = await ctx(info).call(list_queries.find_user, None, args["user_name"])
        return [found.id] if found else [-1]
    return listify(args.get("user_id")) or listify(args.get("user_id_in"))


def _remember_owners(info: GraphQLResolveInfo, users: Any) -> None:
    """Cache entry owners so ``score`` converts synchronously in the owner's format."""
    formats = ctx(info).score_formats
    for u in users:
        formats[u.id] = u.score_format


@media_list.field("score")
def resolve_score(obj: ListEntry, info: GraphQLResolveInfo, format: str | None = None) -> float:
    """The POINT_100 score in ``format`` or the owner's own format."""
    fmt = (
        ScoreFormat(format)
        if format
        else ctx(info).score_formats.get(obj.user_id, ScoreFormat.POINT_100)
    )
    return float(to_format(obj.score, fmt))


@media_list.field("startedAt")
def _started(obj: ListEntry, _info: GraphQLResolveInfo) -> dict[str, int | None]:
    return fuzzy_date(obj.started_year, obj.started_month, obj.started_day)


@media_list.field("completedAt")
def _completed(obj: ListEntry, _info: GraphQLResolveInfo) -> dict[str, int | None]:
    return fuzzy_date(obj.completed_year, obj.completed_month, obj.completed_day)


@media_list.field("media")
def _media(obj: ListEntry, info: GraphQLResolveInfo) -> Any:
    # A collection's entries carry the media row their statement joined (only the columns
    # that query reads, so the row stays with its entry): no awaitable per entry.
    row = obj.__dict__.get("media_row")
    if row is not None:
        return row
    return load(info, "media.byId", obj.media_id, media_by_ids)


@media_list.field("user")
def _user(obj: ListEntry, info: GraphQLResolveInfo) -> Any:
    return load(info, "user.byId", obj.user_id, list_queries.users_by_ids)


@media_list.field("customLists")
async def _custom_lists(
    obj: ListEntry, info: GraphQLResolveInfo, as_array: bool | None = None
) -> Any:
    names = await load(info, "entry.customLists", obj.id, list_queries.custom_list_names, [])
    if as_array:
        return [{"name": n, "enabled": True} for n in names]
    return {n: True for n in names} or None


_ENTRY_SKIP = ("advanced_scores", "tags")  # JSON: tags is MAL-only, advancedScores when asked


def _media_skip(info: GraphQLResolveInfo) -> list[str]:
    """Media columns no field named anywhere in the collection's selection reads.

    Every name counts wherever it appears (``media { mediaListEntry { media { ... } } }``
    reaches the same rows), so the skip list can only be too short, never too long.
    """
    needed = media_columns.columns_below(info)
    return [] if needed is None else sorted(media_columns.COLUMNS - needed)


def _entry_skip(info: GraphQLResolveInfo) -> tuple[str, ...]:
    """Entry columns nobody reads (advancedScores may be read through media.mediaListEntry)."""
    for path in (("advancedScores",), ("media", "mediaListEntry", "advancedScores")):
        if selects(info, "lists", "entries", *path):
            return ()
    return _ENTRY_SKIP


async def _prefetch_viewer(info: GraphQLResolveInfo, owner: Any, found: Any) -> None:
    """The viewer's options, entries and favourites for the collection's media, up front.

    Each is fetched only when the selection reads it (title.userPreferred,
    mediaListEntry, isFavourite), so the entries keep completing synchronously.
    """
    context = ctx(info)
    viewer = context.viewer
    path = ("lists", "entries", "media")
    if viewer is None or not found.media:
        return
    wants_entry = selects(info, *path, "mediaListEntry")
    wants_user = wants_entry or selects(info, *path, "title", "userPreferred")
    wants_fav = selects(info, *path, "isFavourite")
    own = owner.id == viewer.user_id
    if own:
        remember_user(context, owner)
    async with context.lock:
        if wants_user and not own:
            await viewer_user_unlocked(context)
        own_entries = None
        if own and wants_entry:
            own_entries = {e.media_id: e for g in found.groups for e in g.entries}
        await prefetch_for_media(
            context,
            list(found.media),
            entries=wants_entry,
            favourites=wants_fav,
            own_entries=own_entries,
        )


@query.field("MediaListCollection")
async def resolve_collection(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> dict[str, Any]:
    """A user's list grouped like AniList (status lists, split completed, custom lists)."""
    context = ctx(info)
    owner = await context.call(list_queries.find_user, args.get("user_id"), args.get("user_name"))
    if owner is None:
        raise NotFound()
    _remember_owners(info, [owner])
    found = await context.call(
        list_queries.collection,
        owner,
        entry_query(info, args, [owner.id]),
        force_single_completed=bool(args.get("force_single_completed_list")),
        chunk=args.get("chunk"),
        per_chunk=args.get("per_chunk"),
        with_media=selects(info, "lists", "entries", "media"),
        media_skip=_media_skip(info),
        entry_skip=_entry_skip(info),
    )
    # Same batch shape as common.load's: a later MediaList.user of another id still works.
    by_id = lambda keys: list_queries.users_by_ids(context.session, keys)  # noqa: E731
    context.loader("user.byId", by_id).prime(owner.id, owner)
    await _prefetch_viewer(info, owner, found)
    groups = [
        {
            "name": name,
            "entries": g.entries,
            "is_custom_list": g.is_custom_list,
            "is_split_completed_list": g.is_split_completed_list,
            "status": g.status,
        }
        for name, g in named_groups(found.groups, args.get("type") or "ANIME", found.section_order)
    ]
    return {
        "lists": groups,
        "user": owner,
        "has_next_chunk": found.has_next_chunk,
        "status_lists": [g["entries"] for g in groups if not g["is_custom_list"]],
        "custom_lists": [g["entries"] for g in groups if g["is_custom_list"]],
    }


@list_group.field("entries")
def _group_entries(obj: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    """A group's entries, completed by a compiled plan (thousands of rows per request)."""
    return precomplete(info, obj["entries"], ctx(info).plans)


@collection_type.field("statusLists")
@collection_type.field("customLists")
def _legacy_lists(
    obj: dict[str, Any], info: GraphQLResolveInfo, as_array: bool | None = None
) -> Any:
    return obj["status_lists" if info.field_name == "statusLists" else "custom_lists"]


@query.field("MediaList")
async def resolve_media_list(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> ListEntry:
    """The first entry matching the filters; 404 when none."""
    context = ctx(info)
    q = entry_query(info, args, await _user_ids(info, args))
    page = await context.call(list_queries.find_entries, q, 1, 1)
    if not page.items:
        raise NotFound()
    users = await context.call(list_queries.users_by_ids, [page.items[0].user_id])
    _remember_owners(info, users.values())
    return page.items[0]


@page_field("mediaList")
async def _page_media_list(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    """Page.mediaList: entries of one or more users, paged (owners loaded for score formats)."""
    context = ctx(info)
    user_ids = await _user_ids_unlocked(context, args)
    found = await list_queries.find_entries(
        context.session, entry_query(info, args, user_ids), page, per_page
    )
    owners = await list_queries.users_by_ids(
        context.session, sorted({e.user_id for e in found.items})
    )
    _remember_owners(info, owners.values())
    return found


async def _user_ids_unlocked(context: Any, args: dict[str, Any]) -> list[int] | None:
    if args.get("user_name"):
        found = await list_queries.find_user(context.session, None, args["user_name"])
        return [found.id] if found else [-1]
    return listify(args.get("user_id")) or listify(args.get("user_id_in"))


BINDABLES = [media_list, collection_type, list_group, query]
