"""gql, a generic GraphQL client: it loads Kagami's schema by introspection and validates
every query against it before sending. Pointed at Kagami by its transport's ``url``."""

from __future__ import annotations

from typing import Any

from _protocol import run
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

MEDIA = gql("query ($id: Int) { Media(id: $id) { id title { romaji english native } } }")
SEARCH = gql(
    """query ($search: String, $page: Int, $perPage: Int) {
      Page(page: $page, perPage: $perPage) {
        pageInfo { total hasNextPage }
        media(search: $search, type: ANIME, sort: SEARCH_MATCH) { id title { romaji } }
      }
    }"""
)
VIEWER = gql("query { Viewer { id name } }")
LIST = gql(
    """query ($userId: Int, $type: MediaType) {
      MediaListCollection(userId: $userId, type: $type) {
        lists { name status entries { mediaId status score progress } }
      }
    }"""
)


def _client(request: dict[str, Any]) -> Client:
    headers = {"Authorization": f"Bearer {request['token']}"} if request.get("token") else None
    transport = RequestsHTTPTransport(url=request["base_url"], headers=headers, timeout=30)
    return Client(transport=transport, fetch_schema_from_transport=True)


def schema(request: dict[str, Any]) -> dict[str, Any]:
    """Load the schema by introspection (graphql-core builds a client schema from it)."""
    with _client(request) as session:
        assert session.client.schema is not None
        names = sorted(session.client.schema.type_map)
    return {"types": len(names), "has_media": "Media" in names}


def media(request: dict[str, Any]) -> dict[str, Any]:
    """Read one media by id."""
    with _client(request) as session:
        found = session.execute(MEDIA, variable_values={"id": request["id"]})["Media"]
    title = found["title"]
    return {"id": found["id"], "romaji": title["romaji"], "english": title["english"]}


def search(request: dict[str, Any]) -> dict[str, Any]:
    """Search anime by title."""
    variables = {"search": request["search"], "page": 1, "perPage": 25}
    with _client(request) as session:
        page = session.execute(SEARCH, variable_values=variables)["Page"]
    return {"ids": [m["id"] for m in page["media"]]}


def viewer_list(request: dict[str, Any]) -> dict[str, Any]:
    """With the user's token: find the viewer, then read their anime list."""
    with _client(request) as session:
        viewer = session.execute(VIEWER)["Viewer"]
        variables = {"userId": viewer["id"], "type": "ANIME"}
        collection = session.execute(LIST, variable_values=variables)["MediaListCollection"]
    entries = [e for group in collection["lists"] for e in group["entries"]]
    return {"viewer": viewer["name"], "entries": entries}


run({"schema": schema, "media": media, "search": search, "list": viewer_list})
