"""Export, import into an empty Kagami, export again: the same JSON bytes, the same XML entries."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.accounts.options import ListOptionsChanges, UserChanges, update_user
from kagami.catalogue.enums import MediaType
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.service import save_entry
from kagami.social.activity_service import save_text_activity, toggle_activity_pin
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import toggle_favourite, update_favourite_order
from kagami.social.follow_service import toggle_follow
from kagami.transfer.files import write_text_chunks
from kagami.transfer.json_import import import_document, import_json
from kagami.transfer.kagami_json import export_document, export_json_text
from kagami.transfer.mal_import import import_mal_xml
from kagami.transfer.mal_xml_write import mal_xml_chunks
from tests.factories import make_character, make_staff, make_studio, make_user
from tests.transfer.conftest import Catalogue, make_catalogue, totals_are_exact


async def _people(database: Database, *names: str) -> dict[str, int]:
    async with database.session() as session:
        await make_character(session, id=1)
        await make_staff(session, id=1)
        await make_studio(session, id=1)
        await make_studio(session, id=2)
        return {name: (await make_user(session, name=name)).id for name in names}


async def _fill(database: Database, alice: int, others: dict[str, int]) -> None:
    """A user with a bit of everything, written through the services as the dialects do."""
    async with database.session() as session:
        await update_user(
            session,
            alice,
            UserChanges(
                about="Hi there",
                score_format=ScoreFormat.POINT_100,
                timezone="Asia/Tokyo",
                profile_color="#123456",
                activity_merge_time=0,
                notification_options={"AIRING": False},
                disabled_list_activity={MediaListStatus.PLANNING: True},
                anime_list_options=ListOptionsChanges(
                    custom_lists=["Favs", "Rewatch"],
                    advanced_scoring=["Story", "Art"],
                    advanced_scoring_enabled=True,
                    section_order=["Watching", "Favs"],
                    theme={"dark": True},
                ),
            ),
        )
    async with database.session() as session:
        await save_entry(
            session,
            alice,
            media_id=1,
            changes=EntryChanges(
                status=MediaListStatus.COMPLETED,
                score=85,
                repeat=1,
                notes="See you, space cowboy",
                hidden_from_status_lists=True,
                custom_lists=["Favs", "Rewatch"],
                advanced_scores=[80, 92.5],
                started_at=FuzzyDate(2019, 3, None),
                rewatch_value=3,
                tags=["jazz", "space"],
            ),
        )
        await save_entry(
            session,
            alice,
            media_id=30,
            changes=EntryChanges(progress=10, progress_volumes=2, private=True, priority=7),
        )
        await save_entry(
            session, alice, media_id=6, changes=EntryChanges(status=MediaListStatus.PLANNING)
        )
        await save_entry(session, alice, media_id=7, changes=EntryChanges(progress=3))
        post = await save_text_activity(
            session, alice, activity_id=None, text="Back to Mars", locked=None
        )
        await toggle_activity_pin(session, alice, activity_id=post.id, pinned=True)
        for kind, target in [
            (FavouriteKind.ANIME, 1),
            (FavouriteKind.ANIME, 6),
            (FavouriteKind.MANGA, 30),
            (FavouriteKind.CHARACTER, 1),
            (FavouriteKind.STAFF, 1),
            (FavouriteKind.STUDIO, 1),
            (FavouriteKind.STUDIO, 2),
        ]:
            await toggle_favourite(session, alice, targets={kind: target})
        await update_favourite_order(
            session, alice, orders={FavouriteKind.STUDIO: ([1, 2], [5, 3])}
        )
        for user_id in others.values():
            await toggle_follow(session, alice, user_id=user_id)


async def _source(database: Database) -> int:
    await make_catalogue(database)
    people = await _people(database, "alice", "bob", "carol")
    alice = people.pop("alice")
    await _fill(database, alice, people)
    return alice


async def _empty_kagami(empty_database: Database, *names: str) -> dict[str, int]:
    await upgrade(empty_database)
    await make_catalogue(empty_database)
    return await _people(empty_database, *names)


async def test_json_export_import_export_is_byte_identical(
    database: Database, empty_database: Database, tmp_path: Path
) -> None:
    alice = await _source(database)
    async with database.session() as session:
        first = await export_json_text(session, alice)
    path = tmp_path / "alice.json.gz"

    async def chunks() -> object:
        yield first

    await write_text_chunks(path, chunks())  # type: ignore[arg-type]
    target = await _empty_kagami(empty_database, "alice", "bob", "carol")

    report = await import_json(empty_database, path, "alice")

    assert report.problems == []
    async with empty_database.session() as session:
        second = await export_json_text(session, target["alice"])
    assert second == first
    data = json.loads(first)
    # Private entries and disabled statuses leave no activity: bebop, no_mal, the post.
    assert len(data["entries"]) == 4 and len(data["activities"]) == 3
    assert data["favourites"]["STUDIO"] == [2, 1]  # the user's order, not the adding order
    assert data["follows"] == ["bob", "carol"]
    bebop = data["entries"][0]
    assert bebop["advanced_scores"] == {"Story": 80.0, "Art": 92.5}
    assert bebop["custom_lists"] == ["Favs", "Rewatch"] and bebop["hidden_from_status_lists"]
    assert await totals_are_exact(empty_database)

    again = await import_json(empty_database, path, "alice")  # idempotent
    assert (again.favourites, again.follows, again.activities) == (0, 0, 0)
    assert again.entries == {"unchanged": 4}
    async with empty_database.session() as session:
        assert await export_json_text(session, target["alice"]) == first


async def test_what_the_target_lacks_is_reported_not_invented(
    database: Database, catalogue: Catalogue
) -> None:
    async with database.session() as session:
        alice = await session.scalar(sa.select(User.id).where(User.name == "alice"))
        bob = await make_user(session, name="bob")
        assert alice is not None
        await toggle_follow(session, alice, user_id=bob.id)
        await save_entry(session, alice, media_id=1, changes=EntryChanges(progress=2))
        await toggle_favourite(session, alice, targets={FavouriteKind.ANIME: 1})
        doc = await export_document(session, alice)
        newcomer = await make_user(session, name="dave")
    doc.follows.append("nobody_here")
    doc.entries.append(doc.entries[0].model_copy(update={"media_id": 4242}))
    doc.favourites[FavouriteKind.CHARACTER] = [999]
    async with database.session() as session:
        users_before = await session.scalar(sa.select(sa.func.count()).select_from(User))
        report = await import_document(session, newcomer.id, doc)
        users_after = await session.scalar(sa.select(sa.func.count()).select_from(User))
    assert (report.follows, report.favourites, report.entries) == (1, 1, {"created": 1})
    assert report.problems == [
        "entry for media 4242: not in this catalogue",
        "favourite character 999: not here",
        "follow 'nobody_here': no user of that name here (not created)",
    ]
    assert users_after == users_before


def _xml_entries(text: str, id_field: str) -> dict[str, dict[str, str]]:
    root = ElementTree.fromstring(text.encode())
    return {
        e.findtext(id_field, ""): {c.tag: c.text or "" for c in e}
        for e in root
        if e.tag in ("anime", "manga")
    }


async def _xml(database: Database, user_id: int, media_type: MediaType) -> str:
    async with database.session() as session:
        return "".join([c async for c in mal_xml_chunks(session, user_id, "x", media_type)])


async def test_mal_xml_export_import_export_is_equal_by_entry(
    database: Database, empty_database: Database, tmp_path: Path
) -> None:
    alice = await _source(database)
    target = await _empty_kagami(empty_database, "alice")
    for media_type, id_field in (
        (MediaType.ANIME, "series_animedb_id"),
        (MediaType.MANGA, "manga_mangadb_id"),
    ):
        first = await _xml(database, alice, media_type)
        path = tmp_path / f"{media_type.value}.xml"
        path.write_text(first, encoding="utf-8")

        report = await import_mal_xml(empty_database, path, "alice")

        assert report.unknown_count == report.invalid_count == 0
        second = await _xml(empty_database, target["alice"], media_type)
        assert _xml_entries(second, id_field) == _xml_entries(first, id_field)
        assert len(_xml_entries(first, id_field)) == (3 if media_type is MediaType.ANIME else 1)
    anime = _xml_entries(await _xml(database, alice, MediaType.ANIME), "series_animedb_id")
    bebop = anime["1"]
    assert bebop["my_status"] == "Completed" and bebop["my_score"] == "8"
    assert bebop["my_start_date"] == "2019-03-00" and bebop["my_tags"] == "jazz, space"
    assert bebop["update_on_import"] == "1"
    assert "1000000007" in anime  # no MAL id: the MAL dialect's synthetic id
    assert await totals_are_exact(empty_database)
