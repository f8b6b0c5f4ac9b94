"""MAL v2 /anime/{id}/characters (undocumented; used by client libraries)."""

from __future__ import annotations

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import MalClient


async def test_characters_main_first_with_mals_roles(mal: MalClient, catalogue: Catalogue) -> None:
    r = await mal.get("/v2/anime/1/characters", params={"fields": "num_favorites"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert [(i["node"]["id"], i["role"]) for i in data] == [
        (1, "main"),
        (2, "main"),
        (3, "supporting"),
    ]
    assert data[1]["node"]["num_favorites"] == 200
    assert (data[0]["node"]["first_name"], data[0]["node"]["last_name"]) == ("Spike", "Spiegel")
    assert (data[1]["node"]["first_name"], data[1]["node"]["last_name"]) == ("Faye Valentine", "")
    assert set(data[1]["node"]) >= {"id", "first_name", "last_name", "num_favorites"}


async def test_characters_paging_and_unknown_anime(mal: MalClient, catalogue: Catalogue) -> None:
    body = (await mal.get("/v2/anime/1/characters", params={"limit": "2"})).json()
    assert len(body["data"]) == 2 and "next" in body["paging"]
    assert (await mal.get("/v2/anime/424242/characters")).status_code == 404
    assert (await mal.get("/v2/manga/13/characters")).status_code == 404
