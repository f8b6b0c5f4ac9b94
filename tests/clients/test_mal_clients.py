"""Unmodified MyAnimeList client libraries from PyPI, each in its own venv, against a live server.

They speak MAL's v2 API (malupdate also PUTs, as the mobile app's v0.21 did) with nothing
changed but the base URL; see each driver for how. ``-m "not clients"`` deselects them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.clients import libraries as libs
from tests.clients.server import KagamiServer
from tests.clients.venvs import ClientLibrary

pytestmark = pytest.mark.clients

Driver = Any  # tests/clients/conftest.py's ``drive``

COWBOY_BEBOP, FRIEREN = 1, 52991  # MAL ids of the bundled catalogue's media 1 and 154587
# Libraries that send a user token on every request, reads included.
BEARER_ONLY = (libs.MYANIMELIST_API, libs.MALUPDATE)
WITH_DETAILS = (libs.MAL4PY, libs.MALCLIENT, libs.MALFETCHER, libs.MYANIMELIST_API)
# The list statuses USER's list holds (server.LIST_ENTRIES), in MAL's words.
EXPECTED_LIST = [
    {"id": COWBOY_BEBOP, "status": "completed", "score": 9, "num_episodes_watched": 26},
    {"id": FRIEREN, "status": "watching", "score": 0, "num_episodes_watched": 10},
]
# malfetcher keeps AniList's status names and no score.
ANILIST_STATUS = {"completed": "COMPLETED", "watching": "CURRENT"}
# Each library writes its own anime on WRITER's list, so their updates never meet.
UPDATED_ANIME = {
    libs.MAL4PY.label: 5,
    libs.MALCLIENT.label: 6,
    libs.MALFETCHER.label: 7,
    libs.MYANIMELIST_API.label: 8,
    libs.MALUPDATE.label: 15,
}

with_details = pytest.mark.parametrize("library", WITH_DETAILS, ids=lambda lib: lib.label)
every_library = pytest.mark.parametrize("library", libs.MAL_ALL, ids=lambda lib: lib.label)


def _ask(drive: Driver, library: ClientLibrary, server: KagamiServer, op: str, **args: Any) -> Any:
    """Ask with the MAL client id; list ops (and Bearer-only libraries) also send a token.

    The token, unless given, is USER's: the others read public data with the client id alone.
    """
    if op in ("list", "update") or library in BEARER_ONLY:
        args.setdefault("token", server.mal_token)
    return drive(library, op, client_id=server.mal_client_id, **args)


def _expected(library: ClientLibrary) -> list[dict[str, Any]]:
    if library is libs.MALFETCHER:
        return [
            {"id": e["id"], "status": ANILIST_STATUS[e["status"]],
             "num_episodes_watched": e["num_episodes_watched"]}
            for e in EXPECTED_LIST
        ]  # fmt: skip
    return EXPECTED_LIST


@with_details
def test_mal_client_reads_cowboy_bebop_by_mal_id(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = _ask(drive, library, kagami_server, "anime", id=COWBOY_BEBOP)
    assert answer["id"] == COWBOY_BEBOP
    assert answer["title"].casefold() == "cowboy bebop"  # the bundled data's romaji case
    if "media_type" in answer:
        assert answer["media_type"] == "tv"


@with_details
def test_mal_client_reads_frieren_by_mal_id(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = _ask(drive, library, kagami_server, "anime", id=FRIEREN)
    assert answer["id"] == FRIEREN
    assert answer["title"]


def test_malfetcher_finds_the_anilist_id_of_a_mal_id_through_anilist_graphql(
    drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = _ask(drive, libs.MALFETCHER, kagami_server, "anime", id=FRIEREN)
    assert answer["al_id"] == 154587


@every_library
def test_mal_client_search_finds_cowboy_bebop(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    assert (
        COWBOY_BEBOP in _ask(drive, library, kagami_server, "search", search="cowboy bebop")["ids"]
    )


@every_library
def test_mal_client_search_finds_frieren(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    assert FRIEREN in _ask(drive, library, kagami_server, "search", search="Frieren")["ids"]


@every_library
def test_mal_client_reads_the_token_holders_anime_list(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = _ask(drive, library, kagami_server, "list")
    assert sorted(answer["entries"], key=lambda e: e["id"]) == _expected(library)


@every_library
def test_mal_client_updates_a_list_entry_and_reads_it_back(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    anime_id = UPDATED_ANIME[library.label]
    token = kagami_server.writer_mal_token
    written = {"status": "watching", "score": 7, "num_episodes_watched": 3}
    if library is libs.MALFETCHER:  # sets progress only: a new entry becomes watching
        written = {"status": "CURRENT", "num_episodes_watched": 3}
    answer = _ask(drive, library, kagami_server, "update", id=anime_id, token=token,
                  status="watching", score=7, episodes=3)  # fmt: skip
    assert answer == written
    entries = _ask(drive, library, kagami_server, "list", token=token)["entries"]
    assert {
        k: v for e in entries if e["id"] == anime_id for k, v in e.items() if k != "id"
    } == written
