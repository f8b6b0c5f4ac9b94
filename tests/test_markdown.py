"""AniList-flavoured markdown renders to HTML that keeps formatting and never runs script."""

from __future__ import annotations

import pytest

from kagami.markdown import render_markdown, sanitise_html

SPOILER = '<span class="markdown_spoiler"><span>{}</span></span>'
LINK = '<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("hello **world**", "<p>hello <strong>world</strong></p>"),
        (
            "__bold__ and _italic_ and *it*",
            "<p><strong>bold</strong> and <em>italic</em> and <em>it</em></p>",
        ),
        ("~~gone~~", "<p><s>gone</s></p>"),
        ("line one\nline two", "<p>line one<br>\nline two</p>"),
        ("# Title", "<h1>Title</h1>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("`code`", "<p><code>code</code></p>"),
        (
            "[site](https://anilist.co)",
            '<p><a href="https://anilist.co" rel="noopener noreferrer nofollow">site</a></p>',
        ),
        ("Text.<br><br>(Source: Kodansha)", "<p>Text.<br><br>(Source: Kodansha)</p>"),
        ("<i>Italic</i> from the catalogue", "<p><i>Italic</i> from the catalogue</p>"),
        (
            "| a |\n|---|\n| 1 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
        ),
    ],
)
def test_commonmark_and_catalogue_html_render(source: str, html: str) -> None:
    assert render_markdown(source) == html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("~!Eren dies!~", f"<p>{SPOILER.format('Eren dies')}</p>"),
        ("~!a **b**!~", f"<p>{SPOILER.format('a <strong>b</strong>')}</p>"),
        ("~~~centred~~~", '<div align="center">\n<p>centred</p>\n</div>'),
        (
            "x img220(https://i.test/a.png)",
            '<p>x <img width="220" src="https://i.test/a.png" alt=""></p>',
        ),
        (
            "x img40%(https://i.test/a.png)",
            '<p>x <img width="40%" src="https://i.test/a.png" alt=""></p>',
        ),
        ("x img(https://i.test/a.png)", '<p>x <img src="https://i.test/a.png" alt=""></p>'),
        (
            "youtube(dQw4w9WgXcQ)",
            f"<p>{LINK.format('https://www.youtube.com/watch?v=dQw4w9WgXcQ')}</p>",
        ),
        ("youtube(https://youtu.be/x)", f"<p>{LINK.format('https://youtu.be/x')}</p>"),
        ("webm(https://v.test/a.webm)", f"<p>{LINK.format('https://v.test/a.webm')}</p>"),
        ("`~!literal!~`", "<p><code>~!literal!~</code></p>"),
    ],
)
def test_anilist_extensions_render(source: str, html: str) -> None:
    assert render_markdown(source) == html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("<script>alert(1)</script>safe", "safe"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        (
            '<a href="javascript:alert(1)">x</a>',
            '<p><a rel="noopener noreferrer nofollow">x</a></p>',
        ),
        (
            '<a href="jav&#x09;ascript:alert(1)">x</a>',
            '<p><a rel="noopener noreferrer nofollow">x</a></p>',
        ),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ('<p onclick="x" style="color:red">p</p>', "<p>p</p>"),
        ("<iframe src=https://evil.test></iframe>", ""),
        ("<svg onload=alert(1)>", ""),
        ('<img src="data:text/html,x">', "<img>"),
        ("img220(javascript:alert(1))", "<p>img220(javascript:alert(1))</p>"),
        ('img220(x"onerror="alert(1))', '<p>img220(x"onerror="alert(1))</p>'),
        ('img220(x"onerror="y)', '<img width="220" src="x&quot;onerror=&quot;y" alt="">'),
        ('youtube("><script>)', '<p>youtube("&gt;&lt;script&gt;)</p>'),
        ("webm(javascript:alert(1))", "<p>webm(javascript:alert(1))</p>"),
        (
            '<span class="evil markdown_spoiler">s</span>',
            '<p><span class="markdown_spoiler">s</span></p>',
        ),
        ("~!<script>x</script>!~", f"<p>{SPOILER.format('')}</p>"),
        ("<!-- hidden -->shown", "shown"),
    ],
)
def test_xss_vectors_come_out_inert(source: str, html: str) -> None:
    assert render_markdown(source) == html


@pytest.mark.parametrize(("source", "html"), [(None, None), ("", ""), ("  \n ", "")])
def test_missing_or_blank_text(source: str | None, html: str | None) -> None:
    assert render_markdown(source) == html


def test_sanitiser_alone_strips_event_handlers() -> None:
    assert sanitise_html('<b onmouseover="x">b</b>') == "<b>b</b>"
