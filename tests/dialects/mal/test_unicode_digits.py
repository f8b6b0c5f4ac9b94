"""Unicode digits in MAL ids and parameters are MAL's bad input: never a 500."""

from __future__ import annotations

from tests.dialects.mal.conftest import MalClient


async def test_unicode_digit_ids_and_parameters_are_bad_input(mal: MalClient) -> None:
    for path in (
        "/v2/anime/²?fields=id",
        "/v2/forum/topic/²",
        "/v2/anime/season/²٠٢٣/fall",
        "/v2/anime?q=abc&limit=²",
        "/v2/forum/topics?board_id=²",
    ):
        r = await mal.get(path)
        assert r.status_code in (400, 404), (path, r.status_code, r.text)
        assert "error" in r.json(), path
