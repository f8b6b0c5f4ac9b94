"""Writing a user's anime or manga list as MAL's list export, streamed page by page.

The document has MAL's export layout: ``<myanimelist>``, ``<myinfo>`` with the status
totals, then one ``<anime>``/``<manga>`` per entry with every child MAL writes, in MAL's
order, titles, comments and tags as CDATA. MyAnimeList's and AniList's MAL importers read
it; so does ``kagami import mal-xml``. ``update_on_import`` is 1, so an import there
updates entries that already exist. Media without a MAL id carry their synthetic MAL id
(10^9 + media id), which only Kagami maps back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from xml.sax.saxutils import escape

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal.mapping import mal_id_of
from kagami.lists.changes import FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.transfer.mal_xml_map import (
    ID_FIELD,
    PROGRESS_FIELD,
    REPEAT_FIELD,
    REPEATING_FIELD,
    TITLE_FIELD,
    VALUE_FIELD,
    date_text,
    flag_text,
    priority_text,
    rewatch_value_text,
    score_text,
    status_name,
)

PAGE = 1000
SERIES_TYPES = {
    MediaFormat.TV: "TV",
    MediaFormat.TV_SHORT: "TV",
    MediaFormat.MOVIE: "Movie",
    MediaFormat.SPECIAL: "Special",
    MediaFormat.OVA: "OVA",
    MediaFormat.ONA: "ONA",
    MediaFormat.MUSIC: "Music",
}
_TOTAL_NAMES = {
    MediaType.ANIME: ("watching", "plantowatch"),
    MediaType.MANGA: ("reading", "plantoread"),
}


def cdata(text: str | None) -> str:
    """Text as CDATA (a ``]]>`` inside is split across two sections)."""
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _line(tag: str, value: str, indent: str = "\t\t") -> str:
    return f"{indent}<{tag}>{value}</{tag}>\n"


def _title(media: Media) -> str:
    return media.title_romaji or media.title_english or media.title_native or ""


def _date(entry: ListEntry, key: str) -> str:
    return date_text(
        FuzzyDate(
            getattr(entry, f"{key}_year"),
            getattr(entry, f"{key}_month"),
            getattr(entry, f"{key}_day"),
        )
    )


def entry_xml(entry: ListEntry, media: Media) -> str:
    """One ``<anime>`` or ``<manga>`` element."""
    kind = media.type
    status, repeating = status_name(entry.status, kind)
    head = [_line(ID_FIELD[kind], str(mal_id_of(media.id, media.id_mal)))]
    head.append(_line(TITLE_FIELD[kind], cdata(_title(media))))
    if kind is MediaType.ANIME:
        head += [
            _line("series_type", SERIES_TYPES.get(media.format, "Unknown")),  # type: ignore[arg-type]
            _line("series_episodes", str(media.episodes or 0)),
            _line("my_id", "0"),
            _line(PROGRESS_FIELD[kind], str(entry.progress)),
        ]
    else:
        head += [
            _line("manga_volumes", str(media.volumes or 0)),
            _line("manga_chapters", str(media.chapters or 0)),
            _line("my_id", "0"),
            _line("my_read_volumes", str(entry.progress_volumes)),
            _line(PROGRESS_FIELD[kind], str(entry.progress)),
        ]
    head += [_line("my_start_date", _date(entry, "started"))]
    head += [_line("my_finish_date", _date(entry, "completed"))]
    if kind is MediaType.ANIME:
        head.append(_line("my_rated", ""))
    head.append(_line("my_score", score_text(entry.score)))
    if kind is MediaType.ANIME:
        head += [_line("my_storage", ""), _line("my_storage_value", "0.00")]
    head += [
        _line("my_status", status),
        _line("my_comments", cdata(entry.notes)),
        _line(REPEAT_FIELD[kind], str(entry.repeat)),
    ]
    tags = _line("my_tags", cdata(", ".join(entry.tags or [])))
    value = _line(VALUE_FIELD[kind], rewatch_value_text(entry.rewatch_value))
    priority = _line("my_priority", priority_text(entry.priority))
    if kind is MediaType.ANIME:
        head += [value, priority, tags, _line(REPEATING_FIELD[kind], flag_text(repeating, kind))]
        head.append(_line("my_rewatching_ep", "0"))
    else:
        head += [tags, priority, value, _line(REPEATING_FIELD[kind], flag_text(repeating, kind))]
    head += [
        _line("my_discuss", flag_text(kind is MediaType.MANGA, kind)),
        _line("my_sns", "default"),
        _line("update_on_import", "1"),
    ]
    tag = kind.value.lower()
    return f"\t<{tag}>\n{''.join(head)}\t</{tag}>\n\n"


async def _myinfo(
    session: AsyncSession, user_id: int, user_name: str, media_type: MediaType
) -> str:
    counts = dict(
        (
            await session.execute(
                sa.select(ListEntry.status, sa.func.count())
                .where(ListEntry.user_id == user_id, ListEntry.media_type == media_type)
                .group_by(ListEntry.status)
            )
        ).all()
    )
    current, planning = _TOTAL_NAMES[media_type]
    by_word = {
        current: counts.get(MediaListStatus.CURRENT, 0) + counts.get(MediaListStatus.REPEATING, 0),
        "completed": counts.get(MediaListStatus.COMPLETED, 0),
        "onhold": counts.get(MediaListStatus.PAUSED, 0),
        "dropped": counts.get(MediaListStatus.DROPPED, 0),
        planning: counts.get(MediaListStatus.PLANNING, 0),
    }
    order = (current, "completed", "onhold", "dropped", planning)
    lines = [
        _line("user_id", str(user_id)),
        _line("user_name", escape(user_name)),
        _line("user_export_type", "1" if media_type is MediaType.ANIME else "2"),
        _line(f"user_total_{media_type.value.lower()}", str(sum(counts.values()))),
        *(_line(f"user_total_{word}", str(by_word[word])) for word in order),
    ]
    return f"\t<myinfo>\n{''.join(lines)}\t</myinfo>\n\n"


async def mal_xml_chunks(
    session: AsyncSession, user_id: int, user_name: str, media_type: MediaType
) -> AsyncIterator[str]:
    """The export document in pieces (header, then one piece per page of entries)."""
    yield (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        "<!--\n Created by the list export of Kagami, in MyAnimeList's export format\n-->\n\n"
        "<myanimelist>\n\n"
    )
    yield await _myinfo(session, user_id, user_name, media_type)
    after = -1
    while True:
        rows = (
            await session.execute(
                sa.select(ListEntry, Media)
                .join(Media, Media.id == ListEntry.media_id)
                .where(
                    ListEntry.user_id == user_id,
                    ListEntry.media_type == media_type,
                    ListEntry.media_id > after,
                )
                .order_by(ListEntry.media_id)
                .limit(PAGE)
            )
        ).all()
        if not rows:
            break
        yield "".join(entry_xml(entry, media) for entry, media in rows)
        after = rows[-1][0].media_id
        session.expunge_all()  # a long list does not pile up in the identity map
    yield "</myanimelist>\n"
