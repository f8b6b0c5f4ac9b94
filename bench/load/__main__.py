"""Scale-out under load: `kagami serve --workers N` on PostgreSQL + Redis vs 1 worker and SQLite.

Run from the repository root: ``uv run python -m bench.load [--seconds 60] [--clients 32]
[--workers 4] [--configs pg:4,pg:1,sqlite:1]``. Writes ``bench/results/load.json``.

It starts its own throwaway PostgreSQL cluster and redis-server (Unix sockets, fsync off),
imports the bundled catalogue once, loads ``--clients`` users with an AniList, a v1 and a
MAL token each (a fixture file), and for each configuration serves a copy of that database
with `kagami serve --workers N` (PostgreSQL configurations share the rate limits in Redis)
while every user, as one virtual user over loopback, sends the mix of bench/load/mix.py
back to back: ``--warmup`` seconds unmeasured, then ``--seconds`` measured. Afterwards every
entry must hold its last acknowledged write. The rate limit is set to 10^9/minute per token
so the mix is not throttled (each request is still counted, in Redis where it is used).
Exit status 1 on any 5xx, failed request or lost write.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

from bench.load import seed
from bench.load.mix import GROUPS, World
from bench.load.runner import Ledger, Stats, run_load
from bench.load.services import Postgres, Redis, start_postgres, start_redis
from kagami.testing.harness import KagamiServer, start_server

RATE_LIMIT = "1000000000/minute"
RESULTS = Path(__file__).resolve().parents[1] / "results" / "load.json"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def summary(
    name: str, stats: Stats, ledger: Ledger, lost: list[str], extra: dict[str, Any]
) -> dict[str, Any]:
    """One configuration's figures as a JSON-able mapping."""
    classes = {
        kind: {
            "requests": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p99_ms": round(_percentile(values, 0.99), 1),
        }
        for kind, values in sorted(stats.latencies.items())
    }
    groups = {}
    for group, kinds in GROUPS.items():
        values = [v for k in kinds for v in stats.latencies.get(k, [])]
        groups[group] = {
            "share": round(len(values) / max(1, stats.requests), 3),
            "p50_ms": round(statistics.median(values), 1) if values else None,
            "p99_ms": round(_percentile(values, 0.99), 1),
        }
    every = [v for values in stats.latencies.values() for v in values]
    return {
        "config": name,
        "seconds": round(stats.seconds, 1),
        "requests": stats.requests,
        "rps": round(stats.requests / stats.seconds, 1),
        "p50_ms": round(statistics.median(every), 1),
        "p99_ms": round(_percentile(every, 0.99), 1),
        "5xx": stats.server_errors,
        "failed": sum(stats.failures.values()),
        "transport_errors": dict(stats.transport_errors),
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "acknowledged_writes": ledger.count,
        "lost_writes": len(lost),
        "lost_samples": lost[:5],
        "failure_samples": stats.samples,
        "client_cpu_cores": round(stats.client_cpu, 2),
        "server_cpu_cores": round(stats.server_cpu, 2),
        "groups": groups,
        "classes": classes,
        **extra,
    }


def measure(
    name: str, server: KagamiServer, world: World, options: argparse.Namespace, redis: Redis | None
) -> dict[str, Any]:
    """Load ``server`` with the mix, then check every acknowledged write is stored."""
    ledger = Ledger()
    load_before = os.getloadavg()[0]
    commands = int(redis.info("stats")["total_commands_processed"]) if redis else 0
    stats = asyncio.run(
        run_load(server.url, world, options.seconds, options.warmup, ledger, server.process.pid)
    )
    redis_commands = int(redis.info("stats")["total_commands_processed"]) - commands if redis else 0
    found = seed.stored_entries(server, [c.user_id for c in world.callers])
    lost = ledger.lost(found)
    extra = {
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "redis_commands": redis_commands,
    }
    return summary(name, stats, ledger, lost, extra)


def _env(url: str | None = None, redis: Redis | None = None) -> dict[str, str]:
    env = {"KAGAMI_RATE_LIMIT": RATE_LIMIT}
    if url:
        env["KAGAMI_DATABASE_URL"] = url
    if redis:
        env["KAGAMI_REDIS_URL"] = redis.url
    return env


def _prepare(server: KagamiServer, clients: int) -> World:
    """Sample the catalogue, load the users and tokens, and describe them for the load."""
    media, words = seed.sample_catalogue(server)
    spec = seed.fixtures(media, clients)
    report = server.load(spec)
    return seed.world(spec, report.user_ids, media, words)


