"""The `kagami` command: serve, database, import and seed jobs."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kagami import cli_backup, cli_sync, cli_transfer
from kagami.cli_code import code_app
from kagami.cli_fixtures import fixtures_app
from kagami.cli_snapshot import snapshot_app
from kagami.cli_support import console, get_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from kagami.config import Settings

_T = TypeVar("_T")

app = typer.Typer(
    help="Kagami: a self-hostable AniList/MyAnimeList-compatible tracker.", no_args_is_help=True
)
db_app = typer.Typer(help="Database schema management.", no_args_is_help=True)
import_app = typer.Typer(help="Load catalogue data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
client_app = typer.Typer(help="OAuth clients (developer apps).", no_args_is_help=True)
token_app = typer.Typer(help="Access tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(client_app, name="client")
app.add_typer(token_app, name="token")
keys_app = typer.Typer(help="JWT signing keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
jobs_app = typer.Typer(help="Periodic jobs (the server runs them too).", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
app.add_typer(cli_transfer.export_app, name="export")  # issue #15: a person's data out
import_app.command("mal-xml")(cli_transfer.import_mal_xml_cmd)
import_app.command("json")(cli_transfer.import_json_cmd)
app.add_typer(fixtures_app, name="fixtures")
app.add_typer(snapshot_app, name="snapshot")
app.add_typer(code_app, name="code")
app.add_typer(cli_backup.app)  # `kagami backup` / `kagami restore` (#14)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


def _settings(**overrides: object) -> Settings:
    base = get_settings()
    clean = {k: v for k, v in overrides.items() if v is not None}
    return base.model_copy(update=clean) if clean else base


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (KAGAMI_HOST).")] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (KAGAMI_PORT); 0 picks a free one and prints it.")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (KAGAMI_WORKERS).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data directory (KAGAMI_DATA_DIR).")] = None,
    url_file: Annotated[
        Path | None,
        typer.Option(help="Write the bound base URL to this file once the port is open."),
    ] = None,
) -> None:
    """Migrate, load the bundled catalogue on first start, then serve HTTP."""
    import uvicorn

    from kagami.bootstrap import prepare
    from kagami.serving import bind, write_url_file

    settings = _settings(host=host, port=port, workers=workers, data_dir=data_dir)
    started = time.perf_counter()
    result = asyncio.run(prepare(settings))
    elapsed = time.perf_counter() - started
    imported = ", catalogue imported" if result.imported else ""
    console.print(
        f"[green]Database ready[/] ({result.media_count} media{imported}) in {elapsed:.1f}s"
    )
    sock, settings = bind(settings)  # port 0 becomes the real port before any URL is made
    typer.echo(settings.base_url)  # stdout holds the URL alone, for harnesses
    if url_file is not None:
        write_url_file(url_file, settings.base_url)
    console.print(f"Serving on [bold]{settings.base_url}[/]")
    from kagami.logs import uvicorn_log_config

    options: dict[str, Any] = {
        "workers": settings.workers,
        "log_level": settings.log_level,
        "log_config": uvicorn_log_config(),  # redacts ?access_token= and friends (BT-7)
        "env_file": None,
    }
    if settings.workers > 1:
        # Worker processes build their own app from the environment: hand the overrides down.
        # uvicorn's supervisor binds its own socket, so ours is released just before.
        sock.close()
        _export_overrides(host=host, port=settings.port, workers=workers, data_dir=data_dir)
        uvicorn.run(
            "kagami.app:create_app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            # A worker starved of CPU answers the health ping late; killing it drops its requests.
            timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
            **options,
        )
        return
    from kagami.app import create_app

    config = uvicorn.Config(create_app(settings), **options)
    uvicorn.Server(config).run(sockets=[sock])


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


@import_app.command("aod")
def import_aod_cmd(
    file: Annotated[
        Path, typer.Argument(help="anime-offline-database .json, .jsonl or .zst file.")
    ],
    dead_entries: Annotated[
        Path | None,
        typer.Option(help="A dead-entries file (anilist.json, myanimelist.json): report only."),
    ] = None,
) -> None:
    """Upsert anime-offline-database entries that have an AniList id (re-runnable)."""
    from rich.markup import escape

    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.importers.aod_dead import DeadEntriesReport, report_dead_entries
    from kagami.importers.aod_loader import AodImportResult, import_aod
    from kagami.importers.aod_reader import AodFileError

    async def run() -> tuple[AodImportResult, DeadEntriesReport | None]:
        database = Database(get_settings())
        try:
            await upgrade(database)
            result = await import_aod(database, file)
            dead = await report_dead_entries(database, dead_entries) if dead_entries else None
            return result, dead
        finally:
            await database.dispose()

    try:
        result, dead = asyncio.run(run())
    except AodFileError as exc:
        console.print(f"[red]Error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("[yellow]Interrupted[/]: finished batches are saved; re-run to continue.")
        raise typer.Exit(130) from None
    console.print(
        f"[green]Imported {result.imported} media[/] from {escape(file.name)}; skipped "
        f"{result.without_anilist_id} without an AniList id, {result.invalid} invalid"
        + (f", {result.duplicates} repeated" if result.duplicates else "")
    )
    if dead is not None:
        console.print(_dead_entries_line(dead))


def _dead_entries_line(report: Any) -> str:
    """One summary line for a dead-entries report."""
    if report.in_catalogue is None:
        return f"{report.listed} dead {report.provider} ids listed (not ids Kagami keys by)"
    return (
        f"{report.in_catalogue} of {report.listed} dead {report.provider} ids are in the "
        "catalogue (kept: users may track them)"
    )


@app.command()
def seed(
    tier: Annotated[str, typer.Option(help="tiny | small | medium | large")] = "tiny",
    seed_value: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same data).")
    ] = 1,
    enrich_real: Annotated[
        bool,
        typer.Option(
            "--enrich-real",
            help="Also make up what real catalogue media lack (genres, tags, cast, studios, "
            "airing) and put them on synthetic users' lists (scores, popularity).",
        ),
    ] = False,
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
            return await seed_database(
                database, tier=tier, seed=seed_value, enrich_real=enrich_real
            )
        finally:
            await database.dispose()

    started = time.perf_counter()
    counts = asyncio.run(run())
    if not counts:  # already seeded: seed_database explained why and wrote nothing
        raise typer.Exit(0)
    for table, count in counts.items():
        console.print(f"  {table:<28} {count:>10,}")
    console.print(f"[green]Seeded tier {tier}[/] in {time.perf_counter() - started:.1f}s")
    from kagami.importers.synthetic.catalogue import SYNTHETIC_MEDIA_ID_FLOOR

    floor = f"{SYNTHETIC_MEDIA_ID_FLOOR:,}"
    console.print(
        f"Synthetic media have ids from {floor} up (and a row in synthetic_media). "
        + (
            "--enrich-real: real catalogue media were given made-up genres, tags, cast, "
            "studios and airing where they had none, and synthetic users' list entries, "
            "scores and popularity."
            if enrich_real
            else "Real catalogue media were left as imported (--enrich-real fills them in)."
        ),
        highlight=False,
    )


def _run_job(job: Callable[[AsyncSession, Settings], Awaitable[_T]]) -> _T:
    """Migrate, run ``job`` in one transaction, and turn domain errors into exit code 1."""
    from rich.markup import escape

    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.errors import DomainError, Invalid
    from kagami.oauth.clients import ensure_builtin_client

    settings = get_settings()

    async def run() -> _T:
        database = Database(settings)
        try:
            await upgrade(database)
            async with database.session() as session:
                await ensure_builtin_client(session)
            async with database.session() as session:
                return await job(session, settings)
        finally:
            await database.dispose()

    try:
        return asyncio.run(run())
    except Invalid as exc:
        details = "; ".join(f"{f}: {' '.join(m)}" for f, m in exc.fields.items())
        console.print(f"[red]Error:[/] {escape(details or exc.message)}", highlight=False)
    except DomainError as exc:
        console.print(f"[red]Error:[/] {escape(exc.message)}", highlight=False)
    raise typer.Exit(1)


def _emit(data: dict[str, Any], as_json: bool, human: str) -> None:
    """Print exactly one JSON object on stdout, or one friendly line."""
    typer.echo(json.dumps(data) if as_json else human)


@user_app.command("create")
def user_create(
    name: Annotated[str, typer.Option(help="User name (2-20 letters, digits, _ or -).")],
    email: Annotated[str, typer.Option(help="Email address.")],
    password: Annotated[
        str | None,
        typer.Option(
            help="Password (8-1024 characters); left out, it is asked for twice, unechoed."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create a user account."""
    if password is None:  # prompts on stderr: with --json, stdout holds only the JSON object
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    from kagami.accounts.passwords import Passwords
    from kagami.accounts.service import register_user

    async def job(session: AsyncSession, settings: Settings) -> tuple[int, str]:
        passwords = Passwords(settings.password_hash_profile, settings.password_hash_concurrency)
        user = await register_user(session, passwords, name=name, email=email, password=password)
        return user.id, user.name

    user_id, user_name = _run_job(job)
    _emit({"id": user_id, "name": user_name}, as_json, f"Created user {user_name} (id {user_id})")


