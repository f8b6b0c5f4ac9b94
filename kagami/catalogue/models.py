"""Catalogue ORM models: media, characters, staff, studios, tags, airing (re-exported)."""

from kagami.catalogue.models_extras import (
    AiringSchedule,
    ExternalLinkSource,
    Magazine,
    MediaExternalLink,
    MediaMagazine,
    MediaRank,
    MediaStreamingEpisode,
    MediaTag,
    MediaTagLink,
    MediaTrend,
)
from kagami.catalogue.models_media import Media, MediaGenre, MediaRelationEdge
from kagami.catalogue.models_people import (
    Character,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaStaff,
    MediaStudio,
    Staff,
    Studio,
)
from kagami.catalogue.models_synthetic import SyntheticMedia

__all__ = [
    "AiringSchedule",
    "Character",
    "ExternalLinkSource",
    "Magazine",
    "Media",
    "MediaCharacter",
    "MediaCharacterVoiceActor",
    "MediaExternalLink",
    "MediaGenre",
    "MediaMagazine",
    "MediaRank",
    "MediaRelationEdge",
    "MediaStaff",
    "MediaStreamingEpisode",
    "MediaStudio",
    "MediaTag",
    "MediaTagLink",
    "MediaTrend",
    "Staff",
    "Studio",
    "SyntheticMedia",
]
