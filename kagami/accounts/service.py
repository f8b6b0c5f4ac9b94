"""Account use cases: register, authenticate, change password, delete, web sessions.

Services never commit: the caller's ``Database.session()`` block owns the transaction.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User, WebSession
from kagami.accounts.names import MAX_NAME_INPUT, name_key, validate_email, validate_name
from kagami.accounts.options import ListOptionsChanges, UserChanges, update_user
from kagami.accounts.passwords import MAX_LENGTH, Passwords, validate_password
from kagami.db.base import now_epoch
from kagami.errors import Invalid, NotFound

__all__ = ["ListOptionsChanges", "UserChanges", "update_user"]  # options live in options.py


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def get_user(session: AsyncSession, user_id: int) -> User:
    """The active user with ``user_id``, or ``NotFound``."""
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("User not found.")
    return user


async def find_user_by_name(session: AsyncSession, name: str) -> User | None:
    """Look a user up by name, case-insensitively after NFKC."""
    return await session.scalar(sa.select(User).where(User.name_lower == name_key(name)))


class EmailTaken(Invalid):
    """The only problem with a registration is an email another account has.

    The web form must not reveal that (issue #10): it answers as for a success. The CLI,
    run by the server's admin, reports it.
    """


async def register_user(
    session: AsyncSession, passwords: Passwords, *, name: str, email: str, password: str
) -> User:
    """Create an account; ``Invalid`` when a field is bad or the name is taken, ``EmailTaken``
    when everything else is fine but the email is registered already."""
    errors: dict[str, list[str]] = {}
    for _field, check in (
        ("name", lambda: validate_name(name)),
        ("email", lambda: validate_email(email)),
        ("password", lambda: validate_password(password)),
    ):
        try:
            check()
        except Invalid as exc:
            errors.update(exc.fields)
    if errors:
        raise Invalid(errors, "Invalid registration.")
    canonical, mail = validate_name(name), validate_email(email)
    if await find_user_by_name(session, canonical) is not None:
        # Names are public (profiles, lists); whether an email is in use is not.
        raise Invalid({"name": ["That name is taken."]}, "Invalid registration.")
    if await session.scalar(sa.select(User.id).where(User.email == mail)) is not None:
        raise EmailTaken({"email": ["That email is already registered."]}, "Email taken.")
    user = User(name=canonical, email=mail, password_hash=await passwords.hash(password))
    session.add(user)
    await session.flush()
    return user


def login_input_problem(name: str, password: str) -> str | None:
    """Why a log-in attempt is refused before any look-up or throttle entry: overlong fields."""
    if len(name) > MAX_NAME_INPUT:
        return f"The user name is too long (at most {MAX_NAME_INPUT} characters)."
    if len(password) > MAX_LENGTH:
        return f"The password is too long (at most {MAX_LENGTH} characters)."
    return None


async def authenticate(
    session: AsyncSession, passwords: Passwords, name: str, password: str
) -> User | None:
    """The user when name and password match; unknown users cost the same as wrong passwords."""
    user = await find_user_by_name(session, name)
    stored = user.password_hash if user is not None and user.is_active else None
    ok, new_hash = await passwords.verify(stored, password)
    if not ok or user is None:
        return None
    if new_hash is not None:  # parameters were raised since this hash was made
        user.password_hash = new_hash
    return user


async def change_password(
    session: AsyncSession, passwords: Passwords, user: User, current: str, new: str
) -> None:
    """Require the current password; then end every session and revoke every token."""
    ok, _ = await passwords.verify(user.password_hash, current)
    if not ok:
        raise Invalid({"current_password": ["The current password is wrong."]}, "Wrong password.")
    validate_password(new)
    user.password_hash = await passwords.hash(new)
    await end_all_sessions(session, user.id)
    from kagami.oauth.tokens import revoke_user_tokens

    await revoke_user_tokens(session, user.id)


async def delete_account(session: AsyncSession, user: User) -> None:
    """Delete the user; tokens, sessions, codes and list rows go with it (ON DELETE CASCADE)."""
    await session.execute(sa.delete(WebSession).where(WebSession.user_id == user.id))
    await session.execute(sa.delete(User).where(User.id == user.id))


async def start_session(session: AsyncSession, user_id: int, max_age: int) -> str:
    """Create a session and return its raw id (only the cookie ever holds it)."""
    raw = secrets.token_urlsafe(32)
    session.add(
        WebSession(token_hash=_digest(raw), user_id=user_id, expires_at=now_epoch() + max_age)
    )
    await session.flush()
    return raw


async def session_user(session: AsyncSession, raw: str) -> User | None:
    """The active user a raw session id belongs to, or None when unknown or expired."""
    row = await session.scalar(
        sa.select(WebSession).where(
            WebSession.token_hash == _digest(raw), WebSession.expires_at > now_epoch()
        )
    )
    if row is None:
        return None
    user = await session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


async def end_session(session: AsyncSession, raw: str) -> None:
    """Forget one session (logout)."""
    await session.execute(sa.delete(WebSession).where(WebSession.token_hash == _digest(raw)))


async def end_all_sessions(session: AsyncSession, user_id: int) -> None:
    """Forget every session of a user (password change)."""
    await session.execute(sa.delete(WebSession).where(WebSession.user_id == user_id))
