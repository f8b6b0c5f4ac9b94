"""What every grant receives: the authenticated client, the request parameters, services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.passwords import Passwords
from kagami.accounts.throttle import LoginThrottle
from kagami.config import Settings
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.errors import UnauthorizedClient
from kagami.oauth.models import OAuthClient
from kagami.oauth.tokens import IssuedTokens, TokenIssuer


@dataclass
class GrantContext:
    """One token request after client authentication."""

    session: AsyncSession
    client: OAuthClient
    params: dict[str, str]
    dialect: TokenDialect
    settings: Settings
    issuer: TokenIssuer
    passwords: Passwords
    throttle: LoginThrottle
    client_authenticated: bool  # a correct secret was presented
    ip: str

    def require(self, grant: GrantType) -> None:
        """Refuse a grant this client is not switched on for."""
        if not self.client.allows(grant):
            raise UnauthorizedClient(f"This client may not use the {grant.value} grant.")


GrantHandler = Callable[[GrantContext], Awaitable[IssuedTokens]]
