"""The example queries of the AniList API notes (seed 000), verbatim minus ``// ...`` lines."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.lists_data import build_lists

MEDIA_BY_ID = """
query ($id: Int) {
  Media (id: $id, type: ANIME) {
    id
    title {
      romaji
      english
      native
    }
  }
}
"""

SEARCH = """
query ($query: String) {
  AnimeSearch: Page {
    media(search: $query, type: ANIME) {
      id
      title {
        userPreferred
      }
      coverImage {
        large
      }
    }
  }
}
"""

CHARACTER = """
query ($id: Int!) {
  Character (id: $id) {
    id
    name {
      first
      last
      native
      alternative
    }
    description
    isFavourite
    image {
      medium
      large
    }
  }
}
"""

MEDIA_DETAILS = """
query ($id: Int!, $type: MediaType) {
  Media(id: $id, type: $type) {
    id
    title {
      romaji
      english
      native
      userPreferred
    }
  }
}
"""

LIST = """
query ($id: Int!, $listType: MediaType) {
  MediaListCollection (userId: $id, type: $listType) {
    lists {
      name
      isCustomList
      isSplitCompletedList
      entries {
        ... mediaListEntry
      }
    }
    user {
      id
      name
      avatar {
        large
      }
      mediaListOptions {
        scoreFormat
        rowOrder
      }
    }
  }
}

fragment mediaListEntry on MediaList {
  id
  score
  scoreRaw: score (format: POINT_100)
  media {
    id
    title {
      userPreferred
    }
  }
}
"""

PAGINATION = """
query ($id: Int, $page: Int, $perPage: Int, $search: String) {
  Page (page: $page, perPage: $perPage) {
    pageInfo {
      currentPage
      hasNextPage
      perPage
    }
    media (id: $id, search: $search) {
      id
      title {
        romaji
      }
    }
  }
}
"""


async def test_media_by_id_example(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(MEDIA_BY_ID, {"id": 15125})
    assert body == {
        "Media": {
            "id": 15125,
            "title": {"romaji": "Teekyuu", "english": None, "native": "てーきゅう"},
        }
    }


async def test_search_example(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(SEARCH, {"query": "cowboy"})
    found = body["AnimeSearch"]["media"]
    assert [m["id"] for m in found] == [1, 5]
    assert all(m["coverImage"]["large"].startswith("http") for m in found)


async def test_character_example(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(CHARACTER, {"id": 1})
    character = body["Character"]
    assert character["name"] == {
        "first": "Spike",
        "last": "Spiegel",
        "native": "スパイク・スピーゲル",
        "alternative": [],
    }
    assert character["isFavourite"] is False
    assert character["image"]["large"].startswith("http")


@pytest.mark.parametrize("variables", [{"id": 1, "type": "ANIME"}, {"id": 30013}])
async def test_media_details_example(
    gql: GraphQLClient, catalogue: Catalogue, variables: dict[str, Any]
) -> None:
    body = await gql.data(MEDIA_DETAILS, variables)
    assert body["Media"]["id"] == variables["id"]


async def test_user_list_example(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    body = await gql.data(LIST, {"id": alice, "listType": "ANIME"})
    collection = body["MediaListCollection"]
    assert collection["user"]["mediaListOptions"] == {"scoreFormat": "POINT_5", "rowOrder": "score"}
    completed = next(g for g in collection["lists"] if g["name"] == "Completed")
    assert completed["entries"][0]["score"] == 5 and completed["entries"][0]["scoreRaw"] == 90
    assert completed["entries"][0]["media"]["title"]["userPreferred"] == "Cowboy Bebop"


async def test_pagination_example(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(PAGINATION, {"page": 1, "perPage": 3, "search": "o"})
    assert body["Page"]["pageInfo"] == {"currentPage": 1, "hasNextPage": True, "perPage": 3}
    assert len(body["Page"]["media"]) == 3
