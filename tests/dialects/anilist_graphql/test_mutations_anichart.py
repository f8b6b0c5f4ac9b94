"""UpdateAniChartSettings and UpdateAniChartHighlights over HTTP, read back via AniChartUser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.factories import make_media

SETTINGS = """mutation ($t: String, $o: String, $theme: String, $sort: String) {
  UpdateAniChartSettings(titleLanguage: $t, outgoingLinkProvider: $o, theme: $theme, sort: $sort)
}"""
HIGHLIGHTS = (
    """mutation ($h: [AniChartHighlightInput]) { UpdateAniChartHighlights(highlights: $h) }"""
)
READ = "{ AniChartUser { user { id } settings highlights } }"


async def test_settings_merge_and_read_back(gql: GraphQLClient, signed_in: dict[str, str]) -> None:
    status, body = await gql(SETTINGS, {"theme": "dark", "t": "ENGLISH"}, **signed_in)
    assert (status, body) == (
        200,
        {"data": {"UpdateAniChartSettings": {"theme": "dark", "titleLanguage": "ENGLISH"}}},
    )
    status, body = await gql(SETTINGS, {"o": "MAL", "sort": "SCORE"}, **signed_in)
    expected = {
        "theme": "dark",
        "titleLanguage": "ENGLISH",
        "outgoingLinkProvider": "MAL",
        "sort": "SCORE",
    }
    assert body["data"]["UpdateAniChartSettings"] == expected
    _, read = await gql(READ, None, **signed_in)
    assert read["data"]["AniChartUser"]["settings"] == expected
    assert read["data"]["AniChartUser"]["highlights"] == {}


async def test_highlights_replace_and_read_back(
    gql: GraphQLClient, database: Database, signed_in: dict[str, str]
) -> None:
    async with database.session() as s:
        a, b = (await make_media(s)).id, (await make_media(s)).id
    h = [{"mediaId": a, "highlight": "green"}, {"mediaId": b, "highlight": "red"}]
    status, body = await gql(HIGHLIGHTS, {"h": h}, **signed_in)
    assert (status, body["data"]) == (
        200,
        {"UpdateAniChartHighlights": {str(a): "green", str(b): "red"}},
    )
    status, body = await gql(HIGHLIGHTS, {"h": [{"mediaId": b, "highlight": "blue"}]}, **signed_in)
    _, read = await gql(READ, None, **signed_in)
    assert read["data"]["AniChartUser"]["highlights"] == {str(b): "blue"}


async def test_anichart_validation(gql: GraphQLClient, signed_in: dict[str, str]) -> None:
    status, body = await gql(SETTINGS, {"theme": "x" * 65}, **signed_in)
    assert status == 400 and body["data"] == {"UpdateAniChartSettings": None}
    assert body["errors"][0]["validation"] == {
        "theme": ["The theme may not be greater than 64 characters."]
    }
    status, body = await gql(HIGHLIGHTS, {"h": [{"mediaId": 404, "highlight": "red"}]}, **signed_in)
    assert status == 400
    assert body["errors"][0]["validation"] == {"mediaId": ["The selected media id is invalid."]}
    _, read = await gql(READ, None, **signed_in)
    assert read["data"]["AniChartUser"] | {"user": None} == {
        "user": None,
        "settings": {},
        "highlights": {},
    }


async def test_anichart_mutations_run_a_bounded_number_of_statements(
    gql: GraphQLClient, signed_in: dict[str, str], sql_counter: Callable[..., Any]
) -> None:
    with sql_counter() as counted:
        await gql(SETTINGS, {"theme": "dark"}, **signed_in)
    assert counted.count <= 4, str(counted)
