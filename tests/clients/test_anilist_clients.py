"""Unmodified AniList client libraries from PyPI, each in its own venv, against a live server.

Whatever these libraries send to AniList must work on Kagami with nothing changed but the
base URL (see each driver for how it is pointed at Kagami). ``-m "not clients"`` deselects them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.clients import libraries as libs
from tests.clients.server import LIST_ENTRIES, USER, KagamiServer
from tests.clients.venvs import ClientLibrary

pytestmark = pytest.mark.clients

Driver = Any  # tests/clients/conftest.py's ``drive``

every_library = pytest.mark.parametrize("library", libs.ALL, ids=lambda lib: lib.label)
# The libraries that can send the user's token and read their list.
WITH_TOKEN_LIST = (libs.ANISEARCH, libs.ALFETCHER, libs.GQL, libs.GQL_4)


def _expected_entries() -> list[dict[str, Any]]:
    return sorted(
        ({"mediaId": m, "status": s.value, "progress": p} for m, s, p, _ in LIST_ENTRIES),
        key=lambda e: e["mediaId"],
    )


def _entries(answer: dict[str, Any]) -> list[dict[str, Any]]:
    keep = ("mediaId", "status", "progress")
    return sorted(({k: e[k] for k in keep} for e in answer["entries"]), key=lambda e: e["mediaId"])


@every_library
def test_client_reads_cowboy_bebop_by_id(library: ClientLibrary, drive: Driver) -> None:
    answer = drive(library, "media", id=1)
    assert answer["id"] == 1
    assert answer["romaji"].casefold() == "cowboy bebop"


@every_library
def test_client_reads_frieren_by_id(library: ClientLibrary, drive: Driver) -> None:
    answer = drive(library, "media", id=154587)
    assert (answer["id"], answer["romaji"]) == (154587, "Sousou no Free Ren")
    if "english" in answer:  # alfetcher keeps only the romaji title
        assert answer["english"] == "Frieren: Beyond the Journey's End"


@every_library
def test_client_search_finds_cowboy_bebop(library: ClientLibrary, drive: Driver) -> None:
    assert 1 in drive(library, "search", search="cowboy bebop")["ids"]


@every_library
def test_client_search_finds_frieren(library: ClientLibrary, drive: Driver) -> None:
    assert 154587 in drive(library, "search", search="Frieren")["ids"]


@pytest.mark.parametrize("library", WITH_TOKEN_LIST, ids=lambda lib: lib.label)
def test_client_reads_the_token_holders_list(
    library: ClientLibrary, drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = drive(library, "list", token=kagami_server.token)
    assert answer["viewer"] == USER
    assert _entries(answer) == _expected_entries()


def test_python_anilist_reads_a_users_list_by_id(
    drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = drive(libs.PYTHON_ANILIST, "public_list", user_id=kagami_server.user_id)
    assert _entries(answer) == _expected_entries()


def test_anilist_wrapper_reads_a_user_with_the_users_token(
    drive: Driver, kagami_server: KagamiServer
) -> None:
    answer = drive(libs.ANILIST_WRAPPER, "user", user=USER, token=kagami_server.token)
    assert answer == {"id": kagami_server.user_id, "name": USER, "unread": 0}


@pytest.mark.parametrize("library", (libs.GQL, libs.GQL_4), ids=lambda lib: lib.label)
def test_gql_builds_its_client_schema_from_introspection(
    library: ClientLibrary, drive: Driver
) -> None:
    answer = drive(library, "schema")
    assert answer["has_media"] is True
    assert answer["types"] > 100
