"""Media details from an AniList GraphQL server, a page of ids per request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kagami.catalogue.enums import (
    CharacterRole,
    MediaFormat,
    MediaRelation,
    MediaSeason,
    MediaStatus,
    MediaType,
)
from kagami.importers.records import FuzzyDate, MediaRecord
from kagami.sync.mirror_records import CharacterCredit, MirrorRecord, Person, clip, count, member
from kagami.sync.remote_http import RemoteClient, RemoteError

PER_PAGE = 10  # media per request: keeps the nested query under AniList's complexity limit
_NAME = "name { full native } image { large medium }"
_MEDIA = f"""id idMal type format status title {{ romaji english native }} synonyms
description(asHtml: false) episodes chapters volumes duration countryOfOrigin season seasonYear
startDate {{ year month day }} endDate {{ year month day }} genres
coverImage {{ extraLarge large medium color }} bannerImage
tags {{ name }} studios {{ edges {{ isMain node {{ name }} }} }}
relations {{ edges {{ relationType node {{ id type }} }} }}
characters(perPage: 25) {{ edges {{ role node {{ id {_NAME} }}
  voiceActors {{ id languageV2 {_NAME} }} }} }}
staff(perPage: 25) {{ edges {{ role node {{ id languageV2 {_NAME} }} }} }}
airingSchedule(perPage: 50) {{ nodes {{ episode airingAt }} }}"""
QUERY = (
    "query ($ids: [Int], $perPage: Int) { Page(perPage: $perPage) {"
    f" media(id_in: $ids, sort: ID) {{ {_MEDIA} }} }} }}"
)


def _date(value: Any) -> FuzzyDate:
    value = value if isinstance(value, dict) else {}
    return FuzzyDate(count(value.get("year")), count(value.get("month")), count(value.get("day")))


def _person(node: dict[str, Any]) -> Person:
    name, image = node.get("name") or {}, node.get("image") or {}
    return Person(
        id=int(node["id"]),
        name_full=clip(name.get("full")),
        name_native=clip(name.get("native")),
        image_large=clip(image.get("large")),
        image_medium=clip(image.get("medium")),
        language=clip(node.get("languageV2"), 32),
    )


def _edges(connection: Any) -> list[dict[str, Any]]:
    return [
        e for e in (connection or {}).get("edges") or [] if isinstance(e, dict) and e.get("node")
    ]


def parse_media(raw: dict[str, Any]) -> MirrorRecord:
    """One GraphQL ``Media`` object as a mirror record; KeyError, TypeError or ValueError if bad."""
    title, cover = raw.get("title") or {}, raw.get("coverImage") or {}
    titles = [clip(title.get(k)) for k in ("romaji", "english", "native")]
    record = MediaRecord(
        anilist_id=int(raw["id"]),
        title_romaji=next((t for t in titles if t), ""),
        mal_id=count(raw.get("idMal")),
        type=member(MediaType, raw["type"]),  # type: ignore[arg-type]
        title_native=titles[2],
        title_english=titles[1],
        synonyms=tuple(clip(s) or "" for s in raw.get("synonyms") or ()),
        format=member(MediaFormat, raw.get("format")),  # type: ignore[arg-type]
        status=member(MediaStatus, raw.get("status")),  # type: ignore[arg-type]
        start_date=_date(raw.get("startDate")),
        end_date=_date(raw.get("endDate")),
        season=member(MediaSeason, raw.get("season")),  # type: ignore[arg-type]
        season_year=count(raw.get("seasonYear")),
        country_of_origin=clip(raw.get("countryOfOrigin"), 2),
        episodes=count(raw.get("episodes")),
        duration=count(raw.get("duration")),
        cover_image=clip(cover.get("large")),
        genres=tuple(clip(g, 64) or "" for g in raw.get("genres") or ()),
        tags=tuple(
            clip(t["name"], 128) or "" for t in raw.get("tags") or [] if t and t.get("name")
        ),
        studios=tuple(
            clip(e["node"]["name"], 256) or ""
            for e in _edges(raw.get("studios"))
            if e["node"].get("name")
        ),
        source="mirror:anilist",
    )
    characters = tuple(
        CharacterCredit(
            _person(e["node"]),
            member(CharacterRole, e.get("role")),
            tuple(_person(va) for va in e.get("voiceActors") or [] if va),
        )
        for e in _edges(raw.get("characters"))
    )
    schedule = (raw.get("airingSchedule") or {}).get("nodes") or []
    return MirrorRecord(
        record=record,
        description=clip(raw.get("description"), 100_000),
        chapters=count(raw.get("chapters")),
        volumes=count(raw.get("volumes")),
        cover_extra_large=clip(cover.get("extraLarge")),
        cover_medium=clip(cover.get("medium")),
        cover_color=clip(cover.get("color"), 16),
        banner_image=clip(raw.get("bannerImage")),
        characters=characters,
        staff=tuple(
            (_person(e["node"]), clip(e.get("role"), 256) or "") for e in _edges(raw.get("staff"))
        ),
        relations=tuple(
            (
                member(MediaType, e["node"]["type"]) or "",
                int(e["node"]["id"]),
                member(MediaRelation, e["relationType"]) or "",
            )
            for e in _edges(raw.get("relations"))
            if e.get("relationType")
        ),
        airing=tuple((int(n["episode"]), int(n["airingAt"])) for n in schedule if n),
    )


async def fetch_media(client: RemoteClient, ids: Sequence[int]) -> list[MirrorRecord]:
    """The remote's media among ``ids`` (at most PER_PAGE of them); absent ids are skipped."""
    body = await client.json(
        "POST", "/", json={"query": QUERY, "variables": {"ids": list(ids), "perPage": len(ids)}}
    )
    try:
        if body.get("errors"):
            message = str(body["errors"][0].get("message", ""))[:200]
            raise RemoteError(f"{client.base_url} refused the media query: {message}")
        media = body["data"]["Page"]["media"]
        return [parse_media(m) for m in media if isinstance(m, dict)]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RemoteError(f"{client.base_url} sent media Kagami cannot read ({exc!r})") from None
