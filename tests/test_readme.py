"""README tells the truth: its tables match the real settings, commands and catalogue size."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from kagami.cli import app
from kagami.config import Settings
from kagami.importers.bundled import load_bundled

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _command_paths(command: Any, prefix: str) -> set[str]:
    """``kagami user create`` and the like: every leaf command under ``command``."""
    subcommands = getattr(command, "commands", None)  # a group
    if subcommands is None:
        return {prefix}
    return {
        path
        for name, sub in subcommands.items()
        for path in _command_paths(sub, f"{prefix} {name}")
    }


def test_readme_configuration_table_lists_exactly_the_settings() -> None:
    documented = set(re.findall(r"^\| `(KAGAMI_[A-Z0-9_]+)` \|", README, flags=re.MULTILINE))
    assert documented == {f"KAGAMI_{name.upper()}" for name in Settings.model_fields}


def test_readme_commands_table_lists_every_command() -> None:
    documented = set(re.findall(r"^\| `(kagami [-a-z ]+?)(?: [-A-Z\[]|`)", README, flags=re.M))
    assert documented == _command_paths(typer.main.get_command(app), "kagami")


def test_readme_gives_the_bundled_catalogue_size_exactly() -> None:
    assert f"catalogue of {len(load_bundled()):,} anime" in README
