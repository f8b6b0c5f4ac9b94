"""A cache of the public part of MAL detail answers, with ``my_list_status`` spliced in fresh.

A detail answer is ~8 statements of catalogue reads that are the same for every caller;
only ``my_list_status`` is the caller's own. So the rest is kept as serialised JSON in two
halves (the fields before and after ``my_list_status`` in the requested order) and a hit
only reads the caller's list entry. Entries are bounded by bytes and by age (settings
``mal_detail_cache_bytes`` / ``_seconds``), and every entry made before a write to a table
a detail reads (media, list entries, relations...) is stale at once: a watch on the
engine bumps a write version on such writes and again when their connection goes back to
the pool (after the commit), so neither a write nor a read racing it leaves an old answer
behind. Writes by other processes (a second worker, ``kagami import``) show within the age.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from itertools import count
from typing import Any, Final

import orjson
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import SelectBase
from sqlalchemy.sql.util import find_tables

from kagami.caching import BoundedCache
from kagami.catalogue.enums import MediaType
from kagami.dialects.mal import loaders

DETAIL_CACHE_STATE: Final = "mal_detail_cache"
MY_LIST_STATUS: Final = "my_list_status"
# Every table a detail answer is read from: those of the loaders' prebuilt statements
# (the ranks one reads media; tests/dialects/mal/test_detail_cache.py checks the rest).
READ_TABLES: Final = frozenset(
    table.name
    for statement in loaders.statements()
    for table in find_tables(statement, include_joins=True)
)
_WROTE: Final = "kagami_mal_detail_wrote"  # connection info flag: a watched table was written
_EMPTY: Final = b"{}"
# Raw SQL that writes nothing (anything else raw counts as a write to every table).
_READS: Final = (
    "SELECT",
    "PRAGMA",
    "EXPLAIN",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOIN",
    "RELEASE",
)

DetailKey = tuple[MediaType, int, tuple[str, ...]]


class WriteWatch:
    """A counter that moves whenever a table a detail reads is written through one engine."""

    def __init__(self) -> None:
        self._counter = count(1)
        self.version = 0

    def bump(self) -> None:
        """Make every answer cached so far stale."""
        self.version = next(self._counter)

    def statement(
        self, conn: Any, _cursor: Any, sql: str, _params: Any, context: Any, *_: Any
    ) -> None:
        """``after_cursor_execute``: bump for a write to a watched table (or any raw write)."""
        compiled = getattr(getattr(context, "compiled", None), "statement", None)
        if isinstance(compiled, UpdateBase):
            if getattr(compiled.table, "name", None) not in READ_TABLES:
                return
        elif isinstance(compiled, SelectBase) or sql.lstrip()[:8].upper().startswith(_READS):
            return
        conn.info[_WROTE] = True
        self.bump()

    def checkin(self, _dbapi_connection: Any, record: Any) -> None:
        """Pool check-in: the written transaction has ended; bump once more."""
        if record.info.pop(_WROTE, False):
            self.bump()


_WATCHES: weakref.WeakKeyDictionary[Engine, WriteWatch] = weakref.WeakKeyDictionary()


def watch_writes(engine: Engine) -> WriteWatch:
    """The engine's write watch, installed on first use (one per engine, whatever the apps)."""
    watch = _WATCHES.get(engine)
    if watch is None:
        watch = _WATCHES[engine] = WriteWatch()
        event.listen(engine, "after_cursor_execute", watch.statement)
        event.listen(engine, "checkin", watch.checkin)
    return watch


@dataclass(frozen=True, slots=True)
class Detail:
    """One public detail answer: the media it names and its JSON around ``my_list_status``."""

    media_id: int
    media_type: MediaType
    head: bytes  # a JSON object: id, title, main_picture and the fields before my_list_status
    tail: bytes  # a JSON object: the fields after it (``{}`` when none)
    version: int  # the write version read before the answer was built

    def body(self, list_status: dict[str, Any] | None) -> bytes:
        """The answer's bytes, with the caller's ``my_list_status`` (None: omitted)."""
        head = self.head[:-1]
        if list_status is not None:
            head += b',"my_list_status":' + orjson.dumps(list_status)
        if self.tail == _EMPTY:
            return head + b"}"
        return head + b"," + self.tail[1:]


def split_detail(
    node: dict[str, Any], names: tuple[str, ...], media_id: int, media_type: MediaType, version: int
) -> Detail:
    """A rendered public node cut where ``my_list_status`` goes (nowhere: all in the head)."""
    if MY_LIST_STATUS in names:
        after = set(names[names.index(MY_LIST_STATUS) + 1 :]) - {"id", "title", "main_picture"}
    else:
        after = set()
    head = {k: v for k, v in node.items() if k not in after}
    tail = {k: v for k, v in node.items() if k in after}
    return Detail(media_id, media_type, orjson.dumps(head), orjson.dumps(tail), version)


class DetailCache:
    """Public detail answers by (type, MAL id, requested names), fresh against one engine."""

    def __init__(self, engine: Engine, max_bytes: int, max_age: float) -> None:
        self.watch = watch_writes(engine)
        self._items = BoundedCache[DetailKey, Detail](max_bytes=max_bytes, max_age=max_age)

    @property
    def version(self) -> int:
        """The write version now: take it before reading what a new entry is built from."""
        return self.watch.version

    def get(self, key: DetailKey) -> Detail | None:
        """The cached answer, unless written over since it was read."""
        found = self._items.get(key)
        if found is None or found.version != self.watch.version:
            return None
        return found

    def put(self, key: DetailKey, detail: Detail) -> None:
        """Keep ``detail`` (unless a write has happened since it was read)."""
        if detail.version == self.watch.version:
            size = len(detail.head) + len(detail.tail) + 64 * len(key[2]) + 200
            self._items.put(key, detail, size)
