"""IV-1 (mass assignment), IV-3 (length limits), IV-7 (GraphQL content types), IV-9 (Host)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.lists.models import ListEntry
from tests.auth_support import PASSWORD, csrf_of
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects


@pytest.fixture
def settings_update() -> dict[str, Any]:
    """A plain-http public URL: the test client keeps the session cookie (no Secure flag)."""
    return {"public_base_url": "http://kagami.test"}


async def test_IV_1_extra_fields_on_writes_are_ignored_or_refused_and_never_persisted(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media = await make_media(s, id_mal=8001, episodes=12)
        me, them = await make_user(s), await make_user(s)
        ids = (media.id, me.id, them.id)
    media_id, my_id, their_id = ids
    extra = {
        "is_admin": "1",
        "moderator_roles": '["ADMIN"]',
        "id": "999",
        "user_id": str(their_id),
        "updated_at": "1",
        "email_verified": "1",
        "donator_tier": "3",
    }
    r = await dialects.http.patch(
        "/v2/anime/8001/my_list_status",
        data={"status": "watching", **extra},
        headers=await dialects.mal_auth(my_id),
    )
    assert r.status_code in (200, 400), r.text
    r = await dialects.v1.post(
        "animelist", my_id, data={"id": str(media_id), "list_status": "watching", **extra}
    )
    assert r.status_code in (200, 422), r.text
    page = await dialects.http.get("/register")
    r = await dialects.http.post(
        "/register",
        data={
            "csrf_token": csrf_of(page.text),
            "name": "mallory",
            "email": "mallory@example.org",
            "password": PASSWORD,
            **extra,
        },
    )
    assert r.status_code in (303, 400), r.text
    mutation = "mutation { UpdateUser(moderatorRoles: [ADMIN], donatorTier: 3) { id } }"
    status, body = await dialects.gql(mutation, None, **await dialects.anilist(my_id))
    assert status == 400 and "errors" in body
    async with dialects.database.session() as s:
        users = (await s.execute(sa.select(User))).scalars().all()
        assert all(u.moderator_roles in (None, []) and u.donator_tier == 0 for u in users)
        entries = (await s.execute(sa.select(ListEntry))).scalars().all()
        assert {(e.user_id, e.media_id) for e in entries} <= {(my_id, media_id)}
        assert all(e.id != 999 and e.updated_at != 1 for e in entries)


async def test_IV_3_length_limits_are_a_validation_error_in_each_dialect(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        await make_media(s, id=1, id_mal=8002, episodes=12)
        user = (await make_user(s)).id
    anilist = await dialects.anilist(user)
    message = f"SaveMessageActivity(recipientId: {user}, message: $t) {{ id }}"
    too_long = [
        ("SaveMediaListEntry(mediaId: 1, notes: $t) { id }", 6001),
        ("SaveTextActivity(text: $t) { id }", 10001),
        ("SaveTextActivity(text: $t) { id }", 4),
        (message, 10001),
        (message, 1),
    ]
    for field, length in too_long:
        query = f"mutation ($t: String) {{ {field} }}"
        status, body = await dialects.gql(query, {"t": "x" * length}, **anilist)
        assert status == 400 and body["errors"][0]["message"] == "validation", (query, body)
    r = await dialects.v1.post(
        "animelist", user, data={"id": "1", "list_status": "watching", "notes": "x" * 6001}
    )
    assert r.status_code == 422, r.text
    r = await dialects.http.patch(
        "/v2/anime/8002/my_list_status",
        data={"status": "watching", "comments": "x" * 6001},
        headers=await dialects.mal_auth(user),
    )
    assert r.status_code == 400, r.text
    async with dialects.database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0


async def test_IV_7_graphql_mutations_need_a_json_post(dialects: Dialects) -> None:
    async with dialects.database.session() as s:
        user = (await make_user(s)).id
    headers = await dialects.anilist(user)
    mutation = 'mutation { SaveTextActivity(text: "Posted the wrong way.") { id } }'
    for content, kind in (
        (mutation, "text/plain"),
        (f"query={mutation}", "application/x-www-form-urlencoded"),
    ):
        r = await dialects.http.post(
            "/", content=content.encode(), headers={**headers, "Content-Type": kind}
        )
        assert r.status_code == 415, (kind, r.text)
        assert r.json()["errors"][0]["status"] == 415


async def test_IV_9_a_foreign_host_header_never_reaches_a_response(dialects: Dialects) -> None:
    async with dialects.database.session() as s:
        for n in range(3):
            await make_media(s, title_romaji=f"Hostile {n}", id_mal=8100 + n)
    evil = {"Host": "evil.example"}
    mal = {**evil, **dialects.mal.public}
    authorize = {"client_id": "1", "response_type": "token"}
    answers = [
        await dialects.http.get("/v2/anime", params={"q": "Hostile", "limit": 1}, headers=mal),
        await dialects.http.post(
            "/", json={"query": "{ Page { media { siteUrl } } }"}, headers=evil
        ),
        await dialects.http.get("/account", headers=evil),
        await dialects.http.get("/settings/developer", headers=evil),
        await dialects.http.get("/api/v2/oauth/authorize", params=authorize, headers=evil),
    ]
    assert "next" in answers[0].json()["paging"], answers[0].text
    for r in answers:
        text = r.text + " ".join(f"{k}: {v}" for k, v in r.headers.items())
        assert "evil.example" not in text, (r.request.url, r.status_code, text[:500])
    assert answers[0].json()["paging"]["next"].startswith("http://kagami.test/v2/anime?")
