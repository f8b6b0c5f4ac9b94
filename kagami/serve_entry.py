"""``python -m kagami.serve_entry``: `kagami serve` without the CLI's libraries, for harnesses.

Takes the same options as `kagami serve`; parsing them with argparse instead of typer keeps
typer, click and Rich out of a test server's start (#16: start time of the pytest fixture).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kagami.serve_entry", description="kagami serve, for test harnesses."
    )
    parser.add_argument("--host", help="Bind address (KAGAMI_HOST).")
    parser.add_argument("--port", type=int, help="Port (KAGAMI_PORT); 0 picks a free one.")
    parser.add_argument("--workers", type=int, help="Worker processes (KAGAMI_WORKERS).")
    parser.add_argument("--data-dir", type=Path, help="Data directory (KAGAMI_DATA_DIR).")
    parser.add_argument("--url-file", type=Path, help="Write the bound base URL to this file.")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse `kagami serve`'s options and serve."""
    from kagami.config import get_settings
    from kagami.serving import serve

    options = vars(_parser().parse_args(argv))
    url_file = options.pop("url_file")
    overrides = {name: value for name, value in options.items() if value is not None}
    settings = get_settings()
    if overrides:
        settings = settings.model_copy(update=overrides)
    serve(settings, url_file=url_file, overrides=overrides)


if __name__ == "__main__":
    main()
