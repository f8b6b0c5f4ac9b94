"""`kagami fixtures load|dump|schema`: declarative test data for apps that test against Kagami."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from kagami.config import Settings
    from kagami.fixtures.report import LoadReport

fixtures_app = typer.Typer(
    help="Declarative test data: users, lists, social graph, clients, tokens.",
    no_args_is_help=True,
)
SCHEMA_FILE = Path(__file__).parent / "fixtures" / "fixtures.schema.json"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(1)


@fixtures_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="Fixture file: .json, or YAML (.yaml, .yml).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Create or update what FILE describes (loading it again changes nothing)."""
    from kagami.cli import _run_job
    from kagami.fixtures.files import FixtureError, read_fixtures
    from kagami.fixtures.load import load_fixtures

    try:
        fixtures = read_fixtures(file)
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror}") from None
    except FixtureError as exc:
        raise _fail(f"{file}: {exc}") from None

    async def job(session: AsyncSession, settings: Settings) -> LoadReport:
        return await load_fixtures(session, settings, fixtures)

    try:
        report = _run_job(job)
    except FixtureError as exc:  # nothing was written: the one transaction rolled back
        raise _fail(f"{file}: {exc}") from None
    if as_json:
        typer.echo(json.dumps(report.as_json()))
        return
    done = ", ".join(f"{what}: {n}" for what, n in sorted(report.counts.items()))
    typer.echo(f"Loaded {file.name}: {done or 'nothing new'}")
    for item in report.client_secrets:
        typer.echo(
            f"Client {item['name']!r} (id {item['id']}) secret, shown once: {item['secret']}"
        )
    for token in report.tokens:
        typer.echo(
            f"Token for {token['user']} via client {token['client']}: {token['access_token']}"
        )


@fixtures_app.command("dump")
def dump(
    user: Annotated[str, typer.Option(help="Name of the user to write out.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of YAML.")] = False,
) -> None:
    """Write a user (list, favourites, follows, activities, notifications) as a fixture file."""
    import yaml

    from kagami.cli import _run_job
    from kagami.fixtures.dump import dump_user

    async def job(session: AsyncSession, _settings: Settings) -> dict[str, Any]:
        return await dump_user(session, user)

    data = _run_job(job)
    if as_json or (output is not None and output.suffix == ".json"):
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@fixtures_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of fixture files (also in the package: fixtures.schema.json)."""
    typer.echo(SCHEMA_FILE.read_text(encoding="utf-8"), nl=False)
