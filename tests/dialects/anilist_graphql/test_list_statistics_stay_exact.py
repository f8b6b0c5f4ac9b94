"""Random sequences of list mutations through GraphQL leave every list statistic exact.

Maintained numbers (media popularity, favourites, scored count, mean/average score, the
per-user ``user_list_totals`` and ``user_stat_breakdowns`` rows) must equal a from-scratch
SQL recount, and what ``User.statistics`` and ``Media.stats`` answer (owner's view and
anyone's view) must equal a recomputation from the raw entries, after any sequence of
saves, bulk updates, deletions and favourite toggles, including refused ones. Every one
of the twelve breakdowns must also equal the per-request aggregation of the entries
(``lists/stat_scan.py``): the media carry tags, staff (one with two roles), a main and a
non-main studio and Japanese and English voice actors so every dimension has keys.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import (
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaStaff,
    MediaStudio,
    MediaTag,
    MediaTagLink,
)
from kagami.catalogue.stats import score_bucket
from kagami.db import Database
from kagami.lists import stat_breakdowns, stat_scan, statistics
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserListTotals, UserStatBreakdown
from kagami.lists.totals import SUMS, recount
from kagami.social.models import Favourite
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_character, make_media, make_staff, make_studio, make_user

# (type, episodes or chapters, duration or volumes, genre): null lengths included.
MEDIA = (
    (MediaType.ANIME, 12, 24, "Action"),
    (MediaType.ANIME, None, None, "Drama"),
    (MediaType.ANIME, 3, 30, "Action"),
    (MediaType.MANGA, 50, 5, "Drama"),
    (MediaType.MANGA, None, None, "Action"),
)
USERS = 2
_user = st.integers(0, USERS - 1)
_media = st.integers(0, len(MEDIA) - 1)
_status = st.none() | st.sampled_from([s.value for s in MediaListStatus])
_score = st.none() | st.sampled_from([0, 1, 10, 35, 50, 77, 100])
_progress = st.none() | st.integers(0, 14)
OPERATIONS = st.one_of(
    st.tuples(
        st.just("save"),
        _user,
        _media,
        _status,
        _score,
        _progress,
        st.none() | st.integers(0, 3),
        st.none() | st.booleans(),
        st.none() | st.sampled_from([1999, 2024]),
    ),
    st.tuples(st.just("bulk"), _user, st.sets(_media, max_size=3), _status, _score, _progress),
    st.tuples(st.just("delete"), _user, _media),
    st.tuples(st.just("favourite"), _user, _media),
)

SAVE = """mutation ($mediaId: Int, $status: MediaListStatus, $scoreRaw: Int, $progress: Int,
  $repeat: Int, $private: Boolean, $startedAt: FuzzyDateInput) { SaveMediaListEntry(
  mediaId: $mediaId, status: $status, scoreRaw: $scoreRaw, progress: $progress,
  repeat: $repeat, private: $private, startedAt: $startedAt) { id } }"""
BULK = """mutation ($ids: [Int], $status: MediaListStatus, $scoreRaw: Int, $progress: Int) {
  UpdateMediaListEntries(ids: $ids, status: $status, scoreRaw: $scoreRaw, progress: $progress)
  { id } }"""
DELETE = "mutation ($id: Int) { DeleteMediaListEntry(id: $id) { deleted } }"
FAVOURITE = """mutation ($animeId: Int, $mangaId: Int) {
  ToggleFavourite(animeId: $animeId, mangaId: $mangaId) { anime { pageInfo { total } } } }"""

TOTALS = "count meanScore standardDeviation minutesWatched episodesWatched chaptersRead volumesRead"
BREAKDOWNS = """statuses { status count meanScore minutesWatched chaptersRead }
  scores { score count } genres { genre count meanScore minutesWatched chaptersRead }"""
STATISTICS = f"""query ($id: Int) {{ User(id: $id) {{ statistics {{
  anime {{ {TOTALS} {BREAKDOWNS} }} manga {{ {TOTALS} {BREAKDOWNS} }} }} }} }}"""
BUCKET_FIELDS = ("count", "meanScore", "minutesWatched", "chaptersRead")
MEDIA_STATS = """query ($ids: [Int]) { Page(perPage: 10) { media(id_in: $ids, sort: ID) {
  id popularity favourites meanScore averageScore
  stats { scoreDistribution { score amount } statusDistribution { status amount } } } } }"""


@dataclass
class World:
    """The users (with their headers) and media the operations pick from."""

    users: list[int]
    headers: list[dict[str, str]]
    media: list[int]


async def _world(gql: GraphQLClient, database: Database) -> World:
    """Users and media, made once per database (the examples share it on purpose)."""
    async with database.session() as s:
        users = list(await s.scalars(sa.select(User.id).where(User.name.like("exact%"))))
        media = list(await s.scalars(sa.select(Media.id).where(Media.title_romaji.like("Exact%"))))
        if not users:
            users = [(await make_user(s, name=f"exact{i}")).id for i in range(USERS)]
            for i, (kind, length, extra, genre) in enumerate(MEDIA):
                lengths = (
                    {"episodes": length, "duration": extra}
                    if kind is MediaType.ANIME
                    else {"chapters": length, "volumes": extra}
                )
                row = await make_media(
                    s, type=kind, title_romaji=f"Exact {i}", start_year=2000 + i % 2, **lengths
                )
                s.add(MediaGenre(media_id=row.id, genre=genre, position=0))
                media.append(row.id)
            await _people(s, media)
    return World(users, [await bearer(gql, database, u) for u in users], media)


async def _people(s: Any, media: list[int]) -> None:
    """Tags, staff, studios and voice actors on the media (repeats that count once)."""
    tag = MediaTag(name="Exact tag")
    s.add(tag)
    staff = [await make_staff(s) for _ in range(3)]
    studio, producer = await make_studio(s), await make_studio(s)
    heroes = [await make_character(s) for _ in range(2)]
    await s.flush()
    for m in media[:4]:
        s.add(MediaTagLink(media_id=m, tag_id=tag.id, rank=80))
    for m in media[:3]:
        s.add(MediaStudio(media_id=m, studio_id=studio.id, is_main=True))
        s.add(MediaStudio(media_id=m, studio_id=producer.id, is_main=False))
    for m, role in ((media[0], "Director"), (media[0], "Original Story"), (media[3], "Story")):
        s.add(MediaStaff(media_id=m, staff_id=staff[0].id, role=role))
    s.add(MediaStaff(media_id=media[2], staff_id=staff[1].id, role="Music"))
    for m in (media[0], media[2]):
        for hero in heroes:
            edge = MediaCharacter(media_id=m, character_id=hero.id)
            s.add(edge)
            await s.flush()
            s.add(MediaCharacterVoiceActor(media_character_id=edge.id, staff_id=staff[1].id,
                                           language="Japanese"))  # fmt: skip
            s.add(MediaCharacterVoiceActor(media_character_id=edge.id, staff_id=staff[2].id,
                                           language="English"))  # fmt: skip


async def _entry_ids(database: Database, user_id: int, media_ids: list[int]) -> list[int]:
    async with database.session() as s:
        found = await s.scalars(
            sa.select(ListEntry.id).where(
                ListEntry.user_id == user_id, ListEntry.media_id.in_(media_ids)
            )
        )
        return list(found)


async def _apply(gql: GraphQLClient, database: Database, w: World, op: tuple[Any, ...]) -> None:
    """Send one mutation; refusals (validation, not found) are part of the sequence."""
    name, user, *args = op
    headers = w.headers[user]
    if name == "save":
        media, status, score, progress, repeat, private, started = args
        variables = {"mediaId": w.media[media], "status": status, "scoreRaw": score}
        variables |= {"progress": progress, "repeat": repeat, "private": private}
        variables |= {"startedAt": {"year": started, "month": 4} if started else None}
        response = await gql(SAVE, variables, **headers)
    elif name == "bulk":
        media, status, score, progress = args
        ids = await _entry_ids(database, w.users[user], [w.media[m] for m in sorted(media)])
        variables = {"ids": ids, "status": status, "scoreRaw": score, "progress": progress}
        response = await gql(BULK, variables, **headers)
    elif name == "delete":
        ids = await _entry_ids(database, w.users[user], [w.media[args[0]]])
        response = await gql(DELETE, {"id": ids[0] if ids else 10**6}, **headers)
    else:
        m = args[0]
        key = "animeId" if MEDIA[m][0] is MediaType.ANIME else "mangaId"
        response = await gql(FAVOURITE, {key: w.media[m]}, **headers)
    assert response[0] < 500, response


async def _maintained_mismatches(database: Database) -> list[Any]:
    """Media counters and user totals that differ from a recount in SQL."""
    scored = sa.and_(ListEntry.media_id == Media.id, ListEntry.score > 0)
    mean = sa.select(sa.cast(sa.func.round(sa.func.avg(ListEntry.score)), sa.Integer)).where(scored)
    entries = sa.select(sa.func.count()).where(ListEntry.media_id == Media.id)
    favourites = sa.select(sa.func.count()).where(Favourite.media_id == Media.id)
    media_check = sa.select(Media.id).where(
        sa.or_(
            Media.popularity != entries.scalar_subquery(),
            Media.favourites != favourites.scalar_subquery(),
            Media.scored_count != sa.select(sa.func.count()).where(scored).scalar_subquery(),
            Media.mean_score.is_distinct_from(mean.scalar_subquery()),
            Media.average_score.is_distinct_from(mean.scalar_subquery()),
        )
    )
    async with database.session() as s:
        found: list[Any] = list((await s.execute(media_check)).all())
        kept = {
            tuple(row[:3]): tuple(int(v) for v in row[3:])
            for row in (
                await s.execute(
                    sa.select(
                        UserListTotals.user_id,
                        UserListTotals.media_type,
                        UserListTotals.private,
                        *(getattr(UserListTotals, n) for n in SUMS),
                    )
                )
            ).all()
            if any(row[3:])
        }
        fresh = {
            tuple(row[:3]): tuple(int(v) for v in row[3:])
            for row in (await s.execute(recount())).all()
        }
        kept_buckets = {
            tuple(row[:5]): tuple(int(v) for v in row[5:])
            for row in (
                await s.execute(
                    sa.select(
                        *(getattr(UserStatBreakdown, n) for n in stat_breakdowns.PRIMARY_KEY),
                        *(getattr(UserStatBreakdown, n) for n in stat_breakdowns.SUMS),
                    )
                )
            ).all()
            if row[5]
        }
        fresh_buckets = {
            tuple(row[:5]): tuple(int(v) for v in row[5:])
            for dimension in stat_breakdowns.DIMENSIONS
            for row in (await s.execute(stat_breakdowns.recount(dimension))).all()
        }
    if kept != fresh:
        found.append(("user_list_totals", kept, fresh))
    if kept_buckets != fresh_buckets:
        found.append(("user_stat_breakdowns", kept_buckets, fresh_buckets))
    return found


def _plain(bucket: Any) -> tuple[Any, ...]:
    fields = ("count", "mean_score", "minutes_watched", "chapters_read", "media_ids")
    return (str(bucket.sort_id), *(getattr(bucket, f) for f in fields), bucket.character_ids)


async def _breakdown_mismatches(database: Database, w: World) -> list[Any]:
    """Each dimension's maintained buckets (as ``User.statistics`` fills them) against a scan."""
    found: list[Any] = []
    async with database.session() as s:
        for user_id in w.users:
            for viewer in (None, user_id):
                for kind in ("ANIME", "MANGA"):
                    for dimension in statistics.DIMENSIONS:
                        kept = await statistics.breakdown(s, [user_id], kind, dimension, viewer)
                        mine = kept.get(user_id, [])
                        keys = [b.key for b in mine]
                        members = await stat_scan.scan(s, [user_id], kind, dimension, viewer, keys)
                        fresh = await stat_scan.scan(s, [user_id], kind, dimension, viewer)
                        by_key = {b.sort_id: b for b in members.get(user_id, [])}
                        have = sorted(
                            _plain(replace(b, **_ids(by_key.get(b.sort_id)))) for b in mine
                        )
                        want = sorted(_plain(b) for b in fresh.get(user_id, []))
                        if have != want:
                            found.append((user_id, viewer, kind, dimension, have, want))
    return found


