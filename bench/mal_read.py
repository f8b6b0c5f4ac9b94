"""Benchmark the MyAnimeList v2 read path against the same hello-world endpoint.

Run: ``uv run python bench/mal_read.py [--entries 1000] [--requests 2000] [--http SECONDS]``.
Writes ``bench/results/mal_read.json``. Measures requests/s of

* ``GET /v2/users/@me/animelist?limit=1000&fields=list_status`` (a 1,000-entry list), and
* ``GET /v2/anime/{id}?fields=<MAL's full detail field set>``,

each beside ``GET /hello`` of the same app; target: ratio >= 0.25 for the detail request.
Also (in-process) the detail rate with the detail cache off, and statements per request.
Same method as bench/graphql_read.py (whose helpers it uses): in-process through httpx's
ASGI transport by default; ``--http`` also serves the app with uvicorn and loads it with wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.dialects.mal.mapping import mal_id_of
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID, find_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.keys import load_signing_key
from kagami.oauth.setup import ensure_builtin
from kagami.oauth.tokens import TokenIssuer

sys.path.insert(0, str(Path(__file__).resolve().parent))  # graphql_read's helpers
from graphql_read import _rates, _with_hello, _wrk, serving

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test data builders
from tests.dialects.anilist_graphql.lists_data import build_big_list

# One client sends thousands of requests: far above any rate limit (the limiter still runs).
os.environ.setdefault("KAGAMI_RATE_LIMIT", "1000000000/minute")

# MAL's full anime detail field set (the v2 reference's sample request).
DETAIL_FIELDS = ",".join(
    (
        "id,title,main_picture,alternative_titles,start_date,end_date,synopsis,mean,rank",
        "popularity,num_list_users,num_scoring_users,nsfw,created_at,updated_at,media_type",
        "status,genres,my_list_status,num_episodes,start_season,broadcast,source",
        "average_episode_duration,rating,pictures,background,related_anime,related_manga",
        "recommendations,studios,statistics",
    )
)
LIST_PATH = "/v2/users/@me/animelist?limit=1000&fields=list_status"
DETAIL_PATH = f"/v2/anime/{mal_id_of(1, None)}?fields={DETAIL_FIELDS}"  # build_big_list's media 1


async def _prepare(settings: Settings, entries: int) -> str:
    """A database with ``entries`` anime on one user's list; a MAL token of hers."""
    database = Database(settings)
    await upgrade(database)
    user_id = await build_big_list(database, entries)
    await ensure_builtin(database)
    async with database.session() as session:
        client = await find_client(session, BUILTIN_MAL_CLIENT_ID)
        assert client is not None
        issued = await TokenIssuer(settings, load_signing_key(settings)).issue(
            session,
            client_id=client.id,
            user_id=user_id,
            dialect=TokenDialect.MAL,
            grant=GrantType.PASSWORD,
        )
        await session.commit()
    await database.dispose()
    return issued.access_token


async def main(entries: int, requests: int, http_seconds: int = 0) -> dict[str, float]:
    """Both rates (and their ratios to hello-world) on a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"  # tokens name their issuer: one URL for both modes
        settings = Settings(
            data_dir=Path(tmp), import_bundled_on_start=False, public_base_url=base, _env_file=None
        )
        token = await _prepare(settings, entries)
        headers = {"Authorization": f"Bearer {token}"}
        database = Database(settings)
        app = _with_hello(create_app(settings, database))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url=base, headers=headers) as client,
        ):
            for path in (LIST_PATH, DETAIL_PATH):  # warm up, and fail early if not served
                response = await client.get(path)
                assert response.status_code == 200, f"{path}: {response.text[:500]}"
            hello, detail = await _rates(
                requests, lambda: client.get("/hello"), lambda: client.get(DETAIL_PATH)
            )
            hello_for_list, listed = await _rates(
                max(1, requests // 50), lambda: client.get("/hello"), lambda: client.get(LIST_PATH)
            )
            statements = {
                "detail_statements": await _statements(database, client, DETAIL_PATH),
                "list_statements": await _statements(database, client, LIST_PATH),
            }
        result = {
            "hello_rps": hello,
            "detail_rps": detail,
            "detail_ratio": detail / hello,
            "list_entries": entries,
            "list_rps": listed,
            "list_ratio": listed / hello_for_list,
            **await _uncached(settings, database, base, headers, requests // 4),
            **statements,
        }
        await database.dispose()
        if http_seconds:
            result.update(_over_http(Path(tmp), port, token, http_seconds))
    return result


async def _statements(database: Database, client: httpx.AsyncClient, path: str) -> int:
    """SQL statements one request of ``path`` runs (transaction control not counted)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("PRAGMA", "BEGIN", "COMMIT", "ROLLBACK")):
            seen.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        assert (await client.get(path)).status_code == 200
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)
    return len(seen)


async def _uncached(
    settings: Settings, database: Database, base: str, headers: dict[str, str], requests: int
) -> dict[str, float]:
    """The detail rate with the detail cache off: every request reads the catalogue."""
    off = settings.model_copy(update={"mal_detail_cache_bytes": 0})
    app = _with_hello(create_app(off, database))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url=base, headers=headers) as client,
    ):
        hello, detail = await _rates(
            requests, lambda: client.get("/hello"), lambda: client.get(DETAIL_PATH)
        )
        statements = await _statements(database, client, DETAIL_PATH)
    return {
        "uncached_detail_rps": detail,
        "uncached_detail_ratio": detail / hello,
        "uncached_detail_statements": statements,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


_WRK_BEARER = 'wrk.headers["Authorization"] = "Bearer %s"\n'


def _over_http(data_dir: Path, port: int, token: str, seconds: int) -> dict[str, float]:
    """The rates over real HTTP: uvicorn serving graphql_read's ``http_app``, loaded by wrk."""
    env = {"KAGAMI_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    with serving(data_dir, port, env) as base:
        script = data_dir / "bearer.lua"
        script.write_text(_WRK_BEARER % token)
        _wrk(f"{base}{DETAIL_PATH}", 1, script)  # warm-up
        runs: dict[str, list[float]] = {"hello": [], "detail": [], "list": []}
        for _ in range(3):  # alternate, so drifting machine load hits all alike
            runs["hello"].append(_wrk(f"{base}/hello", seconds))
            runs["detail"].append(_wrk(f"{base}{DETAIL_PATH}", seconds, script))
            runs["list"].append(_wrk(f"{base}{LIST_PATH}", seconds, script))
    hello, detail, listed = (statistics.median(runs[k]) for k in ("hello", "detail", "list"))
    return {
        "http_hello_rps": hello,
        "http_detail_rps": detail,
        "http_detail_ratio": detail / hello,
        "http_list_rps": listed,
        "http_list_ratio": listed / hello,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--http", type=int, default=0, metavar="SECONDS", help="also measure over HTTP with wrk"
    )
    options = parser.parse_args()
    outcome: dict[str, Any] = asyncio.run(main(options.entries, options.requests, options.http))
    out = Path(__file__).parent / "results" / "mal_read.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(outcome, indent=2) + "\n")
    print(json.dumps(outcome, indent=2))
