"""`kagami serve --port 0 --url-file`: the port is known before serving; the CLI imports little."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from kagami.config import Settings
from kagami.serving import bind, write_url_file


def test_port_0_binds_a_free_port_and_the_base_url_names_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, port=0, _env_file=None)  # type: ignore[call-arg]
    sock, bound = bind(settings)
    try:
        port = sock.getsockname()[1]
        assert port != 0 and bound.port == port
        assert bound.base_url == f"http://127.0.0.1:{port}"
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # already listening: a harness may connect as soon as the URL is written
    finally:
        sock.close()


def test_url_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "run" / "url"
    write_url_file(target, "http://127.0.0.1:1234")
    write_url_file(target, "http://127.0.0.1:5678")
    assert target.read_text() == "http://127.0.0.1:5678\n"
    assert [p.name for p in target.parent.iterdir()] == ["url"]  # no partial file left


def _loaded_after(imports: str, names: tuple[str, ...]) -> str:
    """Which of the modules ``names`` a fresh interpreter holds after ``imports``."""
    probe = f"import sys, {imports}; print(sorted(m for m in {names!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    return loaded.stdout.strip()


def test_the_cli_module_imports_no_database_settings_or_console_library() -> None:
    assert (
        _loaded_after("kagami.cli", ("sqlalchemy", "pydantic_settings", "rich", "fastapi")) == "[]"
    )


def test_the_harness_entry_point_serves_without_typer() -> None:
    # Rich is loaded all the same: structlog (the server's logging) imports structlog.dev,
    # which imports Rich whenever it is installed.
    server = (
        "uvicorn, kagami.serve_entry, kagami.serving, kagami.bootstrap, kagami.app, "
        "kagami.logs, kagami.oauth.setup, kagami.catalogue.service"
    )
    assert _loaded_after(server, ("typer",)) == "[]"
