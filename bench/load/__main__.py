"""Scale-out under load: `kagami serve --workers N` on PostgreSQL + Redis vs 1 worker and SQLite.

Run from the repository root: ``uv run python -m bench.load [--seconds 60] [--rounds 3]
[--clients 32] [--configs pg:4,pg:1,sqlite:1]``. Writes ``bench/results/load.json``.

It starts its own throwaway PostgreSQL cluster and redis-server (Unix sockets, fsync off),
imports the bundled catalogue once, loads ``--clients`` users with an AniList, a v1 and a
MAL token each (a fixture file), and serves each configuration with `kagami serve
--workers N`: PostgreSQL ones on copies of that database, sharing the rate limits in Redis;
SQLite ones on their own file. Every user, as one virtual user over loopback, sends the mix
of bench/load/mix.py back to back. Each configuration is measured for ``--seconds`` in all,
in ``--rounds`` windows that alternate between the configurations (so a shared machine's
drifting load weighs on each alike): the first after ``--warmup`` unmeasured seconds
(caches; each worker's first requests), later ones after 2. Afterwards every entry must
hold its last acknowledged write. The rate limit is 10^9/minute per token, so the mix is
not throttled (each request is still counted, in Redis where used).
Exit status 1 on any 5xx, failed request, transport error, lost write or worker restart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.load import seed
from bench.load.mix import GROUPS
from bench.load.runner import Ledger, Stats, run_load
from bench.load.targets import RATE_LIMIT, Target, start_targets
from kagami.testing.harness import KagamiServer

WINDOW_WARMUP = 2.0  # unmeasured seconds before each later window: connections, not caches
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
        "cpu_cores": {k: round(v / stats.seconds, 2) for k, v in sorted(stats.cpu.items())},
        "groups": groups,
        "classes": classes,
        **extra,
    }


def measure(target: Target, seconds: float, warmup: float) -> None:
    """One window of load on ``target``, added to what it has seen."""
    redis = target.redis
    commands = int(redis.info("stats")["total_commands_processed"]) if redis else 0
    window = (warmup, seconds)
    asyncio.run(
        run_load(
            target.server.url, target.world, window, target.ledger, target.stats, target.processes
        )
    )
    if redis:
        target.redis_commands += int(redis.info("stats")["total_commands_processed"]) - commands


def finish(target: Target, load: tuple[float, float]) -> dict[str, Any]:
    """Check the final state of ``target``'s entries; its figures."""
    callers = [c.user_id for c in target.world.callers]
    lost = target.ledger.lost(seed.stored_entries(target.server, callers))
    extra = {
        "backend": target.backend,
        "workers": target.workers,
        "load_average": [round(v, 2) for v in load],
        "redis_commands_per_request": round(target.redis_commands / max(1, target.stats.sent), 1),
        "worker_restarts": max(0, len(target.stats.worker_pids) - target.workers)
        if target.workers > 1
        else 0,
        "server_log_errors": _errors_in_log(target.server),
    }
    return summary(target.name, target.stats, target.ledger, lost, extra)


def _errors_in_log(server: KagamiServer) -> list[str]:
    """The last few tracebacks, errors and warnings (such as Redis lost) the server logged."""
    text = (server.data_dir / "server.log").read_text(errors="replace")
    marks = ("Traceback", "ERROR", "WARNING", "Redis unavailable")
    return [line for line in text.splitlines() if any(m in line for m in marks)][-10:]


def _configs(text: str) -> list[tuple[str, int]]:
    pairs = []
    for part in text.split(","):
        backend, _, n = part.partition(":")
        if backend not in ("pg", "sqlite") or not n.isdigit():
            raise SystemExit(f"bad config {part!r}: use pg:N or sqlite:N")
        pairs.append((backend, int(n)))
    return pairs


def report(results: list[dict[str, Any]]) -> None:
    """Print the figures, and the first configuration's throughput against each other."""
    for r in results:
        cpu = ", ".join(f"{k} {v}" for k, v in r["cpu_cores"].items())
        print(
            f"\n== {r['config']}: {r['rps']} req/s over {r['seconds']} s "
            f"({r['requests']} requests), p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms; "
            f"5xx {r['5xx']}, failed {r['failed']}, transport errors "
            f"{sum(r['transport_errors'].values())}; writes acknowledged "
            f"{r['acknowledged_writes']}, lost {r['lost_writes']}; CPU cores used: {cpu}; "
            f"redis commands/request {r['redis_commands_per_request']}; "
            f"worker restarts {r['worker_restarts']}"
        )
        for group, g in r["groups"].items():
            print(
                f"   {group:14} share {g['share']:.3f}  p50 {g['p50_ms']} ms  p99 {g['p99_ms']} ms"
            )
        for kind, c in r["classes"].items():
            print(
                f"     {kind:16} {c['requests']:7}  p50 {c['p50_ms']:7} ms  p99 {c['p99_ms']:7} ms"
            )
        for line in r["failure_samples"] + r["lost_samples"] + r["server_log_errors"]:
            print("   !", line)
    base = results[0]
    for r in results[1:]:
        print(f"throughput {base['config']} / {r['config']}: {base['rps'] / r['rps']:.2f}")


def main() -> None:
    """Parse options, load each configuration in alternating windows, report and save."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds per config")
    parser.add_argument("--rounds", type=int, default=3, help="windows per config, alternating")
    parser.add_argument(
        "--warmup", type=float, default=10, help="unmeasured seconds before the first window"
    )
    parser.add_argument("--clients", type=int, default=32, help="virtual users (one account each)")
    parser.add_argument("--configs", default="pg:4,pg:1,sqlite:1", help="backend:workers, ...")
    parser.add_argument("--output", type=Path, default=RESULTS)
    options = parser.parse_args()
    configs = _configs(options.configs)
    started = time.time()
    load = os.getloadavg()[0]
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kagami-load-")))
        targets = start_targets(configs, options.clients, root, stack)
        for round_ in range(options.rounds):
            for target in targets:
                warmup = options.warmup if round_ == 0 else min(options.warmup, WINDOW_WARMUP)
                measure(target, options.seconds / options.rounds, warmup)
        results = [finish(t, (load, os.getloadavg()[0])) for t in targets]
    result = {
        "cpus": os.cpu_count(),
        "clients": options.clients,
        "seconds": options.seconds,
        "rounds": options.rounds,
        "rate_limit": RATE_LIMIT,
        "wall_seconds": round(time.time() - started),
        "results": results,
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=2) + "\n")
    report(results)
    bad = ("5xx", "failed", "lost_writes", "transport_errors", "worker_restarts")
    if any(r[key] for r in results for key in bad):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
