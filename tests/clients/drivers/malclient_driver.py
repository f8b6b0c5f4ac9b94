"""malclient-upgraded: its base URL is the client's ``_base_url``; the driver sets it and
rebuilds the request handler with the library's own ``_connect_to_api``.

Answers go through the library's pydantic models, so every field it reads is type-checked.
"""

from __future__ import annotations

import datetime
from typing import Any

import malclient
from _protocol import run


def _client(request: dict[str, Any]) -> malclient.Client:
    token = request.get("token")
    if token:
        client = malclient.Client(access_token=token)
    else:
        client = malclient.Client(client_id=request["client_id"])
    client._base_url = request["base_url"] + "/v2/"  # the only change: the base URL
    client._connect_to_api()
    return client


def anime(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by MAL id with the library's full detail field set."""
    found = _client(request).get_anime_details(request["id"])
    return {"id": found.id, "title": found.title, "media_type": str(found.media_type.value)}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title."""
    found = _client(request).search_anime(request["search"], limit=10)
    return {"ids": [node.id for node in found]}


def animelist(request: dict[str, Any]) -> dict[str, Any]:
    """The token holder's anime list (``@me``); list_status only comes when its sub-fields
    are named (the library's default asks for none, so MAL would send none either)."""
    status_fields = malclient.Datamodels.ListStatusFields.anime_full()
    found = _client(request).get_user_anime_list(list_status_fields=status_fields) or []
    return {
        "entries": [
            {
                "id": item.id,
                "status": item.list_status.status,
                "score": item.list_status.score,
                "num_episodes_watched": item.list_status.num_episodes_watched,
            }
            for item in found
        ]
    }


def update(request: dict[str, Any]) -> dict[str, Any]:
    """PATCH my_list_status; the library parses the answer as its MyAnimeListStatus model.

    It formats ``start_date``/``finish_date`` unconditionally, so both are always given.
    """
    today = datetime.date.today()
    found = _client(request).update_my_anime_list_status(
        request["id"],
        start_date=today,
        finish_date=today,
        status=request["status"],
        score=request["score"],
        num_watched_episodes=request["episodes"],
    )
    return {
        "status": found.status,
        "score": found.score,
        "num_episodes_watched": found.num_episodes_watched,
    }


run({"anime": anime, "search": search, "list": animelist, "update": update})