async def _sql(dsn: str, *statements: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def run_postgres(
    options: argparse.Namespace, workers: list[int], root: Path
) -> list[dict[str, Any]]:
    """Each worker count on a copy of one seeded PostgreSQL database, rate limits in Redis."""
    cluster: Postgres = start_postgres()
    redis = start_redis()
    results: list[dict[str, Any]] = []
    try:
        asyncio.run(_sql(cluster.admin_dsn, "CREATE DATABASE kagami_seed ENCODING 'UTF8'"))
        asyncio.run(_sql(cluster.admin_dsn.replace("/postgres?", "/kagami_seed?"),
                         "CREATE EXTENSION IF NOT EXISTS pg_trgm"))  # fmt: skip
        data_dir = root / "pg"
        server = start_server(data_dir, extra_env=_env(cluster.url("kagami_seed"), redis))
        try:
            world = _prepare(server, options.clients)
        finally:
            server.stop()
        asyncio.run(_sql(cluster.admin_dsn, "ALTER DATABASE kagami_seed WITH IS_TEMPLATE true"))
        for n in workers:
            database = f"kagami_w{n}_{len(results)}"
            asyncio.run(_sql(
                cluster.admin_dsn,
                f"CREATE DATABASE {database} TEMPLATE kagami_seed STRATEGY FILE_COPY",
            ))  # fmt: skip
            env = _env(cluster.url(database), redis)
            server = start_server(
                data_dir, catalogue=False, extra_env=env, args=["--workers", str(n)]
            )
            try:
                name = f"postgresql+redis, {n} worker{'s' if n > 1 else ''}"
                results.append(measure(name, server, world, options, redis))
                results[-1].update(backend="pg", workers=n)
                results[-1]["server_log_tail"] = _errors_in_log(server)
            finally:
                server.stop()
    finally:
        redis.stop()
        cluster.stop()
    return results


def run_sqlite(options: argparse.Namespace, workers: list[int], root: Path) -> list[dict[str, Any]]:
    """Each worker count on SQLite (rate limits in each process's memory)."""
    cache = root / "cache"
    cache.mkdir(exist_ok=True)
    results: list[dict[str, Any]] = []
    for n in workers:
        data_dir = root / f"sqlite{n}"
        server = start_server(
            data_dir, cache_dir=cache, extra_env=_env(), args=["--workers", str(n)]
        )
        try:
            world = _prepare(server, options.clients)
            name = f"sqlite, {n} worker{'s' if n > 1 else ''}"
            results.append(measure(name, server, world, options, None))
            results[-1].update(backend="sqlite", workers=n)
            results[-1]["server_log_tail"] = _errors_in_log(server)
        finally:
            server.stop()
    return results


def _errors_in_log(server: KagamiServer) -> list[str]:
    """Tracebacks or errors the server logged (the last few lines of each)."""
    text = (server.data_dir / "server.log").read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line][-10:]


def _configs(text: str) -> list[tuple[str, int]]:
    pairs = []
    for part in text.split(","):
        backend, _, n = part.partition(":")
        if backend not in ("pg", "sqlite") or not n.isdigit():
            raise SystemExit(f"bad config {part!r}: use pg:N or sqlite:N")
        pairs.append((backend, int(n)))
    return pairs


def report(results: list[dict[str, Any]]) -> None:
    """Print the figures, and each configuration's throughput against the first."""
    for r in results:
        print(
            f"\n== {r['config']}: {r['rps']} req/s over {r['seconds']} s "
            f"({r['requests']} requests), p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms; "
            f"5xx {r['5xx']}, failed {r['failed']}, transport errors "
            f"{sum(r['transport_errors'].values())}; writes acknowledged "
            f"{r['acknowledged_writes']}, lost {r['lost_writes']}; cpu: server "
            f"{r['server_cpu_cores']} cores, client {r['client_cpu_cores']}; load "
            f"{r['load_average_before']}->{r['load_average_after']}; "
            f"redis commands {r['redis_commands']}"
        )
        for group, g in r["groups"].items():
            print(
                f"   {group:14} share {g['share']:.3f}  p50 {g['p50_ms']} ms  p99 {g['p99_ms']} ms"
            )
        for kind, c in r["classes"].items():
            print(
                f"     {kind:16} {c['requests']:7}  p50 {c['p50_ms']:7} ms  p99 {c['p99_ms']:7} ms"
            )
        for line in r["failure_samples"] + r["lost_samples"] + r["server_log_tail"]:
            print("   !", line)
    base = results[0]
    for r in results[1:]:
        print(f"ratio {base['config']} / {r['config']}: {base['rps'] / r['rps']:.2f}")


def main() -> None:
    """Parse options, run each configuration, print and save the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=60, help="measured seconds per configuration"
    )
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured seconds before")
    parser.add_argument("--clients", type=int, default=32, help="virtual users (one account each)")
    parser.add_argument("--configs", default="pg:4,pg:1,sqlite:1", help="backend:workers, in order")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    configs = _configs(options.configs)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="kagami-load-") as tmp:
        root = Path(tmp)
        pg = [n for backend, n in configs if backend == "pg"]
        lite = [n for backend, n in configs if backend == "sqlite"]
        found = (run_postgres(options, pg, root) if pg else []) + (
            run_sqlite(options, lite, root) if lite else []
        )
    ordered = sorted(found, key=lambda r: configs.index((r["backend"], r["workers"])))
    result = {
        "cpus": os.cpu_count(),
        "clients": options.clients,
        "seconds": options.seconds,
        "rate_limit": RATE_LIMIT,
        "wall_seconds": round(time.time() - started),
        "results": ordered,
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2) + "\n")
    report(ordered)
    if any(r["5xx"] or r["failed"] or r["lost_writes"] or r["transport_errors"] for r in ordered):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
