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
from markdown_it.rules_inline import StateInline

# A run markdown-it's own loop would take as plain text anyway: no character that can start an
# inline rule (the default terminator set), except a "~" not before "~" (strikethrough needs
# two) and a "!" not before "[" (image). Alternatives start with distinct characters: linear.
_PLAIN_RUN: Final = re.compile(r"(?:[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]|~(?!~)|!(?!\[))+")


def _plain_run(state: StateInline, silent: bool) -> bool:
    """Take text that starts no inline rule in one step, spoiler markers (``~!``) included.

    markdown-it stops its text rule at every ``~`` and ``!`` and tries a dozen rules there
    before falling back to taking the character as text: ~2 us a character, so a body full
    of unclosed ``~!`` cost 100+ ms. The tokens come out the same.
    """
    match = _PLAIN_RUN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        state.append_pending(match.group())
    state.pos = match.end()
    return True


_MD: Final = MarkdownIt("commonmark", {"html": True, "breaks": True}).enable(
    ["table", "strikethrough"]
)
_MD.inline.ruler.before("text", "plain_run", _plain_run)

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

# AniList extensions, rewritten to HTML before markdown-it runs. Every pattern here is
# linear: delimited spans are paired by ``str.find`` (see _pairs), the embeds' bodies stop
# at the next bracket or space, so one scan per call whatever the input.
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


def _pairs(text: str, opener: str, closer: str, before: str, after: str) -> str:
    """Wrap each ``opener…closer`` span (shortest, left to right) in ``before…after``.

    What ``re.sub(opener(.*?)closer, DOTALL)`` does, in linear time: once an opener has no
    closer after it, no later opener can have one either, so the scan stops there (the
    regex instead rescans the rest of the text from every later opener: quadratic).
    """
    out: list[str] = []
    start = 0
    while (open_at := text.find(opener, start)) >= 0:
        close_at = text.find(closer, open_at + len(opener))
        if close_at < 0:
            break
        out += (text[start:open_at], before, text[open_at + len(opener) : close_at], after)
        start = close_at + len(closer)
    out.append(text[start:])
    return "".join(out)


def _rewrite(text: str) -> str:
    # Blank lines around the div make it an HTML block whose inside is still markdown,
    # and stop markdown-it reading ``~~~`` as a code fence.
    text = _pairs(text, "~~~", "~~~", '\n\n<div align="center">\n\n', "\n\n</div>\n\n")
    text = _pairs(text, "~!", "!~", "<span class='markdown_spoiler'><span>", "</span></span>")
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
