"""The Kagami JSON export document: one user's data, validated field by field on import.

Version 1 holds the user's options and per-type list options (custom lists, advanced
scoring sections, section order, theme), every list entry with every stored field (its
own created/updated times included), favourites in the user's order, the names of the
users they follow, and their own text and list activities. Nothing in it is a Kagami row
id except catalogue ids (media, characters, staff, studios: AniList's ids, the same in
every Kagami), so it imports into any Kagami with the same catalogue. Rendering is
canonical (sorted keys, fixed order of rows), so equal data gives equal bytes.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.catalogue.enums import MediaType
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.social.enums import ActivityType, FavouriteKind, NotificationType

FORMAT = "kagami-export"
VERSION = 1


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DateDoc(_Doc):
    """A fuzzy date: each part may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


class EntryDoc(_Doc):
    """One list entry, every stored field (score in POINT_100)."""

    media_id: int
    media_type: MediaType
    status: MediaListStatus
    score: int
    progress: int
    progress_volumes: int
    repeat: int
    priority: int
    private: bool
    notes: str | None
    hidden_from_status_lists: bool
    custom_lists: list[str]
    advanced_scores: dict[str, int | float]
    started_at: DateDoc
    completed_at: DateDoc
    rewatch_value: int
    tags: list[str]
    created_at: int
    updated_at: int


class ListOptionsDoc(_Doc):
    """Per-media-type list options."""

    section_order: list[str] = Field(default_factory=list)
    split_completed_section_by_format: bool = False
    custom_lists: list[str] = Field(default_factory=list)
    advanced_scoring: list[str] = Field(default_factory=list)
    advanced_scoring_enabled: bool = False
    theme: dict[str, Any] | None = None


class OptionsDoc(_Doc):
    """The user's site and list options."""

    about: str | None
    title_language: UserTitleLanguage
    staff_name_language: UserStaffNameLanguage
    score_format: ScoreFormat
    row_order: str
    profile_color: str
    timezone: str | None
    activity_merge_time: int
    display_adult_content: bool
    airing_notifications: bool
    restrict_messages_to_following: bool
    notification_options: dict[NotificationType, bool]
    disabled_list_activity: dict[MediaListStatus, bool]
    anime_list: ListOptionsDoc
    manga_list: ListOptionsDoc


class ActivityDoc(_Doc):
    """One of the user's own activities (replies and likes are other people's)."""

    type: ActivityType
    created_at: int
    text: str | None = None
    media_id: int | None = None
    status: str | None = None
    progress: str | None = None
    pinned: bool = False


class ExportDoc(_Doc):
    """The whole document."""

    format: Literal["kagami-export"]
    version: Literal[1]
    options: OptionsDoc
    entries: list[EntryDoc]
    favourites: dict[FavouriteKind, list[int]]
    follows: list[str]
    activities: list[ActivityDoc]


def render(doc: ExportDoc) -> str:
    """The canonical text: sorted keys, one-space indent, UTF-8 as is, a final newline."""
    data = doc.model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
