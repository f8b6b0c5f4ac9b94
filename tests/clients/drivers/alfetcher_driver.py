"""alfetcher: its AniList URL is a local variable of ``make_graphql_request``, so the driver
rewrites that one URL on the way into ``requests.post`` (nothing else of the request changes).

Its caches live in files inside its package: the driver points them at a fresh temporary
directory, so every run asks the server.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import requests
from _protocol import run
from alfetcher import al_fetcher

ANILIST = "https://graphql.anilist.co"


_REAL_POST = requests.post


def _point_at(base_url: str) -> None:
    def post(url: str, *args: Any, **kwargs: Any) -> requests.Response:
        return _REAL_POST(base_url if url == ANILIST else url, *args, **kwargs)

    requests.post = post  # type: ignore[assignment]
    cache = Path(tempfile.mkdtemp(prefix="alfetcher-cache-"))
    al_fetcher.al_id_cache_path = str(cache / "anilist_id_cache.json")
    al_fetcher.al_search_cache_path = str(cache / "anilist_search_cache.json")


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by id (the library sends the id as a string variable)."""
    _point_at(request["base_url"])
    found = al_fetcher.get_anime_info(request["id"], force_update=True)
    if str(request["id"]) not in found:  # it prints the server's answer and returns {}
        raise SystemExit("alfetcher found no media (the server's answer is in its output)")
    entry = found[str(request["id"])]
    return {"id": request["id"], "romaji": entry["main_title"]}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title, then read each hit's details (ids sent as strings)."""
    _point_at(request["base_url"])
    found = al_fetcher.get_id(request["search"], amount=5)
    if not found:  # None on any error (printed above): no way to tell it from no hits
        raise SystemExit("alfetcher found nothing (any server error is in its output)")
    return {"ids": [int(anime_id) for anime_id in found]}


def viewer_list(request: dict[str, Any]) -> dict[str, Any]:
    """With the user's token: the viewer's name, then their TV anime list by user name."""
    _point_at(request["base_url"])
    token = request["token"]
    name = al_fetcher.get_userdata(token)[0]
    found = al_fetcher.get_all_anime_for_user("ALL", media_format="TV", al_token=token) or {}
    entries = [
        {"mediaId": int(anime_id), "status": e["watching_status"], "progress": e["watched_ep"]}
        for anime_id, e in found.items()
    ]
    return {"viewer": name, "entries": entries}


run({"media": media, "search": search, "list": viewer_list})
