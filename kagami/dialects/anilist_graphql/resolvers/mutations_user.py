"""UpdateUser: the viewer's options from AniList's arguments, through the accounts service."""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLResolveInfo

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.accounts.models import User
from kagami.accounts.service import ListOptionsChanges, UserChanges, update_user
from kagami.dialects.anilist_graphql.resolvers.common import ctx
from kagami.dialects.anilist_graphql.resolvers.mutation import mutation_field
from kagami.dialects.anilist_graphql.resolvers.mutations_lists import as_arguments
from kagami.errors import Invalid
from kagami.lists.enums import MediaListStatus, ScoreFormat

MAX_OPTION_ITEMS = 100  # notificationOptions / disabledListActivity items per request
MAX_THEME_CHARS = 10_000


def _enum(kind: type[Any], value: Any) -> Any:
    return None if value is None else kind(value)


def _names(values: list[str | None] | None) -> list[str] | None:
    return None if values is None else [v for v in values if v is not None]


def _theme(prefix: str, text: str | None, errors: dict[str, list[str]]) -> dict[str, Any] | None:
    """MediaListOptionsInput.theme: a JSON object as text (the read side's ``Json``)."""
    if text is None:
        return None
    try:
        value = json.loads(text) if len(text) <= MAX_THEME_CHARS else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        errors[f"{prefix}.theme"] = ["The theme must be a JSON object."]
        return None
    return value


def _list_options(
    prefix: str, raw: dict[str, Any] | None, errors: dict[str, list[str]]
) -> ListOptionsChanges | None:
    if raw is None:
        return None
    g = raw.get
    return ListOptionsChanges(
        section_order=_names(g("section_order")),
        split_completed_section_by_format=g("split_completed_section_by_format"),
        custom_lists=_names(g("custom_lists")),
        advanced_scoring=_names(g("advanced_scoring")),
        advanced_scoring_enabled=g("advanced_scoring_enabled"),
        theme=_theme(prefix, g("theme"), errors),
    )


def _flags(
    name: str, items: list[dict[str, Any] | None] | None, key: str, errors: dict[str, list[str]]
) -> dict[str, bool] | None:
    """[{type, <key>}] option inputs as {type: flag}; items without a type are refused."""
    if items is None:
        return None
    if len(items) > MAX_OPTION_ITEMS:
        errors[name] = [f"At most {MAX_OPTION_ITEMS} options."]
        return None
    out: dict[str, bool] = {}
    for item in items:
        if not item or item.get("type") is None or item.get(key) is None:
            errors[name] = [f"Each option needs a type and {key}."]
            return None
        out[str(item["type"])] = bool(item[key])
    return out


def changes_from(args: dict[str, Any]) -> UserChanges:
    """UserChanges from UpdateUser's arguments (``Invalid`` for malformed option inputs)."""
    g = args.get
    errors: dict[str, list[str]] = {}
    disabled = _flags("disabled_list_activity", g("disabled_list_activity"), "disabled", errors)
    changes = UserChanges(
        about=g("about"),
        title_language=_enum(UserTitleLanguage, g("title_language")),
        staff_name_language=_enum(UserStaffNameLanguage, g("staff_name_language")),
        score_format=_enum(ScoreFormat, g("score_format")),
        row_order=g("row_order"),
        profile_color=g("profile_color"),
        donator_badge=g("donator_badge"),
        timezone=g("timezone"),
        activity_merge_time=g("activity_merge_time"),
        display_adult_content=g("display_adult_content"),
        airing_notifications=g("airing_notifications"),
        restrict_messages_to_following=g("restrict_messages_to_following"),
        notification_options=_flags(
            "notification_options", g("notification_options"), "enabled", errors
        ),
        disabled_list_activity=(
            None if disabled is None else {MediaListStatus(k): v for k, v in disabled.items()}
        ),
        anime_list_options=_list_options("anime_list_options", g("anime_list_options"), errors),
        manga_list_options=_list_options("manga_list_options", g("manga_list_options"), errors),
    )
    if errors:
        raise Invalid(errors)
    return changes


@mutation_field("UpdateUser")
async def update_user_field(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> User:
    """Change the viewer's options; returns the viewer."""
    context = ctx(info)
    viewer_id = context.require_viewer().user_id
    user: User = await as_arguments(_update(context, viewer_id, args))
    context.score_formats[user.id] = user.score_format
    return user


async def _update(context: Any, viewer_id: int, args: dict[str, Any]) -> User:
    changes = changes_from(args)
    user: User = await context.call(update_user, viewer_id, changes)
    return user
