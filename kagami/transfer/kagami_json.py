"""Lossless export of one user's data as Kagami JSON (:mod:`kagami.transfer.json_schema`).

Reads the user's options, list options, entries (with custom lists and advanced scores),
favourites in order, follows and own activities; :mod:`kagami.transfer.json_import`
restores them into any Kagami with the same catalogue.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import MediaListOptions, User
from kagami.catalogue.enums import MediaType
from kagami.lists.models import ListEntry, ListEntryCustomList
from kagami.social.activity_restore import RESTORABLE
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import TARGETS
from kagami.social.models import Activity, Favourite, Follow
from kagami.transfer.errors import TransferError
from kagami.transfer.json_schema import (
    FORMAT,
    VERSION,
    ActivityDoc,
    DateDoc,
    EntryDoc,
    ExportDoc,
    ListOptionsDoc,
    OptionsDoc,
    render,
)


def _list_options(row: MediaListOptions | None) -> ListOptionsDoc:
    if row is None:
        return ListOptionsDoc()
    return ListOptionsDoc(
        section_order=list(row.section_order or []),
        split_completed_section_by_format=row.split_completed_section_by_format,
        custom_lists=list(row.custom_lists or []),
        advanced_scoring=list(row.advanced_scoring or []),
        advanced_scoring_enabled=row.advanced_scoring_enabled,
        theme=row.theme,
    )


async def _options(session: AsyncSession, user: User) -> OptionsDoc:
    rows = {
        row.media_type: row
        for row in await session.scalars(
            sa.select(MediaListOptions).where(MediaListOptions.user_id == user.id)
        )
    }
    return OptionsDoc(
        about=user.about,
        title_language=user.title_language,
        staff_name_language=user.staff_name_language,
        score_format=user.score_format,
        row_order=user.row_order,
        profile_color=user.profile_color,
        timezone=user.timezone,
        activity_merge_time=user.activity_merge_time,
        display_adult_content=user.display_adult_content,
        airing_notifications=user.airing_notifications,
        restrict_messages_to_following=user.restrict_messages_to_following,
        notification_options=dict(user.notification_options or {}),
        disabled_list_activity=dict(user.disabled_list_activity or {}),
        anime_list=_list_options(rows.get(MediaType.ANIME)),
        manga_list=_list_options(rows.get(MediaType.MANGA)),
    )


def _date(entry: ListEntry, key: str) -> DateDoc:
    return DateDoc(
        year=getattr(entry, f"{key}_year"),
        month=getattr(entry, f"{key}_month"),
        day=getattr(entry, f"{key}_day"),
    )


async def _entries(session: AsyncSession, user_id: int) -> list[EntryDoc]:
    lists: dict[int, list[str]] = {}
    for entry_id, name in await session.execute(
        sa.select(ListEntryCustomList.entry_id, ListEntryCustomList.list_name)
        .where(ListEntryCustomList.user_id == user_id)
        .order_by(ListEntryCustomList.entry_id, ListEntryCustomList.list_name)
    ):
        lists.setdefault(entry_id, []).append(name)
    entries = await session.scalars(
        sa.select(ListEntry)
        .where(ListEntry.user_id == user_id)
        .order_by(ListEntry.media_type, ListEntry.media_id)
    )
    return [
        EntryDoc(
            media_id=e.media_id,
            media_type=e.media_type,
            status=e.status,
            score=e.score,
            progress=e.progress,
            progress_volumes=e.progress_volumes,
            repeat=e.repeat,
            priority=e.priority,
            private=e.private,
            notes=e.notes,
            hidden_from_status_lists=e.hidden_from_status_lists,
            custom_lists=lists.get(e.id, []),
            advanced_scores=dict(e.advanced_scores or {}),
            started_at=_date(e, "started"),
            completed_at=_date(e, "completed"),
            rewatch_value=e.rewatch_value,
            tags=list(e.tags or []),
            created_at=e.created_at,
            updated_at=e.updated_at,
        )
        for e in entries
    ]


async def _favourites(session: AsyncSession, user_id: int) -> dict[FavouriteKind, list[int]]:
    found: dict[FavouriteKind, list[int]] = {kind: [] for kind in FavouriteKind}
    for kind, (_arg, _model, column) in TARGETS.items():
        found[kind] = list(
            await session.scalars(
                sa.select(column)
                .where(Favourite.user_id == user_id, Favourite.kind == kind)
                .order_by(Favourite.favourite_order, Favourite.id)
            )
        )
    return found


async def _follows(session: AsyncSession, user_id: int) -> list[str]:
    return list(
        await session.scalars(
            sa.select(User.name)
            .join(Follow, Follow.followed_id == User.id)
            .where(Follow.follower_id == user_id, User.is_active.is_(True))
            .order_by(User.name_lower)
        )
    )


async def _activities(session: AsyncSession, user_id: int) -> list[ActivityDoc]:
    rows = await session.scalars(
        sa.select(Activity)
        .where(
            Activity.user_id == user_id,
            Activity.messenger_id.is_(None),
            Activity.type.in_(RESTORABLE),
        )
        .order_by(Activity.created_at, Activity.id)
    )
    return [
        ActivityDoc(
            type=a.type,
            created_at=a.created_at,
            text=a.text,
            media_id=a.media_id,
            status=a.status,
            progress=a.progress,
            pinned=a.is_pinned,
        )
        for a in rows
    ]


async def export_document(session: AsyncSession, user_id: int) -> ExportDoc:
    """Everything of the user's that a JSON export carries."""
    user = await session.get(User, user_id)
    if user is None:
        raise TransferError("No such user.")
    return ExportDoc(
        format=FORMAT,
        version=VERSION,
        options=await _options(session, user),
        entries=await _entries(session, user_id),
        favourites=await _favourites(session, user_id),
        follows=await _follows(session, user_id),
        activities=await _activities(session, user_id),
    )


async def export_json_text(session: AsyncSession, user_id: int) -> str:
    """The user's export as canonical JSON text."""
    return render(await export_document(session, user_id))
