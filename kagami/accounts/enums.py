"""Account enums, valued with the exact AniList schema spellings."""

from __future__ import annotations

import enum


class UserTitleLanguage(enum.StrEnum):
    """Which media title a user prefers to see."""

    ROMAJI = "ROMAJI"
    ENGLISH = "ENGLISH"
    NATIVE = "NATIVE"
    ROMAJI_STYLISED = "ROMAJI_STYLISED"
    ENGLISH_STYLISED = "ENGLISH_STYLISED"
    NATIVE_STYLISED = "NATIVE_STYLISED"


class UserStaffNameLanguage(enum.StrEnum):
    """Which staff/character name form a user prefers to see."""

    ROMAJI_WESTERN = "ROMAJI_WESTERN"
    ROMAJI = "ROMAJI"
    NATIVE = "NATIVE"


class ModRole(enum.StrEnum):
    """A moderator role a user may hold (stored as a JSON list on ``users``)."""

    ADMIN = "ADMIN"
    LEAD_DEVELOPER = "LEAD_DEVELOPER"
    DEVELOPER = "DEVELOPER"
    LEAD_COMMUNITY = "LEAD_COMMUNITY"
    COMMUNITY = "COMMUNITY"
    DISCORD_COMMUNITY = "DISCORD_COMMUNITY"
    LEAD_ANIME_DATA = "LEAD_ANIME_DATA"
    ANIME_DATA = "ANIME_DATA"
    LEAD_MANGA_DATA = "LEAD_MANGA_DATA"
    MANGA_DATA = "MANGA_DATA"
    LEAD_SOCIAL_MEDIA = "LEAD_SOCIAL_MEDIA"
    SOCIAL_MEDIA = "SOCIAL_MEDIA"
    RETIRED = "RETIRED"
    CHARACTER_DATA = "CHARACTER_DATA"
    STAFF_DATA = "STAFF_DATA"
