"""Anisearch: pointed at Kagami through its documented ``settings={"api_url": ...}`` option."""

from __future__ import annotations

from typing import Any

from _protocol import run
from Anisearch import Anilist

HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}

LIST_QUERY = """
query ($userId: Int, $type: MediaType) {
  MediaListCollection(userId: $userId, type: $type) {
    user { id name }
    lists { name status entries { mediaId status score progress } }
  }
}
"""


def _client(request: dict[str, Any]) -> Anilist:
    settings = {"header": dict(HEADERS), "api_url": request["base_url"]}
    return Anilist(settings=settings, token=request.get("token"))


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one media by id through the declarative builder (parsed into its models)."""
    answer = (
        _client(request)
        .media(id=request["id"], type="ANIME")
        .id()
        .title("romaji", "english", "native")
        .episodes()
        .status()
        .execute()
    )
    return {"id": answer.id, "romaji": answer.title.romaji, "english": answer.title.english}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title through a paginated builder query."""
    answer = (
        _client(request)
        .media(search=request["search"], type="ANIME")
        .id()
        .title("romaji")
        .page(page=1, per_page=25)
        .execute()
    )
    return {"ids": [m.id for m in answer.items]}


def viewer_list(request: dict[str, Any]) -> dict[str, Any]:
    """With the user's token: find the viewer, then read their anime list (raw_query)."""
    client = _client(request)
    viewer = client.raw_query({}, "query { Viewer { id name } }")["data"]["Viewer"]
    answer = client.raw_query({"userId": viewer["id"], "type": "ANIME"}, LIST_QUERY)
    collection = answer["data"]["MediaListCollection"]
    entries = [e for group in collection["lists"] for e in group["entries"]]
    return {"viewer": viewer["name"], "entries": entries}


run({"media": media, "search": search, "list": viewer_list})
