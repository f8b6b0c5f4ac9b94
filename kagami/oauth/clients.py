"""Developer clients: creation, redirect-URI rules, secrets (hashed), the built-in MAL client."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.digits import ascii_digits
from kagami.errors import Forbidden, Invalid, NotFound
from kagami.oauth.enums import ClientType, GrantType
from kagami.oauth.models import OAuthClient
from kagami.observability import security_event

# Seed 002: the official Android app's id that v0.21 apps hard-code.
BUILTIN_MAL_CLIENT_ID = "6114d00ca681b7701d1e15fe11a4987e"
BUILTIN_GRANTS = [
    GrantType.AUTHORIZATION_CODE,
    GrantType.REFRESH_TOKEN,
    GrantType.PASSWORD,
    GrantType.PKCE_PLAIN,
]
# What each dialect needs to work: implicit (AniList v2), PIN and client_credentials (v1),
# plain PKCE (MAL). Password is the one compat grant that is off unless chosen.
DEFAULT_GRANTS = [
    GrantType.AUTHORIZATION_CODE,
    GrantType.REFRESH_TOKEN,
    GrantType.IMPLICIT,
    GrantType.PIN,
    GrantType.CLIENT_CREDENTIALS,
    GrantType.PKCE_PLAIN,
]
COMPAT_GRANTS = [
    GrantType.IMPLICIT,
    GrantType.PIN,
    GrantType.CLIENT_CREDENTIALS,
    GrantType.PKCE_PLAIN,
    GrantType.PASSWORD,
]
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}
_MAX_ID = 2**31 - 1  # client ids are 32-bit integers on PostgreSQL


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a high-entropy secret (random 256-bit values need no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(client: OAuthClient, secret: str | None) -> bool:
    """Constant-time comparison of a presented secret with the stored hash."""
    if client.secret_hash is None or not secret:
        return False
    return hmac.compare_digest(client.secret_hash, hash_secret(secret))


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is localhost or a loopback address."""
    if not host:
        return False
    if host in _LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_redirect_uri(uri: str, *, allow_insecure: bool = False) -> str:
    """Refuse dangerous schemes, fragments, wildcards, userinfo and non-loopback plain http."""
    problem = _redirect_problem(uri, allow_insecure)
    if problem:
        raise Invalid({"redirect_uris": [f"{uri!r}: {problem}"]}, "Invalid redirect URI.")
    return uri


def _redirect_problem(uri: str, allow_insecure: bool) -> str | None:
    if not uri or len(uri) > 2048 or any(ch.isspace() or ord(ch) < 32 for ch in uri):
        return "empty, too long or contains whitespace"
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return "not a valid URL"
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "data", "file", "vbscript", "blob", "") or (
        not parts.netloc and scheme in ("http", "https")
    ):
        return "scheme not allowed"
    if "#" in uri:
        return "fragments are not allowed"
    if "*" in uri:
        return "wildcards are not allowed"
    if "@" in parts.netloc:
        return "user info is not allowed"
    if scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        return "plain http is only allowed for loopback addresses"
    return None


def redirect_matches(registered: str, presented: str) -> bool:
    """Exact byte match; loopback redirects alone may vary the port (RFC 8252 §7.3).

    Never a fragment, not even an empty ``#`` (RFC 6749 §3.1.2): registered URIs have none,
    and the loopback comparison below would otherwise drop it and redirect to ``…#x?code=``.
    """
    if "#" in presented:
        return False
    if hmac.compare_digest(registered.encode(), presented.encode()):
        return True
    try:
        reg, got = urlsplit(registered), urlsplit(presented)
        if not (reg.scheme == "http" and is_loopback(reg.hostname)):
            return False
        got.port  # noqa: B018
    except ValueError:
        return False
    return (reg.scheme, reg.hostname, reg.path, reg.query) == (
        got.scheme,
        got.hostname,
        got.path,
        got.query,
    ) and _without_port(got.netloc, got.port) == _without_port(reg.netloc, reg.port)


def _without_port(netloc: str, port: int | None) -> str:
    """``netloc`` minus its ``:port`` suffix (``[::1]:80`` -> ``[::1]``; userinfo is kept)."""
    suffix = f":{port}" if port is not None else ""
    return netloc[: -len(suffix)] if suffix and netloc.endswith(suffix) else netloc


