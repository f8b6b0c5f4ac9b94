"""MAL paths answer MAL's error object even where no MAL route could be matched."""

from __future__ import annotations

import pytest

from tests.dialects.mal.conftest import MalClient


@pytest.mark.parametrize(
    "path", ["/v2/users/%0A/animelist", "/v0.21/anime/%0A", "/v2/anime/1%0A/my_list_status"]
)
async def test_a_newline_in_a_mal_path_is_mals_404_not_fastapis(mal: MalClient, path: str) -> None:
    # Found by tests/fuzz/test_mal_openapi.py: a mount's pattern does not match a newline.
    r = await mal.get(path)
    assert (r.status_code, r.json()) == (404, {"error": "not_found", "message": ""})


async def test_other_unmatched_paths_keep_their_shape(mal: MalClient) -> None:
    r = await mal.get("/api/nowhere")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    assert (await mal.get("/nowhere%0A")).status_code == 404
