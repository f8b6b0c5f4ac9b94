"""Random paths, URL parameters and payloads on the user and list routes: never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.catalogue.enums import MediaType
from tests.dialects.anilist_v1.conftest import V1Client, assert_fuzzed_request_is_clean
from tests.factories import make_media, make_user

ROUTES = [
    ("GET", "user/{s}"),
    ("GET", "user/{s}/activity"),
    ("GET", "user/{s}/following"),
    ("GET", "user/{s}/followers"),
    ("GET", "user/{s}/favourites"),
    ("GET", "user/{s}/animelist"),
    ("GET", "user/{s}/mangalist/raw"),
    ("GET", "user/search/{s}"),
    ("GET", "user/activity"),
    ("GET", "user/airing"),
    ("GET", "user/notifications"),
    ("POST", "user/activity"),
    ("DELETE", "user/activity"),
    ("DELETE", "user/activity/reply"),
    ("POST", "user/follow"),
    ("POST", "animelist"),
    ("PUT", "animelist"),
    ("POST", "mangalist"),
    ("DELETE", "animelist/{s}"),
]
FIELDS = [
    "id",
    "text",
    "messenger_id",
    "reply_id",
    "list_status",
    "score",
    "score_raw",
    "episodes_watched",
    "chapters_read",
    "volumes_read",
    "rewatched",
    "reread",
    "notes",
    "advanced_rating_scores",
    "custom_lists",
    "hidden_default",
    "page",
    "limit",
]
VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["1", "2", "0", "-", ":)", "watching", "plan to read", "1,0", "nan", "1e9"]),
    st.floats(allow_nan=True).map(str),
)
# A "/" or a dot segment would route elsewhere (outside v1), so segments hold neither.
SEGMENTS = st.one_of(
    st.text(st.characters(blacklist_characters="/"), min_size=1, max_size=20).filter(
        lambda t: t not in (".", "..")
    ),
    st.integers(-(2**70), 2**70).map(str),
)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
async def actor(v1: V1Client) -> dict[str, str]:
    async with v1.database.session() as s:
        user = await make_user(s, name="fuzzer")
        await make_user(s, name="other")
        await make_media(s, episodes=12)
        await make_media(s, type=MediaType.MANGA)
    return await v1.auth(user.id)


@pytest.mark.fuzz
@FUZZ
@given(
    route=st.sampled_from(ROUTES),
    segment=SEGMENTS,
    fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
    as_query=st.booleans(),
)
async def test_user_and_list_routes_never_fail_on_the_server(
    v1: V1Client,
    actor: dict[str, str],
    route: tuple[str, str],
    segment: str,
    fields: dict[str, Any],
    as_query: bool,
) -> None:
    await assert_fuzzed_request_is_clean(v1, actor, route, segment, fields, as_query)
