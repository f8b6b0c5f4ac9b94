"""A user with a list exercising every MediaListCollection grouping rule."""

from __future__ import annotations

from kagami.accounts.models import MediaListOptions, User
from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry, ListEntryCustomList
from tests.factories import make_user, recount_list_totals


async def build_lists(database: Database, *, split: bool = False) -> int:
    """User ``alice`` (POINT_5, row order score) with anime entries; returns her id."""
    async with database.session() as s:
        alice = await make_user(
            s, name="Alice", score_format=ScoreFormat.POINT_5, row_order="score"
        )
        s.add(
            MediaListOptions(
                user_id=alice.id,
                media_type=MediaType.ANIME,
                custom_lists=["Faves", "Empty"],
                split_completed_section_by_format=split,
            )
        )
        entries = [
            ListEntry(
                user_id=alice.id,
                media_id=1,
                media_type=MediaType.ANIME,
                status=MediaListStatus.COMPLETED,
                score=90,
                progress=26,
                started_year=2020,
                started_month=1,
            ),
            ListEntry(
                user_id=alice.id,
                media_id=5,
                media_type=MediaType.ANIME,
                status=MediaListStatus.COMPLETED,
                score=70,
                progress=1,
            ),
            ListEntry(
                user_id=alice.id,
                media_id=21,
                media_type=MediaType.ANIME,
                status=MediaListStatus.CURRENT,
                score=0,
                progress=1000,
            ),
            ListEntry(
                user_id=alice.id,
                media_id=15125,
                media_type=MediaType.ANIME,
                status=MediaListStatus.PLANNING,
                hidden_from_status_lists=True,
                score=55,
            ),
            ListEntry(
                user_id=alice.id,
                media_id=30013,
                media_type=MediaType.MANGA,
                status=MediaListStatus.CURRENT,
                score=80,
                progress=1100,
            ),
        ]
        s.add_all(entries)
        await s.flush()
        s.add_all(
            [
                ListEntryCustomList(entry_id=entries[0].id, list_name="Faves", user_id=alice.id),
                ListEntryCustomList(entry_id=entries[3].id, list_name="Faves", user_id=alice.id),
            ]
        )
        await recount_list_totals(s)
        return alice.id


async def build_big_list(database: Database, entries: int) -> int:
    """``entries`` anime ("Show N") and one user with all of them on her list; her id.

    The statuses cycle through every MediaListStatus. Shared with bench/graphql_read.py.
    """
    statuses = list(MediaListStatus)
    async with database.session() as s:
        s.add_all(
            Media(
                id=i,
                type=MediaType.ANIME,
                format=MediaFormat.TV,
                title_romaji=f"Show {i}",
                episodes=12,
            )
            for i in range(1, entries + 1)
        )
        user = User(name="bench")
        s.add(user)
        await s.flush()
        s.add_all(
            ListEntry(
                user_id=user.id,
                media_id=i,
                media_type=MediaType.ANIME,
                status=statuses[i % len(statuses)],
                score=i % 101,
                progress=i % 12,
            )
            for i in range(1, entries + 1)
        )
        await recount_list_totals(s)
        return user.id
