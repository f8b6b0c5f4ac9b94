"""The one error an import or export raises for the person running it (CLI line, page text)."""

from __future__ import annotations


class TransferError(Exception):
    """A file, user or option an import/export cannot use; the message says what to fix."""

    @property
    def message(self) -> str:
        """The text shown to the person."""
        return str(self)
