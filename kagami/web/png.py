"""A minimal PNG writer for flat-colour placeholder art: indexed colour, zlib only.

Placeholders are a handful of flat shapes, so a palette image with one byte per pixel is
enough, compresses to a few KB, and needs no imaging library. The pixel data of a shape
does not depend on its colours, so it is compressed once and reused with any palette.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence

Rgb = tuple[int, int, int]
Span = tuple[float, float]  # covered x range of one pixel row, [start, end)

SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHADES = 5  # palette entries from background (0) to foreground (SHADES - 1)
_BIT_DEPTH, _INDEXED = 8, 3


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def shaded_palette(background: Rgb, foreground: Rgb) -> list[Rgb]:
    """``SHADES`` colours blending background into foreground (edge pixels use the middle)."""
    steps = SHADES - 1
    return [
        (
            round(background[0] + (foreground[0] - background[0]) * i / steps),
            round(background[1] + (foreground[1] - background[1]) * i / steps),
            round(background[2] + (foreground[2] - background[2]) * i / steps),
        )
        for i in range(SHADES)
    ]


def _merge(spans: Sequence[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _row(width: int, spans: Sequence[Span]) -> bytes:
    """One filtered scanline: palette indexes, edges shaded by how much of a pixel is covered."""
    row = bytearray(width + 1)  # leading 0: PNG filter type None
    top = SHADES - 1
    for start, end in _merge(spans):
        start, end = max(start, 0.0), min(end, float(width))
        if end <= start:
            continue
        first, last = math.floor(start), math.ceil(end) - 1
        if first == last:
            row[1 + first] = max(row[1 + first], round((end - start) * top))
            continue
        row[1 + first] = max(row[1 + first], round((first + 1 - start) * top))
        row[1 + last] = max(row[1 + last], round((end - last) * top))
        if last > first + 1:
            row[2 + first : 1 + last] = bytes([top]) * (last - first - 1)
    return bytes(row)


def compress_rows(width: int, rows: Sequence[Sequence[Span]]) -> bytes:
    """The zlib stream of an image's scanlines, given each row's covered spans."""
    return zlib.compress(b"".join(_row(width, spans) for spans in rows), 9)


def encode_png(width: int, height: int, palette: Sequence[Rgb], compressed: bytes) -> bytes:
    """A complete indexed-colour PNG from a palette and ``compress_rows`` output."""
    header = struct.pack(">IIBBBBB", width, height, _BIT_DEPTH, _INDEXED, 0, 0, 0)
    colours = b"".join(bytes(rgb) for rgb in palette)
    return (
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"PLTE", colours)
        + _chunk(b"IDAT", compressed)
        + _chunk(b"IEND", b"")
    )
