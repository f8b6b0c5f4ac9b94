"""client_credentials (v1): a read-only token acting as no user; needs the client secret."""

from __future__ import annotations

from kagami.oauth.enums import GrantType
from kagami.oauth.errors import InvalidClient, UnauthorizedClient
from kagami.oauth.grants.base import GrantContext
from kagami.oauth.tokens import IssuedTokens


async def client_credentials(ctx: GrantContext) -> IssuedTokens:
    """Mint a user-less token for a confidential client."""
    if ctx.client.is_public:
        raise UnauthorizedClient("A public client may not use the client_credentials grant.")
    ctx.require(GrantType.CLIENT_CREDENTIALS)
    if not ctx.client_authenticated:
        raise InvalidClient("Client authentication failed.")
    return await ctx.issuer.issue(
        ctx.session,
        client_id=ctx.client.id,
        user_id=None,
        dialect=ctx.dialect,
        grant=GrantType.CLIENT_CREDENTIALS,
    )
