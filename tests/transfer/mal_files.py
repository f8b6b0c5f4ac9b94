"""MAL list export documents for the transfer tests, written as MAL's export writes them."""

from __future__ import annotations

import gzip
from pathlib import Path

HEADER = '<?xml version="1.0" encoding="UTF-8" ?>\n<myanimelist>\n'
MYINFO = (
    "<myinfo><user_id>1</user_id><user_name>someone</user_name>"
    "<user_export_type>{kind}</user_export_type></myinfo>\n"
)


def anime(mal_id: int, **fields: str) -> str:
    """One <anime> element; ``fields`` override MAL's defaults."""
    values = {
        "series_animedb_id": str(mal_id),
        "series_title": f"<![CDATA[Anime {mal_id}]]>",
        "series_type": "TV",
        "series_episodes": "12",
        "my_id": "0",
        "my_watched_episodes": "0",
        "my_start_date": "0000-00-00",
        "my_finish_date": "0000-00-00",
        "my_rated": "",
        "my_score": "0",
        "my_storage": "",
        "my_storage_value": "0.00",
        "my_status": "Plan to Watch",
        "my_comments": "<![CDATA[]]>",
        "my_times_watched": "0",
        "my_rewatch_value": "",
        "my_priority": "Low",
        "my_tags": "<![CDATA[]]>",
        "my_rewatching": "0",
        "my_rewatching_ep": "0",
        "my_discuss": "1",
        "my_sns": "default",
        "update_on_import": "1",
        **fields,
    }
    return "<anime>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items()) + "</anime>\n"


def manga(mal_id: int, **fields: str) -> str:
    """One <manga> element; ``fields`` override MAL's defaults."""
    values = {
        "manga_mangadb_id": str(mal_id),
        "manga_title": f"<![CDATA[Manga {mal_id}]]>",
        "manga_volumes": "0",
        "manga_chapters": "0",
        "my_id": "0",
        "my_read_volumes": "0",
        "my_read_chapters": "0",
        "my_start_date": "0000-00-00",
        "my_finish_date": "0000-00-00",
        "my_scanalation_group": "<![CDATA[]]>",
        "my_consumed_volumes": "0",
        "my_score": "0",
        "my_status": "Plan to Read",
        "my_comments": "<![CDATA[]]>",
        "my_times_read": "0",
        "my_tags": "<![CDATA[]]>",
        "my_priority": "Low",
        "my_reread_value": "",
        "my_rereading": "NO",
        "my_discuss": "YES",
        "my_sns": "default",
        "update_on_import": "1",
        **fields,
    }
    return "<manga>" + "".join(f"<{k}>{v}</{k}>" for k, v in values.items()) + "</manga>\n"


def document(*entries: str, kind: int = 1) -> str:
    """A whole export around ``entries``."""
    return HEADER + MYINFO.format(kind=kind) + "".join(entries) + "</myanimelist>\n"


def write(path: Path, text: str, *, gzipped: bool = False) -> Path:
    """Save ``text`` as UTF-8, gzipped like MAL's download when asked."""
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    return path
