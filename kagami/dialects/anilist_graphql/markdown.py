"""``asHtml: true`` text fields and the ``Markdown`` root, rendered by ``kagami.markdown``."""

from __future__ import annotations

import sys
from typing import Final

from kagami.caching import BoundedCache
from kagami.markdown import render_markdown

# Lists repeat descriptions, so rendered HTML is kept; only texts up to 64 KiB (any real
# description or activity), 32 MiB in all, each for 10 minutes: the ``Markdown`` root
# renders whatever an anonymous caller sends, and none of that may stay for long.
_CACHE: Final = BoundedCache[str, str](max_bytes=32 << 20, max_age=600.0)
_MAX_CACHED_TEXT = 64 << 10


def to_html(text: str) -> str:
    """AniList-flavoured Markdown to sanitised HTML, cached within bounds."""
    html = _CACHE.get(text)
    if html is None:
        html = render_markdown(text) or ""
        if len(text) <= _MAX_CACHED_TEXT:
            _CACHE.put(text, html, sys.getsizeof(text) + sys.getsizeof(html))
    return html


def text_field(value: str | None, as_html: bool | None) -> str | None:
    """A text field as AniList returns it: raw Markdown, or sanitised HTML on ``asHtml``."""
    if value is None or not as_html:
        return value
    return to_html(value)
