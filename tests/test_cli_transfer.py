"""`kagami import mal-xml|json` and `kagami export mal-xml|json` from the shell."""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kagami.cli import app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from tests.factories import make_user
from tests.transfer.conftest import make_catalogue
from tests.transfer.mal_files import anime, document, write
from tests.transfer.test_bad_input import BILLION_LAUGHS


@pytest.fixture(scope="session")
def _cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database with the test catalogue and users alice and bob, built once."""
    folder = tmp_path_factory.mktemp("cli-transfer")

    async def setup() -> None:
        settings = Settings(data_dir=folder, import_bundled_on_start=False, _env_file=None)
        database = Database(settings)
        try:
            await upgrade(database)
            await make_catalogue(database)
            async with database.session() as session:
                await make_user(session, name="alice")
                await make_user(session, name="bob")
        finally:
            await database.dispose()

    asyncio.run(setup())
    return folder / "kagami.sqlite3"


@pytest.fixture
def cli(_cli_template: Path, tmp_path: Path) -> CliRunner:
    """A runner on its own copy of the template database."""
    shutil.copyfile(_cli_template, tmp_path / "kagami.sqlite3")
    return CliRunner(env={"KAGAMI_DATA_DIR": str(tmp_path)})


def test_import_mal_xml_lists_the_ids_it_could_not_map(cli: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path / "animelist.xml.gz",
        document(anime(1, my_status="Completed"), anime(424242)),
        gzipped=True,
    )
    report = tmp_path / "not-imported.txt"

    result = cli.invoke(
        app, ["import", "mal-xml", str(path), "--user", "alice", "--report", str(report)]
    )

    assert result.exit_code == 0, result.output
    assert "Imported 1 of 2 entries" in result.output
    assert "1 added" in result.output
    assert "unknown anime id 424242 (entry 2): Anime 424242" in result.output
    assert report.read_text().splitlines() == ["unknown anime id 424242 (entry 2): Anime 424242"]


@pytest.mark.parametrize(
    ("content", "user", "message"),
    [
        (BILLION_LAUGHS, "alice", "DTD or entities"),
        (document(anime(1))[:-30], "alice", "truncated or not XML"),
        (document(anime(1)), "mallory", "No user named 'mallory'"),
    ],
)
def test_import_mal_xml_refuses_bad_input_with_exit_code_1(
    cli: CliRunner, tmp_path: Path, content: str, user: str, message: str
) -> None:
    path = write(tmp_path / "list.xml", content)
    result = cli.invoke(app, ["import", "mal-xml", str(path), "--user", user])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_is_a_clear_error(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["import", "mal-xml", str(tmp_path / "nope.xml"), "--user", "alice"])
    assert result.exit_code == 1
    assert "No such file" in result.output


def test_export_then_import_through_the_cli(cli: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path / "in.xml", document(anime(1, my_score="7"), anime(6)))
    assert cli.invoke(app, ["import", "mal-xml", str(source), "--user", "alice"]).exit_code == 0

    xml_out, json_out = tmp_path / "alice.xml.gz", tmp_path / "alice.json"
    exported = cli.invoke(app, ["export", "mal-xml", str(xml_out), "--user", "alice"])
    assert exported.exit_code == 0, exported.output
    text = gzip.decompress(xml_out.read_bytes()).decode()
    assert text.count("<anime>") == 2 and "<my_score>7</my_score>" in text
    manga = cli.invoke(
        app, ["export", "mal-xml", str(tmp_path / "m.xml"), "--user", "alice", "--type", "manga"]
    )
    assert (
        manga.exit_code == 0
        and "<user_export_type>2</user_export_type>" in (tmp_path / "m.xml").read_text()
    )
    assert cli.invoke(app, ["export", "json", str(json_out), "--user", "alice"]).exit_code == 0
    assert len(json.loads(json_out.read_text())["entries"]) == 2

    imported = cli.invoke(app, ["import", "json", str(json_out), "--user", "bob"])

    assert imported.exit_code == 0, imported.output
    assert "entries: 2 created" in imported.output
    again = tmp_path / "bob.json"
    assert cli.invoke(app, ["export", "json", str(again), "--user", "bob"]).exit_code == 0
    assert again.read_bytes() == json_out.read_bytes()


def test_export_refuses_an_unknown_type_and_user(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    bad_type = cli.invoke(app, ["export", "mal-xml", str(out), "--user", "alice", "--type", "tv"])
    assert bad_type.exit_code == 2 and "anime or manga" in bad_type.output
    bad_user = cli.invoke(app, ["export", "json", str(out), "--user", "nobody"])
    assert bad_user.exit_code == 1 and "No user named 'nobody'" in bad_user.output
    assert not out.exists()
