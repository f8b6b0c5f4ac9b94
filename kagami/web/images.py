"""Generated placeholder images, so every image URL Kagami hands out loads.

A placeholder URL carries everything needed to draw it (kind, id, size and the initials),
so the route never touches the database and the response can be cached forever.
"""

from __future__ import annotations

import colorsys
import hashlib
import unicodedata
from typing import Literal
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Request
from starlette.responses import Response

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
_MAX_INITIALS = 2
_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    # An SVG opened directly is a document: forbid scripts and every fetch it could make.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter()


def initials(title: str | None) -> str:
    """Up to two letters standing for ``title``: word initials, or the start of a CJK title."""
    words = ["".join(ch for ch in word if ch.isalnum()) for word in (title or "").split()]
    words = [word for word in words if word]
    if not words:
        return ""
    if len(words) == 1:
        word = words[0]
        # One capital for alphabetic words; two characters for wide (CJK) titles.
        wide = unicodedata.east_asian_width(word[0]) in ("W", "F")
        return word[:_MAX_INITIALS] if wide else word[0].upper()
    return (words[0][0] + words[1][0]).upper()


def placeholder_colour(kind: str, ident: int) -> str:
    """A stable, mid-tone ``#rrggbb`` for one object, readable under white text."""
    digest = hashlib.sha256(f"{kind}:{ident}".encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 65535
    red, green, blue = colorsys.hls_to_rgb(hue, 0.42, 0.55)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def media_colour(ident: int) -> str:
    """The ``coverImage.color`` of a media without a real cover: its placeholder's colour."""
    return placeholder_colour("media", ident)


def placeholder_url(
    base_url: str, kind: ImageKind, ident: int, title: str | None, size: ImageSize
) -> str:
    """Absolute URL of the generated image for one object at one size."""
    path = f"{base_url.rstrip('/')}/img/placeholder/{kind}/{ident}/{size}.svg"
    text = initials(title)
    return f"{path}?t={quote(text, safe='')}" if text else path


def placeholder_urls(
    base_url: str, kind: ImageKind, ident: int, title: str | None
) -> dict[str, str]:
    """Every size ``kind`` has (e.g. media: extraLarge, large, medium, banner) mapped to its URL."""
    return {
        size: placeholder_url(base_url, kind, ident, title, size)  # type: ignore[arg-type]
        for size in DIMENSIONS[kind]
    }


def render_placeholder(kind: str, ident: int, size: str, text: str) -> str:
    """The SVG document: ``text`` centred on the object's colour, at the size's aspect ratio."""
    width, height = DIMENSIONS[kind][size]
    font_size = round(min(width, height) * (0.4 if len(text) < _MAX_INITIALS else 0.32))
    label = (
        f'<text x="50%" y="50%" fill="#ffffff" font-family="system-ui, sans-serif" '
        f'font-size="{font_size}" font-weight="600" text-anchor="middle" '
        f'dominant-baseline="central">{escape(text)}</text>'
        if text
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(text or kind)}>'
        f'<rect width="100%" height="100%" fill="{placeholder_colour(kind, ident)}"/>'
        f"{label}</svg>"
    )


def _clean_text(raw: str) -> str:
    """Only letters and digits, at most two: the query string is attacker-controlled."""
    return "".join(ch for ch in raw if ch.isalnum())[:_MAX_INITIALS]


@router.get("/img/placeholder/{kind}/{ident}/{size}.svg", include_in_schema=False)
async def placeholder(request: Request, kind: str, ident: str, size: str, t: str = "") -> Response:
    """Serve a generated placeholder image (immutable: everything it shows is in the URL)."""
    if (
        size not in DIMENSIONS.get(kind, {})
        or not (ident.isascii() and ident.isdigit())
        or len(ident) > 18
    ):
        return Response("Not Found", status_code=404, media_type="text/plain")
    body = render_placeholder(kind, int(ident), size, _clean_text(t)).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {**_HEADERS, "ETag": etag}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="image/svg+xml", headers=headers)
