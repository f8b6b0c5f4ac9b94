"""pyanilist: pointed at Kagami through its documented ``AniList(api_url=...)`` argument."""

from __future__ import annotations

import itertools
from typing import Any

from _protocol import run
from pyanilist import AniList, MediaType


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one media by id (the library's own large Media selection)."""
    with AniList(api_url=request["base_url"]) as client:
        found = client.get_media(id=request["id"])
    return {"id": found.id, "romaji": found.title.romaji, "english": found.title.english}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title (four aliased Page queries per round trip)."""
    with AniList(api_url=request["base_url"]) as client:
        found = client.get_media_many(request["search"], type=MediaType.ANIME)
        return {"ids": [m.id for m in itertools.islice(found, 50)]}


run({"media": media, "search": search})
