"""User-name and email rules: valid on AniList and MAL, unique after NFKC + casefold."""

from __future__ import annotations

import re
import unicodedata

from kagami.errors import Invalid

# AniList and MAL both accept ASCII letters, digits, '_' and '-' (MAL: 2-16; AniList: <= 20).
_NAME = re.compile(r"[A-Za-z0-9_-]{2,20}")
# Longest user-name input looked at all (padding and full-width forms included): anything
# longer names no account, and is refused before it reaches the login throttle.
MAX_NAME_INPUT = 64
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def canonical_name(name: str) -> str:
    """The NFKC form a name is stored in, so ``ａｄｍｉｎ`` and ``admin`` collide."""
    return unicodedata.normalize("NFKC", name)


def name_key(name: str) -> str:
    """The case-insensitive key names are unique on and looked up by."""
    return canonical_name(name).strip().casefold()


def validate_name(name: str) -> str:
    """Return the canonical name or raise ``Invalid`` when it is not a legal user name."""
    canonical = canonical_name(name)
    if not _NAME.fullmatch(canonical):
        raise Invalid(
            {"name": ["2-20 characters: letters, digits, '_' or '-'."]}, "Invalid user name."
        )
    return canonical


def validate_email(email: str) -> str:
    """Return the email NFKC-normalised and lower-cased, or raise ``Invalid``."""
    value = unicodedata.normalize("NFKC", email).strip().casefold()
    if len(value) > 320 or not _EMAIL.fullmatch(value):
        raise Invalid({"email": ["Enter a valid email address."]}, "Invalid email.")
    return value
