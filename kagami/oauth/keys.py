"""Secrets generated into the data dir on first start: the JWT signing key and cookie secret.

Backing these files up with the database keeps issued tokens valid after a restore.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kagami.config import Settings

ALGORITHM = "EdDSA"


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` readable only by us; if another worker won the race, keep theirs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 key pair and its ``kid`` (first 16 hex of the public key's SHA-256)."""

    private: Ed25519PrivateKey
    public: Ed25519PublicKey
    kid: str


def load_signing_key(settings: Settings) -> SigningKey:
    """Load the JWT key, generating it on first start."""
    path = settings.signing_key_path or settings.data_dir / "jwt-signing-key.pem"
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_private(path, pem)
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    public = private.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SigningKey(private, public, hashlib.sha256(raw).hexdigest()[:16])


def load_session_secret(settings: Settings) -> str:
    """The secret that signs cookies and CSRF tokens, generated on first start."""
    path = settings.session_secret_path or settings.data_dir / "session-secret"
    if not path.exists():
        _write_private(path, secrets.token_urlsafe(48).encode())
    return path.read_text().strip()
