"""Placeholder images: every URL loads, draws safely, and caches forever."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.web.images import (
    DIMENSIONS,
    initials,
    media_colour,
    placeholder_url,
    placeholder_urls,
)

BASE = "https://kagami.example"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'k.sqlite3'}",
        public_base_url=BASE,
        _env_file=None,
    )
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


async def _fetch(client: httpx.AsyncClient, url: str) -> httpx.Response:
    parts = urlsplit(url)
    return await client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


@pytest.mark.parametrize(
    ("kind", "size"), [(kind, size) for kind, sizes in DIMENSIONS.items() for size in sizes]
)
async def test_every_placeholder_url_loads_as_svg_of_the_right_size(
    client: httpx.AsyncClient, kind: str, size: str
) -> None:
    url = placeholder_url(BASE, kind, 16498, "Shingeki no Kyojin", size)  # type: ignore[arg-type]
    response = await _fetch(client, url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert (int(root.get("width", 0)), int(root.get("height", 0))) == DIMENSIONS[kind][size]
    assert root.find(f"{SVG}text").text == "SN"  # type: ignore[union-attr]


async def test_responses_cache_forever_and_revalidate_by_etag(client: httpx.AsyncClient) -> None:
    url = placeholder_url(BASE, "media", 1, "Titan", "large")
    response = await _fetch(client, url)
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    etag = response.headers["etag"]
    parts = urlsplit(url)
    again = await client.get(f"{parts.path}?{parts.query}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "🎉🎉 Party",
        "مرحبا بالعالم",
        "",
        "   ",
        None,
        '" onload="x',
        "&amp;",
    ],
)
async def test_hostile_or_odd_titles_still_render_well_formed_svg(
    client: httpx.AsyncClient, title: str | None
) -> None:
    response = await _fetch(client, placeholder_url(BASE, "character", 7, title, "large"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert b"<script" not in response.content
    assert not [el for el in root.iter() if any(a.startswith("on") for a in el.attrib)]


@pytest.mark.parametrize(
    "query",
    ["<script>", "%3Cscript%3E", "%22%3E%3Cscript%3Ealert(1)%3C/script%3E", "&lt;", "x" * 500],
)
async def test_hand_made_text_parameter_cannot_inject_markup(
    client: httpx.AsyncClient, query: str
) -> None:
    response = await client.get(f"/img/placeholder/media/1/large.svg?t={query}")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    text = root.find(f"{SVG}text")
    assert text is None or re.fullmatch(r"\w{1,2}", text.text or "")


@pytest.mark.parametrize(
    "path",
    [
        "/img/placeholder/media/1/huge.svg",
        "/img/placeholder/robot/1/large.svg",
        "/img/placeholder/character/1/banner.svg",
        "/img/placeholder/media/abc/large.svg",
        "/img/placeholder/media/-1/large.svg",
        "/img/placeholder/media/١/large.svg",
    ],
)
async def test_unknown_kinds_sizes_and_ids_are_not_found(
    client: httpx.AsyncClient, path: str
) -> None:
    assert (await client.get(path)).status_code == 404


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Shingeki no Kyojin", "SN"),
        ("Titan", "T"),
        ("進撃の巨人", "進撃"),
        ("Re:Zero kara Hajimeru", "RK"),
        ("🎉", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_initials_stand_for_the_title(title: str | None, expected: str) -> None:
    assert initials(title) == expected


def test_media_colour_is_a_stable_hex_colour() -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", media_colour(16498))
    assert media_colour(16498) == media_colour(16498)
    assert len({media_colour(i) for i in range(50)}) > 40


def test_urls_are_absolute_under_the_base_url() -> None:
    urls = placeholder_urls(BASE + "/", "media", 5, "A B")
    assert set(urls) == {"extraLarge", "large", "medium", "banner"}
    assert urls["large"] == f"{BASE}/img/placeholder/media/5/large.svg?t=AB"
    assert (
        placeholder_url(BASE, "user", 3, "", "medium")
        == f"{BASE}/img/placeholder/user/3/medium.svg"
    )
