"""The app mix: which requests the load sends, in what shares, and how each is judged.

70% AniList GraphQL reads (a media page, a title search, a user's list collection), 20%
MyAnimeList v2 and AniList v1 reads, 10% list writes spread over the three dialects. Each
write sets one of the caller's own entries to a new progress and a unique note, so the
final state can be checked: the last acknowledged value of every entry must be there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

MEDIA = """query ($id: Int) { Media(id: $id) { id idMal type format status episodes duration
  genres averageScore popularity favourites title { romaji english native }
  coverImage { large } startDate { year month day } description(asHtml: false)
  mediaListEntry { id status progress } } }"""
SEARCH = """query ($search: String) { Page(perPage: 10) { pageInfo { total hasNextPage }
  media(search: $search, type: ANIME) { id title { romaji } format episodes averageScore } } }"""
COLLECTION = """query ($userId: Int) { MediaListCollection(userId: $userId, type: ANIME) {
  lists { name status entries { id mediaId status progress score notes updatedAt
    media { id title { romaji } episodes } } } } }"""
SAVE = """mutation ($mediaId: Int, $progress: Int, $notes: String) {
  SaveMediaListEntry(mediaId: $mediaId, progress: $progress, notes: $notes) {
    id progress notes } }"""
MAL_DETAIL_FIELDS = (
    "id,title,main_picture,alternative_titles,start_date,end_date,synopsis,mean,rank,popularity,"
    "num_list_users,media_type,status,genres,my_list_status,num_episodes,start_season,source,"
    "average_episode_duration,rating,studios"
)


@dataclass(frozen=True)
class Media:
    """A catalogue anime the load names: Kagami's id and MyAnimeList's."""

    id: int
    mal_id: int


@dataclass(frozen=True)
class Caller:
    """One virtual user: an account with a token per dialect and the entries it writes."""

    index: int
    user_id: int
    name: str
    anilist: str
    v1: str
    mal: str
    writes: tuple[Media, ...]


@dataclass(frozen=True)
class World:
    """What requests may name: the catalogue sample, search words and every caller."""

    media: tuple[Media, ...]
    words: tuple[str, ...]
    callers: tuple[Caller, ...]


@dataclass(frozen=True)
class Write:
    """A write in flight: whose entry, and the value it sets."""

    user_id: int
    media_id: int
    progress: int
    notes: str


@dataclass(frozen=True)
class Request:
    """One request to send, the class it is counted in, and the write it makes (if any)."""

    kind: str
    method: str
    path: str
    headers: dict[str, str]
    json: Any = None
    data: dict[str, str] | None = None
    write: Write | None = None


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _graphql(kind: str, caller: Caller, query: str, variables: dict[str, Any]) -> Request:
    body = {"query": query, "variables": variables}
    return Request(kind, "POST", "/", _bearer(caller.anilist), json=body)


def media_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """``Media(id)`` with the caller's list entry, as an app's detail page asks."""
    return _graphql("gql_media", caller, MEDIA, {"id": rng.choice(world.media).id})


def search_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """A ten-result title search."""
    return _graphql("gql_search", caller, SEARCH, {"search": rng.choice(world.words)})


def collection_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """Some user's whole anime list (often one being written to at the time)."""
    user = rng.choice(world.callers).user_id
    return _graphql("gql_collection", caller, COLLECTION, {"userId": user})


def mal_detail_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """MAL's anime detail with a typical app's field set (incl. my_list_status)."""
    mal_id = rng.choice(world.media).mal_id
    path = f"/v2/anime/{mal_id}?fields={MAL_DETAIL_FIELDS}"
    return Request("mal_detail", "GET", path, _bearer(caller.mal))


def mal_list_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """The caller's own MAL anime list with list statuses."""
    path = "/v2/users/@me/animelist?fields=list_status&limit=100"
    return Request("mal_list", "GET", path, _bearer(caller.mal))


def v1_series_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """AniList v1's series page."""
    path = f"/api/anime/{rng.choice(world.media).id}"
    return Request("v1_series", "GET", path, _bearer(caller.v1))


def v1_list_read(rng: random.Random, world: World, caller: Caller, _seq: int) -> Request:
    """Some user's v1 anime list, grouped."""
    path = f"/api/user/{rng.choice(world.callers).name}/animelist"
    return Request("v1_list", "GET", path, _bearer(caller.v1))


def _write(rng: random.Random, caller: Caller, seq: int) -> tuple[Media, Write]:
    media = rng.choice(caller.writes)
    notes = f"load {caller.index} #{seq}"
    return media, Write(caller.user_id, media.id, seq, notes)


def gql_write(rng: random.Random, world: World, caller: Caller, seq: int) -> Request:
    """``SaveMediaListEntry`` of progress and notes."""
    media, write = _write(rng, caller, seq)
    variables = {"mediaId": media.id, "progress": write.progress, "notes": write.notes}
    request = _graphql("write_gql", caller, SAVE, variables)
    return Request(**{**request.__dict__, "write": write})


def mal_write(rng: random.Random, world: World, caller: Caller, seq: int) -> Request:
    """MAL v2 ``PATCH my_list_status`` (form body)."""
    media, write = _write(rng, caller, seq)
    form = {"num_watched_episodes": str(write.progress), "comments": write.notes}
    path = f"/v2/anime/{media.mal_id}/my_list_status"
    return Request("write_mal", "PATCH", path, _bearer(caller.mal), data=form, write=write)


def v1_write(rng: random.Random, world: World, caller: Caller, seq: int) -> Request:
    """AniList v1 ``PUT animelist`` (JSON body)."""
    media, write = _write(rng, caller, seq)
    body = {"id": media.id, "episodes_watched": write.progress, "notes": write.notes}
    return Request("write_v1", "PUT", "/api/animelist", _bearer(caller.v1), json=body, write=write)


Builder = Callable[[random.Random, World, Caller, int], Request]

# Shares in percent: 70 GraphQL reads, 20 MAL + v1 reads, 10 writes.
MIX: tuple[tuple[Builder, int], ...] = (
    (media_read, 30),
    (search_read, 20),
    (collection_read, 20),
    (mal_detail_read, 6),
    (mal_list_read, 4),
    (v1_series_read, 6),
    (v1_list_read, 4),
    (gql_write, 4),
    (mal_write, 3),
    (v1_write, 3),
)
GROUPS = {
    "graphql reads": ("gql_media", "gql_search", "gql_collection"),
    "mal+v1 reads": ("mal_detail", "mal_list", "v1_series", "v1_list"),
    "writes": ("write_gql", "write_mal", "write_v1"),
}


def accepted(request: Request, response: httpx.Response) -> bool:
    """Whether the dialect answered the request as a success (GraphQL: no ``errors``)."""
    if response.status_code != 200:
        return False
    if request.method == "POST" and request.path == "/":
        body = response.json()
        return "errors" not in body and body.get("data") is not None
    return True
