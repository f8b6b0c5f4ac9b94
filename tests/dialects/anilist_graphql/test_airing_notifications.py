"""AIRING notifications made by the airing job read back through the AniList GraphQL API."""

from __future__ import annotations

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import AiringSchedule
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.airing_job import notify_aired
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user


async def test_an_aired_episode_reads_back_as_an_airing_notification(
    database: Database, gql: GraphQLClient
) -> None:
    async with database.session() as s:
        media = await make_media(s, type=MediaType.ANIME)
        user = await make_user(s)
        s.add(
            ListEntry(
                user_id=user.id,
                media_id=media.id,
                media_type=MediaType.ANIME,
                status=MediaListStatus.CURRENT,
            )
        )
        s.add(AiringSchedule(media_id=media.id, episode=3, airing_at=100))
        await s.flush()
        await notify_aired(s, now=50)
        await notify_aired(s, now=150)
    status, body = await gql(
        "{ Viewer { unreadNotificationCount } Page { notifications(type: AIRING) {"
        " ... on AiringNotification { animeId episode contexts createdAt media { id } } } } }",
        None,
        **await bearer(gql, database, user.id),
    )
    assert status == 200, body
    assert body["data"]["Viewer"] == {"unreadNotificationCount": 1}
    assert body["data"]["Page"]["notifications"] == [
        {
            "animeId": media.id,
            "episode": 3,
            "contexts": ["Episode ", " of ", " aired."],
            "createdAt": 100,
            "media": {"id": media.id},
        }
    ]
