"""Changing a user's options (AniList ``UpdateUser``): validated as a whole, then written.

Every field of :class:`UserChanges` left ``None`` stays as it is; notification and
list-activity options merge into the stored maps; a per-type list options change creates
that type's row if the user had only defaults. Removing a custom list also takes every
entry of that type off it, as ``DeleteCustomList`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.accounts.locking import lock_actor
from kagami.accounts.models import MediaListOptions, User
from kagami.catalogue.enums import MediaType
from kagami.errors import Invalid
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry, ListEntryCustomList

MAX_ABOUT = 10_000
MAX_MERGE_TIME = 525_600  # minutes (a year); anything above two weeks already means "always"
MAX_LIST_NAME = 128  # the custom-list membership column's width
MAX_CUSTOM_LISTS = 100
MAX_SECTIONS = 100
MAX_ADVANCED_SECTIONS = 20
MAX_THEME_KEYS = 50
ROW_ORDERS = ("score", "title", "updatedAt", "id")
PROFILE_COLOURS = ("blue", "purple", "pink", "orange", "red", "green", "gray")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_OFFSET = re.compile(r"[+-](0\d|1[0-4]):[0-5]\d")


@dataclass
class ListOptionsChanges:
    """Per-media-type list options (AniList ``MediaListOptionsInput``)."""

    section_order: list[str] | None = None
    split_completed_section_by_format: bool | None = None
    custom_lists: list[str] | None = None
    advanced_scoring: list[str] | None = None
    advanced_scoring_enabled: bool | None = None
    theme: dict[str, Any] | None = None


@dataclass
class UserChanges:
    """The options ``UpdateUser`` sets, in canonical terms."""

    about: str | None = None
    title_language: UserTitleLanguage | None = None
    staff_name_language: UserStaffNameLanguage | None = None
    score_format: ScoreFormat | None = None
    row_order: str | None = None
    profile_color: str | None = None
    donator_badge: str | None = None
    timezone: str | None = None
    activity_merge_time: int | None = None
    display_adult_content: bool | None = None
    airing_notifications: bool | None = None
    restrict_messages_to_following: bool | None = None
    notification_options: dict[str, bool] | None = None  # NotificationType -> enabled
    disabled_list_activity: dict[MediaListStatus, bool] | None = None
    anime_list_options: ListOptionsChanges | None = None
    manga_list_options: ListOptionsChanges | None = None


_PLAIN = (
    "title_language",
    "staff_name_language",
    "score_format",
    "row_order",
    "profile_color",
    "activity_merge_time",
    "display_adult_content",
    "airing_notifications",
    "restrict_messages_to_following",
)


def zone_of(name: str | None) -> tzinfo | None:
    """The tzinfo of a stored timezone (IANA name or +HH:MM offset); None when unusable."""
    if not name:
        return None
    if _OFFSET.fullmatch(name):
        minutes = int(name[1:3]) * 60 + int(name[4:6])
        return timezone(timedelta(minutes=-minutes if name[0] == "-" else minutes))
    if len(name) > 64 or ".." in name or name.startswith("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None


def _valid_timezone(name: str) -> bool:
    return zone_of(name) is not None


def _names(errors: dict[str, list[str]], field: str, names: list[str] | None, limit: int) -> None:
    if names is None:
        return
    if len(names) > limit:
        errors.setdefault(field, []).append(f"At most {limit} names.")
    elif any(not n.strip() or len(n) > MAX_LIST_NAME for n in names):
        errors.setdefault(field, []).append(f"Each name needs 1 to {MAX_LIST_NAME} characters.")
    elif len(set(names)) != len(names):
        errors.setdefault(field, []).append("Each name may appear once.")


def _check_list_options(errors: dict[str, list[str]], prefix: str, o: ListOptionsChanges) -> None:
    _names(errors, f"{prefix}.custom_lists", o.custom_lists, MAX_CUSTOM_LISTS)
    _names(errors, f"{prefix}.section_order", o.section_order, MAX_SECTIONS)
    _names(errors, f"{prefix}.advanced_scoring", o.advanced_scoring, MAX_ADVANCED_SECTIONS)
    if o.theme is not None and len(o.theme) > MAX_THEME_KEYS:
        errors.setdefault(f"{prefix}.theme", []).append(f"At most {MAX_THEME_KEYS} keys.")


def check(user: User, c: UserChanges) -> dict[str, list[str]]:
    """Per-field messages for every option outside what AniList accepts."""
    errors: dict[str, list[str]] = {}
    if c.about is not None and len(c.about) > MAX_ABOUT:
        errors["about"] = [f"The about may not be greater than {MAX_ABOUT} characters."]
    if c.row_order is not None and c.row_order not in ROW_ORDERS:
        errors["row_order"] = [f"The row order must be one of: {', '.join(ROW_ORDERS)}."]
    colour = c.profile_color
    if colour is not None and colour not in PROFILE_COLOURS and not _HEX_COLOUR.fullmatch(colour):
        errors["profile_color"] = ["The profile color must be a preset name or a #RRGGBB colour."]
    if c.donator_badge is not None:
        if user.donator_tier <= 0:
            errors["donator_badge"] = ["Only donators can change their badge."]
        elif not 1 <= len(c.donator_badge) <= 64:
            errors["donator_badge"] = ["The donator badge needs 1 to 64 characters."]
    if c.timezone is not None and c.timezone and not _valid_timezone(c.timezone):
        errors["timezone"] = ["The timezone must be an IANA name or an offset such as +09:00."]
    merge = c.activity_merge_time
    if merge is not None and not 0 <= merge <= MAX_MERGE_TIME:
        errors["activity_merge_time"] = [f"The merge time must be 0 to {MAX_MERGE_TIME} minutes."]
    for prefix in ("anime_list_options", "manga_list_options"):
        if (options := getattr(c, prefix)) is not None:
            _check_list_options(errors, prefix, options)
    return errors


async def _type_options(session: AsyncSession, user_id: int, media_type: MediaType) -> Any:
    found = await session.scalar(
        sa.select(MediaListOptions).where(
            MediaListOptions.user_id == user_id, MediaListOptions.media_type == media_type
        )
    )
    if found is None:
        found = MediaListOptions(
            user_id=user_id,
            media_type=media_type,
            custom_lists=[],
            advanced_scoring=[],
            advanced_scoring_enabled=False,
            split_completed_section_by_format=False,
            section_order=[],
        )
        session.add(found)
    return found


async def _apply_list_options(
    session: AsyncSession, user_id: int, media_type: MediaType, o: ListOptionsChanges
) -> None:
    row = await _type_options(session, user_id, media_type)
    for f in fields(o):
        value = getattr(o, f.name)
        if value is not None:
            setattr(row, f.name, list(value) if isinstance(value, list) else value)
    if o.custom_lists is not None:
        of_type = sa.select(ListEntry.id).where(
            ListEntry.user_id == user_id, ListEntry.media_type == media_type
        )
        await session.execute(
            sa.delete(ListEntryCustomList).where(
                ListEntryCustomList.user_id == user_id,
                ListEntryCustomList.list_name.not_in(o.custom_lists),
                ListEntryCustomList.entry_id.in_(of_type),
            )
        )


async def update_user(session: AsyncSession, actor_id: int, changes: UserChanges) -> User:
    """Validate every option, then write them all (nothing is written when one is bad).

    The user's row is locked first: option maps are merged into what is stored, and a
    concurrent update read before this one committed would otherwise drop its keys.
    """
    user = await lock_actor(session, actor_id)
    errors = check(user, changes)
    if errors:
        raise Invalid(errors)
    for name in _PLAIN:
        value = getattr(changes, name)
        if value is not None:
            setattr(user, name, value)
    if changes.about is not None:
        user.about = changes.about or None
    if changes.donator_badge is not None:
        user.donator_badge = changes.donator_badge
    if changes.timezone is not None:
        user.timezone = changes.timezone or None
    if changes.notification_options is not None:
        user.notification_options = {
            **(user.notification_options or {}),
            **changes.notification_options,
        }
    if changes.disabled_list_activity is not None:
        stored = {str(k): v for k, v in changes.disabled_list_activity.items()}
        user.disabled_list_activity = {**(user.disabled_list_activity or {}), **stored}
    for media_type, options in (
        (MediaType.ANIME, changes.anime_list_options),
        (MediaType.MANGA, changes.manga_list_options),
    ):
        if options is not None:
            await _apply_list_options(session, actor_id, media_type, options)
    await session.flush()
    return user
