"""Media details from a MyAnimeList v2 server, one ``GET /v2/anime|manga/{id}`` per media.

MAL's API has no characters, voice actors, tags or airing schedule, and its people ids are
not AniList's, so a MAL mirror fills titles, synopsis, counts, duration, genres, studios,
relations (to media we already have), pictures, dates, season and broadcast. Words are
translated with ``kagami.dialects.mal.mapping``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kagami.catalogue.enums import MediaRelation, MediaStatus, MediaType
from kagami.dialects.mal import mapping
from kagami.importers.records import FuzzyDate, MediaRecord
from kagami.sync.mirror_records import MirrorRecord, clip, count
from kagami.sync.remote_http import RemoteClient, RemoteError, RemoteRejected

_COMMON = (
    "id,title,main_picture,alternative_titles,start_date,end_date,synopsis,media_type,status,"
    "genres,related_anime,related_manga"
)
FIELDS = {
    MediaType.ANIME: f"{_COMMON},num_episodes,start_season,broadcast,average_episode_duration,"
    "studios",
    MediaType.MANGA: f"{_COMMON},num_volumes,num_chapters",
}
_STATUS = {
    name: status
    for table in (mapping.MANGA_STATUS, mapping.ANIME_STATUS)
    for status, name in reversed(table.items())
}  # the first canonical status of each MAL name wins
_RELATION = {name: relation for relation, name in reversed(mapping.RELATIONS.items())}
_RELATION.update({"adaptation": MediaRelation.ADAPTATION, "other": MediaRelation.OTHER})


def _date(text: Any) -> FuzzyDate:
    if not isinstance(text, str):
        return FuzzyDate()
    try:
        year, month, day = mapping.date_from_mal(text)
    except ValueError:
        return FuzzyDate()
    return FuzzyDate(year, month, day)


def _names(items: Any) -> tuple[str, ...]:
    return tuple(
        clip(i["name"], 256) or "" for i in items or [] if isinstance(i, dict) and i.get("name")
    )


def _relations(raw: dict[str, Any]) -> tuple[tuple[str, int, str], ...]:
    found = []
    for key, kind in (("related_anime", "ANIME"), ("related_manga", "MANGA")):
        for item in raw.get(key) or []:
            relation = _RELATION.get(str(item.get("relation_type")), MediaRelation.OTHER)
            found.append((kind, int(item["node"]["id"]), relation.value))
    return tuple(found)


def parse_mal_media(media_id: int, media_type: MediaType, raw: dict[str, Any]) -> MirrorRecord:
    """One MAL anime or manga as a mirror record for local media ``media_id``."""
    titles = raw.get("alternative_titles") or {}
    picture = raw.get("main_picture") or {}
    season = raw.get("start_season") or {}
    broadcast = raw.get("broadcast") or {}
    fmt = mapping.MEDIA_TYPE_FORMAT.get(str(raw.get("media_type")))
    status = _STATUS.get(str(raw.get("status")))
    seconds = count(raw.get("average_episode_duration"))
    day = broadcast.get("day_of_the_week")
    record = MediaRecord(
        anilist_id=media_id,
        title_romaji=clip(raw.get("title")) or "",
        mal_id=mal if (mal := count(raw.get("id"))) and mal < mapping.SYNTHETIC_MAL_BASE else None,
        type=media_type.value,
        title_english=clip(titles.get("en")) or None,
        title_native=clip(titles.get("ja")) or None,
        synonyms=tuple(clip(s) or "" for s in titles.get("synonyms") or ()),
        format=fmt.value if fmt else None,
        status=status.value if isinstance(status, MediaStatus) else None,
        start_date=_date(raw.get("start_date")),
        end_date=_date(raw.get("end_date")),
        season=mapping.SEASONS[season["season"]].value
        if season.get("season") in mapping.SEASONS
        else None,
        season_year=count(season.get("year")),
        broadcast_day=day if day in mapping.BROADCAST_DAYS else None,
        broadcast_time=clip(broadcast.get("start_time"), 5),
        episodes=count(raw.get("num_episodes")) or None,  # MAL's 0 means unknown
        duration=seconds // 60 if seconds else None,
        cover_image=clip(picture.get("large")),
        genres=tuple(g[:64] for g in _names(raw.get("genres"))),
        studios=_names(raw.get("studios")),
        source="mirror:mal",
    )
    return MirrorRecord(
        record=record,
        description=clip(raw.get("synopsis"), 100_000) or None,
        chapters=count(raw.get("num_chapters")) or None,
        volumes=count(raw.get("num_volumes")) or None,
        cover_medium=clip(picture.get("medium")),
        relations=_relations(raw),
        relations_by_mal=True,
    )


async def fetch_mal_media(
    client: RemoteClient, targets: Sequence[tuple[int, int | None, MediaType]]
) -> list[MirrorRecord]:
    """Each target's details (media the remote does not have are skipped)."""
    records = []
    for media_id, id_mal, media_type in targets:
        prefix = "anime" if media_type is MediaType.ANIME else "manga"
        key = mapping.mal_id_of(media_id, id_mal)
        try:
            raw = await client.json(
                "GET", f"/v2/{prefix}/{key}", params={"fields": FIELDS[media_type]}
            )
        except RemoteRejected:
            continue  # 404: not there
        try:
            records.append(parse_mal_media(media_id, media_type, raw))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise RemoteError(
                f"{client.base_url} sent media Kagami cannot read ({exc!r})"
            ) from None
    return records
