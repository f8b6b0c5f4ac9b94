"""Unicode digits in v1 ids and filters are bad input in v1's shape: never a 500, never id 3."""

from __future__ import annotations

from tests.dialects.anilist_v1.conftest import V1Client


async def test_unicode_digit_ids_are_not_found_or_invalid(v1: V1Client) -> None:
    for path in ("user/²", "user/٣", "user/²/reviews", "forum/tag?tags=²", "browse/anime?type=²"):
        r = await v1.get(path, user=None)
        assert r.status_code in (404, 422), (path, r.status_code, r.text)
        assert "error" in r.json(), path
