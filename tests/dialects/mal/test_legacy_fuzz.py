"""Any v0.21 query or PUT form: a 2xx or a 4xx in seed 002's error shape, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user
from tests.fuzz.checks import assert_clean

# Function-scoped fixtures are shared by the examples on purpose: reads, and writes that
# each example may repeat (the same entry is created or updated).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PARAMS = ("q", "status", "limit", "offset", "fields", "nsfw")
FORM = (
    "status",
    "score",
    "num_watched_episodes",
    "is_rewatching",
    "start_date",
    "finish_date",
    "priority",
    "num_times_rewatched",
    "comments",
)
# Values near the edges of what each parameter takes, and arbitrary text.
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1",
            "10",
            "11",
            "99999999999999",
            "true",
            "True",
            "watching",
            "not_yet_aired",
            "2024-02-30",
            "2024",
            "a{b}",
            "{",
            "}",
            "my_list_status{start_date}",
        ]
    ),
    st.text(max_size=80),
)


async def _assert_mal_shape(response: httpx.Response) -> None:
    assert_clean(response)
    status, body = response.status_code, response.json()
    if status >= 400:
        assert set(body) == {"message", "error"} and isinstance(body["message"], str), body


@pytest.mark.fuzz
@FUZZ
@given(query=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=6), path=st.booleans())
async def test_any_v021_query_is_answered_or_refused_cleanly(
    mal: MalClient, database: Database, query: dict[str, str], path: bool
) -> None:
    url = "/v0.21/anime/search" if path else "/v0.21/anime"
    r = await mal.http.get(f"{url}?{urlencode(query)}", headers=mal.public)
    await _assert_mal_shape(r)


@pytest.mark.fuzz
@FUZZ
@given(form=st.dictionaries(st.sampled_from(FORM), VALUES, max_size=9))
async def test_any_v021_put_form_is_answered_or_refused_cleanly(
    mal: MalClient, database: Database, form: dict[str, str]
) -> None:
    async with database.session() as s:  # one show and one user for all examples
        if await s.get(Media, 1) is None:
            await make_media(s, id=1, episodes=12)
        user = await s.scalar(sa.select(User).where(User.name == "fuzzer"))
        if user is None:
            user = await make_user(s, name="fuzzer")
        await s.commit()
    headers = {
        "X-MAL-Client-ID": BUILTIN_MAL_CLIENT_ID,
        "Content-Type": "application/x-www-form-urlencoded",
        **await mal.token_for(database, user.id),
    }
    r = await mal.http.put(
        "/v0.21/anime/1000000001/my_list_status", content=urlencode(form), headers=headers
    )
    await _assert_mal_shape(r)
