"""Stream anime-offline-database files: ``.json`` (pretty or minified), ``.jsonl``, ``.zst``.

Entries are decoded one at a time from a text stream (zstd is decompressed on the fly),
so memory stays bounded by one entry plus a read chunk, whatever the file size.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import orjson
import zstandard

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 16
_MAX_VALUE = 64 << 20  # one JSON value (an entry) larger than this means a broken file
_WS = re.compile(r"[ \t\n\r]*")


class AodFileError(Exception):
    """A missing, unreadable or malformed input file; the message is one line for the user."""


class AodFile:
    """An open AOD file: iterate ``entries()``; ``position()`` is how many bytes were read."""

    def __init__(self, path: Path, raw: IO[bytes], text: IO[str]) -> None:
        self.path = path
        self.size = path.stat().st_size
        self._raw = raw
        self._text = text
        self.is_jsonl = ".jsonl" in path.suffixes

    def position(self) -> int:
        """Compressed bytes consumed so far (drives the progress bar)."""
        return min(self._raw.tell(), self.size)

    def entries(self) -> Iterator[Any]:
        """Each entry of the file's anime list, in file order (metadata skipped)."""
        try:
            if self.is_jsonl:
                yield from _jsonl_entries(self._text)
            else:
                yield from _JsonScanner(self._text).data_entries()
        except AodFileError as exc:
            raise AodFileError(f"{self.path.name}: {exc}") from None
        except zstandard.ZstdError as exc:
            raise AodFileError(f"{self.path.name}: corrupt zstd data ({exc})") from None
        except UnicodeDecodeError:
            raise AodFileError(f"{self.path.name}: not UTF-8 text") from None


@contextmanager
def open_aod(path: Path) -> Iterator[AodFile]:
    """Open ``path`` (decompressing zstd when its magic bytes say so) for streaming."""
    with open_text(path) as (raw, text):
        yield AodFile(path, raw, text)


@contextmanager
def open_text(path: Path) -> Iterator[tuple[IO[bytes], IO[str]]]:
    """The file's raw byte stream and its decoded UTF-8 text (zstd detected by magic bytes)."""
    try:
        raw = path.open("rb")
    except FileNotFoundError:
        raise AodFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise AodFileError(f"{path}: {exc.strerror or exc}") from None
    with raw:
        compressed = raw.read(4) == _ZSTD_MAGIC
        raw.seek(0)
        source: IO[bytes] = raw
        if compressed:
            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            source = reader
        text = io.TextIOWrapper(source, encoding="utf-8-sig")
        try:
            yield raw, text
        finally:
            text.close()


def _jsonl_entries(text: IO[str]) -> Iterator[Any]:
    """Entries of a ``.jsonl`` file: the first object is metadata unless it has ``sources``."""
    first = True
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise AodFileError(f"invalid JSON on line {number} ({exc})") from None
        if first and not (isinstance(value, dict) and "sources" in value):
            first = False
            if not isinstance(value, dict):
                raise AodFileError("first line is not a JSON object")
            continue
        first = False
        yield value
    if first:
        raise AodFileError("empty file")


class _JsonScanner:
    """Walk a root object incrementally, decoding ``data[]`` one element at a time."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._buf = ""
        self._pos = 0
        self._offset = 0  # characters dropped from the buffer's front
        self._eof = False
        self._decoder = json.JSONDecoder()

    def data_entries(self) -> Iterator[Any]:
        """Yield each element of the root object's ``data`` array."""
        self._expect("{", "not an anime-offline-database file (no JSON object)")
        found = False
        while self._peek() != "}":
            key = self._value()
            self._expect(":", "expected ':'")
            if key == "data":
                found = True
                yield from self._array()
            else:
                self._value()
            if self._peek() == ",":
                self._pos += 1
            elif self._peek() != "}":
                self._fail("expected ',' or '}'")
        if not found:
            raise AodFileError("not an anime-offline-database file (no data array)")

    def _array(self) -> Iterator[Any]:
        self._expect("[", "data is not an array")
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            sep = self._peek()
            self._pos += 1
            if sep == "]":
                return
            if sep != ",":
                self._fail("expected ',' or ']' in data")

    def _fill(self) -> bool:
        if self._eof:
            return False
        chunk = self._text.read(_CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._offset += self._pos
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        if len(self._buf) > _MAX_VALUE:
            self._fail("a JSON value is implausibly large")
        return True

    def _peek(self) -> str:
        while True:
            match = _WS.match(self._buf, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buf) or not self._fill():
                return self._buf[self._pos : self._pos + 1]

    def _expect(self, char: str, message: str) -> None:
        if self._peek() != char:
            self._fail(message)
        self._pos += 1

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._fill():
                    continue
                self._fail(f"invalid JSON ({exc.msg})", at=self._offset + exc.pos)
            # A value ending exactly at the buffer's end may continue (a number, say).
            if end == len(self._buf) and self._fill():
                continue
            self._pos = end
            return value

    def _fail(self, message: str, *, at: int | None = None) -> NoReturn:
        where = self._offset + self._pos if at is None else at
        raise AodFileError(f"{message} at character {where}")


__all__ = ["AodFile", "AodFileError", "open_aod", "open_text"]
