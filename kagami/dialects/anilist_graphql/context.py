"""Per-request context: the session, the caller, settings, and the request's DataLoaders."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from kagami.config import Settings
from kagami.dialects.anilist_graphql.dataloader import BatchFn, DataLoader
from kagami.errors import InvalidToken, Unauthorized


@dataclass(frozen=True, slots=True)
class Viewer:
    """The authenticated caller; ``None`` in the context means anonymous."""

    user_id: int


@dataclass
class RequestContext:
    """Everything a resolver may use; built once per HTTP request."""

    session: AsyncSession
    settings: Settings
    viewer: Viewer | None = None
    # Set by the Mutation guard or a resolver that writes: the request then commits, if the
    # answer holds no error (else it rolls back).
    writes: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Owners' score formats, filled when entries are fetched, so MediaList.score stays sync.
    score_formats: dict[int, Any] = field(default_factory=dict)
    # Rows a parent level fetched for its children (kind -> id -> row): resolved without awaits.
    prefetched: dict[str, dict[int, Any]] = field(default_factory=dict)
    # Compiled completion plans of big lists (fastpath.precomplete), per field node.
    plans: dict[Any, Any] = field(default_factory=dict)
    _loaders: dict[Hashable, DataLoader] = field(default_factory=dict)
    # Settings.base_url is computed on each read; image fields read it once per row.
    base_url: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.base_url = self.settings.base_url

    def loader(self, name: Hashable, batch_fn: BatchFn, default: Any = None) -> DataLoader:
        """The request's loader called ``name`` (include the field's args in the name)."""
        found = self._loaders.get(name)
        if found is None:
            found = self._loaders[name] = DataLoader(batch_fn, self.lock, default)
        return found

    async def call(self, service: Any, *args: Any, **kwargs: Any) -> Any:
        """Await ``service(session, ...)`` under the request lock (root resolvers use this)."""
        async with self.lock:
            return await service(self.session, *args, **kwargs)

    def require_viewer(self) -> Viewer:
        """The caller, or AniList's 401 for auth-only roots such as ``Viewer``."""
        if self.viewer is None:
            raise Unauthorized()
        return self.viewer


async def resolve_viewer(request: Request, session: AsyncSession) -> Viewer | None:
    """The bearer principal of a request: the one place OAuth plugs into this dialect.

    No header means anonymous; a malformed, expired or revoked token is AniList's
    ``Invalid token`` (400), even on public queries.
    """
    from kagami.oauth.bearer import bearer_token, verify_access_token
    from kagami.oauth.enums import TokenDialect

    token = bearer_token(request)
    if token is None:
        return None
    key = getattr(request.app.state, "keyring", None)
    if key is None:
        raise InvalidToken("no signing key")
    settings = request.app.state.settings
    audience = None if getattr(settings, "cross_dialect_tokens", False) else TokenDialect.ANILIST
    principal = await verify_access_token(
        session, key, token, issuer=settings.base_url, audience=audience
    )
    return Viewer(user_id=principal.user_id) if principal.user_id is not None else None
