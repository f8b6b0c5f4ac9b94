"""Random paths, URL parameters and payloads on the series, people, review and forum routes.

Never a 500, and every error in the v1 shape. (A NUL anywhere in a request is refused for
every route by the shared edge guard (kagami.http.edge_guard), tested with it; it is left out
of the alphabet here.)
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.community.models import ForumCategory
from tests.dialects.anilist_v1.conftest import V1Client, assert_fuzzed_request_is_clean
from tests.factories import make_user

ROUTES = [
    ("GET", "anime/{s}"),
    ("GET", "manga/{s}/page"),
    ("GET", "anime/{s}/characters"),
    ("GET", "anime/{s}/airing"),
    ("GET", "anime/search/{s}"),
    ("GET", "browse/anime"),
    ("GET", "browse/manga"),
    ("GET", "genre_list"),
    ("POST", "anime/favourite"),
    ("GET", "character/{s}/page"),
    ("GET", "staff/{s}"),
    ("GET", "actor/search/{s}"),
    ("GET", "studio/{s}/page"),
    ("POST", "character/favourite"),
    ("POST", "staff/favourite"),
    ("GET", "anime/review/{s}"),
    ("GET", "anime/{s}/reviews"),
    ("GET", "user/{s}/reviews"),
    ("POST", "anime/review/rate"),
    ("POST", "anime/review"),
    ("PUT", "manga/review"),
    ("DELETE", "anime/review"),
    ("GET", "forum/recent"),
    ("GET", "forum/tag"),
    ("GET", "forum/search/{s}"),
    ("GET", "forum/thread/{s}"),
    ("POST", "forum/thread"),
    ("PUT", "forum/thread"),
    ("DELETE", "forum/thread/{s}"),
    ("POST", "forum/comment"),
    ("PUT", "forum/comment"),
    ("POST", "forum/comment/subscribe"),
    ("DELETE", "forum/comment/{s}"),
]
FIELDS = [
    "id",
    "page",
    "year",
    "season",
    "type",
    "status",
    "genres",
    "genres_exclude",
    "sort",
    "airing_data",
    "full_page",
    "rating",
    "anime_id",
    "manga_id",
    "text",
    "summary",
    "private",
    "score",
    "title",
    "body",
    "tags",
    "tags_anime",
    "tags_manga",
    "anime",
    "manga",
    "thread_id",
    "comment",
    "reply_id",
]
# No surrogates: a client cannot encode them into a URL or form at all.
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
_TEXT = st.text(_CHARS, max_size=12)
VALUES = st.one_of(
    _TEXT,
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        ["1", "2", "0", "true", "fall", "TV", "score-desc", "1,2", "Action,", "currently airing"]
    ),
    st.floats(allow_nan=True).map(str),
)
# A "/" or a dot segment would route elsewhere (outside v1), so segments hold neither.
SEGMENTS = st.one_of(
    st.text(_CHARS, min_size=1, max_size=20).filter(lambda t: t not in (".", "..")),
    st.integers(-(2**70), 2**70).map(str),
)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
async def actor(v1: V1Client, catalogue: Any) -> dict[str, str]:
    async with v1.database.session() as s:
        s.add_all([ForumCategory(id=1, name="Anime"), ForumCategory(id=7, name="General")])
        user = await make_user(s, name="fuzzer")
    return await v1.auth(user.id)


@pytest.mark.fuzz
@FUZZ
@given(
    route=st.sampled_from(ROUTES),
    segment=SEGMENTS,
    fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
    as_query=st.booleans(),
)
async def test_catalogue_and_community_routes_never_fail_on_the_server(
    v1: V1Client,
    actor: dict[str, str],
    route: tuple[str, str],
    segment: str,
    fields: dict[str, Any],
    as_query: bool,
) -> None:
    await assert_fuzzed_request_is_clean(v1, actor, route, segment, fields, as_query)
