"""Catalogue files shipped inside the package (see ``NOTICE`` in this folder for credits).

- ``bangumi-data.json.xz``: bangumi-data ``dist/data.json`` (CC BY 4.0), commit c438429.
- ``arm.json.xz``: kawaiioverflow/arm ``arm.json`` (MIT), commit eea2523.
"""

from __future__ import annotations

from pathlib import Path

BANGUMI_DATA = "bangumi-data.json.xz"
ARM = "arm.json.xz"


def bundled_path(name: str) -> Path:
    """Return the filesystem path of a bundled data file (e.g. ``bundled_path(ARM)``)."""
    path = Path(__file__).parent / name
    if not path.is_file():
        raise FileNotFoundError(f"no bundled data file named {name!r}")
    return path


__all__ = ["ARM", "BANGUMI_DATA", "bundled_path"]
