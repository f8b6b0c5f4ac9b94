"""anilist-wrapper: has no URL option; the driver sets ``anilist.client.ANILIST_ENDPOINT``."""

from __future__ import annotations

from typing import Any

import anilist.client
from _protocol import run
from anilist.auth import AniListAuth
from anilist.client import AniListClient


def _client(request: dict[str, Any]) -> AniListClient:
    anilist.client.ANILIST_ENDPOINT = request["base_url"]  # the only change: the base URL
    auth = None
    if token := request.get("token"):
        auth = AniListAuth(client_id="", client_secret="")
        auth.load_token(token)
    return AniListClient(auth=auth)


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one media by id (a wide selection, parsed by the library's pydantic models)."""
    with _client(request) as client:
        found = client.get_media(request["id"])
    assert found is not None, "get_media returned None"
    return {"id": found.id, "romaji": found.title.romaji, "english": found.title.english}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title (one Page with the library's filter variables)."""
    with _client(request) as client:
        found = client.search_media(request["search"], per_page=25)
    return {"ids": [m.id for m in found.nodes]}


def user(request: dict[str, Any]) -> dict[str, Any]:
    """Read a user by name with the user's token (its selection needs authentication)."""
    with _client(request) as client:
        found = client.get_user(name=request["user"])
    assert found is not None, "get_user returned None"
    return {"id": found.id, "name": found.name, "unread": found.unread_notification_count}


run({"media": media, "search": search, "user": user})
