"""The "media of X" connections (Character.media, Studio.media, Staff.staffMedia/characterMedia).

They share AniList's arguments (sort, onList, page, perPage, plus a filter or two) and
one batched service shape, so one helper reads the arguments and names the loader.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from graphql import GraphQLResolveInfo

from kagami.catalogue.queries import MEDIA_SORT_COLUMNS
from kagami.dialects.anilist_graphql.resolvers.common import (
    nested_page,
    paged_connection,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.viewer import on_list_of


async def media_connection(
    info: GraphQLResolveInfo,
    label: str,
    owner_id: int,
    service: Callable[..., Awaitable[Any]],
    shape: Callable[[Any], dict[str, Any]],
    *,
    sort: list[str] | None,
    on_list: bool | None,
    page: int | None,
    per_page: int | None,
    **filters: Any,
) -> dict[str, Any]:
    """One owner's page of media, batched over every owner of this level.

    ``filters`` go to ``service`` as keywords and, with the paging, sort and onList
    viewer, into the loader's name, so differently-argued fields never share a batch.
    """
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    listed = on_list_of(info, on_list)
    fetch = partial(
        service,
        sort=keys,
        sort_columns=MEDIA_SORT_COLUMNS,
        page=page,
        per_page=per_page,
        on_list=listed,
        **filters,
    )
    name = (label, tuple(sorted(filters.items())), keys, page, per_page, listed)
    return await paged_connection(info, name, owner_id, fetch, shape, page, per_page)
