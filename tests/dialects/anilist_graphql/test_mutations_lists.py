"""List mutations over HTTP: save, bulk update, delete, custom lists; read back via MediaList."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.lists.enums import ScoreFormat
from kagami.lists.models import ListEntry
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

SAVE = """mutation ($mediaId: Int, $id: Int, $status: MediaListStatus, $score: Float,
  $scoreRaw: Int, $progress: Int, $notes: String, $customLists: [String],
  $advancedScores: [Float], $startedAt: FuzzyDateInput, $private: Boolean) {
  SaveMediaListEntry(mediaId: $mediaId, id: $id, status: $status, score: $score,
    scoreRaw: $scoreRaw, progress: $progress, notes: $notes, customLists: $customLists,
    advancedScores: $advancedScores, startedAt: $startedAt, private: $private) {
    id mediaId userId status score progress notes private advancedScores
    startedAt { year month day } completedAt { year month day } customLists
  } }"""
READ = """query ($userId: Int, $mediaId: Int) { MediaList(userId: $userId, mediaId: $mediaId) {
  id status score progress notes customLists(asArray: false) startedAt { year month day }
  score100: score(format: POINT_100) media { popularity } } }"""


COLLECTION = """query ($userId: Int) { MediaListCollection(userId: $userId, type: ANIME) {
  lists { name isCustomList entries { id } } } }"""


@dataclass
class Lister:
    """A signed-in user with two custom anime lists and two advanced-scoring sections."""

    user_id: int
    other_id: int
    show: int
    headers: dict[str, str]
    other_headers: dict[str, str]


@pytest.fixture
async def lister(gql: GraphQLClient, database: Database) -> Lister:
    async with database.session() as s:
        user = await make_user(s, score_format=ScoreFormat.POINT_10_DECIMAL)
        other = await make_user(s)
        show = await make_media(s, episodes=12)
        s.add(
            MediaListOptions(
                user_id=user.id,
                media_type=MediaType.ANIME,
                custom_lists=["Comfy", "Owned"],
                advanced_scoring=["Story", "Art"],
            )
        )
    return Lister(
        user.id,
        other.id,
        show.id,
        await bearer(gql, database, user.id),
        await bearer(gql, database, other.id),
    )


async def _read(gql: GraphQLClient, user_id: int, media_id: int) -> dict[str, Any]:
    return (await gql.data(READ, {"userId": user_id, "mediaId": media_id}))["MediaList"]  # type: ignore[no-any-return]


async def test_save_media_list_entry_creates_and_reads_back(
    gql: GraphQLClient, lister: Lister
) -> None:
    status, body = await gql(
        SAVE,
        {
            "mediaId": lister.show,
            "status": "CURRENT",
            "score": 7.5,
            "progress": 3,
            "notes": "cosy",
            "customLists": ["Comfy"],
            "advancedScores": [80, 60],
        },
        **lister.headers,
    )
    assert status == 200, body
    saved = body["data"]["SaveMediaListEntry"]
    assert saved["score"] == 7.5 and saved["advancedScores"] == {"Story": 80.0, "Art": 60.0}
    assert saved["customLists"] == {"Comfy": True}
    assert saved["startedAt"]["year"] is not None  # CURRENT without a start date: today
    read = await _read(gql, lister.user_id, lister.show)
    assert read["id"] == saved["id"]
    assert (read["status"], read["score"], read["score100"], read["progress"]) == (
        "CURRENT",
        7.5,
        75.0,
        3,
    )
    assert read["notes"] == "cosy" and read["media"]["popularity"] == 1
    collection = await gql.data(COLLECTION, {"userId": lister.user_id})
    groups = collection["MediaListCollection"]["lists"]
    assert [(g["name"], g["isCustomList"], [e["id"] for e in g["entries"]]) for g in groups] == [
        ("Watching", False, [saved["id"]]),
        ("Comfy", True, [saved["id"]]),
    ]


async def test_save_by_id_updates_and_the_last_episode_completes(
    gql: GraphQLClient, lister: Lister
) -> None:
    first = await gql(SAVE, {"mediaId": lister.show, "progress": 1}, **lister.headers)
    entry_id = first[1]["data"]["SaveMediaListEntry"]["id"]
    status, body = await gql(SAVE, {"id": entry_id, "progress": 12}, **lister.headers)
    assert status == 200, body
    saved = body["data"]["SaveMediaListEntry"]
    assert (saved["status"], saved["progress"]) == ("COMPLETED", 12)
    assert saved["completedAt"]["year"] is not None


async def test_save_media_list_entry_validation_names_the_arguments(
    gql: GraphQLClient, database: Database, lister: Lister
) -> None:
    status, body = await gql(
        SAVE,
        {"mediaId": lister.show, "progress": 13, "notes": "n" * 6001, "customLists": ["Nope"]},
        **lister.headers,
    )
    assert status == 400
    assert body["data"] == {"SaveMediaListEntry": None}
    error = body["errors"][0]
    assert (error["message"], error["status"]) == ("validation", 400)
    assert sorted(error["validation"]) == ["customLists", "notes", "progress"]
    async with database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0
    status, body = await gql(SAVE, {"progress": 1}, **lister.headers)  # no media, no id
    assert status == 400 and list(body["errors"][0]["validation"]) == ["mediaId"]
    # AniList names an unknown id as a validation error (taiga#834: "The selected media id
    # is invalid."; taiga#614: "The selected id is invalid.").
    status, body = await gql(SAVE, {"mediaId": 999_999}, **lister.headers)
    assert status == 400
    assert body["errors"][0]["validation"] == {"mediaId": ["The selected media id is invalid."]}
    status, body = await gql(SAVE, {"id": 999_999}, **lister.headers)
    assert body["errors"][0]["validation"] == {"id": ["The selected id is invalid."]}


async def test_delete_media_list_entry_returns_deleted(
    gql: GraphQLClient, lister: Lister, database: Database, sql_counter: Callable[..., Any]
) -> None:
    created = await gql(SAVE, {"mediaId": lister.show, "scoreRaw": 90}, **lister.headers)
    entry_id = created[1]["data"]["SaveMediaListEntry"]["id"]
    delete = "mutation ($id: Int) { DeleteMediaListEntry(id: $id) { deleted } }"
    with sql_counter() as counted:
        status, body = await gql(delete, {"id": entry_id}, **lister.headers)
    assert (status, body) == (200, {"data": {"DeleteMediaListEntry": {"deleted": True}}})
    # token, lock, entry, delete, 3 counters (+ breakdowns), user
    assert counted.count <= 10, str(counted)
    status, _ = await gql(READ, {"userId": lister.user_id, "mediaId": lister.show})
    assert status == 404
    async with database.session() as s:
        media = await s.get(Media, lister.show)
    assert media is not None and (media.popularity, media.scored_count) == (0, 0)
    status, body = await gql(delete, {"id": entry_id}, **lister.headers)
    assert (status, body["errors"][0]["validation"]) == (
        400,
        {"id": ["The selected id is invalid."]},
    )
    status, body = await gql("mutation { DeleteMediaListEntry { deleted } }", **lister.headers)
    assert status == 400 and list(body["errors"][0]["validation"]) == ["id"]


async def test_update_media_list_entries_sets_the_shared_fields(
    gql: GraphQLClient, database: Database, lister: Lister
) -> None:
    async with database.session() as s:
        second = (await make_media(s, episodes=24)).id
    ids = []
    for media_id in (lister.show, second):
        done = await gql(SAVE, {"mediaId": media_id, "progress": 1}, **lister.headers)
        ids.append(done[1]["data"]["SaveMediaListEntry"]["id"])
    bulk = """mutation ($ids: [Int], $score: Float) {
      UpdateMediaListEntries(ids: $ids, score: $score, status: PAUSED) { id status score } }"""
    status, body = await gql(bulk, {"ids": ids, "score": 6.5}, **lister.headers)
    assert status == 200, body
    assert body["data"]["UpdateMediaListEntries"] == [
        {"id": i, "status": "PAUSED", "score": 6.5} for i in ids
    ]
    read = await _read(gql, lister.user_id, second)
    assert (read["status"], read["score"]) == ("PAUSED", 6.5)
    status, body = await gql(bulk, {"ids": ids, "score": 6.5}, **lister.other_headers)
    assert status == 403
    status, body = await gql(bulk, {"ids": ids, "score": 11}, **lister.headers)
    assert status == 400 and list(body["errors"][0]["validation"]) == ["score"]


async def test_delete_custom_list_removes_it_from_options_and_entries(
    gql: GraphQLClient, lister: Lister
) -> None:
    await gql(SAVE, {"mediaId": lister.show, "customLists": ["Owned"]}, **lister.headers)
    delete = """mutation ($name: String) {
      DeleteCustomList(customList: $name, type: ANIME) { deleted } }"""
    status, body = await gql(delete, {"name": "Owned"}, **lister.headers)
    assert (status, body) == (200, {"data": {"DeleteCustomList": {"deleted": True}}})
    assert (await _read(gql, lister.user_id, lister.show))["customLists"] is None
    collection = await gql.data(COLLECTION, {"userId": lister.user_id})
    assert [g["name"] for g in collection["MediaListCollection"]["lists"]] == ["Watching"]
    options = """query ($id: Int) { User(id: $id) {
      mediaListOptions { animeList { customLists } } } }"""
    data = await gql.data(options, {"id": lister.user_id})
    assert data["User"]["mediaListOptions"]["animeList"]["customLists"] == ["Comfy"]
    status, body = await gql(delete, {"name": "Owned"}, **lister.headers)
    assert status == 400 and list(body["errors"][0]["validation"]) == ["customList"]
    status, body = await gql("mutation { DeleteCustomList { deleted } }", **lister.headers)
    assert status == 400 and sorted(body["errors"][0]["validation"]) == ["customList", "type"]


async def test_DU_7_fifty_simultaneous_saves_make_one_entry_with_one_id(
    gql: GraphQLClient, database: Database, lister: Lister
) -> None:
    results = await asyncio.gather(
        *(
            gql(SAVE, {"mediaId": lister.show, "progress": 1 + i % 5}, **lister.headers)
            for i in range(50)
        )
    )
    assert [status for status, _ in results] == [200] * 50, results
    assert len({body["data"]["SaveMediaListEntry"]["id"] for _, body in results}) == 1
    async with database.session() as s:
        entries = await s.scalar(sa.select(sa.func.count()).select_from(ListEntry))
        media = await s.get(Media, lister.show)
    assert entries == 1 and media is not None and media.popularity == 1


async def test_save_media_list_entry_runs_a_bounded_number_of_statements(
    gql: GraphQLClient, database: Database, lister: Lister, sql_counter: Callable[..., Any]
) -> None:
    """Token, lock, one read, the entry's write, popularity or scores (2 on PostgreSQL),
    totals, activity: <= 11, + 1 for the maintained
    statistics breakdowns."""
    counts = []
    for progress in (1, 2, 3):
        with sql_counter() as counted:
            status, _ = await gql(
                SAVE,
                {"mediaId": lister.show, "progress": progress, "scoreRaw": 50 + progress},
                **lister.headers,
            )
        assert status == 200
        counts.append(counted.count)
    print(f"\nSaveMediaListEntry statements: {counts}")
    assert max(counts) <= 12, counts
    feed = """query ($id: Int) { Page { activities(userId: $id) {
      ... on ListActivity { status progress media { id } } } } }"""
    data = await gql.data(feed, {"id": lister.user_id})
    assert data["Page"]["activities"] == [
        {"status": "watched episode", "progress": "1 - 3", "media": {"id": lister.show}}
    ]


async def test_a_progress_step_merged_into_the_activity_runs_six_statements(
    gql: GraphQLClient, lister: Lister, sql_counter: Callable[..., Any]
) -> None:
    """The benchmarked save (bench/graphql_write.py): token, lock, one read (actor, media,
    entry, options), the entry's UPDATE, the totals upsert, the activity merge; + 1 for
    the maintained statistics."""
    step = "mutation ($m: Int, $p: Int) { SaveMediaListEntry(mediaId: $m, progress: $p) { id } }"
    await gql.data(step, {"m": lister.show, "p": 1}, **lister.headers)
    counts = []
    for progress in (2, 3):
        with sql_counter() as counted:
            await gql.data(step, {"m": lister.show, "p": progress}, **lister.headers)
        counts.append(counted.count)
    assert max(counts) <= 6 + 1, counts
    feed = """query ($id: Int) { Page { activities(userId: $id) {
      ... on ListActivity { progress } } } }"""
    data = await gql.data(feed, {"id": lister.user_id})
    assert data["Page"]["activities"] == [{"progress": "1 - 3"}]


async def test_update_media_list_entries_statements_do_not_grow_with_the_ids(
    gql: GraphQLClient, database: Database, lister: Lister, sql_counter: Callable[..., Any]
) -> None:
    async with database.session() as s:
        media = [(await make_media(s, episodes=10)).id for _ in range(8)]
        for media_id in media:
            s.add(ListEntry(user_id=lister.user_id, media_id=media_id, media_type=MediaType.ANIME))
    async with database.session() as s:
        ids = list((await s.scalars(sa.select(ListEntry.id).order_by(ListEntry.id))).all())
    bulk = """mutation ($ids: [Int], $raw: Int) {
      UpdateMediaListEntries(ids: $ids, scoreRaw: $raw, progress: 2) { id progress } }"""
    counts = []
    for chosen in (ids[:2], ids[2:]):  # 2 entries, then 6 others
        with sql_counter() as counted:
            status, body = await gql(bulk, {"ids": chosen, "raw": 60}, **lister.headers)
        assert status == 200, body
        assert len(body["data"]["UpdateMediaListEntries"]) == len(chosen)
        counts.append(counted.count)
    print(f"\nUpdateMediaListEntries statements (2, 6 ids): {counts}")
    assert counts[0] == counts[1] <= 10, counts


async def test_a_private_entry_is_visible_to_its_owner_only(
    gql: GraphQLClient, lister: Lister
) -> None:
    status, _ = await gql(SAVE, {"mediaId": lister.show, "private": True}, **lister.headers)
    assert status == 200
    variables = {"userId": lister.user_id, "mediaId": lister.show}
    assert (await gql(READ, variables))[0] == 404
    assert (await gql(READ, variables, **lister.other_headers))[0] == 404
    status, body = await gql(READ, variables, **lister.headers)
    assert status == 200 and body["data"]["MediaList"]["progress"] == 0


async def test_concurrent_scores_from_many_users_keep_the_media_aggregates_exact(
    gql: GraphQLClient, database: Database, lister: Lister
) -> None:
    """Each on an existing entry, so only the score refresh touches the media row."""
    async with database.session() as s:
        users = [(await make_user(s)).id for _ in range(12)]
        for u in users:
            s.add(ListEntry(user_id=u, media_id=lister.show, media_type=MediaType.ANIME))
        await s.execute(sa.update(Media).values(popularity=len(users)))
    headers = [await bearer(gql, database, u) for u in users]
    scores = [10 + 7 * i for i in range(len(users))]
    results = await asyncio.gather(
        *(
            gql(SAVE, {"mediaId": lister.show, "scoreRaw": score}, **h)
            for h, score in zip(headers, scores, strict=True)
        )
    )
    assert [status for status, _ in results] == [200] * len(users)
    async with database.session() as s:
        media = await s.get(Media, lister.show)
    assert media is not None
    assert (media.popularity, media.scored_count) == (len(users), len(users))
    assert media.mean_score == int(sum(scores) / len(scores) + 0.5)  # SQL ROUND: half up
