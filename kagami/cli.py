"""The `kagami` command: serve, database, import and seed jobs."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

import typer

from kagami.config import Settings, get_settings
from kagami.progress import console

app = typer.Typer(
    help="Kagami: a self-hostable AniList/MyAnimeList-compatible tracker.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema management.", no_args_is_help=True)
import_app = typer.Typer(help="Load catalogue data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")


def _settings(**overrides: object) -> Settings:
    base = get_settings()
    clean = {k: v for k, v in overrides.items() if v is not None}
    return base.model_copy(update=clean) if clean else base


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (KAGAMI_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (KAGAMI_PORT).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (KAGAMI_WORKERS).")] = None,
) -> None:
    """Migrate, load the bundled catalogue on first start, then serve HTTP."""
    import uvicorn

    from kagami.bootstrap import prepare

    settings = _settings(host=host, port=port, workers=workers)
    started = time.perf_counter()
    result = asyncio.run(prepare(settings))
    elapsed = time.perf_counter() - started
    imported = ", catalogue imported" if result.imported else ""
    console.print(
        f"[green]Database ready[/] ({result.media_count} media{imported}) in {elapsed:.1f}s"
    )
    console.print(f"Serving on [bold]{settings.base_url}[/]")
    if settings.workers > 1:
        # Worker processes build their own app from the environment: hand the overrides down.
        _export_overrides(host=host, port=port, workers=workers)
        target: object = "kagami.app:create_app_from_env"
    else:
        from kagami.app import create_app

        target = create_app(settings)
    uvicorn.run(
        target,  # type: ignore[arg-type]
        factory=settings.workers > 1,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        env_file=None,
    )


def _export_overrides(**overrides: object) -> None:
    import os

    for name, value in overrides.items():
        if value is not None:
            os.environ[f"KAGAMI_{name.upper()}"] = str(value)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations (safe to run any number of times)."""
    from kagami.db import Database
    from kagami.db.migrate import current_revision, upgrade

    async def run() -> str | None:
        database = Database(get_settings())
        try:
            await upgrade(database)
            return await current_revision(database)
        finally:
            await database.dispose()

    console.print(f"Database at revision [bold]{asyncio.run(run())}[/]")


@import_app.command("bundled")
def import_bundled_cmd() -> None:
    """Upsert the bundled bangumi-data + arm catalogue (re-runnable)."""
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.importers.bundled_loader import import_bundled

    async def run() -> int:
        database = Database(get_settings())
        try:
            await upgrade(database)
            return await import_bundled(database)
        finally:
            await database.dispose()

    console.print(f"[green]Imported {asyncio.run(run())} media[/]")


@app.command()
def seed(
    tier: Annotated[str, typer.Option(help="tiny | small | medium | large")] = "tiny",
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same data).")
    ] = 1,
) -> None:
    """Add deterministic synthetic data (users, lists, social, forum) on top of the catalogue."""
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.importers.synthetic import TIERS, seed_database

    if tier not in TIERS:
        raise typer.BadParameter(f"tier must be one of {', '.join(TIERS)}")

    async def run() -> dict[str, int]:
        database = Database(get_settings())
        try:
            await upgrade(database)
            return await seed_database(database, tier=tier, seed=seed_value)
        finally:
            await database.dispose()

    started = time.perf_counter()
    counts = asyncio.run(run())
    for table, count in counts.items():
        console.print(f"  {table:<28} {count:>10,}")
    console.print(f"[green]Seeded tier {tier}[/] in {time.perf_counter() - started:.1f}s")


def main() -> None:  # pragma: no cover - console entry point alias
    """Entry point for ``python -m kagami``."""
    app()
