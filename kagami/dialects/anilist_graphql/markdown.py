"""AniList-flavoured Markdown to sanitized HTML (``asHtml: true`` and the ``Markdown`` root)."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"breaks": True, "linkify": False}).enable("strikethrough")
_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
    "span",
    "div",
    "center",
}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}


@lru_cache(maxsize=4096)
def to_html(text: str) -> str:
    """Render Markdown, then strip every tag, attribute and URL scheme not on the allow-list."""
    return nh3.clean(
        _md.render(text),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def text_field(value: str | None, as_html: bool | None) -> str | None:
    """A text field as AniList returns it: raw Markdown, or sanitized HTML on ``asHtml``."""
    if value is None or not as_html:
        return value
    return to_html(value)