async def _user_named(session: AsyncSession, name: str) -> Any:
    from kagami.accounts.service import find_user_by_name
    from kagami.errors import NotFound

    user = await find_user_by_name(session, name)
    if user is None or not user.is_active:
        raise NotFound(f"No user named {name!r}.")
    return user


@client_app.command("create")
def client_create(
    name: Annotated[str, typer.Option(help="The app's name, shown on the consent page.")],
    owner: Annotated[str, typer.Option(help="Name of the user who owns the client.")],
    redirect_uri: Annotated[
        list[str], typer.Option(help="Registered redirect URI (repeatable; exact match).")
    ],
    grant: Annotated[
        list[str] | None,
        typer.Option(
            help="Compat grant to allow (repeatable): implicit, pin, "
            "client_credentials, pkce_plain, password. Default: all but password."
        ),
    ] = None,
    client_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="MAL's app type: web (confidential: has a secret, sent on every token "
            "request) or android, ios, other (public: no secret, PKCE on MyAnimeList, "
            "implicit grant on AniList).",
        ),
    ] = "web",
    as_json: JsonFlag = False,
) -> None:
    """Register an OAuth client; a web client's secret is printed once and stored only hashed."""
    from kagami.oauth.clients import COMPAT_GRANTS, create_client
    from kagami.oauth.enums import ClientType

    types = [t.value for t in ClientType]
    if client_type not in types:
        raise typer.BadParameter(
            f"unknown type {client_type!r}; choose from {', '.join(types)}", param_hint="--type"
        )
    allowed = {g.value for g in COMPAT_GRANTS}
    unknown = [g for g in grant or [] if g not in allowed]
    if unknown:
        raise typer.BadParameter(
            f"unknown grant {unknown[0]!r}; choose from {', '.join(sorted(allowed))}",
            param_hint="--grant",
        )

    async def job(session: AsyncSession, settings: Settings) -> tuple[int, str, str | None]:
        user = await _user_named(session, owner)
        created = await create_client(
            session,
            owner_id=user.id,
            name=name,
            redirect_uris=redirect_uri,
            grants=grant or None,
            allow_insecure=settings.allow_insecure_redirects,
            client_type=client_type,
        )
        return created.client.id, created.client.mal_client_id, created.secret

    client_id, mal_id, secret = _run_job(job)
    text = f"Created {client_type} client {client_id} (MAL id {mal_id}); " + (
        f"secret, shown once: {secret}" if secret else "public: no secret, use PKCE"
    )
    _emit(
        {"anilist_client_id": client_id, "mal_client_id": mal_id, "client_secret": secret},
        as_json,
        text,
    )


