"""Any query string or form on any MAL v2 route: an answer or MAL's error body, never a 500."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import MalClient
from tests.fuzz.checks import assert_clean

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PATHS = [
    "/v2/anime",
    "/v2/anime/1",
    "/v2/anime/1/characters",
    "/v2/anime/ranking",
    "/v2/anime/season/2012/fall",
    "/v2/anime/suggestions",
    "/v2/manga",
    "/v2/manga/13",
    "/v2/manga/ranking",
    "/v2/users/@me",
    "/v2/users/@me/animelist",
    "/v2/users/alice/mangalist",
    "/v2/forum/boards",
    "/v2/forum/topics",
    "/v2/forum/topic/1",
]
KEYS = [
    "q", "limit", "offset", "fields", "nsfw", "ranking_type", "sort", "status", "board_id",
    "subboard_id", "user_name", "topic_user_name",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["all", "tv", "True", "list_status{score}", "related_anime{node{id}}"]),
    st.text(alphabet="{},a_\x00%", max_size=20),
)


def _mal_error(response: httpx.Response) -> None:
    assert_clean(response)
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "message"}, response.json()


@pytest.mark.fuzz
@FUZZ
@given(path=st.sampled_from(PATHS), params=st.dictionaries(st.sampled_from(KEYS), VALUES))
async def test_any_query_on_any_route_is_answered_or_refused_cleanly(
    mal: MalClient,
    catalogue: Catalogue,
    user_headers: dict[str, str],
    path: str,
    params: dict[str, str],
) -> None:
    r = await mal.get(path, params=params, headers={**user_headers, **mal.public})
    _mal_error(r)


FORM_KEYS = [
    "status", "is_rewatching", "is_rereading", "score", "num_watched_episodes",
    "num_chapters_read", "num_volumes_read", "priority", "num_times_rewatched", "rewatch_value",
    "reread_value", "tags", "comments", "start_date", "finish_date",
]  # fmt: skip


@pytest.mark.fuzz
@FUZZ
@given(
    path=st.sampled_from(["/v2/anime/1/my_list_status", "/v2/manga/13/my_list_status"]),
    form=st.dictionaries(st.sampled_from(FORM_KEYS), VALUES),
)
async def test_any_form_is_written_or_refused_cleanly(
    mal: MalClient,
    catalogue: Catalogue,
    database: Database,
    user_headers: dict[str, str],
    path: str,
    form: dict[str, str],
) -> None:
    r = await mal.http.patch(path, data=form, headers=user_headers)
    _mal_error(r)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/v2/forum/topic/9999999999", {}, 404),
        ("/v2/forum/topics", {"board_id": "9999999999"}, 200),
        ("/v2/forum/topics", {"subboard_id": "4294967296"}, 200),
        ("/v2/anime/9999999999", {}, 404),
        ("/v2/manga/2147483648", {}, 404),
    ],
)
async def test_ids_beyond_32_bits_are_not_found(
    mal: MalClient, catalogue: Catalogue, path: str, params: dict[str, str], status: int
) -> None:
    r = await mal.get(path, params=params)
    assert r.status_code == status, r.text
