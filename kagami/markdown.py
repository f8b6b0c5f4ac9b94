"""AniList-flavoured markdown to sanitised HTML, for ``asHtml: true`` and the ``Markdown`` field.

markdown-it-py renders CommonMark (with raw HTML, tables and strikethrough, single
newlines as ``<br>`` like AniList); AniList's own syntax is rewritten to HTML first;
nh3 then removes everything outside a small allowlist, so stored text can never
script the pages or apps that show it.
"""

from __future__ import annotations

import re
from html import escape
from typing import Final

import nh3
from markdown_it import MarkdownIt

_MD: Final = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable(
    ["table", "strikethrough"]
)

_TAGS: Final = {
    *("p", "br", "hr", "a", "img", "span", "div", "blockquote", "pre", "code"),
    *("strong", "b", "em", "i", "u", "del", "s", "sub", "sup"),
    *("ul", "ol", "li", "h1", "h2", "h3", "h4", "h5"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
_ATTRIBUTES: Final = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width"},
    "div": {"align"},
    "ol": {"start"},
}
_CLASSES: Final = {"span": {"markdown_spoiler"}}
_URL_SCHEMES: Final = {"http", "https", "mailto"}

# AniList extensions, rewritten to HTML before markdown-it runs.
_CENTER: Final = re.compile(r"~~~(.*?)~~~", re.DOTALL)
_SPOILER: Final = re.compile(r"~!(.*?)!~", re.DOTALL)
_IMAGE: Final = re.compile(r"img(\d{1,4}%?)?\(([^()\s]+)\)", re.IGNORECASE)
_YOUTUBE: Final = re.compile(r"youtube\(([^()\s]+)\)", re.IGNORECASE)
_WEBM: Final = re.compile(r"webm\(([^()\s]+)\)", re.IGNORECASE)
_YOUTUBE_ID: Final = re.compile(r"[\w-]{1,64}")
_WEB_URL: Final = re.compile(r"https?://\S+", re.IGNORECASE)
# Code is shown literally, so AniList syntax inside it must not be rewritten.
_CODE: Final = re.compile(r"(```.*?```|`[^`\n]+`)", re.DOTALL)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _image(match: re.Match[str]) -> str:
    width, url = match.group(1), match.group(2)
    size = f' width="{_attr(width)}"' if width else ""
    return f'<img{size} src="{_attr(url)}" alt="">'


def _link(url: str) -> str:
    return f'<a href="{_attr(url)}">{escape(url)}</a>'


def _youtube(match: re.Match[str]) -> str:
    target = match.group(1)
    if _YOUTUBE_ID.fullmatch(target):
        return _link(f"https://www.youtube.com/watch?v={target}")
    return _link(target) if _WEB_URL.fullmatch(target) else escape(match.group(0))


def _webm(match: re.Match[str]) -> str:
    target = match.group(1)
    return _link(target) if _WEB_URL.fullmatch(target) else escape(match.group(0))


def _anilist_extensions(text: str) -> str:
    """Rewrite AniList-only syntax outside code into HTML (centring as a div, not <center>)."""
    parts = _CODE.split(text)
    # split() with one group alternates prose (even indexes) and code (odd indexes).
    return "".join(part if i % 2 else _rewrite(part) for i, part in enumerate(parts))


def _rewrite(text: str) -> str:
    # Blank lines around the div make it an HTML block whose inside is still markdown,
    # and stop markdown-it reading ``~~~`` as a code fence.
    text = _CENTER.sub(lambda m: f'\n\n<div align="center">\n\n{m.group(1)}\n\n</div>\n\n', text)
    text = _SPOILER.sub(
        lambda m: f"<span class='markdown_spoiler'><span>{m.group(1)}</span></span>", text
    )
    text = _IMAGE.sub(_image, text)
    text = _YOUTUBE.sub(_youtube, text)
    return _WEBM.sub(_webm, text)


def sanitise_html(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes (no scripts, handlers or styles)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        allowed_classes=_CLASSES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> str | None:
    """AniList-flavoured markdown as safe HTML; None stays None."""
    if text is None:
        return None
    if not text.strip():
        return ""
    return sanitise_html(_MD.render(_anilist_extensions(text))).strip()
