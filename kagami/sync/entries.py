"""One list entry as both sides of a sync see it, in canonical terms, and its fingerprint.

Only the fields both AniList and MAL carry are synced: status, score, progress (episodes or
chapters), volumes, repeat count, notes (pushed to MAL, never read back: MAL's lists omit
them) and the two dates. The fingerprint hashes them in
the remote's resolution (MAL keeps scores as 0-10), so a score of 85 that MAL stores as 9
and hands back as 90 is still "the same" and never ping-pongs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from kagami.catalogue.enums import MediaType
from kagami.dialects.mal.mapping import score_to_mal
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry


@dataclass(frozen=True)
class SyncEntry:
    """The synced fields of one entry; ``updated_at`` (epoch seconds) decides conflicts."""

    media_id: int
    media_type: MediaType
    status: MediaListStatus
    score: int = 0  # POINT_100
    progress: int = 0
    progress_volumes: int = 0
    repeat: int = 0
    notes: str = ""
    started: FuzzyDate = field(default_factory=FuzzyDate)
    completed: FuzzyDate = field(default_factory=FuzzyDate)
    updated_at: int = 0
    remote_entry_id: int | None = None  # AniList's MediaList id

    @classmethod
    def of(cls, entry: ListEntry) -> SyncEntry:
        """A local list entry's synced fields."""
        return cls(
            media_id=entry.media_id,
            media_type=entry.media_type,
            status=entry.status,
            score=entry.score,
            progress=entry.progress,
            progress_volumes=entry.progress_volumes,
            repeat=entry.repeat,
            notes=entry.notes or "",
            started=FuzzyDate(entry.started_year, entry.started_month, entry.started_day),
            completed=FuzzyDate(entry.completed_year, entry.completed_month, entry.completed_day),
            updated_at=entry.updated_at,
        )

    def changes(self, dialect: str) -> EntryChanges:
        """The local write that makes an entry hold these values (MAL lists carry no notes)."""
        return EntryChanges(
            status=self.status,
            score=self.score,
            progress=self.progress,
            progress_volumes=self.progress_volumes,
            repeat=self.repeat,
            notes=None if dialect == "mal" else self.notes,
            started_at=self.started,
            completed_at=self.completed,
        )


def fingerprint(entry: SyncEntry, dialect: str) -> str:
    """A hash of the synced fields as ``dialect`` holds them (MAL: score 0-10, and no notes,
    since MAL's list pages never return ``comments``)."""
    score = score_to_mal(entry.score) if dialect == "mal" else entry.score
    volumes = entry.progress_volumes if entry.media_type is MediaType.MANGA else 0
    values = [
        entry.status.value,
        score,
        entry.progress,
        volumes,
        entry.repeat,
        "" if dialect == "mal" else entry.notes,
        list(entry.started),
        list(entry.completed),
    ]
    text = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
