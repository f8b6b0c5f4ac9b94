"""`kagami snapshot save|restore|list`: reset a test database to a named state in a moment."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

import typer

snapshot_app = typer.Typer(
    help="Named database snapshots, to reset test data.", no_args_is_help=True
)
NameArg = Annotated[str, typer.Argument(help="Snapshot name: 1-32 letters, digits, - or _.")]


@snapshot_app.command("save")
def save(name: NameArg) -> None:
    """Save the database (migrated first) as snapshot NAME, replacing one of that name."""
    from kagami.cli_support import get_settings
    from kagami.snapshots import SnapshotError, save_snapshot

    settings = get_settings()

    async def run() -> None:
        from kagami.db import Database
        from kagami.db.migrate import upgrade

        database = Database(settings)
        try:
            await upgrade(database)
        finally:
            await database.dispose()
        await save_snapshot(settings, name)

    _timed(lambda: asyncio.run(run()), f"Saved snapshot {name}", SnapshotError)


@snapshot_app.command("restore")
def restore(name: NameArg) -> None:
    """Restore snapshot NAME (a running server sees the restored data at once)."""
    from kagami.cli_support import get_settings
    from kagami.snapshots import SnapshotError, restore_snapshot

    settings = get_settings()
    _timed(
        lambda: asyncio.run(restore_snapshot(settings, name)),
        f"Restored snapshot {name}",
        SnapshotError,
    )


@snapshot_app.command("list")
def list_names() -> None:
    """The saved snapshots (SQLite data dir)."""
    from kagami.cli_support import get_settings
    from kagami.snapshots import list_snapshots

    for name in list_snapshots(get_settings()):
        typer.echo(name)


def _timed(action: object, done: str, error: type[Exception]) -> None:
    started = time.perf_counter()
    try:
        action()  # type: ignore[operator]
    except error as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{done} in {time.perf_counter() - started:.2f}s")
