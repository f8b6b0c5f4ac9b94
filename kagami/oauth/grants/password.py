"""MAL v0.21 password grant (seed 002): only for clients switched on, throttled like login."""

from __future__ import annotations

from kagami.accounts.service import authenticate, login_input_problem
from kagami.errors import RateLimited
from kagami.oauth.enums import GrantType
from kagami.oauth.errors import InvalidGrant, InvalidRequest, UnsupportedGrantType
from kagami.oauth.grants.base import GrantContext
from kagami.oauth.tokens import IssuedTokens
from kagami.observability import security_event

_FAILED = "The user credentials were incorrect."


async def password(ctx: GrantContext) -> IssuedTokens:
    """Sign a user in with name and password; unknown user and wrong password look the same."""
    if not ctx.settings.password_grant_enabled:
        raise UnsupportedGrantType("The password grant is disabled on this server.")
    ctx.require(GrantType.PASSWORD)
    name, secret = ctx.params.get("username") or "", ctx.params.get("password") or ""
    problem = login_input_problem(name, secret)
    if problem is not None:  # before the throttle: it never sees an overlong name
        raise InvalidRequest(problem)
    account_key, ip_key = f"user:{name.casefold()}", f"ip:{ctx.ip}"
    try:
        ctx.throttle.check(account_key, ip_key)
    except RateLimited:
        security_event("login_locked", sampled=True, name=name, client_id=ctx.client.id)
        raise
    user = await authenticate(ctx.session, ctx.passwords, name, secret)
    if user is None:
        ctx.throttle.fail(account_key, ip_key)
        security_event("login_failed", sampled=True, name=name, client_id=ctx.client.id)
        raise InvalidGrant(_FAILED)
    ctx.throttle.clear(account_key)
    return await ctx.issuer.issue(
        ctx.session,
        client_id=ctx.client.id,
        user_id=user.id,
        dialect=ctx.dialect,
        grant=GrantType.PASSWORD,
        with_refresh=True,
    )
