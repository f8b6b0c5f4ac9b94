"""Placeholder images: every URL loads as a real PNG apps can decode, small, cached forever."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.web.images import DIMENSIONS, media_colour, placeholder_url, placeholder_urls

BASE = "https://kagami.example"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FEW_KB = 4096
SIZES = [(kind, size) for kind, sizes in DIMENSIONS.items() for size in sizes]


@dataclass
class Png:
    """What a strict reading of a PNG found: header fields, palette and decoded pixel rows."""

    width: int
    height: int
    bit_depth: int
    colour_type: int
    palette: list[tuple[int, int, int]]
    rows: list[bytes]


def read_png(data: bytes) -> Png:
    """Decode an 8-bit indexed PNG the way an image loader would; fails on any defect."""
    assert data[:8] == PNG_SIGNATURE
    chunks: list[tuple[bytes, bytes]] = []
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind, body = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        offset += 12 + length
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", chunks[0][1]
    )
    assert (compression, filtering, interlace) == (0, 0, 0)
    plte = b"".join(body for kind, body in chunks if kind == b"PLTE")
    palette = [tuple(plte[i : i + 3]) for i in range(0, len(plte), 3)]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(raw) == height * (width + 1)
    rows = [raw[y * (width + 1) : (y + 1) * (width + 1)] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type None
    assert max(max(row[1:]) for row in rows) < len(palette)  # every index has a colour
    return Png(width, height, depth, colour, palette, [row[1:] for row in rows])  # type: ignore[arg-type]


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


@pytest.mark.parametrize(("kind", "size"), SIZES)
async def test_every_placeholder_url_loads_as_a_small_png_of_the_right_size(
    client: httpx.AsyncClient, kind: str, size: str
) -> None:
    url = placeholder_url(BASE, kind, 16498, size)  # type: ignore[arg-type]
    assert url.endswith(".png")
    response = await _fetch(client, url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert len(response.content) <= FEW_KB
    png = read_png(response.content)
    assert (png.width, png.height) == DIMENSIONS[kind][size]
    assert (png.bit_depth, png.colour_type) == (8, 3)  # 8-bit indexed colour


@pytest.mark.parametrize(("kind", "size"), [s for s in SIZES if s[1] != "banner"])
async def test_placeholders_draw_a_glyph_on_a_tile_of_the_objects_colour(
    client: httpx.AsyncClient, kind: str, size: str
) -> None:
    png = read_png((await _fetch(client, placeholder_url(BASE, kind, 7, size))).content)  # type: ignore[arg-type]
    corner = png.palette[png.rows[0][0]]
    centre = png.palette[png.rows[png.height // 2][png.width // 2]]
    assert corner != centre  # something is drawn in the middle
    if kind == "media":  # the tile is coverImage.color, so clients' tinting matches
        assert "#{:02x}{:02x}{:02x}".format(*corner) == media_colour(7)


async def test_each_object_gets_its_own_colour(client: httpx.AsyncClient) -> None:
    tiles = set()
    for ident in range(20):
        png = read_png(
            (await _fetch(client, placeholder_url(BASE, "user", ident, "medium"))).content
        )
        tiles.add(png.palette[png.rows[0][0]])
    assert len(tiles) > 15


async def test_responses_cache_forever_and_revalidate_by_etag(client: httpx.AsyncClient) -> None:
    url = placeholder_url(BASE, "media", 1, "large")
    response = await _fetch(client, url)
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[\w-]+"', etag)
    again = await client.get(urlsplit(url).path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = await _fetch(client, placeholder_url(BASE, "media", 2, "large"))
    assert other.headers["etag"] != etag


@pytest.mark.parametrize(
    "old",
    [
        "/img/placeholder/media/16498/large.svg?t=SN",
        "/img/placeholder/media/16498/large.svg",
        "/img/placeholder/media/16498/large.svg?t=%3Cscript%3E",
        "/img/placeholder/media/16498/large.png?t=SN",
    ],
)
async def test_urls_handed_out_before_serve_the_same_png(
    client: httpx.AsyncClient, old: str
) -> None:
    current = await _fetch(client, placeholder_url(BASE, "media", 16498, "large"))
    response = await client.get(old)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content == current.content
    assert response.headers["etag"] == current.headers["etag"]


@pytest.mark.parametrize(
    "path",
    [
        "/img/placeholder/media/1/huge.png",
        "/img/placeholder/robot/1/large.png",
        "/img/placeholder/character/1/banner.png",
        "/img/placeholder/media/abc/large.png",
        "/img/placeholder/media/-1/large.png",
        "/img/placeholder/media/١/large.png",
        "/img/placeholder/media/1/large.gif",
        "/img/placeholder/media/1/huge.svg",
        "/img/placeholder/media/" + "9" * 19 + "/large.png",
    ],
)
async def test_unknown_kinds_sizes_and_ids_are_not_found(
    client: httpx.AsyncClient, path: str
) -> None:
    assert (await client.get(path)).status_code == 404


def test_media_colour_is_a_stable_hex_colour() -> None:
    assert re.fullmatch(r"#[0-9a-f]{6}", media_colour(16498))
    assert media_colour(16498) == media_colour(16498)
    assert len({media_colour(i) for i in range(50)}) > 40


def test_urls_are_absolute_under_the_base_url() -> None:
    urls = placeholder_urls(BASE + "/", "media", 5)
    assert set(urls) == {"extraLarge", "large", "medium", "banner"}
    assert urls["large"] == f"{BASE}/img/placeholder/media/5/large.png"
    assert placeholder_url(BASE, "user", 3, "medium") == f"{BASE}/img/placeholder/user/3/medium.png"
