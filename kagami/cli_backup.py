"""``kagami backup FILE`` and ``kagami restore FILE`` (see kagami.backup)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kagami.cli_support import console, get_settings

if TYPE_CHECKING:
    from rich.progress import Progress

    from kagami.backup import Outcome

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
    from kagami.backup import backup

    _report(
        "Backup", "Backed up", file, quiet, lambda progress: backup(get_settings(), file, progress)
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
    from kagami.backup import restore

    def run(progress: Progress) -> Outcome:
        return restore(get_settings(), file, progress, force=force)

    _report("Restore", "Restored", file, quiet, run)


def _report(
    action: str, done: str, file: Path, quiet: bool, run: Callable[[Progress], Outcome]
) -> None:
    """Run a backup or restore under a progress display; a refusal or failure exits 1."""
    from kagami.backup import BackupError
    from kagami.backup_postgres import ToolMissing

    try:
        from kagami.progress import make_progress

        with make_progress(quiet=quiet) as progress:
            outcome = run(progress)
    except (BackupError, ToolMissing, RuntimeError) as exc:
        console.print(f"[red]{action} failed:[/] {exc}")
        raise typer.Exit(1) from exc
    console.print(
        f"[green]{done}[/] the {outcome.backend} database ({outcome.database_bytes} bytes) "
        f"and {outcome.secrets} secret files ({file})"
    )
