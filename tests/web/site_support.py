"""Helpers for the site tests: a catalogue, signed-in people, and posting a page's forms."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.auth_support import csrf_of, register


@asynccontextmanager
async def person(app_client: httpx.AsyncClient, name: str) -> AsyncIterator[httpx.AsyncClient]:
    """Another browser on the same app, registered and signed in as ``name``."""
    transport = httpx.ASGITransport(app=app_client.app)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await register(client, name)
        yield client


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """GET ``page`` (HTML), then POST ``data`` with its CSRF token to ``action``."""
    html = (await client.get(page, headers=HTML)).text
    return await client.post(action, data={"csrf_token": csrf_of(html), **(data or {})})


HTML = {"accept": "text/html"}


def text_of(html: str) -> str:
    """The page's visible words, tags dropped and spaces squeezed (for plain assertions)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
