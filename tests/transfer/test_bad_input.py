"""Hostile, truncated and foreign files: a clear error, and nothing written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.lists.models import ListEntry
from kagami.transfer.errors import TransferError
from kagami.transfer.json_import import import_json
from kagami.transfer.mal_import import import_mal_xml
from kagami.transfer.mal_xml_read import MalXmlError, scan
from tests.transfer.conftest import Catalogue
from tests.transfer.mal_files import anime, document, write

GOOD = document(anime(1, my_score="5"), anime(6, my_score="6"))
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<myanimelist><anime><series_animedb_id>1</series_animedb_id>"
    "<my_comments>&lol9;</my_comments></anime></myanimelist>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    "<myanimelist><anime><series_animedb_id>1</series_animedb_id>"
    "<my_comments>&secret;</my_comments></anime></myanimelist>"
)
CASES = {
    "billion laughs": (BILLION_LAUGHS.encode(), "DTD or entities"),
    "external entity": (EXTERNAL_ENTITY.encode(), "DTD or entities"),
    "truncated xml": (GOOD.encode()[: len(GOOD) - 40], "truncated or not XML"),
    "truncated gzip": (gzip.compress(GOOD.encode(), mtime=0)[:-30], "gzip file is damaged"),
    "not gzip after all": (b"\x1f\x8b" + b"garbage" * 10, "gzip file is damaged"),
    "another xml": (b"<rss><channel/></rss>", "not <myanimelist>"),
    "json": (b'{"format": "kagami-export"}', "truncated or not XML"),
    "garbage": (bytes(range(256)) * 4, "not XML"),
    "empty": (b"", "not XML"),
    "too deep": (b"<myanimelist><anime><a><b>1</b></a></anime></myanimelist>", "nest deeper"),
    "too wide": (b"<myanimelist><anime>" + b"<a/>" * 101 + b"</anime></myanimelist>", "fields"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_file_is_refused_with_a_reason(name: str, tmp_path: Path) -> None:
    data, reason = CASES[name]
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    with pytest.raises(MalXmlError, match=reason):
        scan(path)


def test_a_file_larger_than_the_cap_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "big.xml.gz", document(*[anime(1)] * 200), gzipped=True)
    with pytest.raises(MalXmlError, match="larger than"):
        scan(path, max_bytes=4096)


@pytest.mark.parametrize("name", ["billion laughs", "truncated xml", "truncated gzip"])
async def test_a_bad_file_writes_nothing_even_after_good_entries(
    database: Database, catalogue: Catalogue, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(CASES[name][0])
    with pytest.raises(TransferError):
        await import_mal_xml(database, path, "alice", batch_size=1)
    async with database.session() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (GOOD.encode(), "not a JSON object"),
        (b'{"format": "something-else", "version": 1}', "Not a valid Kagami JSON export"),
        (b'{"format": "kagami-export"', "Not a valid Kagami JSON export"),
        (gzip.compress(b'{"a": 1}', mtime=0)[:-5], "gzip file is damaged"),
    ],
)
async def test_a_bad_json_file_is_refused_and_writes_nothing(
    database: Database, catalogue: Catalogue, tmp_path: Path, data: bytes, reason: str
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(data)
    with pytest.raises(TransferError, match=reason):
        await import_json(database, path, "alice")
    async with database.session() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0
