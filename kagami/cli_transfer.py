"""`kagami import mal-xml|json` and `kagami export mal-xml|json`: a person's data in and out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kagami.cli_support import console, get_settings

if TYPE_CHECKING:
    from kagami.db import Database
    from kagami.transfer.mal_import import ImportReport

_T = TypeVar("_T")

export_app = typer.Typer(help="Export a user's list and data.", no_args_is_help=True)
UserOption = Annotated[str, typer.Option("--user", help="Name of the user.")]
LISTED = 50  # unknown/invalid entries printed; --report FILE gets them all


def _run(job: Callable[[Database], Awaitable[_T]]) -> _T:
    """Migrate, run ``job``; a :class:`TransferError` is one red line and exit code 1."""
    from rich.markup import escape

    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.transfer.errors import TransferError

    async def run() -> _T:
        database = Database(get_settings())
        try:
            await upgrade(database)
            return await job(database)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except TransferError as exc:
        console.print(f"[red]Error:[/] {escape(exc.message)}", highlight=False)
    except OSError as exc:
        console.print(f"[red]Error:[/] {escape(exc.strerror or str(exc))}", highlight=False)
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted[/]: finished batches are saved; re-run to continue.")
        raise typer.Exit(130) from None
    raise typer.Exit(1)


def _print_report(report: ImportReport, report_file: Path | None) -> None:
    """Counts, then the entries that were not imported (all of them into ``report_file``)."""
    from rich.markup import escape

    console.print(
        f"[green]Imported {report.total - report.unknown_count - report.invalid_count}"
        f" of {report.total} entries[/]: {report.created} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.kept} kept (not overwritten)"
        + (f"; resumed after entry {report.resumed_from}" if report.resumed_from else "")
    )
    lines = [
        f"unknown {u.media_type.value.lower()} id {u.mal_id} (entry {u.position}): {u.title}"
        for u in report.unknown
    ] + [f"invalid entry {p.position} (id {p.mal_id}): {p.message}" for p in report.invalid]
    if report.unknown_count:
        console.print(
            f"[yellow]{report.unknown_count} entries have a MAL id the catalogue does not know[/]"
        )
    if report.invalid_count:
        console.print(f"[yellow]{report.invalid_count} entries are invalid[/]")
    for line in lines[:LISTED]:
        console.print(f"  {escape(line)}", highlight=False)
    if len(lines) > LISTED and report_file is None:
        console.print(f"  ... {len(lines) - LISTED} more: add --report FILE to list them all")
    if report_file is not None:
        report_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        console.print(f"Entries not imported are listed in {escape(str(report_file))}")


def import_mal_xml_cmd(
    file: Annotated[Path, typer.Argument(help="MAL list export: animelist_*.xml(.gz).")],
    user: UserOption,
    overwrite: Annotated[
        bool,
        typer.Option(help="Update existing entries even where update_on_import is 0."),
    ] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Write every entry not imported here.")
    ] = None,
) -> None:
    """Import a MyAnimeList list export (re-runnable; an interrupted run resumes)."""
    from kagami.progress import make_progress
    from kagami.transfer.mal_import import import_mal_xml

    with make_progress() as progress:
        task = progress.add_task("Importing", total=None)

        def started(total: int, resumed_from: int) -> None:
            progress.update(task, total=total)

        async def job(database: Database) -> ImportReport:
            return await import_mal_xml(
                database,
                file,
                user,
                overwrite=overwrite,
                on_start=started,
                on_batch=lambda n: progress.advance(task, n),
            )

        report = _run(job)
    _print_report(report, report_file)


def import_json_cmd(
    file: Annotated[Path, typer.Argument(help="A Kagami JSON export.")],
    user: UserOption,
) -> None:
    """Import a Kagami JSON export into a user (re-runnable)."""
    from rich.markup import escape

    from kagami.transfer.json_import import import_json

    async def job(database: Database) -> Any:
        return await import_json(database, file, user)

    report = _run(job)
    console.print(f"[green]Imported[/] {escape(report.summary())}", highlight=False)
    for line in report.problems[:LISTED]:
        console.print(f"  [yellow]{escape(line)}[/]", highlight=False)
    if len(report.problems) > LISTED:
        console.print(f"  ... and {len(report.problems) - LISTED} more")


@export_app.command("mal-xml")
def export_mal_xml_cmd(
    file: Annotated[Path, typer.Argument(help="Where to write; a .gz name is gzipped.")],
    user: UserOption,
    media_type: Annotated[str, typer.Option("--type", help="anime | manga")] = "anime",
) -> None:
    """Write a user's anime or manga list in MyAnimeList's export format."""
    from kagami.catalogue.enums import MediaType
    from kagami.transfer.files import write_text_chunks
    from kagami.transfer.mal_import import user_named
    from kagami.transfer.mal_xml_write import mal_xml_chunks

    if media_type not in ("anime", "manga"):
        raise typer.BadParameter("choose anime or manga", param_hint="--type")
    kind = MediaType(media_type.upper())

    async def job(database: Database) -> int:
        async with database.session() as session:
            account = await user_named(session, user)
            chunks = mal_xml_chunks(session, account.id, account.name, kind)
            return await write_text_chunks(file, chunks)

    written = _run(job)
    console.print(f"[green]Wrote[/] {file} ({written:,} bytes)")


@export_app.command("json")
def export_json_cmd(
    file: Annotated[Path, typer.Argument(help="Where to write; a .gz name is gzipped.")],
    user: UserOption,
) -> None:
    """Write everything of a user's as lossless Kagami JSON (re-importable)."""
    from kagami.transfer.files import write_text_chunks
    from kagami.transfer.kagami_json import export_json_text
    from kagami.transfer.mal_import import user_named

    async def job(database: Database) -> int:
        async with database.session() as session:
            account = await user_named(session, user)
            text = await export_json_text(session, account.id)

        async def one() -> Any:
            yield text

        return await write_text_chunks(file, one())

    written = _run(job)
    console.print(f"[green]Wrote[/] {file} ({written:,} bytes)")
