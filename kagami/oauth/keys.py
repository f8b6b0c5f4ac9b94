"""Secrets generated into the data dir on first start: the JWT signing key and cookie secret.

Backing these files up with the database keeps issued tokens valid after a restore.

Key rotation (BT-8): the current key stays at ``signing_key_path`` (default
``<data dir>/jwt-signing-key.pem``); previous keys live in ``<data dir>/jwt-keys/<kid>.pem``
with ``jwt-keys/index.json`` recording each one's ``retired_at`` epoch. The whole keyring is
loaded once at app start; a token verifies only with the key its ``kid`` names, and only
while that key is current or not yet retired.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kagami.config import Settings

ALGORITHM = "EdDSA"


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` readable only by us; if another worker won the race, keep theirs.

    The key is written in full to a private temporary file first and then hard-linked into
    place (atomic, and refused when ``path`` exists): a worker starting beside us sees either
    no key or a whole one, never the empty or half-written file an O_EXCL create shows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(partial, path)
    finally:
        os.unlink(partial)


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key pair and its ``kid`` (first 16 hex of the public key's SHA-256)."""

    private: Ed25519PrivateKey
    public: Ed25519PublicKey
    kid: str


def _new_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _parse_key(path: Path, pem: bytes) -> SigningKey:
    private = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    public = private.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SigningKey(private, public, hashlib.sha256(raw).hexdigest()[:16])


def signing_key_file(settings: Settings) -> Path:
    """Where the current signing key lives."""
    return settings.signing_key_path or settings.data_dir / "jwt-signing-key.pem"


def keyring_dir(settings: Settings) -> Path:
    """The directory of previous keys and their ``index.json``."""
    return settings.data_dir / "jwt-keys"


def load_signing_key(settings: Settings) -> SigningKey:
    """Load the current JWT key, generating it on first start."""
    path = signing_key_file(settings)
    if not path.exists():
        _write_private(path, _new_pem())
    return _parse_key(path, path.read_bytes())


@dataclass(frozen=True)
class Keyring:
    """The current signing key plus previous keys, each with its retirement epoch."""

    current: SigningKey
    previous: dict[str, tuple[SigningKey, int]] = field(default_factory=dict)

    def verification_key(self, kid: object, now: int | None = None) -> Ed25519PublicKey | None:
        """The public key a token with header ``kid`` must verify with; None if unknown/retired."""
        if not isinstance(kid, str):
            return None
        if kid == self.current.kid:
            return self.current.public
        entry = self.previous.get(kid)
        if entry is None:
            return None
        key, retired_at = entry
        if retired_at <= (int(time.time()) if now is None else now):
            return None
        return key.public


def token_public_key(keys: Keyring | SigningKey, token: str) -> Ed25519PublicKey | None:
    """The key a JWT must verify with, chosen by its ``kid`` header (None: refuse the token)."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    ring = keys if isinstance(keys, Keyring) else Keyring(keys)
    return ring.verification_key(kid)


def _read_index(directory: Path) -> dict[str, dict[str, Any]]:
    path = directory / "index.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    keys = data.get("keys", {}) if isinstance(data, dict) else {}
    if not isinstance(keys, dict):
        raise ValueError(f"{path}: 'keys' must be an object")
    return {str(k): v for k, v in keys.items() if isinstance(v, dict)}


def _replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) via a temp file and rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_index(directory: Path, index: dict[str, dict[str, Any]]) -> None:
    body = json.dumps({"keys": index}, indent=2, sort_keys=True) + "\n"
    _replace_atomically(directory / "index.json", body.encode())


def load_keyring(settings: Settings) -> Keyring:
    """The current key (generated on first start) and every indexed previous key."""
    current = load_signing_key(settings)
    directory = keyring_dir(settings)
    previous: dict[str, tuple[SigningKey, int]] = {}
    for kid, meta in _read_index(directory).items():
        if kid == current.kid:
            continue  # a rotation interrupted before the new key was written
        path = directory / f"{kid}.pem"
        retired_at = meta.get("retired_at")
        if not isinstance(retired_at, int) or not path.exists():
            continue
        key = _parse_key(path, path.read_bytes())
        if key.kid != kid:
            raise ValueError(f"{path} holds key {key.kid}, not {kid}")
        previous[kid] = (key, retired_at)
    return Keyring(current, previous)


@dataclass(frozen=True)
class Rotation:
    """What ``rotate_signing_key`` did."""

    new_kid: str
    old_kid: str
    old_retired_at: int


def rotate_signing_key(settings: Settings, retire_after: int, now: int | None = None) -> Rotation:
    """Make a fresh key current; keep the old one verifying until ``now + retire_after``.

    The old key is filed (and indexed) before the current file is replaced, so a crash at
    any point leaves a keyring that still verifies every token issued so far.
    """
    when = int(time.time()) if now is None else now
    old = load_signing_key(settings)
    directory = keyring_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    old_pem = old.private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _replace_atomically(directory / f"{old.kid}.pem", old_pem)
    index = _read_index(directory)
    retired_at = when + max(0, retire_after)
    index[old.kid] = {"retired_at": retired_at, "rotated_at": when}
    _write_index(directory, index)
    new_pem = _new_pem()
    new = _parse_key(signing_key_file(settings), new_pem)
    _replace_atomically(signing_key_file(settings), new_pem)
    return Rotation(new_kid=new.kid, old_kid=old.kid, old_retired_at=retired_at)


def load_session_secret(settings: Settings) -> str:
    """The secret that signs cookies and CSRF tokens, generated on first start."""
    path = settings.session_secret_path or settings.data_dir / "session-secret"
    if not path.exists():
        _write_private(path, secrets.token_urlsafe(48).encode())
    return path.read_text().strip()
