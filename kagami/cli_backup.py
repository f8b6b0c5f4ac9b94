"""``kagami backup FILE`` and ``kagami restore FILE`` (see kagami.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kagami.config import get_settings
from kagami.progress import console, make_progress

app = typer.Typer()

QuietFlag = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


@app.command("backup")
def backup_cmd(
    file: Annotated[
        Path, typer.Argument(help="Backup file to write (a tar; replaced if present).")
    ],
    quiet: QuietFlag = False,
) -> None:
    """Copy the database (online: the server may keep running) and its signing keys to FILE."""
    from kagami.backup import BackupError, backup
    from kagami.backup_postgres import ToolMissing

    try:
        with make_progress(quiet=quiet) as progress:
            outcome = backup(get_settings(), file, progress)
    except (BackupError, ToolMissing, RuntimeError) as exc:
        console.print(f"[red]Backup failed:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(
        f"[green]Backed up[/] the {outcome.backend} database ({outcome.database_bytes} bytes) "
        f"and {outcome.secrets} secret files to {file}"
    )


@app.command("restore")
def restore_cmd(
    file: Annotated[Path, typer.Argument(help="Backup file made by `kagami backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds data.")
    ] = False,
    quiet: QuietFlag = False,
) -> None:
    """Load FILE into the configured (empty) database and data dir; stop the server first."""
    from kagami.backup import BackupError, restore
    from kagami.backup_postgres import ToolMissing

    try:
        with make_progress(quiet=quiet) as progress:
            outcome = restore(get_settings(), file, progress, force=force)
    except (BackupError, ToolMissing, RuntimeError) as exc:
        console.print(f"[red]Restore failed:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(
        f"[green]Restored[/] the {outcome.backend} database ({outcome.database_bytes} bytes) "
        f"and {outcome.secrets} secret files from {file}"
    )
