"""malfetcher: its MAL URLs (and the AniList URL it asks for AniList ids) are string literals,
so the driver rewrites those hosts on the way into ``requests`` (nothing else changes).

It reads its client id from ``MAL_CLIENT_ID`` at import, and keeps caches and a config in
files inside its package: the driver points those at a fresh temporary directory.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import requests
from _protocol import run

HOSTS = ("https://api.myanimelist.net", "https://graphql.anilist.co")
_REAL = {name: getattr(requests, name) for name in ("get", "post", "put", "patch", "delete")}
_base: list[str] = []


def _rewrite(name: str) -> Any:
    def send(url: str, *args: Any, **kwargs: Any) -> requests.Response:
        for host in HOSTS:
            if url.startswith(host):
                url = _base[0] + url[len(host) :]
        return _REAL[name](url, *args, **kwargs)

    return send


for _name in _REAL:
    setattr(requests, _name, _rewrite(_name))

# Only MAL_CLIENT_ID set before the import: anything else makes it prompt for a setup.
os.environ["MAL_CLIENT_ID"] = "set-per-request"
from malfetcher import mal_fetcher  # noqa: E402


def _point_at(request: dict[str, Any]) -> None:
    _base[:] = [request["base_url"]]
    mal_fetcher.client_id = request["client_id"]
    cache = Path(tempfile.mkdtemp(prefix="malfetcher-cache-"))
    mal_fetcher.mal_id_cache_path = str(cache / "myanimelist_id_cache.json")
    mal_fetcher.mal_search_cache_path = str(cache / "myanimelist_search_cache.json")
    mal_fetcher.mal_to_al_cache_path = str(cache / "mal_to_al_cache.json")
    mal_fetcher.config_path = str(cache / "config.json")


def anime(request: dict[str, Any]) -> dict[str, Any]:
    """Read one anime by MAL id (client id only), its AniList id through AniList GraphQL."""
    _point_at(request)
    found = mal_fetcher.get_anime_info(request["id"], force_update=True)
    if str(request["id"]) not in found:  # it prints the server's answer and returns {}
        raise SystemExit("malfetcher found no anime (the server's answer is in its output)")
    entry = found[str(request["id"])]
    return {"id": request["id"], "title": entry["main_title"], "al_id": entry["al_id"]}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title, then read each hit's details."""
    _point_at(request)
    found = mal_fetcher.get_id(request["search"], amount=5)
    if not found:  # None on any error (printed above)
        raise SystemExit("malfetcher found nothing (any server error is in its output)")
    return {"ids": [int(anime_id) for anime_id in found]}


def animelist(request: dict[str, Any]) -> dict[str, Any]:
    """With the user's token: their name from ``@me``, then their whole anime list by name."""
    _point_at(request)
    found = mal_fetcher.get_all_anime_for_user("ALL", mal_token=request["token"]) or {}
    entries = [
        {
            "id": int(anime_id),
            "status": e["watching_status"],
            "num_episodes_watched": e["watched_ep"],
        }
        for anime_id, e in found.items()
    ]
    return {"entries": entries}


def update(request: dict[str, Any]) -> dict[str, Any]:
    """Set the episode count (it PUTs my_list_status), then read the entry back its own way."""
    _point_at(request)
    mal_fetcher.update_entry(request["id"], request["episodes"], mal_token=request["token"])
    found = mal_fetcher.get_anime_entry_for_user(request["id"], mal_token=request["token"])
    if not found:
        raise SystemExit("malfetcher found no list entry after its update")
    entry = found[str(request["id"])]
    return {"status": entry["watching_status"], "num_episodes_watched": entry["watched_ep"]}


run({"anime": anime, "search": search, "list": animelist, "update": update})