def _ids(bucket: Any) -> dict[str, Any]:
    if bucket is None:
        return {}
    return {"media_ids": bucket.media_ids, "character_ids": bucket.character_ids}


def _expected_totals(rows: list[Any], anime: bool) -> dict[str, Any]:
    counted = [r for r in rows if r.status != MediaListStatus.PLANNING]
    scores = [r.score for r in counted if r.score > 0]
    mean = sum(scores) / len(scores) if scores else 0.0
    deviation = math.sqrt(sum((x - mean) ** 2 for x in scores) / len(scores)) if scores else 0.0
    episodes = sum(r.progress + r.repeat * (r.episodes or 0) for r in counted) if anime else 0
    minutes = sum((r.progress + r.repeat * (r.episodes or 0)) * (r.duration or 0) for r in counted)
    chapters = sum(r.progress + r.repeat * (r.chapters or 0) for r in counted)
    volumes = sum(r.progress_volumes + r.repeat * (r.volumes or 0) for r in counted)
    return {
        "count": len(counted),
        "meanScore": round(mean, 2),
        "standardDeviation": pytest.approx(round(deviation, 2), abs=0.011),
        "minutesWatched": minutes if anime else 0,
        "episodesWatched": episodes,
        "chaptersRead": 0 if anime else chapters,
        "volumesRead": 0 if anime else volumes,
    }


