"""Query root fields and ``Page``: look ahead at Page's one data field and run it there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ariadne import ObjectType, QueryType
from graphql import FieldNode, GraphQLResolveInfo
from graphql.execution.values import get_argument_values

from kagami.accounts.queries import find_user
from kagami.catalogue.models import Character, Staff, Studio
from kagami.catalogue.people import find_people, first_person
from kagami.catalogue.queries import (
    external_link_sources,
    find_media,
    first_media,
    genre_collection,
    tag_collection,
)
from kagami.db.paging import PageResult, clamp_page
from kagami.dialects.anilist_graphql.args import media_query, people_query
from kagami.dialects.anilist_graphql.limits import PAGE_META_FIELDS
from kagami.dialects.anilist_graphql.markdown import to_html
from kagami.dialects.anilist_graphql.resolvers.common import PAGE_MAX, ctx, page_info
from kagami.dialects.anilist_graphql.resolvers.media_columns import columns_below
from kagami.errors import NotFound

query = QueryType()
page_type = ObjectType("Page")

# (info, field arguments, page, perPage) -> rows; runs under the request lock.
PageFetcher = Callable[[GraphQLResolveInfo, dict[str, Any], int, int], Awaitable[PageResult[Any]]]
_PAGE_FIELDS: dict[str, PageFetcher] = {}


def page_field(name: str) -> Callable[[PageFetcher], PageFetcher]:
    """Register how a Page data field fetches one page of rows."""

    def register(fn: PageFetcher) -> PageFetcher:
        _PAGE_FIELDS[name] = fn
        return fn

    return register


@dataclass
class PageState:
    """A Page's fetched data field and its paging numbers."""

    page: int
    per_page: int
    result: PageResult[Any] | None = None


def _data_field(info: GraphQLResolveInfo) -> FieldNode | None:
    """The Page's one data field node (fragments expanded); limits allow at most one."""

    def walk(selection_set: Any) -> FieldNode | None:
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                if sel.name.value not in PAGE_META_FIELDS:
                    return sel
                continue
            inner = (
                info.fragments[sel.name.value].selection_set
                if hasattr(sel, "name") and sel.name
                else sel.selection_set
            )
            found = walk(inner)
            if found is not None:
                return found
        return None

    for node in info.field_nodes:
        found = walk(node.selection_set)
        if found is not None:
            return found
    return None


@query.field("Page")
async def resolve_page(
    _obj: Any, info: GraphQLResolveInfo, page: int | None = None, per_page: int | None = None
) -> PageState:
    """Page: fetch its data field up front so pageInfo knows total and hasNextPage."""
    page, per_page = clamp_page(page, per_page, default=PAGE_MAX, maximum=PAGE_MAX)
    state = PageState(page=page, per_page=per_page)
    node = _data_field(info)
    fetch = _PAGE_FIELDS.get(node.name.value) if node else None
    if node is not None and fetch is not None:
        field_def = info.schema.get_type("Page").fields[node.name.value]  # type: ignore[union-attr]
        args = get_argument_values(field_def, node, info.variable_values)
        async with ctx(info).lock:
            state.result = await fetch(info, args, page, per_page)
    return state


@page_type.field("pageInfo")
def resolve_page_info(state: PageState, _info: GraphQLResolveInfo) -> dict[str, Any]:
    """PageInfo of the Page's data field (an empty page when it has none)."""
    total = state.result.total if state.result else 0
    return page_info(total, state.page, state.per_page)


def _rows(state: PageState, _info: GraphQLResolveInfo, **_: Any) -> list[Any]:
    return state.result.items if state.result else []


for _name in (
    "media",
    "characters",
    "staff",
    "studios",
    "users",
    "mediaList",
    "airingSchedules",
    "mediaTrends",
    "notifications",
    "followers",
    "following",
    "activities",
    "activityReplies",
    "threads",
    "threadComments",
    "reviews",
    "recommendations",
    "likes",
):
    page_type.set_field(_name, _rows)


