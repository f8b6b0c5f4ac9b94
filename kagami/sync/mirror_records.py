"""What a catalogue mirror learns about one media, beyond what ``MediaRecord`` carries."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kagami.importers.records import MediaRecord


@dataclass(frozen=True)
class Person:
    """A character or staff member as the remote names them (ids are the remote's: AniList)."""

    id: int
    name_full: str | None
    name_native: str | None = None
    image_large: str | None = None
    image_medium: str | None = None
    language: str | None = None  # staff: languageV2 ("Japanese")


@dataclass(frozen=True)
class CharacterCredit:
    """A character in the media, with its role and voice actors."""

    character: Person
    role: str | None
    voice_actors: tuple[Person, ...] = ()


@dataclass(frozen=True)
class MirrorRecord:
    """One media: the core record the catalogue upsert writes, plus the mirror's extras.

    ``None`` means "the remote did not say"; such fields are left as they are.
    """

    record: MediaRecord
    description: str | None = None
    chapters: int | None = None
    volumes: int | None = None
    cover_extra_large: str | None = None
    cover_medium: str | None = None
    cover_color: str | None = None
    banner_image: str | None = None
    characters: tuple[CharacterCredit, ...] | None = None
    staff: tuple[tuple[Person, str], ...] | None = None  # (person, role)
    # (media type, id, relation); the id is an AniList id, or a MAL id when relations_by_mal.
    relations: tuple[tuple[str, int, str], ...] | None = None
    relations_by_mal: bool = False
    airing: tuple[tuple[int, int], ...] | None = None  # (episode, airing at)

    @property
    def media_id(self) -> int:
        """The local media id the record describes."""
        return self.record.anilist_id


def clip(value: object, limit: int = 512) -> str | None:
    """A remote's text cut to what the column holds (None stays None, non-text is refused)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return value[:limit]


def member(enum_cls: type[StrEnum], value: object) -> str | None:
    """``value`` when it is one of the enum's spellings, None when missing; ValueError otherwise."""
    if value is None:
        return None
    return enum_cls(str(value)).value


def count(value: object) -> int | None:
    """A non-negative whole number from the remote, or None; ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise ValueError(f"not a count: {str(value)[:20]!r}")
    return value
