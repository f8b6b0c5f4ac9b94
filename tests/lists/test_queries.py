"""List entry filters answer alike on SQLite and PostgreSQL (text ``_like`` filters above all)."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.catalogue.enums import MediaType
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.lists.queries import EntryQuery, entry_select
from tests.factories import make_media, make_user

NOTES = {
    "fifty": "Watched 50% so far",
    "five": "Watched 5 of 10",
    "underscore": "tag_one done",
    "plain": "tag one done",
    "backslash": "C:\\Users\\me",
    "upper": "REWATCH with friends",
    "accented": "Été 2021: Génial",
    "none": None,
}


async def _one_entry_each(
    database: Database, fields: dict[str, dict[str, Any]]
) -> tuple[int, dict[int, str]]:
    """One user with an entry (of these fields) per key; returns (user id, media id -> key)."""
    keys: dict[int, str] = {}
    async with database.session() as s:
        user = await make_user(s)
        for key, columns in fields.items():
            media = await make_media(s)
            keys[media.id] = key
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=media.id,
                    media_type=MediaType.ANIME,
                    status=MediaListStatus.CURRENT,
                    **columns,
                )
            )
    return user.id, keys


async def _found(database: Database, query: EntryQuery, keys: dict[int, str]) -> set[str]:
    async with database.session() as s:
        return {keys[e.media_id] for e in (await s.scalars(entry_select(query))).all()}


@pytest.fixture
async def entries(database: Database) -> tuple[int, dict[int, str]]:
    return await _one_entry_each(database, {key: {"notes": n} for key, n in NOTES.items()})


@pytest.mark.parametrize(
    ("notes_like", "expected"),
    [
        ("50%", {"fifty"}),  # % is a literal percent sign, not "5 then anything"
        ("0%", {"fifty"}),  # as a wildcard, "10" in "5 of 10" would match too
        ("5", {"fifty", "five"}),
        ("tag_one", {"underscore"}),  # _ is a literal underscore, not any one character
        ("tag one", {"plain"}),
        ("\\users\\", {"backslash"}),  # the escape character is literal too
        ("rewatch", {"upper"}),  # case-insensitive on both backends
        ("WATCHED", {"fifty", "five"}),
        ("été", {"accented"}),  # beyond ASCII as well
        ("GÉNIAL", {"accented"}),
        ("%", {"fifty"}),
        ("_", {"underscore"}),
        ("nothing like it", set()),
    ],
)
async def test_IV_5_notes_like_is_a_literal_case_insensitive_substring(
    database: Database, entries: tuple[int, dict[int, str]], notes_like: str, expected: set[str]
) -> None:
    user_id, keys = entries
    query = EntryQuery(user_ids=[user_id], notes_like=notes_like)
    assert await _found(database, query, keys) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [("2020%", {"a"}), ("2021%", {"b"}), ("20%", {"a", "b"}), ("2020010_", {"a"}), ("2\\", set())],
)
async def test_date_like_patterns_keep_their_wildcards_on_both_backends(
    database: Database, pattern: str, expected: set[str]
) -> None:
    started = {"started_month": 1, "started_day": 5}
    user_id, keys = await _one_entry_each(
        database, {"a": {"started_year": 2020, **started}, "b": {"started_year": 2021, **started}}
    )
    query = EntryQuery(user_ids=[user_id], dates={"started": (None, None, None, pattern)})
    assert await _found(database, query, keys) == expected
