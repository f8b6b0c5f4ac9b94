"""Reading a MyAnimeList list export (``animelist_*.xml.gz``) one entry at a time.

MAL's export page gives a gzipped XML document: ``<myanimelist>``, one ``<myinfo>``, then
one ``<anime>`` or ``<manga>`` element per list entry whose children carry the entry
(``series_animedb_id``/``manga_mangadb_id``, ``my_status``, ``my_score``, dates as
``YYYY-MM-DD`` with ``0000-00-00`` for unknown, ...). The file is parsed as a stream
(defusedxml's iterparse, DTDs and entities refused, so a billion-laughs or external-entity
document is an error, not an outage), each finished entry is handed out and dropped, and
the decompressed size is capped, so memory stays bounded whatever the file holds.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from kagami.catalogue.enums import MediaType
from kagami.transfer.errors import TransferError

MAX_XML_BYTES = 1 << 30  # decompressed; a 50,000-entry export is ~50 MB
MAX_FIELD_CHARS = 20_000  # one child's text (comments are the longest: 6,000 in Kagami)
MAX_CHILDREN = 100  # fields of one entry (MAL writes about 25)
ENTRY_TAGS = {"anime": MediaType.ANIME, "manga": MediaType.MANGA}
_GZIP_MAGIC = b"\x1f\x8b"


class MalXmlError(TransferError):
    """The file is not a readable MAL list export; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class MalRecord:
    """One ``<anime>``/``<manga>`` element: its position (1-based) and its children's text."""

    position: int
    media_type: MediaType
    fields: dict[str, str]


class _CappedReader:
    """A binary stream that hashes what it reads and refuses more than ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.limit, self.count = raw, limit, 0
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size if size and size > 0 else 1 << 16)
        self.count += len(chunk)
        if self.count > self.limit:
            raise MalXmlError(f"The file is larger than {self.limit // (1 << 20)} MB of XML.")
        self.sha256.update(chunk)
        return chunk


def _opened(raw: IO[bytes]) -> IO[bytes]:
    """The XML stream, through gzip when the file starts with gzip's magic bytes."""
    head = raw.read(2)
    raw.seek(0)
    if head == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def _text(element: Any) -> str:
    text = element.text or ""
    if len(text) > MAX_FIELD_CHARS:
        raise MalXmlError(f"<{element.tag}> holds more than {MAX_FIELD_CHARS} characters.")
    return text.strip()


class MalXmlReader:
    """Iterates a MAL export's entries; ``digest`` and ``count`` are known once it is done."""

    def __init__(self, raw: IO[bytes], *, max_bytes: int = MAX_XML_BYTES) -> None:
        self._raw = raw
        self._max_bytes = max_bytes
        self.digest = ""
        self.count = 0
        self.user_name: str | None = None

    def __iter__(self) -> Iterator[MalRecord]:
        self._raw.seek(0)
        reader = _CappedReader(_opened(self._raw), self._max_bytes)
        try:
            yield from self._records(reader)
        except MalXmlError:
            raise
        except DefusedXmlException:
            raise MalXmlError(
                "The file declares a DTD or entities, which a MAL export never does: refused."
            ) from None
        except ParseError as exc:
            raise MalXmlError(
                f"Not well-formed XML ({_where(exc)}): truncated or not XML."
            ) from None
        except (gzip.BadGzipFile, EOFError, zlib.error):
            raise MalXmlError("The gzip file is damaged or truncated.") from None
        except (UnicodeError, ValueError) as exc:
            raise MalXmlError(f"The file cannot be read as XML: {str(exc)[:200]}") from None
        self.digest = reader.sha256.hexdigest()

    def _records(self, reader: _CappedReader) -> Iterator[MalRecord]:
        depth, root, position, children = 0, None, 0, 0
        events = iterparse(reader, events=("start", "end"), forbid_dtd=True)
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    if element.tag != "myanimelist":
                        raise MalXmlError(
                            f"Not a MyAnimeList export: the document is <{str(element.tag)[:40]}>,"
                            " not <myanimelist>."
                        )
                    root = element
                elif depth == 2:
                    children = 0
                elif depth == 3:
                    children += 1
                    if children > MAX_CHILDREN:
                        raise MalXmlError(f"An entry has more than {MAX_CHILDREN} fields.")
                else:
                    raise MalXmlError("Elements nest deeper than a MAL export's do.")
                continue
            depth -= 1
            if depth != 1:
                continue
            tag = element.tag
            if tag in ENTRY_TAGS:
                position += 1
                fields = {child.tag: _text(child) for child in element}
                yield MalRecord(position, ENTRY_TAGS[tag], fields)
            elif tag == "myinfo":
                name = element.find("user_name")
                self.user_name = _text(name) if name is not None else None
            if root is not None:
                root.clear()  # the entry is handed out: keep nothing of it
        if root is None:
            raise MalXmlError("The file is empty.")
        self.count = position


def _where(exc: ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    return f"line {line}, column {column}"


def scan(path: Path, *, max_bytes: int = MAX_XML_BYTES) -> tuple[int, str]:
    """Read a whole export once (entries counted, nothing kept): (entries, sha256 of its XML).

    Raises :class:`MalXmlError` for anything unreadable, before any entry is imported.
    """
    with path.open("rb") as raw:
        reader = MalXmlReader(raw, max_bytes=max_bytes)
        for _ in reader:
            pass
        return reader.count, reader.digest
