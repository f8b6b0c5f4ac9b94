"""argon2id password hashing off the event loop, with a bounded number of hashes at once."""

from __future__ import annotations

import asyncio
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kagami.errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 1024


@cache
def _common_passwords() -> frozenset[str]:
    text = files("kagami.accounts").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def validate_password(password: str) -> None:
    """Length 8-1024, any Unicode, no composition rules, not on the common list (ASVS V6.2)."""
    if len(password) < MIN_LENGTH:
        raise Invalid({"password": [f"Use at least {MIN_LENGTH} characters."]}, "Weak password.")
    if len(password) > MAX_LENGTH:
        raise Invalid({"password": [f"Use at most {MAX_LENGTH} characters."]}, "Long password.")
    if password.casefold() in _common_passwords():
        raise Invalid({"password": ["This password is too common."]}, "Common password.")


class Passwords:
    """Hash and verify in a thread pool; a semaphore bounds memory at cap x m."""

    def __init__(self, profile: str = "rfc9106_low_memory", concurrency: int = 4) -> None:
        params = profiles.CHEAPEST if profile == "cheapest" else profiles.RFC_9106_LOW_MEMORY
        self.hasher = PasswordHasher.from_parameters(params)
        self._limit = asyncio.Semaphore(concurrency)
        self._dummy: str | None = None

    async def hash(self, password: str) -> str:
        """An argon2id PHC string for ``password``."""
        async with self._limit:
            return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> tuple[bool, str | None]:
        """(matches, new hash if the stored one uses outdated parameters).

        With no stored hash it verifies against a dummy so unknown users take as long.
        """
        if stored is None:
            if self._dummy is None:
                self._dummy = await self.hash("dummy-password-for-timing")
            await self._verify(self._dummy, password + "x")
            return False, None
        if not await self._verify(stored, password):
            return False, None
        if self.hasher.check_needs_rehash(stored):
            return True, await self.hash(password)
        return True, None

    async def _verify(self, stored: str, password: str) -> bool:
        async with self._limit:
            try:
                return await asyncio.to_thread(self.hasher.verify, stored, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False
