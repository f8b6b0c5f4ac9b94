"""A 50,000-entry MAL export is read in bounded memory: entries are streamed, not kept."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from tests.transfer.mal_files import HEADER, MYINFO, anime

ENTRIES = 50_000
# Peak RSS of a fresh interpreter reading the file, against one that only imports the
# reader: the difference is what reading costs. A tree of the whole document would take
# several hundred MB; streamed, it is the parser's buffer and one entry.
PROBE = """
import resource, sys
from pathlib import Path
from kagami.transfer.mal_xml_read import MalXmlReader
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[2] == "read":
    with Path(sys.argv[1]).open("rb") as raw:
        assert sum(1 for _ in MalXmlReader(raw)) == int(sys.argv[3])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def big_export(path: Path, entries: int = ENTRIES) -> int:
    """Write a gzipped export of ``entries`` anime (ids 1..n); its uncompressed size."""
    size = 0
    with gzip.open(path, "wb", compresslevel=1) as out:
        for part in (HEADER, MYINFO.format(kind=1)):
            size += out.write(part.encode())
        for mal_id in range(1, entries + 1):
            size += out.write(anime(mal_id, my_comments=f"<![CDATA[{'x' * 100}]]>").encode())
        size += out.write(b"</myanimelist>\n")
    return size


def _peak_growth_kb(path: Path, mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), mode, str(ENTRIES)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def test_reading_50000_entries_keeps_memory_bounded(tmp_path: Path) -> None:
    path = tmp_path / "animelist.xml.gz"
    assert big_export(path) > 35_000_000  # ~700 bytes per entry

    growth = _peak_growth_kb(path, "read")

    assert growth < 16_000, f"reading raised peak RSS by {growth:,} KB"
