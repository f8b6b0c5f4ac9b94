"""python-anilist: has no URL option; the driver sets the module's ``API_URL`` constant.

The library turns any unexpected answer into ``None``: the driver keeps the last response
body (through an httpx event hook, which changes nothing that is sent) to explain a failure.
"""

from __future__ import annotations

from typing import Any

import anilist.sync_client
import httpx
from _protocol import run

_last: list[str] = []


def _client(request: dict[str, Any]) -> anilist.Client:
    anilist.sync_client.API_URL = request["base_url"]  # the only change: the base URL
    client = anilist.Client()
    client.httpx = httpx.Client(event_hooks={"response": [_keep]})
    return client


def _keep(response: httpx.Response) -> None:
    response.read()
    _last[:] = [f"HTTP {response.status_code}: {response.text[:2000]}"]


def _checked(result: Any) -> Any:
    if result is None:
        raise SystemExit(f"python-anilist returned None; the server answered {_last}")
    return result


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by id (a Page query with the library's wide field selection)."""
    found = _checked(_client(request).get_anime(request["id"]))
    title = found.title  # the library sets only the titles the answer had
    return {"id": found.id, "romaji": title.romaji, "english": getattr(title, "english", None)}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title."""
    found, _page = _checked(_client(request).search_anime(request["search"], limit=25))
    return {"ids": [m.id for m in found]}


def public_list(request: dict[str, Any]) -> dict[str, Any]:
    """Read a user's anime list by user id (a public read: the library sends no token)."""
    found, _page = _checked(_client(request).get_list(request["user_id"], limit=50))
    entries = [
        {"mediaId": e.media.id, "status": e.status, "progress": getattr(e, "progress", 0)}
        for e in found
    ]
    return {"entries": entries}


run({"media": media, "search": search, "public_list": public_list})
