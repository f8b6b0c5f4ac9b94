"""A list group's table rows, built in one pass of f-strings: a 5,000-entry list in budget.

Through Jinja each row cost ~100 us (a dozen escapes and helper calls); here every value
is escaped once and the rows join into one ``Markup`` per group (~15 us a row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from kagami.accounts.models import User
from kagami.lists.enums import ScoreFormat
from kagami.web.views import enum_word, score_text, title_of


def rows_html(
    entries: Sequence[Any],
    media: dict[int, Any],
    *,
    kind: str,
    viewer: User | None,
    fmt: ScoreFormat,
    editable: bool,
) -> Markup:
    """The ``<tr>`` rows of one group: title, score (viewer's format), progress with +1, format."""
    anime = kind == "anime"
    formats: dict[Any, str] = {}
    out: list[str] = []
    for e in entries:
        m = media[e.media_id]
        title = escape(title_of(m, viewer))
        cell = progress_cell(e, m, anime=anime, title=title, editable=editable)
        private = ' <span class="tag">Private</span>' if e.private else ""
        if m.format not in formats:
            formats[m.format] = str(escape(enum_word(m.format)))
        out.append(
            f'<tr><td><a href="/{kind}/{m.id}">{title}</a>{private}</td>'
            f'<td class="num">{escape(score_text(e.score, fmt))}</td>'
            f'<td class="num">{cell}</td>'
            f'<td class="hide-small">{formats[m.format]}</td></tr>'
        )
    return Markup("\n".join(out))


def progress_cell(entry: Any, media: Any, *, anime: bool, title: str, editable: bool) -> str:
    """A row's progress (``4/12``) and, while there is more to watch, its +1 button.

    ``title`` is already escaped. With htmx loaded, the button posts on its own and its
    cell is replaced by the answer (this very HTML); without, it submits the group's form.
    """
    total = media.episodes if anime else media.chapters
    progress = f"{entry.progress}/{total}" if total else str(entry.progress)
    if not editable or (total and entry.progress >= total):
        return progress
    return (
        f'{progress} <button type="submit" name="media_id" value="{media.id}" class="plus"'
        f' hx-post="/list/progress" hx-target="closest td" aria-label="+1 {title}">+1</button>'
    )
