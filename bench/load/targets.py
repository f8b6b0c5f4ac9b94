"""The servers under load: one per configuration (backend and worker count), all started
before the first window so the windows can alternate between them."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bench.load import seed
from bench.load.mix import World
from bench.load.runner import Ledger, Stats
from bench.load.services import Postgres, Redis, start_postgres, start_redis
from kagami.testing.harness import KagamiServer, start_server

RATE_LIMIT = "1000000000/minute"  # per token: far above the mix, so nothing is throttled
SEED_DATABASE = "kagami_seed"


@dataclass
class Target:
    """A configuration's server, its users, and what the load has seen of it so far."""

    backend: str
    workers: int
    server: KagamiServer
    world: World
    redis: Redis | None = None
    postgres: Postgres | None = None
    ledger: Ledger = field(default_factory=Ledger)
    stats: Stats = field(default_factory=Stats)
    redis_commands: int = 0

    @property
    def name(self) -> str:
        """``postgresql+redis, 4 workers`` and the like."""
        backend = "postgresql+redis" if self.backend == "pg" else "sqlite"
        return f"{backend}, {self.workers} worker{'s' if self.workers > 1 else ''}"

    @property
    def processes(self) -> dict[str, int]:
        """Process ids whose CPU each window measures, by name."""
        pids = {"kagami": self.server.process.pid}
        if self.postgres is not None:
            pids["postgres"] = self.postgres.pid
        if self.redis is not None:
            pids["redis"] = self.redis.process.pid
        return pids


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


def _server(stack: ExitStack, data_dir: Path, workers: int, **options: object) -> KagamiServer:
    server = start_server(data_dir, args=["--workers", str(workers)], **options)  # type: ignore[arg-type]
    stack.callback(server.stop)
    return server


def _seed_postgres(cluster: Postgres, redis: Redis, data_dir: Path, clients: int) -> World:
    """Import the catalogue and load the users into a database later copies start from."""
    asyncio.run(_sql(cluster.admin_dsn, f"CREATE DATABASE {SEED_DATABASE} ENCODING 'UTF8'"))
    seed_dsn = cluster.admin_dsn.replace("/postgres?", f"/{SEED_DATABASE}?")
    asyncio.run(_sql(seed_dsn, "CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    server = start_server(data_dir, extra_env=_env(cluster.url(SEED_DATABASE), redis))
    try:
        world = _prepare(server, clients)
    finally:
        server.stop()
    asyncio.run(_sql(cluster.admin_dsn, f"ALTER DATABASE {SEED_DATABASE} WITH IS_TEMPLATE true"))
    return world


def start_targets(
    configs: list[tuple[str, int]], clients: int, root: Path, stack: ExitStack
) -> list[Target]:
    """A server per ``(backend, workers)``: PostgreSQL ones on copies of one seeded database
    sharing one Redis, SQLite ones on their own files (rate limits in process memory)."""
    targets = []
    cluster: Postgres | None = None
    redis: Redis | None = None
    world: World | None = None
    if any(backend == "pg" for backend, _ in configs):
        cluster = start_postgres()
        stack.callback(cluster.stop)
        redis = start_redis()
        stack.callback(redis.stop)
        world = _seed_postgres(cluster, redis, root / "pg", clients)
    cache = root / "cache"
    cache.mkdir(exist_ok=True)
    for i, (backend, workers) in enumerate(configs):
        if backend == "pg":
            assert cluster is not None and redis is not None and world is not None
            database = f"kagami_run{i}"
            statement = f"CREATE DATABASE {database} TEMPLATE {SEED_DATABASE} STRATEGY FILE_COPY"
            asyncio.run(_sql(cluster.admin_dsn, statement))
            env = _env(cluster.url(database), redis)
            server = _server(stack, root / f"pg{i}", workers, catalogue=False, extra_env=env)
            targets.append(Target(backend, workers, server, world, redis, cluster))
        else:
            server = _server(stack, root / f"sqlite{i}", workers, cache_dir=cache, extra_env=_env())
            targets.append(Target(backend, workers, server, _prepare(server, clients)))
    return targets
