"""AZ-9: one person's developer clients and app grants are out of another's reach (404)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.oauth.enums import GrantType, TokenDialect
from tests.auth_support import REDIRECT, csrf_of, register
from tests.security.conftest import Dialects


@pytest.fixture
def settings_update() -> dict[str, Any]:
    """Plain http, so the test client keeps the session cookie (no Secure flag)."""
    return {"public_base_url": "http://test"}


def _page(r: httpx.Response) -> str:
    """A page's text without its per-render CSRF tokens."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", r.text)


async def _client(http: httpx.AsyncClient, name: str) -> str:
    page = await http.get("/settings/developer")
    r = await http.post(
        "/settings/developer/clients",
        data={"csrf_token": csrf_of(page.text), "name": name, "redirect_uris": REDIRECT},
    )
    found = re.search(r'id="anilist-client-id">(\d+)<', r.text)
    assert r.status_code == 200 and found, r.text
    return found.group(1)


async def test_AZ_9_another_users_clients_and_grants_are_404_and_untouched(
    dialects: Dialects,
) -> None:
    alice = dialects.http
    transport = httpx.ASGITransport(app=dialects.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as bob:
        await register(bob, "bob")
        bobs = await _client(bob, "Bobs Secret App")
        await register(alice, "alice")
        await _client(alice, "Alices App")
        async with dialects.database.session() as s:
            bob_id = await s.scalar(sa.select(User.id).where(User.name == "bob"))
            issued = await dialects.app.state.token_issuer.issue(
                s,
                client_id=int(bobs),
                user_id=bob_id,
                dialect=TokenDialect.ANILIST_V1,
                grant=GrantType.AUTHORIZATION_CODE,
            )
        bob_token = {"Authorization": f"Bearer {issued.access_token}"}
        before = _page(await bob.get(f"/settings/developer/clients/{bobs}"))

        page = await alice.get("/settings/developer")
        assert "Alices App" in page.text and "Bobs Secret App" not in page.text
        token = csrf_of(page.text)
        assert (await alice.get(f"/settings/developer/clients/{bobs}")).status_code == 404
        for suffix, data in (
            ("", {"name": "Hijacked", "redirect_uris": REDIRECT}),
            ("/secret", {}),
            ("/delete", {}),
        ):
            r = await alice.post(
                f"/settings/developer/clients/{bobs}{suffix}", data={"csrf_token": token, **data}
            )
            assert r.status_code == 404, (suffix, r.text)
        account = await alice.get("/account")
        r = await alice.post(
            f"/account/apps/{bobs}/revoke", data={"csrf_token": csrf_of(account.text)}
        )
        assert r.status_code == 404, r.text
        after = _page(await bob.get(f"/settings/developer/clients/{bobs}"))
        assert after == before and "Bobs Secret App" in after
        assert (await bob.get("/api/user", headers=bob_token)).status_code == 200