def _buckets(rows: list[Any], key: Any, anime: bool) -> list[tuple[Any, ...]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    out = []
    for k, group in groups.items():
        scores = [r.score for r in group if r.score > 0]
        mean = round(sum(scores) / len(scores), 2) if scores else 0.0
        used = [r.progress + r.repeat * ((r.episodes if anime else r.chapters) or 0) for r in group]
        minutes = sum(u * (r.duration or 0) for u, r in zip(used, group, strict=True))
        out.append((k, len(group), mean, minutes if anime else 0, 0 if anime else sum(used)))
    return sorted(out, key=lambda b: str(b[0]))


async def _read_mismatches(gql: GraphQLClient, database: Database, w: World) -> list[Any]:
    """User.statistics (owner and public views) and Media.stats against the raw entries."""
    async with database.session() as s:
        raw = (
            await s.execute(
                sa.select(
                    *(c for c in ListEntry.__table__.c),
                    Media.episodes,
                    Media.duration,
                    Media.chapters,
                    Media.volumes,
                    MediaGenre.genre,
                )
                .join(Media, Media.id == ListEntry.media_id)
                .join(MediaGenre, MediaGenre.media_id == Media.id)
            )
        ).all()
    found: list[Any] = []
    for index, user_id in enumerate(w.users):
        for viewer in ({}, w.headers[index]):
            got = (await gql.data(STATISTICS, {"id": user_id}, **viewer))["User"]["statistics"]
            for kind, field in ((MediaType.ANIME, "anime"), (MediaType.MANGA, "manga")):
                anime = kind is MediaType.ANIME
                mine = [
                    r
                    for r in raw
                    if r.user_id == user_id and r.media_type == kind and (viewer or not r.private)
                ]
                stats = got[field]
                totals = {k: stats[k] for k in TOTALS.split()}
                if totals != _expected_totals(mine, anime):
                    found.append(
                        (user_id, bool(viewer), field, totals, _expected_totals(mine, anime))
                    )
                counted = [r for r in mine if r.status != MediaListStatus.PLANNING]
                checks = [
                    ("statuses", "status", mine, lambda r: r.status.value),
                    ("genres", "genre", counted, lambda r: r.genre),
                ]
                for name, keyname, rows, key in checks:
                    want = _buckets(rows, key, anime)
                    have = sorted(
                        (tuple(b[k] for k in (keyname, *BUCKET_FIELDS)) for b in stats[name]),
                        key=lambda b: str(b[0]),
                    )
                    if have != want:
                        found.append((user_id, bool(viewer), field, name, have, want))
                scores = Counter(score_bucket(r.score) for r in counted if r.score > 0)
                if {b["score"]: b["count"] for b in stats["scores"]} != dict(scores):
                    found.append((user_id, bool(viewer), field, "scores", stats["scores"], scores))
    media = (await gql.data(MEDIA_STATS, {"ids": w.media}))["Page"]["media"]
    for m in media:
        of = [r for r in raw if r.media_id == m["id"]]
        scores = Counter(score_bucket(r.score) for r in of if r.score > 0)
        statuses = Counter(r.status.value for r in of)
        got_scores = {
            d["score"]: d["amount"] for d in m["stats"]["scoreDistribution"] if d["amount"]
        }
        got_statuses = {
            d["status"]: d["amount"] for d in m["stats"]["statusDistribution"] if d["amount"]
        }
        if (got_scores, got_statuses, m["popularity"]) != (dict(scores), dict(statuses), len(of)):
            found.append(("media", m, scores, statuses))
    return found


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=3, max_size=15))
async def test_list_statistics_equal_a_recount_after_any_sequence_of_mutations(
    gql: GraphQLClient, database: Database, operations: list[tuple[Any, ...]]
) -> None:
    """The database is shared by the examples on purpose: statistics must hold from any state."""
    world = await _world(gql, database)
    for op in operations:
        await _apply(gql, database, world, op)
    assert await _maintained_mismatches(database) == []
    assert await _read_mismatches(gql, database, world) == []
    assert await _breakdown_mismatches(database, world) == []