@token_app.command("issue")
def token_issue(
    user: Annotated[str, typer.Option(help="Name of the user the token acts as.")],
    client: Annotated[str, typer.Option(help="Client id (AniList integer or MAL hex).")],
    dialect: Annotated[
        str,
        typer.Option(
            help="Token family and its default lifetime: anilist (1 year), anilist_v1 (1 hour) "
            "or mal (31 days); KAGAMI_*_TOKEN_LIFETIME change them."
        ),
    ] = "anilist",
    as_json: JsonFlag = False,
) -> None:
    """Mint an access token for a user through a client, without the browser flow.

    Run it with the server's data dir (KAGAMI_DATA_DIR or KAGAMI_DATABASE_URL): the token is
    signed with that server's key and names a local issuer, so the server accepts it whatever
    host, port or KAGAMI_PUBLIC_BASE_URL it serves on.
    """
    from kagami.errors import NotFound
    from kagami.oauth.clients import find_client
    from kagami.oauth.enums import GrantType, TokenDialect
    from kagami.oauth.keys import load_signing_key
    from kagami.oauth.tokens import LOCAL_ISSUER, TokenIssuer

    try:
        family = TokenDialect(dialect)
    except ValueError:
        choices = ", ".join(d.value for d in TokenDialect)
        raise typer.BadParameter(f"choose from {choices}", param_hint="--dialect") from None

    async def job(session: AsyncSession, settings: Settings) -> tuple[str, int]:
        account = await _user_named(session, user)
        found = await find_client(session, client)
        if found is None:
            raise NotFound(f"No client with id {client!r}.")
        issuer = TokenIssuer(settings, load_signing_key(settings), issuer=LOCAL_ISSUER)
        issued = await issuer.issue(
            session,
            client_id=found.id,
            user_id=account.id,
            dialect=family,
            grant=GrantType.AUTHORIZATION_CODE,
        )
        return issued.access_token, issued.expires_in

    token, expires_in = _run_job(job)
    _emit(
        {"access_token": token, "token_type": "Bearer", "expires_in": expires_in},
        as_json,
        f"Access token (expires in {expires_in} s): {token}",
    )


