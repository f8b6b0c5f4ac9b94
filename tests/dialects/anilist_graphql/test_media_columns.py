"""A collection reads only the media columns its query names, and answers as if it read all."""

from __future__ import annotations

import pytest
from graphql import GraphQLField, GraphQLObjectType, GraphQLString, get_named_type, is_leaf_type

from kagami.db import Database
from kagami.dialects.anilist_graphql.resolvers.media_columns import COLUMNS, columns_for
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.lists_data import build_lists
from tests.dialects.anilist_graphql.test_every_field import _all_fields, steady

MEDIA = build_schema().type_map["Media"]
assert isinstance(MEDIA, GraphQLObjectType)


def _selection(name: str) -> str | None:
    """Media field ``name`` with a full sub-selection; None when it needs arguments."""
    field = MEDIA.fields[name]
    if any(str(a.type).endswith("!") for a in field.args.values()):
        return None
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return name
    if isinstance(named, GraphQLObjectType):
        return f"{name} {{ {_all_fields(named.name, 0)} }}"
    return f"{name} {{ __typename }}"


@pytest.mark.parametrize("name", sorted(MEDIA.fields))
def test_every_media_field_is_placed(name: str) -> None:
    """No field falls back to "read every column": each is placed by default or by table."""
    needed = columns_for(MEDIA, [name])
    assert needed is not None and needed <= COLUMNS


def test_an_unknown_resolver_reads_every_column() -> None:
    custom = GraphQLField(GraphQLString, resolve=lambda obj, _info: obj.anything)
    fake = GraphQLObjectType("Media", {"title": MEDIA.fields["title"], "odd": custom})
    assert columns_for(fake, ["title"]) is not None
    assert columns_for(fake, ["title", "odd"]) is None


async def test_collection_media_fields_match_the_media_root(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    """Field by field: a collection's narrow rows answer what Media(id) answers."""
    alice = await build_lists(database)
    for name in MEDIA.fields:
        selection = _selection(name)
        if selection is None:
            continue
        body = await gql.data(
            f"query ($id: Int) {{ MediaListCollection(userId: $id, type: ANIME) {{"
            f" lists {{ entries {{ media {{ id {selection} }} }} }} }} }}",
            {"id": alice},
        )
        seen = {
            e["media"]["id"]: e["media"]
            for g in body["MediaListCollection"]["lists"]
            for e in g["entries"]
        }
        assert seen, name
        for media_id, media in seen.items():
            alone = await gql.data(f"{{ Media(id: {media_id}) {{ id {selection} }} }}")
            assert steady(media) == steady(alone["Media"]), (name, media_id)


async def test_a_collection_and_other_roots_in_one_request_keep_their_own_rows(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    """The collection's narrow rows stay with its entries: MediaList.media elsewhere is whole."""
    alice = await build_lists(database)
    body = await gql.data(
        """query ($id: Int) {
          MediaListCollection(userId: $id, type: ANIME) { lists { entries { media { id } } } }
          MediaList(userId: $id, mediaId: 1) { media { id description synonyms } }
        }""",
        {"id": alice},
    )
    assert body["MediaList"]["media"]["synonyms"] == ["CB"]
    assert "cowboys" in body["MediaList"]["media"]["description"]


async def test_media_root_fields_match_the_full_row(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    """Field by field: Media(id:) reads a narrow row, yet answers as the ORM path (sort:) does."""
    for media_id in (1, 21):
        for name in MEDIA.fields:
            selection = _selection(name)
            if selection is None:
                continue
            narrow = await gql.data(f"{{ Media(id: {media_id}) {{ {selection} }} }}")
            whole = await gql.data(f"{{ Media(id: {media_id}, sort: [ID]) {{ {selection} }} }}")
            assert steady(narrow["Media"]) == steady(whole["Media"]), (name, media_id)
