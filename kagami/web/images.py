"""Generated placeholder images, so every image URL Kagami hands out loads in any app.

A placeholder is a PNG (the image loaders of Android and iOS apps do not decode SVG): a
tile in the object's own colour (``coverImage.color`` for media) with a lighter glyph, a
picture for covers and a bust for people, a few KB each. Everything it shows follows from
the URL (kind, id, size), so the route never touches the database and the response is
cacheable forever. URLs handed out before (``.svg``, with a ``?t=`` initials parameter)
answer with the same PNG.
"""

from __future__ import annotations

import colorsys
import hashlib
import math
from functools import lru_cache
from typing import Literal

from fastapi import APIRouter, Request
from starlette.responses import Response

from kagami.digits import ascii_digits
from kagami.web.png import Rgb, Span, compress_rows, encode_png, shaded_palette

ImageKind = Literal["media", "character", "staff", "user", "studio"]
ImageSize = Literal["extraLarge", "large", "medium", "banner"]

_COVER = {"extraLarge": (460, 650), "large": (230, 325), "medium": (100, 140)}
_PORTRAIT = {"large": (230, 345), "medium": (50, 75)}  # AniList character/staff images
_SQUARE = {"large": (230, 230), "medium": (100, 100)}
_BANNER = {"banner": (1900, 400)}
DIMENSIONS: dict[str, dict[str, tuple[int, int]]] = {
    "media": {**_COVER, **_BANNER},
    "character": _PORTRAIT,
    "staff": _PORTRAIT,
    "user": {**_SQUARE, **_BANNER},
    "studio": _SQUARE,
}
_PEOPLE = frozenset({"character", "staff", "user"})
_GLYPH_LIGHTNESS = 0.3  # how far the glyph's colour moves from the tile's toward white
_VERSION = "p1"  # part of the ETag: bump when the drawing changes
_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter()


def _rgb(kind: str, ident: int) -> Rgb:
    digest = hashlib.sha256(f"{kind}:{ident}".encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 65535
    red, green, blue = colorsys.hls_to_rgb(hue, 0.42, 0.55)
    return round(red * 255), round(green * 255), round(blue * 255)


def placeholder_colour(kind: str, ident: int) -> str:
    """A stable, mid-tone ``#rrggbb`` for one object: its placeholder tile's colour."""
    return "#{:02x}{:02x}{:02x}".format(*_rgb(kind, ident))


def media_colour(ident: int) -> str:
    """The ``coverImage.color`` of a media without a real cover: its placeholder's colour."""
    return placeholder_colour("media", ident)


def placeholder_url(base_url: str, kind: ImageKind, ident: int, size: ImageSize) -> str:
    """Absolute URL of the generated image for one object at one size."""
    return f"{base_url.rstrip('/')}/img/placeholder/{kind}/{ident}/{size}.png"


def placeholder_urls(base_url: str, kind: ImageKind, ident: int) -> dict[str, str]:
    """Every size ``kind`` has (e.g. media: extraLarge, large, medium, banner) mapped to its URL."""
    return {
        size: placeholder_url(base_url, kind, ident, size)  # type: ignore[arg-type]
        for size in DIMENSIONS[kind]
    }


def _circle(cx: float, cy: float, r: float, y: float) -> Span:
    dy = y - cy
    if abs(dy) >= r:
        return (0.0, 0.0)
    dx = math.sqrt(r * r - dy * dy)
    return (cx - dx, cx + dx)


def _triangle(apex: tuple[float, float], left: float, right: float, base: float, y: float) -> Span:
    """An upright triangle from ``apex`` down to the base line ``left``..``right`` at ``base``."""
    ax, ay = apex
    if not ay <= y < base:
        return (0.0, 0.0)
    t = (y - ay) / (base - ay)
    return (ax + (left - ax) * t, ax + (right - ax) * t)


def _bust(w: int, h: int, y: float) -> list[Span]:
    """Head and shoulders, centred: people's avatars."""
    unit = min(w, h / 1.2)
    head = _circle(w / 2, h * 0.4, unit * 0.2, y)
    # Shoulders: the top half of an ellipse standing on the bottom edge.
    cy, rx, ry = h * 0.62 + unit * 0.5, unit * 0.38, unit * 0.3
    if y < cy - ry:
        return [head]
    dx = rx if y >= cy else rx * math.sqrt(max(0.0, 1 - ((y - cy) / ry) ** 2))
    return [head, (w / 2 - dx, w / 2 + dx)]


def _picture(w: int, h: int, y: float) -> list[Span]:
    """A sun over two mountains, centred: covers and studio logos."""
    unit = min(w, h)
    top, base = h / 2 - unit * 0.2, h / 2 + unit * 0.2
    mid = w / 2
    return [
        _circle(mid + unit * 0.17, top + unit * 0.07, unit * 0.07, y),
        _triangle(
            (mid - unit * 0.08, top + unit * 0.08), mid - unit * 0.34, mid + unit * 0.18, base, y
        ),
        _triangle(
            (mid + unit * 0.16, top + unit * 0.18), mid - unit * 0.02, mid + unit * 0.34, base, y
        ),
    ]


@lru_cache(maxsize=len([s for sizes in DIMENSIONS.values() for s in sizes]))
def _pixels(kind: str, size: str) -> bytes:
    """The compressed pixel rows of one kind and size (the same for every object)."""
    w, h = DIMENSIONS[kind][size]
    if size == "banner":
        rows: list[list[Span]] = [[] for _ in range(h)]  # a plain tile behind the header
    else:
        glyph = _bust if kind in _PEOPLE else _picture
        rows = [glyph(w, h, y + 0.5) for y in range(h)]
    return compress_rows(w, rows)


def render_placeholder(kind: str, ident: int, size: str) -> bytes:
    """The PNG: the object's colour with a lighter glyph, at the size's dimensions."""
    w, h = DIMENSIONS[kind][size]
    tile = _rgb(kind, ident)
    glyph = tuple(round(c + (255 - c) * _GLYPH_LIGHTNESS) for c in tile)
    palette = shaded_palette(tile, glyph)  # type: ignore[arg-type]
    return encode_png(w, h, palette, _pixels(kind, size))


@router.get("/img/placeholder/{kind}/{ident}/{size}.png", include_in_schema=False)
@router.get("/img/placeholder/{kind}/{ident}/{size}.svg", include_in_schema=False)
async def placeholder(request: Request, kind: str, ident: str, size: str) -> Response:
    """Serve a generated placeholder PNG (immutable: everything it shows is in the URL)."""
    if size not in DIMENSIONS.get(kind, {}) or not ascii_digits(ident) or len(ident) > 18:
        return Response("Not Found", status_code=404, media_type="text/plain")
    number = int(ident)
    etag = f'"{_VERSION}-{kind}-{number}-{size}"'
    headers = {**_HEADERS, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(render_placeholder(kind, number, size), media_type="image/png", headers=headers)