@dataclass(frozen=True)
class CreatedClient:
    """A new client with its secret (None for public clients), shown once and never stored."""

    client: OAuthClient
    secret: str | None


def _clean_name(name: str) -> str:
    clean = "".join(ch for ch in name if ch.isprintable()).strip()[:128]
    if not clean:
        raise Invalid({"name": ["Give the app a name."]}, "Invalid client name.")
    return clean


def parse_client_type(value: str | None) -> ClientType:
    """A client type from a form or the CLI; ``Invalid`` names the choices."""
    try:
        return ClientType(value or ClientType.WEB)
    except ValueError:
        choices = ", ".join(t.value for t in ClientType)
        raise Invalid({"client_type": [f"Choose one of: {choices}."]}, "Invalid type.") from None


def _clean_grants(grants: list[str] | None, client_type: ClientType) -> list[str]:
    if grants is None:
        chosen = {g.value for g in DEFAULT_GRANTS}
    else:
        valid = {g.value for g in GrantType}
        base = {GrantType.AUTHORIZATION_CODE.value, GrantType.REFRESH_TOKEN.value}
        chosen = base | {g for g in grants if g in valid}
    if client_type.is_public:  # no secret to authenticate with
        chosen.discard(GrantType.CLIENT_CREDENTIALS.value)
    return sorted(chosen)


async def create_client(
    session: AsyncSession,
    *,
    owner_id: int | None,
    name: str,
    redirect_uris: list[str],
    grants: list[str] | None = None,
    allow_insecure: bool = False,
    client_type: ClientType | str = ClientType.WEB,
    client_id: int | None = None,
    mal_client_id: str | None = None,
    secret: str | None = None,
) -> CreatedClient:
    """Register a client: integer id, 32-hex MAL id, and (``web`` only) a secret shown once.

    ``client_id``, ``mal_client_id`` and ``secret`` fix what is otherwise random (test
    fixtures: an app's CI config names them).
    """
    kind = parse_client_type(client_type)
    uris = [
        validate_redirect_uri(u.strip(), allow_insecure=allow_insecure)
        for u in redirect_uris
        if u.strip()
    ]
    _check_fixed(kind, client_id, mal_client_id, secret)
    if secret is None and not kind.is_public:
        secret = secrets.token_urlsafe(48)
    client = OAuthClient(
        id=client_id,
        mal_client_id=mal_client_id or secrets.token_hex(16),
        name=_clean_name(name),
        owner_user_id=owner_id,
        secret_hash=hash_secret(secret) if secret is not None else None,
        client_type=kind,
        redirect_uris=uris,
        allowed_grants=_clean_grants(grants, kind),
    )
    session.add(client)
    await session.flush()
    if client_id is not None and session.get_bind().dialect.name == "postgresql":
        # An explicit id does not move the sequence: later clients would collide with it.
        await session.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence('oauth_clients', 'id'), max(id)) "
                "FROM oauth_clients"
            )
        )
    return CreatedClient(client, secret)


MIN_FIXED_SECRET = 16


def _check_fixed(
    kind: ClientType, client_id: int | None, mal_client_id: str | None, secret: str | None
) -> None:
    """Fixed ids must look like generated ones; a fixed secret must be long enough."""
    errors: dict[str, list[str]] = {}
    if client_id is not None and not 0 < client_id <= _MAX_ID:
        errors["client_id"] = [f"A client id is between 1 and {_MAX_ID}."]
    if mal_client_id is not None and not (
        len(mal_client_id) == 32 and all(c in "0123456789abcdef" for c in mal_client_id)
    ):
        errors["mal_client_id"] = ["A MAL client id is 32 lower-case hex digits."]
    if secret is not None and kind.is_public:
        errors["secret"] = ["A public client has no secret."]
    elif secret is not None and not MIN_FIXED_SECRET <= len(secret) <= 256:
        errors["secret"] = [f"A secret is {MIN_FIXED_SECRET} to 256 characters."]
    if errors:
        raise Invalid(errors, "Invalid client.")


