"""Helpers the community resolver modules share: the viewer's id and viewer loaders."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from graphql import GraphQLResolveInfo

from kagami.dialects.anilist_graphql.resolvers.common import ctx, load


def viewer_id(info: GraphQLResolveInfo) -> int | None:
    """The caller's user id, or None when anonymous."""
    viewer = ctx(info).viewer
    return viewer.user_id if viewer else None


def viewer_load(
    info: GraphQLResolveInfo, name: str, key: Hashable, service: Callable[..., Any]
) -> Any:
    """Future for the viewer's own value of ``key`` via ``service(session, user_id, keys)``."""
    user_id = viewer_id(info)

    async def batch(session: Any, keys: Any) -> Any:
        return await service(session, user_id, keys)

    return load(info, (name, user_id), key, batch)
