"""Small leaks (issue #10, item 7): registration does not reveal taken emails, and pages
shown to a signed-in person are never stored by caches."""

from __future__ import annotations

import re

import httpx
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.db import Database
from tests.auth_support import REDIRECT, csrf_of, make_client, register


def _shape(r: httpx.Response) -> tuple[object, ...]:
    """Everything a registrant can observe, minus values that are random per response."""
    cookies = sorted(h.split("=")[0] for h in r.headers.get_list("set-cookie"))
    random = ("set-cookie", "date", "x-request-id")
    headers = sorted((k, v) for k, v in r.headers.items() if k not in random)
    return r.status_code, headers, cookies, r.text


async def test_register_answers_a_taken_email_exactly_like_a_fresh_one(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "owner", email="taken@example.org", log_in=False)
    app_client.cookies.clear()
    taken = await register(app_client, "second", email="Taken@Example.org", log_in=False)
    app_client.cookies.clear()
    fresh = await register(app_client, "third", email="fresh@example.org", log_in=False)
    assert _shape(taken) == _shape(fresh)
    assert "already" not in taken.text.lower()
    async with database.session() as session:
        names = set(await session.scalars(sa.select(User.name)))
    assert names == {"owner", "third"}  # the only difference: which account exists


async def test_registering_leads_to_log_in_with_a_neutral_notice(
    app_client: httpx.AsyncClient,
) -> None:
    r = await register(app_client, "alice", log_in=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?")
    page = await app_client.get(r.headers["location"])
    assert "log in" in page.text.lower() and re.search(r'name="next" value="/account"', page.text)


async def test_every_signed_in_page_is_no_store(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    created = await app_client.post(
        "/settings/developer/clients",
        data={
            "csrf_token": csrf_of((await app_client.get("/settings/developer")).text),
            "name": "Mine",
            "redirect_uris": REDIRECT,
        },
    )
    mine = re.search(r'id="anilist-client-id">(\d+)<', created.text)
    assert mine
    c = await make_client(database)
    pages = [
        "/account",
        "/settings/developer",
        f"/settings/developer/clients/{mine.group(1)}",
        f"/api/v2/oauth/authorize?client_id={c.id}&redirect_uri={REDIRECT}&response_type=code",
    ]
    for path in pages:
        r = await app_client.get(path)
        assert r.status_code == 200, (path, r.text)
        assert r.headers.get("cache-control") == "no-store", path
