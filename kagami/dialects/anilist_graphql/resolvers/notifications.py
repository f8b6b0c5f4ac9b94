"""NotificationUnion (every ``*Notification`` type), the ``Notification`` root and Page field.

Notifications are the viewer's own: both fields answer 401 ``Unauthorized.`` without a token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ariadne import ObjectType, SchemaBindable, UnionType
from graphql import GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema, GraphQLUnionType

from kagami.accounts.queries import users_by_ids
from kagami.catalogue.queries import media_by_ids
from kagami.dialects.anilist_graphql.resolvers.common import ctx, listify, load
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound
from kagami.social import notifications as notification_queries
from kagami.social import queries as activity_queries
from kagami.social.enums import NotificationType
from kagami.social.models import Notification

notification_union = UnionType("NotificationUnion")
query = ObjectType("Query")

_TYPENAME = {
    NotificationType.ACTIVITY_MESSAGE: "ActivityMessageNotification",
    NotificationType.ACTIVITY_REPLY: "ActivityReplyNotification",
    NotificationType.FOLLOWING: "FollowingNotification",
    NotificationType.ACTIVITY_MENTION: "ActivityMentionNotification",
    NotificationType.THREAD_COMMENT_MENTION: "ThreadCommentMentionNotification",
    NotificationType.THREAD_SUBSCRIBED: "ThreadCommentSubscribedNotification",
    NotificationType.THREAD_COMMENT_REPLY: "ThreadCommentReplyNotification",
    NotificationType.AIRING: "AiringNotification",
    NotificationType.ACTIVITY_LIKE: "ActivityLikeNotification",
    NotificationType.ACTIVITY_REPLY_LIKE: "ActivityReplyLikeNotification",
    NotificationType.THREAD_LIKE: "ThreadLikeNotification",
    NotificationType.THREAD_COMMENT_LIKE: "ThreadCommentLikeNotification",
    NotificationType.ACTIVITY_REPLY_SUBSCRIBED: "ActivityReplySubscribedNotification",
    NotificationType.RELATED_MEDIA_ADDITION: "RelatedMediaAdditionNotification",
    NotificationType.MEDIA_DATA_CHANGE: "MediaDataChangeNotification",
    NotificationType.MEDIA_MERGE: "MediaMergeNotification",
    NotificationType.MEDIA_DELETION: "MediaDeletionNotification",
    NotificationType.MEDIA_SUBMISSION_UPDATE: "MediaSubmissionUpdateNotification",
    NotificationType.STAFF_SUBMISSION_UPDATE: "StaffSubmissionUpdateNotification",
    NotificationType.CHARACTER_SUBMISSION_UPDATE: "CharacterSubmissionUpdateNotification",
}


@notification_union.type_resolver
def _typename(obj: Notification, *_: Any) -> str:
    return _TYPENAME[obj.type]


def _ref(column: str, name: str, batch: Callable[..., Any]) -> Callable[..., Any]:
    """A resolver loading the row ``column`` points at through the request loader ``name``."""

    def resolve(obj: Notification, info: GraphQLResolveInfo) -> Any:
        ident = getattr(obj, column)
        return None if ident is None else load(info, name, ident, batch)

    return resolve


def _activity(obj: Notification, info: GraphQLResolveInfo) -> Any:
    if obj.activity_id is None:
        return None
    viewer = ctx(info).viewer
    viewer_id = viewer.user_id if viewer else None

    async def batch(session: Any, ids: Any) -> Any:
        return await activity_queries.activities_by_ids(session, ids, viewer_id)

    return load(info, "activity.byId", obj.activity_id, batch)


# Wire field -> resolver, bound on every union member that has the field.
_FIELDS: dict[str, Callable[..., Any]] = {
    "userId": lambda obj, _info: obj.actor_id,
    "animeId": lambda obj, _info: obj.media_id,
    "mediaId": lambda obj, _info: obj.media_id,
    "user": _ref("actor_id", "user.byId", users_by_ids),
    "media": _ref("media_id", "media.byId", media_by_ids),
    "activity": _activity,
    "message": _activity,
    "thread": _ref("thread_id", "social.thread.byId", notification_queries.threads_by_ids),
    "comment": _ref("comment_id", "social.comment.byId", notification_queries.comments_by_ids),
    "staff": _ref("staff_id", "social.staff.byId", notification_queries.staff_by_ids),
    "character": _ref(
        "character_id", "social.character.byId", notification_queries.characters_by_ids
    ),
}


class NotificationFields(SchemaBindable):
    """Binds ``_FIELDS`` on each NotificationUnion member that declares the field."""

    def bind_to_schema(self, schema: GraphQLSchema) -> None:
        """Set the resolvers on the schema's notification types."""
        union = schema.get_type("NotificationUnion")
        assert isinstance(union, GraphQLUnionType)
        for member in union.types:
            assert isinstance(member, GraphQLObjectType)
            for name, resolver in _FIELDS.items():
                if name in member.fields:
                    member.fields[name].resolve = resolver


def _types(args: dict[str, Any]) -> list[Any] | None:
    return [args["type"]] if args.get("type") is not None else listify(args.get("type_in"))


@query.field("Notification")
async def resolve_notification(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Notification:
    """The viewer's newest notification (of ``type``/``type_in``); 401 anonymous, 404 none."""
    context = ctx(info)
    viewer = context.require_viewer()
    found = await context.call(
        notification_queries.first_notification, viewer.user_id, _types(args)
    )
    if args.get("reset_notification_count"):
        context.writes = True  # a query that writes: the request must commit
        await context.call(notification_queries.reset_unread, viewer.user_id)
    if found is None:
        raise NotFound()
    return found


@page_field("notifications")
async def _page_notifications(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    viewer = ctx(info).require_viewer()
    session = ctx(info).session
    found = await notification_queries.find_notifications(
        session, viewer.user_id, _types(args), page, per_page
    )
    if args.get("reset_notification_count"):
        ctx(info).writes = True  # a query that writes: the request must commit
        await notification_queries.reset_unread(session, viewer.user_id)
    return found


BINDABLES: list[SchemaBindable] = [notification_union, NotificationFields(), query]
