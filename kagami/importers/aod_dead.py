"""AOD dead-entries files: report which of a provider's removed ids the catalogue still has.

A dead-entries file (``dead-entries/anilist.json``, ``myanimelist.json``, ...) lists ids a
provider no longer serves. Nothing is deleted: users may track those media; the report
only tells the operator. The provider is named by the file name, as AOD publishes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson
import sqlalchemy as sa
import zstandard

from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.importers.aod_reader import AodFileError, open_text

_CHUNK = 500
_COLUMNS = {"anilist": Media.id, "myanimelist": Media.id_mal}


@dataclass(frozen=True)
class DeadEntriesReport:
    """How many of a provider's dead ids are media in the catalogue (None: not our ids)."""

    provider: str
    listed: int
    in_catalogue: int | None


def read_dead_ids(path: Path) -> list[str]:
    """The ``deadEntries`` ids of a dead-entries file (.json or .json.zst)."""
    with open_text(path) as (_raw, text):
        try:
            document = orjson.loads(text.read())
        except (orjson.JSONDecodeError, UnicodeDecodeError, zstandard.ZstdError) as exc:
            raise AodFileError(f"{path.name}: not a valid JSON file ({exc})") from None
    ids = document.get("deadEntries") if isinstance(document, dict) else None
    if not isinstance(ids, list):
        raise AodFileError(f"{path.name}: not a dead-entries file (no deadEntries list)")
    return [str(i) for i in ids]


async def report_dead_entries(database: Database, path: Path) -> DeadEntriesReport:
    """Count the file's dead AniList or MAL anime ids that are still in the catalogue."""
    provider = path.name.split(".")[0].removesuffix("-minified")
    listed = read_dead_ids(path)
    column = _COLUMNS.get(provider)
    if column is None:
        return DeadEntriesReport(provider, len(listed), None)
    ids = sorted({int(i) for i in listed if i.isdigit()})
    found = 0
    async with database.session() as session:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found += (
                await session.scalar(
                    sa.select(sa.func.count())
                    .select_from(Media)
                    .where(Media.type == "ANIME", column.in_(chunk))
                )
                or 0
            )
    return DeadEntriesReport(provider, len(listed), found)


__all__ = ["DeadEntriesReport", "read_dead_ids", "report_dead_entries"]
