"""The token endpoint shared by every dialect: Authlib's protocol vocabulary, our async storage.

Why not Authlib's ``AuthorizationServer`` + grant classes directly: their storage hooks
(``query_authorization_code``, ``authenticate_user``, ``save_token`` ...) are synchronous,
while Kagami's database is async. Running them in a thread pool would need a second, sync
engine; pre-loading rows cannot work for the checks that matter most, because a code or
refresh token must be burned by one atomic ``UPDATE ... WHERE used_at IS NULL`` at the moment
of redemption (TK-1, RR-3). So this module keeps Authlib's shape — ``create_oauth2_request``
parses and authenticates, grants raise RFC 6749 errors (classes and codes from
``authlib.oauth2.rfc6749.errors``), ``handle_response`` renders, ``send_signal`` reports —
while each grant (``kagami.oauth.grants``) is a small async function doing its own storage.
PKCE's S256 transform is RFC 7636's; Basic credentials are parsed with Authlib's helper.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from json import JSONDecodeError
from typing import Any

from authlib.oauth2.rfc6749.util import extract_basic_authorization
from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from kagami.errors import RateLimited
from kagami.oauth.clients import find_client, secret_matches
from kagami.oauth.enums import TokenDialect
from kagami.oauth.errors import InvalidClient, InvalidRequest, OAuthError, UnsupportedGrantType
from kagami.oauth.grants import GRANTS, GrantContext
from kagami.oauth.tokens import IssuedTokens

log = logging.getLogger("kagami.oauth")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_CREDENTIAL_FIELDS = ("client_secret", "code", "refresh_token", "password", "code_verifier")
_ATTEMPTS = 3
# PostgreSQL deadlock_detected and serialization_failure; SQLite "database is locked".
_TRANSIENT_STATES = {"40P01", "40001"}


def _is_transient(exc: DBAPIError) -> bool:
    """Whether a database error is a lost race worth running the transaction again for."""
    orig = exc.orig
    code = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    return code in _TRANSIENT_STATES or "database is locked" in str(orig)


class TemporarilyUnavailable(OAuthError):
    """RFC 6749 ``temporarily_unavailable``: the request may succeed if retried."""

    def __init__(self, description: str) -> None:
        super().__init__("temporarily_unavailable", description, 503)


class _Repeated(ValueError):
    """A JSON object named one key twice."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name[:64]


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook: a key given twice is an error, not "last one wins"."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Repeated(key)
        seen[key] = value
    return seen


@dataclass
class OAuth2Request:
    """A parsed token request: parameters from the body (and, on v1 only, the query)."""

    params: dict[str, str]
    basic: tuple[str, str] | None = None
    ip: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def client_credentials(self) -> tuple[str | None, str | None]:
        """The client id and secret, from Basic or the body; the two must not disagree."""
        client_id, secret = self.params.get("client_id"), self.params.get("client_secret")
        if self.basic is None:
            return client_id, secret
        if client_id is not None and client_id != self.basic[0]:
            raise InvalidRequest("The client_id does not match the Authorization header.")
        if secret is not None and secret != self.basic[1]:
            raise InvalidRequest("Use one client authentication method, not two.")
        return self.basic


Renderer = Callable[[IssuedTokens, TokenDialect], dict[str, Any]]
ErrorRenderer = Callable[[OAuthError], dict[str, Any]]


