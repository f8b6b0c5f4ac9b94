"""Writing an export file whole or not at all: a temporary file renamed into place."""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from types import TracebackType
from typing import IO

from kagami.transfer.errors import TransferError


class AtomicWriter:
    """UTF-8 text into ``path`` (gzipped for a ``.gz`` name), there only once complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = 0
        handle, self._temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        self._raw = os.fdopen(handle, "wb")
        self._out: IO[bytes] = self._raw
        if path.suffix == ".gz":
            self._out = gzip.GzipFile(filename="", fileobj=self._raw, mode="wb", mtime=0)  # type: ignore[assignment]

    def write(self, text: str) -> None:
        """Append ``text``."""
        data = text.encode("utf-8")
        self._out.write(data)
        self.written += len(data)

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        _exc: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        try:
            if self._out is not self._raw:
                self._out.close()
            self._raw.close()
            if kind is None:
                os.replace(self._temp, self.path)
        finally:
            if kind is not None:
                Path(self._temp).unlink(missing_ok=True)


async def write_text_chunks(path: Path, chunks: AsyncIterator[str]) -> int:
    """Write the chunks to ``path`` atomically; the number of (uncompressed) bytes written.

    A failure part-way leaves no file behind, and never a truncated one in its place.
    """
    with AtomicWriter(path) as writer:
        async for chunk in chunks:
            writer.write(chunk)
    return writer.written


def sniff(path: Path) -> str:
    """``json`` or ``mal-xml`` by the file's first character (after gunzip); else an error."""
    with path.open("rb") as raw:
        head = raw.read(2)
        raw.seek(0)
        try:
            stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
            start = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        except (OSError, EOFError):
            raise TransferError("The gzip file is damaged or truncated.") from None
    if start == b"{":
        return "json"
    if start == b"<":
        return "mal-xml"
    raise TransferError("Not a MyAnimeList export (XML) or a Kagami export (JSON).")
