"""Helpers for mutation tests: signed-in callers of the small social graph, and error shapes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import Social, bearer
from tests.factories import make_user


@dataclass
class Caller:
    """One signed-in user of the social graph, posting GraphQL documents with their token."""

    gql: GraphQLClient
    headers: dict[str, str]
    user_id: int

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        return await self.gql(query, variables, **self.headers)

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a request that must succeed."""
        status, body = await self(query, variables)
        assert status == 200 and "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


async def caller(gql: GraphQLClient, database: Database, social: Social, name: str) -> Caller:
    """``name`` of the social graph (alice, bob, carol, dave the moderator), signed in."""
    user_id = social.users[name]
    return Caller(gql, await bearer(gql, database, user_id), user_id)


async def new_callers(gql: GraphQLClient, database: Database, count: int) -> list[Caller]:
    """``count`` new users, each signed in (for concurrent requests from distinct users)."""
    async with database.session() as s:
        users = [await make_user(s) for _ in range(count)]
    return [Caller(gql, await bearer(gql, database, u.id), u.id) for u in users]


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    """The single error of a failed request, without its locations."""
    assert len(body["errors"]) == 1, body
    return {k: v for k, v in body["errors"][0].items() if k != "locations"}


UNREAD = "{ Viewer { unreadNotificationCount } }"
NEWEST_NOTIFICATION = """{ Notification { __typename ... on FollowingNotification { userId context }
  ... on ActivityMessageNotification { userId activityId }
  ... on ActivityReplyNotification { userId activityId }
  ... on ActivityMentionNotification { userId activityId }
  ... on ActivityLikeNotification { userId activityId }
  ... on ActivityReplyLikeNotification { userId activityId }
  ... on ActivityReplySubscribedNotification { userId activityId }
  ... on ThreadLikeNotification { userId threadId }
  ... on ThreadCommentLikeNotification { userId commentId } } }"""
