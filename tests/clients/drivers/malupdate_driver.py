"""malupdate: its URLs are string literals, so the driver rewrites the host on the way into
``requests`` (its requests still carry its own ``Host: api.myanimelist.net`` header and the
MAL Android app's client id, unchanged). It has no read-by-id, so it searches, reads and
updates only.
"""

from __future__ import annotations

from typing import Any

import requests
from _protocol import run
from malupdate.mal import Anime, User

MAL = "https://api.myanimelist.net"
_REAL = {name: getattr(requests, name) for name in ("get", "put", "delete")}
_base: list[str] = []


def _rewrite(name: str) -> Any:
    def send(url: str, *args: Any, **kwargs: Any) -> requests.Response:
        if url.startswith(MAL):
            url = _base[0] + url[len(MAL) :]
        return _REAL[name](url, *args, **kwargs)

    return send


for _name in _REAL:
    setattr(requests, _name, _rewrite(_name))


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title (it sends the token, ``nsfw=False`` and ``+`` for spaces)."""
    _base[:] = [request["base_url"]]
    found = Anime.search(request["token"], request["search"])
    return {"ids": [item["node"]["id"] for item in found["data"]]}


def animelist(request: dict[str, Any]) -> dict[str, Any]:
    """``@me``'s list with empty ``status=`` and ``sort=``, following ``paging.next``."""
    _base[:] = [request["base_url"]]
    pages = User.getAnimeList(request["token"], "", fields=["list_status"])
    return {
        "entries": [
            {
                "id": item["node"]["id"],
                "status": item["list_status"]["status"],
                "score": item["list_status"]["score"],
                "num_episodes_watched": item["list_status"]["num_episodes_watched"],
            }
            for page in pages
            for item in page["data"]
        ]
    }


def update(request: dict[str, Any]) -> dict[str, Any]:
    """PUT my_list_status with its hand-built form body; the answer's JSON as it is."""
    _base[:] = [request["base_url"]]
    fields = {
        "status": request["status"],
        "score": request["score"],
        "num_watched_episodes": request["episodes"],
    }
    found = User.updateList(request["token"], request["id"], fields)
    if "status" not in found:  # the library returns any answer's JSON, errors included
        raise SystemExit(f"malupdate's PUT was answered {found}")
    return {key: found[key] for key in ("status", "score", "num_episodes_watched")}


run({"search": search, "list": animelist, "update": update})
