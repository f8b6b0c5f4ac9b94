"""A second Kagami on loopback for the sync and mirror tests: a richer catalogue, many users.

The catalogue and users go straight into its database before it starts (no bundled
catalogue). It is uvicorn serving ``create_app`` in a thread (as the browser tests run
it), not a ``kagami serve`` process: a fresh interpreter costs ~15 s of imports on a
loaded machine, a thread well under one. Each test takes a fresh remote user, so the
session shares one server and tests never see each other's lists.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from kagami.app import create_app
from kagami.catalogue.enums import CharacterRole, MediaRelation, MediaType
from kagami.catalogue.models import (
    AiringSchedule,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaRelationEdge,
    MediaStaff,
    MediaStudio,
    MediaTag,
    MediaTagLink,
)
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.oauth.clients import create_client, ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.keys import load_signing_key
from kagami.oauth.tokens import TokenIssuer
from tests.factories import make_character, make_media, make_staff, make_studio, make_user
from tests.support import ThreadedServer, listening_socket, serve_in_thread

# (id, MAL id, type, title): both sides' catalogue (the local one bare, the remote one rich).
CATALOGUE = (
    (1, 1, MediaType.ANIME, "Cowboy Bebop"),
    (5, 5, MediaType.ANIME, "Cowboy Bebop: Tengoku no Tobira"),
    (20, 20, MediaType.ANIME, "Naruto"),
    (30, 2, MediaType.MANGA, "Berserk"),
    (40, None, MediaType.ANIME, "No MAL id"),  # answers to a synthetic MAL id
)
REMOTE_ONLY = (50, 50, MediaType.MANGA, "Only on the remote")
EPISODES = {1: 26, 5: 1, 20: 220, 40: 12}
USERS = 40


@dataclass
class Remote:
    """The running remote and a pool of (user name, token) pairs, one per test."""

    url: str
    served: ThreadedServer | None = None
    tokens: list[tuple[str, str]] = field(default_factory=list)
    _next: itertools.count[int] = field(default_factory=itertools.count)

    def stop(self) -> None:
        """Shut the server down and wait for its thread."""
        if self.served is not None:
            self.served.stop()

    def take_user(self) -> tuple[str, str]:
        """A remote user no other test has used, and a token for them."""
        return self.tokens[next(self._next)]


async def _seed_catalogue(database: Database) -> None:
    async with database.session() as s:
        for media_id, mal, kind, title in (*CATALOGUE, REMOTE_ONLY):
            await make_media(
                s,
                id=media_id,
                id_mal=mal,
                type=kind,
                title_romaji=title,
                title_english=f"{title} (EN)",
                synonyms=[f"{title} alias"],
                description=f"About {title}.",
                episodes=EPISODES.get(media_id),
                duration=24 if kind is MediaType.ANIME else None,
                chapters=100 if kind is MediaType.MANGA else None,
                volumes=10 if kind is MediaType.MANGA else None,
                cover_large=f"https://img.example/{media_id}.jpg",
                banner_image=f"https://img.example/{media_id}-banner.jpg",
            )
            s.add(MediaGenre(media_id=media_id, genre="Drama", position=0))
        studio = await make_studio(s, id=14, name="Sunrise")
        s.add(MediaStudio(media_id=1, studio_id=studio.id, is_main=True))
        tag = MediaTag(id=1, name="Space", category="Setting-Universe")
        s.add(tag)
        await s.flush()
        s.add(MediaTagLink(media_id=1, tag_id=tag.id, rank=90))
        spike = await make_character(s, id=1, name_full="Spike Spiegel", name_native="スパイク")
        voice = await make_staff(s, id=95011, name_full="Kouichi Yamadera", language_v2="Japanese")
        director = await make_staff(s, id=95269, name_full="Shinichirou Watanabe")
        edge = MediaCharacter(media_id=1, character_id=spike.id, role=CharacterRole.MAIN)
        s.add(edge)
        await s.flush()
        s.add(
            MediaCharacterVoiceActor(
                media_character_id=edge.id, staff_id=voice.id, language="Japanese"
            )
        )
        s.add(MediaStaff(media_id=1, staff_id=director.id, role="Director"))
        s.add(
            MediaRelationEdge(
                media_id=1, related_media_id=5, relation_type=MediaRelation.SIDE_STORY
            )
        )
        s.add(AiringSchedule(media_id=40, episode=1, airing_at=1_900_000_000))


async def _set_up(settings: Settings, remote: Remote) -> None:
    database = Database(settings)
    try:
        await upgrade(database)
        await _seed_catalogue(database)
        async with database.session() as s:
            await ensure_builtin_client(s)
        async with database.session() as s:
            owner = await make_user(s, name="owner")
            client = await create_client(
                s, owner_id=owner.id, name="Sync tests", redirect_uris=["http://127.0.0.1/cb"]
            )
            issuer = TokenIssuer(settings, load_signing_key(settings))
            for n in range(USERS):
                user = await make_user(s, name=f"remote{n}")
                issued = await issuer.issue(
                    s,
                    client_id=client.client.id,
                    user_id=user.id,
                    dialect=TokenDialect.ANILIST,
                    grant=GrantType.AUTHORIZATION_CODE,
                )
                remote.tokens.append((user.name, issued.access_token))
    finally:
        await database.dispose()


def start_remote(data_dir: Path) -> Remote:
    """Seed a fresh SQLite data dir, then serve it on a loopback port the OS picks."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=data_dir,
        database_url=f"sqlite+aiosqlite:///{data_dir / 'kagami.sqlite3'}",
        public_base_url=base_url,
        port=port,
        import_bundled_on_start=False,
        jobs_interval_seconds=0,
        _env_file=None,
    )
    remote = Remote(url=base_url)
    try:
        asyncio.run(_set_up(settings, remote))
        remote.served = serve_in_thread(create_app(settings), sock)
    except BaseException:
        sock.close()
        raise
    return remote
