"""myanimelist-api: its base URL is the ``Client.BASE_URL`` attribute; the driver sets it on
the instance. The library sends only the Bearer token, for reads too.

Its ``Auth`` normally runs the browser flow and caches the token in a file; the driver gives
it the token response ``kagami token issue`` made instead (``authData``, as the flow sets it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from _protocol import run
from mal_api.auth import Auth
from mal_api.client import Client


def _client(request: dict[str, Any]) -> Client:
    cache = Path(tempfile.mkdtemp(prefix="myanimelist-api-")) / "cache.json"
    auth = Auth(request["client_id"], "", "http://127.0.0.1/callback", cacheFile=cache)
    auth.authData = {
        "token_type": "Bearer",
        "expires_in": 2678400,
        "access_token": request["token"],
        "refresh_token": "",
    }
    client = Client(auth)
    client.BASE_URL = request["base_url"] + "/v2/"  # the only change: the base URL
    return client


def anime(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by MAL id."""
    found = _client(request).getAnimeDetails(request["id"], fields="id,title,media_type")
    return {"id": found["id"], "title": found["title"], "media_type": found["media_type"]}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title."""
    found = _client(request).getAnimeList(request["search"], limit=10)
    return {"ids": [item["node"]["id"] for item in found["data"]]}


def animelist(request: dict[str, Any]) -> dict[str, Any]:
    """The token holder's anime list (``@me``, ``fields=list_status``)."""
    found = _client(request).getUserAnimeList()
    return {
        "entries": [
            {
                "id": item["node"]["id"],
                "status": item["list_status"]["status"],
                "score": item["list_status"]["score"],
                "num_episodes_watched": item["list_status"]["num_episodes_watched"],
            }
            for item in found["data"]
        ]
    }


def update(request: dict[str, Any]) -> dict[str, Any]:
    """PATCH my_list_status; the library returns the answer's JSON as it is."""
    found = _client(request).updateUserAnimeListStatus(
        request["id"],
        status=request["status"],
        score=request["score"],
        numWatchedEpisodes=request["episodes"],
    )
    if "status" not in found:  # the library returns any answer's JSON, errors included
        raise SystemExit(f"myanimelist-api's PATCH was answered {found}")
    return {key: found[key] for key in ("status", "score", "num_episodes_watched")}


run({"anime": anime, "search": search, "list": animelist, "update": update})
