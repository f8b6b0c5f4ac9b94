"""IV-5 (hostile search strings, LIKE wildcards, sort enums) and IV-6 (out-of-range ids)."""

from __future__ import annotations

import pytest

from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

HOSTILE = ["%", "_", "\\", "'", '"', "%%%_", "a%b", "\\%", "' OR 1=1 --", "ｱﾆﾒ", "🎌🎌🎌", "Ω≈ç√"]


@pytest.fixture
async def titles(dialects: Dialects) -> None:
    """Three plain titles, none holding a wildcard character."""
    async with dialects.database.session() as s:
        for n, title in enumerate(("Cowboy Bebop", "Trigun", "Monster")):
            await make_media(s, title_romaji=title, id_mal=9000 + n)
        await make_user(s, name="plainname")


async def test_IV_5_hostile_search_strings_never_fail_and_wildcards_match_literally(
    dialects: Dialects, titles: None
) -> None:
    query = """query ($s: String, $u: String) { Page { media(search: $s) { id } }
      User(name: $u) { id } }"""
    for text in HOSTILE:
        status, body = await dialects.gql(query, {"s": text, "u": text})
        assert status in (200, 404), (text, body)  # no such user: AniList's 404
        assert body["data"]["Page"]["media"] == [], text  # '%' never matches everything
        r = await dialects.http.get(
            "/v2/anime", params={"q": text * 3}, headers=dialects.mal.public
        )
        assert r.status_code in (200, 400) and (r.status_code == 400 or r.json()["data"] == []), (
            text
        )
        r = await dialects.http.get(
            f"/api/anime/search/{text}", headers=await dialects.v1.auth(None)
        )
        assert r.status_code < 500, (text, r.text)
    status, body = await dialects.gql("{ Page { media(sort: [TITLE_ROMAJI; DROP]) { id } } }")
    assert status == 400
    status, body = await dialects.gql(
        "query ($s: [MediaSort]) { Page { media(sort: $s) { id } } }", {"s": ["id; DROP TABLE"]}
    )
    assert status == 400 and "errors" in body


async def test_IV_6_out_of_range_or_malformed_ids_are_400_or_404_never_500(
    dialects: Dialects,
) -> None:
    for literal in ("2147483648", "-2147483649", "99999999999999999999"):
        status, body = await dialects.gql(f"{{ Media(id: {literal}) {{ id }} }}")
        assert status == 400, (literal, body)
    status, body = await dialects.gql(
        "query ($ids: [Int]) { Page { media(id_in: $ids) { id } } }", {"ids": [1] * 10_001}
    )
    assert status == 400, body
    v1 = await dialects.v1.auth(None)
    mal = dialects.mal.public
    for ident in ("9223372036854775808", "-1", "abc", "1e3", "٣"):
        r = await dialects.http.get(f"/api/anime/{ident}", headers=v1)
        assert r.status_code in (404, 422), (ident, r.text)
        r = await dialects.http.get(f"/v2/anime/{ident}", headers=mal)
        assert r.status_code in (400, 404), (ident, r.text)
        r = await dialects.http.get(f"/v0.21/anime/{ident}", headers=mal)
        assert r.status_code in (400, 404, 405), (ident, r.text)