@page_field("media")
async def _page_media(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> PageResult[Any]:
    """Page.media, viewer-aware as AniList is.

    ``onList`` keeps media on (true) or off (false) the viewer's list and is ignored
    without a token. Adult media: an explicit ``isAdult`` always wins; without it an
    anonymous request sees every media (AniList does not filter anonymous browsing),
    while a viewer whose ``displayAdultContent`` is off gets adult media hidden, as
    AniList respects that option on its media queries (AniList/docs#76).
    """
    from kagami.dialects.anilist_graphql.resolvers.viewer import viewer_user_unlocked

    context = ctx(info)
    q = media_query(args)
    if context.viewer is not None:
        q.on_list_user_id = context.viewer.user_id
        q.on_list = args.get("on_list")
        if q.is_adult is None:
            user = await viewer_user_unlocked(context)
            if user is not None and not user.display_adult_content:
                q.is_adult = False
    return await find_media(context.session, q, page, per_page)


def _people_fetcher(model: Any) -> PageFetcher:
    async def fetch(
        info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
    ) -> PageResult[Any]:
        return await find_people(ctx(info).session, model, people_query(args), page, per_page)

    return fetch


for _name, _model in (("characters", Character), ("staff", Staff), ("studios", Studio)):
    page_field(_name)(_people_fetcher(_model))


@query.field("Media")
async def resolve_media(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """Media: the first match of the filters; 404 when none (e.g. an id of the other type).

    ``onList`` applies with a token (ignored anonymously); adult media are not hidden here.
    """
    q = media_query(args)
    viewer = ctx(info).viewer
    if viewer is not None:
        q.on_list_user_id, q.on_list = viewer.user_id, args.get("on_list")
    # A key look-up reads only the columns this selection can reach (the row goes nowhere else).
    found = await ctx(info).call(first_media, q, columns_below(info))
    if found is None:
        raise NotFound()
    return found


def _single(model: Any) -> Callable[..., Awaitable[Any]]:
    async def resolve(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        found = await ctx(info).call(first_person, model, people_query(args))
        if found is None:
            raise NotFound()
        return found

    return resolve


query.set_field("Character", _single(Character))
query.set_field("Staff", _single(Staff))
query.set_field("Studio", _single(Studio))


@query.field("GenreCollection")
async def resolve_genres(_obj: Any, info: GraphQLResolveInfo) -> list[str]:
    """Every genre in the catalogue."""
    genres: list[str] = await ctx(info).call(genre_collection)
    return genres


@query.field("MediaTagCollection")
async def resolve_tags(
    _obj: Any, info: GraphQLResolveInfo, status: int | None = None
) -> list[dict[str, Any]]:
    """Every media tag (``status`` is a moderation filter with no public effect)."""
    from kagami.dialects.anilist_graphql.resolvers.media import tag_wire

    return [tag_wire(t, None, None) for t in await ctx(info).call(tag_collection)]


@query.field("Markdown")
def resolve_markdown(_obj: Any, _info: GraphQLResolveInfo, markdown: str) -> dict[str, str]:
    """Markdown rendered to sanitized HTML."""
    return {"html": to_html(markdown)}


@query.field("Viewer")
async def resolve_viewer(_obj: Any, info: GraphQLResolveInfo) -> Any:
    """The authenticated user; 401 ``Unauthorized.`` without a token."""
    context = ctx(info)
    viewer = context.require_viewer()
    found = await context.call(find_user, viewer.user_id, None)
    if found is None:
        raise NotFound()
    context.score_formats[found.id] = found.score_format
    return found


@query.field("ExternalLinkSourceCollection")
async def resolve_link_sources(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    type: str | None = None,
    media_type: str | None = None,
) -> list[Any]:
    """Known external sites, optionally one id, link type or media type."""
    sources: list[Any] = await ctx(info).call(external_link_sources, id, type, media_type)
    return sources


def implemented_roots() -> set[str]:
    """Query root fields with a real resolver, across every module (the coverage report)."""
    from kagami.dialects.anilist_graphql.resolvers import BINDABLES

    roots: set[str] = set()
    for bindable in BINDABLES:
        if isinstance(bindable, ObjectType) and bindable.name == "Query":
            roots |= set(bindable._resolvers)  # Ariadne keeps its bindings there
    return roots


def implemented_page_fields() -> set[str]:
    """Page data fields that fetch rows."""
    return set(_PAGE_FIELDS)


BINDABLES = [query, page_type]
