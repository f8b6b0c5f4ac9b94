"""authorization_code (all dialects, PKCE on MAL) and v1's authorization_pin."""

from __future__ import annotations

from kagami.oauth.codes import code_family, redeem_code
from kagami.oauth.enums import CodeKind, GrantType, TokenDialect
from kagami.oauth.grants.base import GrantContext
from kagami.oauth.tokens import IssuedTokens


async def _exchange(ctx: GrantContext, kind: CodeKind, grant: GrantType) -> IssuedTokens:
    code = await redeem_code(
        ctx.session,
        ctx.params.get("code"),
        client_id=ctx.client.id,
        kind=kind,
        dialect=ctx.dialect,
        redirect_uri=ctx.params.get("redirect_uri"),
        code_verifier=ctx.params.get("code_verifier"),
        check_redirect=kind is CodeKind.CODE,
        require_pkce=ctx.client.is_public,
    )
    return await ctx.issuer.issue(
        ctx.session,
        client_id=ctx.client.id,
        user_id=code.user_id,
        dialect=ctx.dialect,
        grant=grant,
        family_id=code_family(code.id),
        scope=code.scope,
        with_refresh=ctx.dialect is not TokenDialect.ANILIST,
    )


async def authorization_code(ctx: GrantContext) -> IssuedTokens:
    """Exchange a redirect code for tokens (single use, byte-equal redirect_uri, PKCE)."""
    ctx.require(GrantType.AUTHORIZATION_CODE)
    return await _exchange(ctx, CodeKind.CODE, GrantType.AUTHORIZATION_CODE)


async def authorization_pin(ctx: GrantContext) -> IssuedTokens:
    """Exchange a PIN the user copied from the PIN page (v1)."""
    ctx.require(GrantType.PIN)
    return await _exchange(ctx, CodeKind.PIN, GrantType.PIN)
