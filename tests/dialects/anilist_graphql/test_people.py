"""Character, Staff and Studio roots and Page fields, with their media connections."""

from __future__ import annotations

import pytest

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient


async def test_character_media_connection(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("""{ Character(id: 1) { siteUrl media(sort: POPULARITY_DESC) {
        pageInfo { total } edges { characterRole node { id } } } } }""")
    character = body["Character"]
    assert character["siteUrl"].endswith("/character/1")
    assert [(e["characterRole"], e["node"]["id"]) for e in character["media"]["edges"]] == [
        ("MAIN", 1),
        ("MAIN", 5),
    ]


async def test_character_search_ranks_by_match(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(
        '{ Page { characters(search: "spike") { id } } Character(search: "faye") { id } }'
    )
    assert body["Page"]["characters"] == [{"id": 1}]
    assert body["Character"] == {"id": 2}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("sort: FAVOURITES_DESC", [40, 1, 2, 3]),
        ("id_in: [3, 2]", [2, 3]),
        ("id_not_in: [1, 2]", [3, 40]),
        ("sort: ID_DESC", [40, 3, 2, 1]),
    ],
)
async def test_page_characters_filters_and_sorts(
    gql: GraphQLClient, catalogue: Catalogue, args: str, expected: list[int]
) -> None:
    body = await gql.data(f"{{ Page {{ characters({args}) {{ id }} }} }}")
    assert [c["id"] for c in body["Page"]["characters"]] == expected


async def test_staff_root_and_media(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(
        """{ Staff(id: 98) { name { full } languageV2
        staffMedia { edges { staffRole node { id } } } } }"""
    )
    assert body["Staff"]["staffMedia"]["edges"] == [{"staffRole": "Director", "node": {"id": 1}}]


async def test_staff_search(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data('{ Page { staff(search: "yamadera") { id } } }')
    assert body["Page"]["staff"] == [{"id": 95}]


async def test_studio_root_and_media(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("""{ Studio(search: "sunrise") { id name isAnimationStudio
        media(sort: START_DATE) { nodes { id } }
        main: media(isMain: true) { pageInfo { total } } } }""")
    studio = body["Studio"]
    assert (studio["id"], studio["name"], studio["isAnimationStudio"]) == (14, "Sunrise", True)
    assert studio["media"]["nodes"] == [{"id": 1}, {"id": 5}]


async def test_page_studios_sort_by_name(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data("{ Page { studios(sort: NAME) { name } } }")
    assert [s["name"] for s in body["Page"]["studios"]] == [
        "Bandai Visual",
        "Sunrise",
        "Toei Animation",
    ]


async def test_unknown_character_is_404(gql: GraphQLClient) -> None:
    status, body = await gql("{ Character(id: 12345) { id } }")
    assert status == 404 and body["data"] == {"Character": None}