async def update_client(
    session: AsyncSession,
    client: OAuthClient,
    *,
    name: str,
    redirect_uris: list[str],
    grants: list[str],
    allow_insecure: bool = False,
) -> OAuthClient:
    """Change a client's name, redirect URIs and allowed grants."""
    client.redirect_uris = [
        validate_redirect_uri(u.strip(), allow_insecure=allow_insecure)
        for u in redirect_uris
        if u.strip()
    ]
    client.name = _clean_name(name)
    client.allowed_grants = _clean_grants(grants, ClientType(client.client_type))
    await session.flush()
    return client


async def regenerate_secret(
    session: AsyncSession, client: OAuthClient, secret: str | None = None
) -> str:
    """Issue a new secret (random unless given) and revoke every token the client holds
    (confidential clients only)."""
    from kagami.oauth.tokens import revoke_client_tokens

    if client.is_public:
        raise Invalid({"client_type": ["A public client has no secret."]}, "Public client.")
    _check_fixed(ClientType(client.client_type), None, None, secret)
    secret = secret or secrets.token_urlsafe(48)
    client.secret_hash = hash_secret(secret)
    await revoke_client_tokens(session, client.id)
    await session.flush()
    security_event(
        "client_secret_regenerated", level="info", user_id=client.owner_user_id, client_id=client.id
    )
    return secret


async def delete_client(session: AsyncSession, client: OAuthClient) -> None:
    """Delete a client; its codes and tokens cascade away."""
    await session.execute(sa.delete(OAuthClient).where(OAuthClient.id == client.id))


def parse_id(text: str | int | None) -> int | None:
    """An integer id from the wire: ASCII digits only (``²``, ``٣`` are not ids), 32-bit range."""
    if isinstance(text, int):
        return text if 0 <= text <= _MAX_ID else None
    if text is None:
        return None
    text = text.strip()
    if not (0 < len(text) <= 10 and ascii_digits(text)):
        return None
    value = int(text)
    return value if value <= _MAX_ID else None


async def owned_client(session: AsyncSession, owner_id: int, client_id: int | str) -> OAuthClient:
    """A client the user owns, else ``NotFound``/``Forbidden``."""
    ident = parse_id(client_id)
    client = await session.get(OAuthClient, ident) if ident is not None else None
    if client is None:
        raise NotFound("Client not found.")
    if client.owner_user_id != owner_id or client.is_builtin:
        raise Forbidden("Not your client.")
    return client


async def list_clients(session: AsyncSession, owner_id: int) -> list[OAuthClient]:
    """The user's clients, oldest first."""
    rows = await session.scalars(
        sa.select(OAuthClient).where(OAuthClient.owner_user_id == owner_id).order_by(OAuthClient.id)
    )
    return list(rows)


async def find_client(session: AsyncSession, client_id: str | int | None) -> OAuthClient | None:
    """Resolve either id form: AniList integer id or MAL 32-hex id."""
    if client_id is None:
        return None
    text = str(client_id).strip()
    ident = parse_id(text)
    if ident is not None:
        return await session.get(OAuthClient, ident)
    if len(text) == 32 and text.isascii():
        return await session.scalar(
            sa.select(OAuthClient).where(OAuthClient.mal_client_id == text.lower())
        )
    return None


async def ensure_builtin_client(session: AsyncSession) -> None:
    """Create the seed-002 public client if missing (idempotent, safe across workers)."""
    exists = await session.scalar(
        sa.select(OAuthClient.id).where(OAuthClient.mal_client_id == BUILTIN_MAL_CLIENT_ID)
    )
    if exists is not None:
        return
    try:
        async with session.begin_nested():
            # id 0: outside the range users' clients get, so theirs start at 1 on both backends.
            session.add(
                OAuthClient(
                    id=0,
                    mal_client_id=BUILTIN_MAL_CLIENT_ID,
                    name="MyAnimeList app (built-in)",
                    secret_hash=None,
                    client_type=ClientType.ANDROID,  # public: PKCE, no secret
                    redirect_uris=[],
                    is_builtin=True,
                    allowed_grants=[g.value for g in BUILTIN_GRANTS],
                )
            )
    except IntegrityError:
        pass  # another worker created it first
