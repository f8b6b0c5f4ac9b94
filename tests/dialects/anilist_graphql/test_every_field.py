"""Selecting every field of the implemented types never errors (no lazy load, no 500)."""

from __future__ import annotations

import pytest
from graphql import GraphQLObjectType, get_named_type, is_leaf_type

from kagami.db import Database
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.lists_data import build_lists


def _all_fields(type_name: str, depth: int = 1) -> str:
    """Every field without required arguments; object fields one level deep, then __typename."""
    t = build_schema().get_type(type_name)
    assert isinstance(t, GraphQLObjectType)
    parts = []
    for name, f in t.fields.items():
        if any(str(a.type).endswith("!") for a in f.args.values()):
            continue
        named = get_named_type(f.type)
        if is_leaf_type(named):
            parts.append(name)
        elif depth > 0 and isinstance(named, GraphQLObjectType):
            parts.append(f"{name} {{ {_all_fields(named.name, depth - 1)} }}")
        else:
            parts.append(f"{name} {{ __typename }}")
    return " ".join(parts)


def steady(media: dict[str, object]) -> dict[str, object]:
    """``media`` without the seconds-until-airing, which moves between two requests."""
    upcoming = media.get("nextAiringEpisode")
    if isinstance(upcoming, dict):
        media = {**media, "nextAiringEpisode": {**upcoming, "timeUntilAiring": None}}
    return media


@pytest.mark.parametrize(
    ("root", "type_name"),
    [
        ("Media(id: 1)", "Media"),
        ("Media(id: 21)", "Media"),
        ("Character(id: 1)", "Character"),
        ("Staff(id: 95)", "Staff"),
        ("Studio(id: 14)", "Studio"),
        ("AiringSchedule(mediaId: 21)", "AiringSchedule"),
    ],
)
async def test_every_field_resolves(
    gql: GraphQLClient, catalogue: Catalogue, root: str, type_name: str
) -> None:
    status, body = await gql(f"{{ {root} {{ {_all_fields(type_name)} }} }}")
    assert status == 200, body.get("errors")


async def test_every_list_and_user_field_resolves(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    query = (
        f"query ($id: Int) {{ MediaList(userId: $id, mediaId: 1) {{ {_all_fields('MediaList')} }}"
        f" User(id: $id) {{ {_all_fields('User')} }} }}"
    )
    status, body = await gql(query, {"id": alice})
    assert status == 200, body.get("errors")


@pytest.mark.parametrize("media_id", [1, 21])
async def test_media_by_key_answers_as_the_filtered_path_does(
    gql: GraphQLClient, catalogue: Catalogue, media_id: int
) -> None:
    """``Media(id:)`` reads a prebuilt Core row; every field must match the ORM path's answer."""
    fields = _all_fields("Media")
    by_key = await gql.data(f"{{ Media(id: {media_id}) {{ {fields} }} }}")
    # sort: makes the look-up a general filtered query (ORM objects, built statement)
    filtered = await gql.data(f"{{ Media(id: {media_id}, sort: [ID]) {{ {fields} }} }}")
    assert by_key["Media"]["id"] == media_id
    assert steady(by_key["Media"]) == steady(filtered["Media"])
