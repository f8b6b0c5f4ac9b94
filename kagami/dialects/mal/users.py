"""MAL ``GET /v2/users/@me``: the token's user (default fields per the v2 reference)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from kagami.accounts.service import get_user
from kagami.dialects.mal.auth import mal_user
from kagami.dialects.mal.errors import MalError
from kagami.errors import NotFound
from kagami.oauth.bearer import Principal

router = APIRouter(tags=["MyAnimeList users"])


def _birthday(year: int | None, month: int | None, day: int | None) -> str | None:
    if year and month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


@router.get("/users/@me")
async def users_me(request: Request, principal: Principal = Depends(mal_user)) -> dict[str, Any]:
    """The authenticated user: id, name, picture, gender, birthday, location, joined_at."""
    try:
        async with request.app.state.db.session() as session:
            user = await get_user(session, principal.user_id or 0)
    except NotFound:
        raise MalError(404, "not_found", "") from None
    body: dict[str, Any] = {
        "id": user.id,
        "name": user.name,
        "joined_at": datetime.fromtimestamp(user.created_at, UTC).isoformat(timespec="seconds"),
    }
    # MAL omits unset optional fields rather than sending null.
    for key, value in (
        ("picture", user.avatar_large),
        ("gender", user.gender),
        ("birthday", _birthday(user.birth_year, user.birth_month, user.birth_day)),
        ("location", user.location if user.location is not None else ""),
    ):
        if value is not None:
            body[key] = value
    return body
