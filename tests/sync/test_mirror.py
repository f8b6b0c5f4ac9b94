"""The catalogue mirror against a second Kagami on loopback with a richer catalogue."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.catalogue.admin_edits import set_media_field
from kagami.catalogue.models import (
    AiringSchedule,
    Character,
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaRelationEdge,
    MediaStaff,
    MediaStudio,
    MediaTagLink,
    Staff,
)
from kagami.db import Database
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from kagami.lists.service import save_entry
from kagami.lists.statistics import DIMENSIONS, breakdown
from kagami.lists.totals import rebuild
from kagami.sync.mirror import MirrorResult, Scope, mirror_catalogue
from kagami.sync.models import ImportCursor
from kagami.sync.remote_http import RemoteClient, RemoteError
from kagami.sync.remotes import open_remote
from tests.sync.fake_remote import Answer, fake_remote
from tests.sync.remote import REMOTE_ONLY, Remote


async def _mirror(database: Database, remote: Remote, dialect: str, scope: Scope) -> MirrorResult:
    _, token = remote.take_user()
    client = open_remote(remote.url, dialect, token, timeout=10).client
    async with client:
        return await mirror_catalogue(database, client, dialect=dialect, scope=scope, quiet=True)


async def _media(database: Database, media_id: int) -> Media:
    async with database.session() as s:
        media = await s.get(Media, media_id)
        assert media is not None
        return media


async def _count(database: Database, model: type, **where: int) -> int:
    async with database.session() as s:
        stmt = sa.select(sa.func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return int(await s.scalar(stmt) or 0)


async def test_anilist_mirror_fills_titles_details_people_relations_and_schedule(
    local: Database, remote: Remote
) -> None:
    result = await _mirror(local, remote, "anilist", Scope())

    assert (result.visited, result.written) == (5, 5)
    bebop = await _media(local, 1)
    assert bebop.title_english == "Cowboy Bebop (EN)"
    assert bebop.synonyms == ["Cowboy Bebop alias"]
    assert bebop.description == "About Cowboy Bebop."
    assert (bebop.duration, bebop.banner_image) == (24, "https://img.example/1-banner.jpg")
    berserk = await _media(local, 30)
    assert (berserk.chapters, berserk.volumes) == (100, 10)
    assert await _count(local, MediaGenre, media_id=1) == 1
    assert await _count(local, MediaTagLink, media_id=1) == 1
    assert await _count(local, MediaStudio, media_id=1) == 1
    assert await _count(local, MediaCharacter, media_id=1) == 1
    assert await _count(local, MediaCharacterVoiceActor) == 1
    assert await _count(local, MediaStaff, media_id=1) == 1
    assert await _count(local, MediaRelationEdge, media_id=1, related_media_id=5) == 1
    assert await _count(local, AiringSchedule, media_id=40) == 1
    async with local.session() as s:
        assert (await s.get(Character, 1)).name_full == "Spike Spiegel"  # type: ignore[union-attr]
        assert (await s.get(Staff, 95011)).language_v2 == "Japanese"  # type: ignore[union-attr]

    again = await _mirror(local, remote, "anilist", Scope())  # re-running adds nothing twice
    assert again.written == 5
    assert await _count(local, MediaCharacter, media_id=1) == 1
    assert await _count(local, MediaStudio, media_id=1) == 1


async def test_the_mirror_never_overwrites_a_field_an_admin_edited(
    local: Database, remote: Remote
) -> None:
    async with local.session() as s:
        await set_media_field(s, 1, "title_english", "Space Cowboys")
        await set_media_field(s, 1, "episodes", "27")
        await set_media_field(s, 1, "genres", "Action|Sci-Fi")

    await _mirror(local, remote, "anilist", Scope("ids", 1, 1))

    bebop = await _media(local, 1)
    assert (bebop.title_english, bebop.episodes) == ("Space Cowboys", 27)
    assert bebop.description == "About Cowboy Bebop."  # not edited: mirrored
    async with local.session() as s:
        genres = await s.scalars(sa.select(MediaGenre.genre).where(MediaGenre.media_id == 1))
        assert sorted(genres) == ["Action", "Sci-Fi"]


async def test_an_id_range_creates_media_missing_here_manga_included(
    local: Database, remote: Remote
) -> None:
    result = await _mirror(local, remote, "anilist", Scope("ids", 45, 55))

    assert result.written == 1
    created = await _media(local, REMOTE_ONLY[0])
    assert (created.type.value, created.title_romaji) == ("MANGA", REMOTE_ONLY[3])
    assert (created.chapters, created.id_mal) == (100, REMOTE_ONLY[1])


async def test_an_interrupted_mirror_resumes_after_its_last_whole_batch(
    local: Database, remote: Remote
) -> None:
    failing_from = [2]  # the request from which the remote breaks down

    def proxy(n: int, request: Any) -> Answer:
        if n >= failing_from[0]:
            return 502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"
        answer = httpx.post(remote.url + "/", json=request)
        return answer.status_code, {"Content-Type": "application/json"}, answer.content

    async def run(url: str) -> MirrorResult:
        async with RemoteClient(url, "") as client:
            return await mirror_catalogue(
                local, client, dialect="anilist", scope=Scope(), quiet=True, batch_size=2
            )

    with fake_remote(proxy) as (url, _):
        with pytest.raises(RemoteError, match="502"):
            await run(url)  # the first batch (media 1 and 5) went through
        assert (await _media(local, 5)).description is not None
        assert (await _media(local, 20)).description is None
        async with local.session() as s:  # starting over would write media 1 again
            await s.execute(sa.update(Media).where(Media.id == 1).values(description=None))
        failing_from[0] = 1000

        result = await run(url)

    assert (result.resumed_after, result.visited) == (5, 3)
    assert (await _media(local, 1)).description is None
    assert (await _media(local, 40)).description == "About No MAL id."
    async with local.session() as s:  # finished: the next run starts over
        assert await s.scalar(sa.select(sa.func.count()).select_from(ImportCursor)) == 0


async def test_mal_mirror_fills_what_the_mal_api_offers(local: Database, remote: Remote) -> None:
    result = await _mirror(local, remote, "mal", Scope("listed"))
    assert result.visited == 0  # nobody has a list yet

    await _mirror(local, remote, "mal", Scope())

    bebop = await _media(local, 1)
    assert (bebop.title_english, bebop.description) == ("Cowboy Bebop (EN)", "About Cowboy Bebop.")
    assert (bebop.episodes, bebop.duration) == (26, 24)
    assert await _count(local, MediaStudio, media_id=1) == 1
    assert await _count(local, MediaRelationEdge, media_id=1, related_media_id=5) == 1
    berserk = await _media(local, 30)
    assert (berserk.chapters, berserk.volumes, berserk.id_mal) == (100, 10, 2)
    assert (await _media(local, 40)).description == "About No MAL id."  # synthetic MAL id


async def _breakdowns(database: Database, user_id: int) -> dict[str, Any]:
    async with database.session() as s:
        return {
            dimension: sorted(
                (b.key, b.count)
                for b in (await breakdown(s, [user_id], "ANIME", dimension)).get(user_id, [])
            )
            for dimension in DIMENSIONS
        }


async def test_mirrored_people_and_lengths_reach_the_watchers_statistics(
    local: Database, remote: Remote
) -> None:
    async with local.session() as s:
        alice = (await s.scalars(sa.select(User).where(User.name == "alice"))).one()
        changes = EntryChanges(status=MediaListStatus.CURRENT, progress=1)
        await save_entry(s, alice.id, media_id=1, changes=changes)

    await _mirror(local, remote, "anilist", Scope())

    maintained = await _breakdowns(local, alice.id)
    assert maintained["staff"] and maintained["voice_actor"]  # the mirror brought both
    async with local.session() as s:
        await rebuild(s, [alice.id])
    assert maintained == await _breakdowns(local, alice.id)
