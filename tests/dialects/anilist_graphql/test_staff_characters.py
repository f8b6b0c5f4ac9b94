"""Staff.characters, Staff.characterMedia and voice actors on Character.media edges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.models import MediaCharacterVoiceActor
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue, build_bulk
from tests.dialects.anilist_graphql.conftest import GraphQLClient


async def _more_roles(database: Database) -> None:
    """Yamadera (95) also voices Spike in the movie (edge 4) and Ein in the series (edge 3)."""
    async with database.session() as s:
        s.add_all(
            [
                MediaCharacterVoiceActor(media_character_id=4, staff_id=95, language="Japanese"),
                MediaCharacterVoiceActor(
                    media_character_id=3, staff_id=95, language="Japanese", role_notes="barks"
                ),
            ]
        )


async def test_staff_characters_are_distinct_with_their_media(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await _more_roles(database)
    body = await gql.data("""{ Staff(id: 95) { characters {
        pageInfo { total } edges { role node { id } media { id } } } } }""")
    connection = body["Staff"]["characters"]
    assert connection["pageInfo"]["total"] == 2  # Spike twice (series + movie) counts once
    assert connection["edges"] == [
        {"role": "MAIN", "node": {"id": 1}, "media": [{"id": 5}, {"id": 1}]},  # newest first
        {"role": "SUPPORTING", "node": {"id": 3}, "media": [{"id": 1}]},
    ]


async def test_staff_characters_sort_and_page(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await _more_roles(database)
    body = await gql.data("""{ Staff(id: 95) {
        byId: characters(sort: ID_DESC) { nodes { id } }
        second: characters(sort: FAVOURITES_DESC, page: 2, perPage: 1) {
          pageInfo { total currentPage hasNextPage } nodes { id } } } }""")
    assert body["Staff"]["byId"]["nodes"] == [{"id": 3}, {"id": 1}]
    assert body["Staff"]["second"] == {
        "pageInfo": {"total": 2, "currentPage": 2, "hasNextPage": False},
        "nodes": [{"id": 3}],  # Spike (500 favourites) is on page 1
    }


async def test_staff_character_media_with_characters_on_edges(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await _more_roles(database)
    body = await gql.data("""{ Staff(id: 95) { characterMedia(sort: START_DATE) {
        pageInfo { total } edges { characterRole node { id } characters { id } } } } }""")
    media = body["Staff"]["characterMedia"]
    assert media["pageInfo"]["total"] == 2
    assert media["edges"] == [
        {"characterRole": "MAIN", "node": {"id": 1}, "characters": [{"id": 1}, {"id": 3}]},
        {"characterRole": "MAIN", "node": {"id": 5}, "characters": [{"id": 1}]},
    ]
    other = await gql.data("{ Staff(id: 98) { characterMedia { nodes { id } } } }")
    assert other["Staff"]["characterMedia"]["nodes"] == []  # a director voices nobody


async def test_character_media_edges_carry_voice_actors(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await _more_roles(database)
    body = await gql.data("""{ Character(id: 3) { media { edges { node { id }
        voiceActors { id } english: voiceActors(language: ENGLISH) { id }
        voiceActorRoles(language: JAPANESE) { roleNotes voiceActor { id } } } } } }""")
    assert body["Character"]["media"]["edges"] == [
        {
            "node": {"id": 1},
            "voiceActors": [{"id": 95}],
            "english": [],
            "voiceActorRoles": [{"roleNotes": "barks", "voiceActor": {"id": 95}}],
        }
    ]
    spike = await gql.data("""{ Character(id: 1) { media(sort: ID) { edges {
        node { id } voiceActors(sort: LANGUAGE) { id } } } } }""")
    assert spike["Character"]["media"]["edges"] == [
        {"node": {"id": 1}, "voiceActors": [{"id": 96}, {"id": 95}]},  # English < Japanese
        {"node": {"id": 5}, "voiceActors": [{"id": 95}]},
    ]


async def test_relation_edges_have_no_voice_actors(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("{ Media(id: 1) { relations { edges { voiceActors { id } } } } }")
    assert body["Media"]["relations"]["edges"] == [{"voiceActors": []}]


STAFF_PAGE = """query ($n: Int) { Page(perPage: $n) { staff(sort: ID) {
  characters { edges { role node { id } media { id } } }
  characterMedia { edges { node { id } characters { id } } } } } }"""


async def test_page_of_staff_voice_roles_runs_a_fixed_number_of_statements(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    await build_bulk(database, media=20, characters_per_media=3)
    counts = []
    for per_page in (1, 2, 4):  # actors 1000-1003 voice someone
        with sql_counter() as counted:
            body = await gql.data(STAFF_PAGE, {"n": per_page})
        staff = body["Page"]["staff"]
        assert len(staff) == per_page
        assert all(s["characters"]["edges"] for s in staff)
        counts.append(counted.count)
    print(f"\nPage.staff voice roles: {counts} statements")
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 6, counts
