"""``kagami sync``, ``kagami import catalogue`` and ``kagami media set`` (issue #15 items 3, 4).

Heavy imports stay inside the commands: the CLI starts fast whatever is installed.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kagami.cli_support import console, get_settings

if TYPE_CHECKING:
    from kagami.sync.engine import SyncReport

media_app = typer.Typer(help="Catalogue edits by the server's admin.", no_args_is_help=True)
Dialect = Annotated[str, typer.Option(help="What the remote speaks: anilist or mal.")]
Remote = Annotated[
    str, typer.Option(help="Base URL of the remote, e.g. https://graphql.anilist.co")
]


def _fail(message: str) -> typer.Exit:
    from rich.markup import escape

    console.print(f"[red]Error:[/] {escape(message)}", highlight=False)
    return typer.Exit(1)


def _report_lines(report: SyncReport) -> list[str]:
    """The plan (or what was done) as one line per step, then a summary."""
    lines = [
        f"{'would ' if report.dry_run else ''}{step.action.value:<13} media {step.media_id}"
        + (" (conflict)" if step.conflict else "")
        for step in report.steps
        if step.action.value not in ("record", "forget")
    ]
    lines += [f"not in the local catalogue: {kind} {key}" for kind, key in report.unknown[:50]]
    lines += [f"failed: media {media_id}: {why}" for media_id, why in report.failed]
    if report.dry_run:
        lines.append(f"Dry run: {sum(s.writes for s in report.steps)} list writes planned")
    else:
        done = ", ".join(f"{n} {a}" for a, n in sorted(report.done.items())) or "no changes"
        lines.append(f"Synced: {done}")
    return lines


def _as_json(report: SyncReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "plan": [
            {"action": s.action.value, "media_id": s.media_id, "conflict": s.conflict}
            for s in report.steps
        ],
        "done": dict(report.done),
        "writes": report.writes,
        "unknown": [{"type": k, "id": i} for k, i in report.unknown],
        "failed": [{"media_id": m, "reason": r} for m, r in report.failed],
        "remote_requests": report.remote_requests,
    }


def sync(
    user: Annotated[str, typer.Option(help="The local user whose list is synced.")],
    remote: Remote,
    token: Annotated[
        str, typer.Option(envvar="KAGAMI_SYNC_TOKEN", help="The remote's access token.")
    ],
    dialect: Dialect = "anilist",
    dry_run: Annotated[bool, typer.Option(help="Print the plan; write nothing.")] = False,
    policy: Annotated[
        str | None,
        typer.Option(help="latest, local or remote (default: KAGAMI_SYNC_CONFLICT_POLICY)."),
    ] = None,
    every: Annotated[
        str | None, typer.Option(help="Run again every interval (30s, 15m, 2h) until Ctrl-C.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per run.")] = False,
) -> None:
    """Two-way sync of a user's list with an AniList- or MAL-speaking server."""
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.sync.engine import SyncError, run_sync
    from kagami.sync.plan import POLICIES
    from kagami.sync.remote_http import RemoteError
    from kagami.sync.remotes import open_remote
    from kagami.sync.schedule import parse_interval

    settings = get_settings()
    chosen = policy or settings.sync_conflict_policy
    if chosen not in POLICIES:
        raise typer.BadParameter(f"choose from {', '.join(POLICIES)}", param_hint="--policy")
    try:
        interval = parse_interval(every) if every else 0
        open_remote(remote, dialect, token)  # checks the URL and dialect before any work
    except ValueError as exc:
        raise _fail(str(exc)) from None

    async def once(database: Database) -> SyncReport:
        client = open_remote(remote, dialect, token, timeout=settings.sync_timeout_seconds)
        async with client.client:
            return await run_sync(
                database, user_name=user, remote=client, policy=chosen, dry_run=dry_run
            )

    async def run() -> None:
        database = Database(settings)
        try:
            await upgrade(database)
            while True:
                try:
                    report = await once(database)
                except RemoteError as exc:
                    if not interval:
                        raise
                    console.print(f"Sync failed, trying again later: {exc}", markup=False)
                else:
                    if as_json:
                        typer.echo(json.dumps(_as_json(report)))
                    else:
                        for line in _report_lines(report):
                            console.print(line, highlight=False, markup=False)
                if not interval:
                    return
                await asyncio.sleep(interval)
        finally:
            await database.dispose()

    try:
        asyncio.run(run())
    except (RemoteError, SyncError) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


@media_app.command("set")
def media_set(
    media_id: Annotated[int, typer.Argument(help="The media's id (its AniList id).")],
    field: Annotated[str, typer.Argument(help="Column to set, e.g. title_english, episodes.")],
    value: Annotated[str, typer.Argument(help="The new value ('' clears it).")],
) -> None:
    """Set one catalogue field by hand; mirrors and imports never overwrite it afterwards."""
    from kagami.catalogue.admin_edits import EDITABLE, set_media_field
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.errors import DomainError, Invalid

    if field not in EDITABLE:
        raise typer.BadParameter(f"choose from {', '.join(sorted(EDITABLE))}", param_hint="FIELD")

    async def run() -> None:
        database = Database(get_settings())
        try:
            await upgrade(database)
            async with database.session() as session:
                await set_media_field(session, media_id, field, value)
        finally:
            await database.dispose()

    try:
        asyncio.run(run())
    except Invalid as exc:
        raise _fail("; ".join(m for ms in exc.fields.values() for m in ms)) from None
    except DomainError as exc:
        raise _fail(exc.message) from None
    console.print(f"Set media {media_id} {field} (locked against mirrors)", highlight=False)


def import_catalogue(
    remote: Remote,
    dialect: Dialect = "anilist",
    ids: Annotated[
        str | None, typer.Option(help="Media ids A-B (anilist: new ones are created).")
    ] = None,
    listed: Annotated[bool, typer.Option(help="Only media on users' lists.")] = False,
    all_local: Annotated[
        bool, typer.Option(help="Every media in the catalogue (default).")
    ] = False,
    token: Annotated[
        str, typer.Option(envvar="KAGAMI_SYNC_TOKEN", help="Access token, if the remote wants one.")
    ] = "",
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Fill titles, descriptions, counts, people, relations and schedules from another server.

    Fields set with `kagami media set` are never overwritten. Interrupted, it resumes.
    """
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.sync.mirror import Scope, mirror_catalogue, parse_range
    from kagami.sync.remote_http import RemoteError
    from kagami.sync.remotes import open_remote

    if sum((ids is not None, listed, all_local)) > 1:
        raise typer.BadParameter("give one of --ids, --listed, --all-local")
    settings = get_settings()
    try:
        scope = Scope("listed") if listed else Scope()
        if ids is not None:
            scope = Scope("ids", *parse_range(ids))
        client = open_remote(remote, dialect, token, timeout=settings.sync_timeout_seconds).client
    except ValueError as exc:
        raise _fail(str(exc)) from None

    async def run() -> Any:
        database = Database(settings)
        try:
            await upgrade(database)
            async with client:
                return await mirror_catalogue(
                    database, client, dialect=dialect, scope=scope, quiet=quiet
                )
        finally:
            await database.dispose()

    try:
        result = asyncio.run(run())
    except RemoteError as exc:
        raise _fail(f"{exc} (finished batches are saved; re-run to continue)") from None
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted[/]: finished batches are saved; re-run to continue.")
        raise typer.Exit(130) from None
    resumed = f" (resumed after id {result.resumed_after})" if result.resumed_after else ""
    console.print(
        f"[green]Mirrored {result.written} media[/] of {result.visited} visited{resumed}",
        highlight=False,
    )
