"""Two writers changing different fields of one entry at once never undo each other
(SECURITY.md DU-8): a GraphQL score and a MAL note both survive every interleaving."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.config import Settings
from kagami.db import Database
from kagami.lists.models import ListEntry
from tests.faults.inprocess import load_client
from tests.faults.load import TOKENS, media_of

SCORE = "mutation ($m: Int, $s: Int) { SaveMediaListEntry(mediaId: $m, scoreRaw: $s) { id } }"


async def _after(delay: float, call: Any) -> Any:
    await asyncio.sleep(delay)
    return await call


async def _interleavings(settings: Settings, database: Database, rounds: int) -> None:
    rng = random.Random(8)
    media = media_of("mal")[0]
    async with load_client(settings, database) as client:
        graphql = {"Authorization": f"Bearer {TOKENS['graphql']}"}
        mal = {"Authorization": f"Bearer {TOKENS['mal']}"}
        path = f"/v2/anime/{media}/my_list_status"
        assert (await client.patch(path, data={"status": "watching"}, headers=mal)).is_success
        for n in range(rounds):
            score, note = 10 + n % 90, f"note {n}"
            body = {"query": SCORE, "variables": {"m": media, "s": score}}
            first, second = (rng.random() * 0.003 for _ in range(2))
            answers = await asyncio.gather(
                _after(first, client.post("/graphql", json=body, headers=graphql)),
                _after(second, client.patch(path, data={"comments": note}, headers=mal)),
            )
            assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
            async with database.session() as session:
                row = (
                    await session.execute(
                        sa.select(ListEntry.score, ListEntry.notes).where(
                            ListEntry.media_id == media
                        )
                    )
                ).one()
            assert tuple(row) == (score, note), f"round {n}: one writer undid the other"


async def test_DU_8_concurrent_score_and_notes_writes_both_survive(
    settings: Settings, database: Database
) -> None:
    await _interleavings(settings, database, rounds=20)


@pytest.mark.slow
async def test_DU_8_two_hundred_interleavings_lose_no_update(
    settings: Settings, database: Database
) -> None:
    await _interleavings(settings, database, rounds=200)
