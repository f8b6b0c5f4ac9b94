"""Field checks shared by the community services, worded as AniList's validation answers."""

from __future__ import annotations

from typing import Any

from kagami.errors import Invalid


class Problems:
    """Collects per-field messages; ``raise_if_any`` raises them as one ``Invalid``."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        """Record one problem with ``field`` (once, however many list items share it)."""
        messages = self.fields.setdefault(field, [])
        if message not in messages:
            messages.append(message)

    def required(self, field: str, value: Any) -> bool:
        """Record a missing ``value``; True when it is present."""
        if value is None:
            self.add(field, f"The {_words(field)} field is required.")
            return False
        return True

    def text(self, field: str, value: str | None, low: int | None, high: int | None) -> None:
        """Check a text's length in characters (after trimming); None is not checked."""
        if value is None:
            return
        n = len(value.strip())
        if low is not None and n < low:
            self.add(field, f"The {_words(field)} must be at least {low} characters.")
        elif high is not None and n > high:
            self.add(field, f"The {_words(field)} may not be greater than {high} characters.")

    def between(self, field: str, value: int | None, low: int, high: int) -> None:
        """Check that a number lies in [low, high]; None is not checked."""
        if value is not None and not low <= value <= high:
            self.add(field, f"The {_words(field)} must be between {low} and {high}.")

    def raise_if_any(self) -> None:
        """Raise ``Invalid`` with every recorded problem, if any."""
        if self.fields:
            raise Invalid(self.fields)


def _words(field: str) -> str:
    """``mediaId`` -> ``media id``: how the field is named in a message."""
    out = "".join(f" {c.lower()}" if c.isupper() else c for c in field)
    return out.replace("_", " ").strip()
