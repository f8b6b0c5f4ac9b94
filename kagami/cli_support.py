"""Lazy handles on settings and the console for the CLI modules.

`kagami --help` and commands that need no database must start fast (#16), and pydantic
and rich are slow to import: the command modules import these handles, which load the
real objects on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kagami.config import Settings


def get_settings() -> Settings:
    """Settings from the environment, imported on first use (pydantic is slow to import)."""
    from kagami.config import get_settings as load

    return load()


class _LazyConsole:
    """Stands for ``kagami.progress.console`` (stderr, Rich) and imports it on first use."""

    def __getattr__(self, name: str) -> Any:
        from kagami.progress import console as real

        return getattr(real, name)


console: Any = _LazyConsole()
