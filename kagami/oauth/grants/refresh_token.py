"""refresh_token: MAL rotates (reuse revokes the family); v1 keeps its long-lived token."""

from __future__ import annotations

from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.errors import InvalidClient, InvalidGrant
from kagami.oauth.grants.base import GrantContext
from kagami.oauth.tokens import IssuedTokens, use_refresh_token


async def refresh_token(ctx: GrantContext) -> IssuedTokens:
    """Trade a refresh token for a new access token (and, on MAL, a new refresh token)."""
    ctx.require(GrantType.REFRESH_TOKEN)
    if ctx.dialect is TokenDialect.ANILIST:
        raise InvalidGrant("AniList v2 tokens cannot be refreshed.")
    if ctx.dialect is TokenDialect.ANILIST_V1 and not ctx.client_authenticated:
        raise InvalidClient("The v1 refresh grant needs the client secret.")
    # v1's response carries no new refresh token, so its token must stay usable (not rotated).
    rotate = ctx.dialect is TokenDialect.MAL
    row = await use_refresh_token(
        ctx.session,
        ctx.params.get("refresh_token"),
        ctx.client.id,
        single_use=rotate,
        grace_seconds=ctx.settings.refresh_reuse_grace_seconds,
    )
    if row.dialect is not ctx.dialect:
        raise InvalidGrant("The refresh token was issued by another API.")
    issued = await ctx.issuer.issue(
        ctx.session,
        client_id=ctx.client.id,
        user_id=row.user_id,
        dialect=row.dialect,
        grant=GrantType.REFRESH_TOKEN,
        family_id=row.family_id,
        scope=row.scope,
        with_refresh=rotate,
    )
    return issued