class AuthorizationServer:
    """One token endpoint per dialect: which grants it serves and how it shapes replies."""

    def __init__(
        self,
        dialect: TokenDialect,
        grants: set[str],
        render: Renderer,
        render_error: ErrorRenderer,
        *,
        query_credentials: bool = False,
    ) -> None:
        self.dialect = dialect
        self.grants = grants
        self.render = render
        self.render_error = render_error
        self.query_credentials = query_credentials

    async def create_oauth2_request(self, request: Request) -> OAuth2Request:
        """Read form or JSON body; refuse repeated parameters (RFC 6749 §3.2) and, unless this
        dialect allows them, credentials in the URL."""
        pairs: list[tuple[str, str]]
        content_type = request.headers.get("content-type", "")
        if "json" in content_type:
            try:
                body = json.loads(await request.body(), object_pairs_hook=_unique_object)
            except _Repeated as exc:
                raise InvalidRequest(f"The {exc.name} parameter is repeated.") from None
            except (JSONDecodeError, UnicodeDecodeError, ValueError):
                raise InvalidRequest("The request body is not valid JSON.") from None
            if not isinstance(body, dict):
                raise InvalidRequest("The request body must be a JSON object.")
            pairs = [(k, str(v)) for k, v in body.items() if isinstance(v, str | int)]
        else:
            form = await request.form()
            pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        query = request.query_params.multi_items()
        if self.query_credentials:
            pairs = [*query, *pairs]
        elif any(name in _CREDENTIAL_FIELDS for name, _ in query):
            raise InvalidRequest("Credentials must not be sent in the URL.")
        params: dict[str, str] = {}
        for name, value in pairs:
            if name in params:
                raise InvalidRequest(f"The {name[:64]} parameter is repeated.")
            params[name] = value
        basic = None
        auth = request.headers.get("authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                user, password = extract_basic_authorization(request.headers)
            except (ValueError, UnicodeDecodeError):
                user, password = None, None
            if user:  # MAL clients send a junk "basic {}" header: ignore what doesn't parse
                basic = (user, password or "")
        ip = request.client.host if request.client else ""
        return OAuth2Request(params=params, basic=basic, ip=ip)

    async def create_token_response(self, request: Request) -> JSONResponse:
        """Run the whole token request; every outcome is JSON with ``no-store``."""
        basic_used = False
        try:
            if request.app.state.settings.require_https and request.url.scheme != "https":
                # Behind a proxy the scheme comes from a trusted X-Forwarded-Proto (uvicorn).
                raise InvalidRequest("Token requests must use HTTPS.")
            oauth_request = await self.create_oauth2_request(request)
            basic_used = oauth_request.basic is not None
            body = await self._grant(request, oauth_request)
            self.send_signal("token_issued", grant=oauth_request.params.get("grant_type"))
            return self.handle_response(200, body)
        except OAuthError as exc:
            exc.basic_auth_used = basic_used
            self.send_signal("token_error", error=exc.error)
            headers = (
                {"WWW-Authenticate": 'Basic realm="kagami"'}
                if basic_used and exc.status_code == 401
                else {}
            )
            return self.handle_response(exc.status_code, self.render_error(exc), headers)
        except RateLimited as exc:
            # Not the device flow's slow_down: a lock-out the client should wait out.
            error = OAuthError(
                "temporarily_unavailable", "Too many failed attempts; try again later.", 429
            )
            return self.handle_response(
                429, self.render_error(error), {"Retry-After": str(exc.retry_after)}
            )

    async def _grant(self, request: Request, oauth_request: OAuth2Request) -> dict[str, Any]:
        params = oauth_request.params
        grant_type = params.get("grant_type", "")
        if grant_type not in self.grants:
            raise UnsupportedGrantType("The authorization grant type is not supported.")
        client_id, secret = oauth_request.client_credentials()
        state = request.app.state
        # Guessing codes, PINs or refresh tokens is throttled per IP, and per client once the
        # client has proved its secret (a public client id is no secret: anyone could lock it).
        throttle_keys = [f"ip:{oauth_request.ip}"]
        state.token_throttle.check(*throttle_keys)
        for attempt in range(_ATTEMPTS):
            try:
                issued, failure = await self._grant_once(
                    request, oauth_request, grant_type, client_id, secret, throttle_keys
                )
                break
            except DBAPIError as exc:
                # Concurrent redemptions of one token can deadlock on PostgreSQL; PostgreSQL
                # aborts one side, and running it again gives the answer it should have had.
                if not _is_transient(exc):
                    raise
                if attempt == _ATTEMPTS - 1:
                    raise TemporarilyUnavailable("Please retry the request.") from None
        if failure is not None:
            if failure.error == "invalid_grant":
                state.token_throttle.fail(*throttle_keys)
            raise failure
        assert issued is not None
        return self.render(issued, self.dialect)

    async def _grant_once(
        self,
        request: Request,
        oauth_request: OAuth2Request,
        grant_type: str,
        client_id: str | None,
        secret: str | None,
        throttle_keys: list[str],
    ) -> tuple[IssuedTokens | None, OAuthError | None]:
        """Authenticate the client and run the grant in one transaction."""
        state = request.app.state
        issued: IssuedTokens | None = None
        failure: OAuthError | None = None
        async with state.db.session() as session:
            client = await find_client(session, client_id)
            if client is None:
                raise InvalidClient("Client authentication failed.")
            authenticated = secret_matches(client, secret)
            # A confidential (web) client proves its secret on every request, refresh
            # included (RFC 6749 §6); a public client has none, so its codes need PKCE.
            if (secret and not authenticated) or (not client.is_public and not authenticated):
                raise InvalidClient("Client authentication failed.")
            client_key = f"client:{client.id}"
            if authenticated and client_key not in throttle_keys:
                throttle_keys.append(client_key)
                state.token_throttle.check(*throttle_keys)
            ctx = GrantContext(
                session=session,
                client=client,
                params=oauth_request.params,
                dialect=self.dialect,
                settings=state.settings,
                issuer=state.token_issuer,
                passwords=state.passwords,
                throttle=state.login_throttle,
                client_authenticated=authenticated,
                ip=oauth_request.ip,
            )
            try:
                issued = await GRANTS[grant_type](ctx)
            except OAuthError as exc:
                # Keep what the grant wrote before failing: a burned code, a revoked family.
                failure = exc
        return issued, failure

    def handle_response(
        self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> JSONResponse:
        """Serialise a token-endpoint reply with the RFC 6749 §5.1 cache headers."""
        return JSONResponse(body, status_code=status, headers={**NO_STORE, **(headers or {})})

    def send_signal(self, name: str, **fields: Any) -> None:
        """Report a protocol event; never carries secrets (OB-1)."""
        log.info("oauth.%s", name, extra={"dialect": self.dialect.value, **fields})
