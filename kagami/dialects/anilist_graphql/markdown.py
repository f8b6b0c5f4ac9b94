"""``asHtml: true`` text fields and the ``Markdown`` root, rendered by ``kagami.markdown``."""

from __future__ import annotations

from functools import lru_cache

from kagami.markdown import render_markdown


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """AniList-flavoured Markdown to sanitised HTML; cached because lists repeat descriptions."""
    return render_markdown(text) or ""


def text_field(value: str | None, as_html: bool | None) -> str | None:
    """A text field as AniList returns it: raw Markdown, or sanitised HTML on ``asHtml``."""
    if value is None or not as_html:
        return value
    return to_html(value)