@token_app.command("purge")
def token_purge(as_json: JsonFlag = False) -> None:
    """Delete expired codes and tokens (safe to run from cron at any time)."""
    from kagami.oauth.tokens import purge_expired

    async def job(session: AsyncSession, _settings: Settings) -> int:
        return await purge_expired(session)

    deleted = _run_job(job)
    _emit({"deleted": deleted}, as_json, f"Purged {deleted} expired codes and tokens")


@jobs_app.command("run")
def jobs_run(as_json: JsonFlag = False) -> None:
    """Run every periodic job once (airing and related-media notifications since the last run)."""
    from kagami.db import Database
    from kagami.db.migrate import upgrade
    from kagami.jobs import run_jobs

    async def run() -> dict[str, int]:
        database = Database(get_settings())
        try:
            await upgrade(database)
            return await run_jobs(database)
        finally:
            await database.dispose()

    done = asyncio.run(run())
    human = ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in done.items())
    _emit(done, as_json, human)


@keys_app.command("rotate")
def keys_rotate(
    retire_after: Annotated[
        int | None,
        typer.Option(
            "--retire-after",
            min=0,
            help="Seconds the old key keeps verifying (default: the longest token lifetime).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Make a new signing key current; the old one verifies until its retirement.

    Restart the server afterwards: the keyring is loaded once at start.
    """
    from kagami.oauth.keys import rotate_signing_key

    settings = get_settings()
    if retire_after is None:
        retire_after = max(
            settings.anilist_token_lifetime,
            settings.anilist_v1_token_lifetime,
            settings.mal_token_lifetime,
        )
    done = rotate_signing_key(settings, retire_after)
    _emit(
        {
            "kid": done.new_kid,
            "previous_kid": done.old_kid,
            "previous_retired_at": done.old_retired_at,
        },
        as_json,
        f"New signing key {done.new_kid}; previous key {done.old_kid} retires at "
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime(done.old_retired_at))}"
        " (restart the server to use it)",
    )


# Issue #15 items 3 and 4: two-way sync, the catalogue mirror and admin media edits.
app.command("sync")(cli_sync.sync)
app.add_typer(cli_sync.media_app, name="media")
import_app.command("catalogue")(cli_sync.import_catalogue)


def main() -> None:  # pragma: no cover - console entry point alias
    """Entry point for ``python -m kagami``."""
    app()
