"""MAL's ``fields=`` parameter: comma-separated names with nested ``name{a,b{c}}`` selections.

Parsing is one linear pass over bounded input; anything malformed is a 400 in MAL's shape.
Names the server does not know are kept in the result and simply never looked up, which is
how MAL ignores unknown fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from kagami.dialects.mal.errors import MalError

MAX_LENGTH: Final = 2000  # characters of the raw parameter
MAX_DEPTH: Final = 4  # related_anime{node{id}} is depth 2; MAL's deepest documented use is 3
MAX_NAMES: Final = 300  # names over all levels
MAX_NAME_LENGTH: Final = 64
_NAME_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+")


class Fields(Mapping[str, "Fields"]):
    """A selection: each requested name and its own (possibly empty) sub-selection."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, Fields] | None = None) -> None:
        self._items: dict[str, Fields] = items if items is not None else {}

    def __getitem__(self, key: str) -> Fields:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items  # Mapping's own goes through __getitem__ and a try

    def __repr__(self) -> str:
        return f"Fields({self._items!r})"

    def sub(self, name: str) -> Fields:
        """The sub-selection of ``name`` (empty when not given or not requested)."""
        return self._items.get(name) or EMPTY

    def with_names(self, *names: str) -> Fields:
        """This selection plus ``names`` (kept with their sub-selections when present)."""
        items = dict(self._items)
        for name in names:
            items.setdefault(name, EMPTY)
        return Fields(items)


EMPTY: Final = Fields()


def _bad(message: str = "invalid fields") -> MalError:
    return MalError(400, "invalid_parameters", message)


def _add(level: dict[str, Fields], name: str, count: int) -> tuple[Fields, int]:
    """Add ``name`` to ``level`` (a repeated name merges into the first), counting names."""
    name = name.strip()
    if not name:
        raise _bad()
    if len(name) > MAX_NAME_LENGTH or not _NAME_CHARS.issuperset(name):
        raise _bad()
    count += 1
    if count > MAX_NAMES:
        raise _bad("too many fields")
    existing = level.get(name)
    if existing is None:
        existing = level[name] = Fields()
    return existing, count


def parse_fields(raw: str | None) -> Fields:
    """Parse ``fields=``; MalError 400 for malformed, too long or too deeply nested input."""
    if raw is None:
        return EMPTY
    if len(raw) > MAX_LENGTH:
        raise _bad("fields too long")
    root: dict[str, Fields] = {}
    stack: list[dict[str, Fields]] = [root]
    name: list[str] = []
    last: Fields | None = None  # the name a following "{" opens
    count = 0
    for char in raw:
        if char == ",":
            if name:
                last, count = _add(stack[-1], "".join(name), count)
            name, last = [], None
        elif char == "{":
            if name:
                last, count = _add(stack[-1], "".join(name), count)
                name = []
            if last is None or len(stack) > MAX_DEPTH:
                raise _bad("fields nested too deeply" if last is not None else "invalid fields")
            stack.append(last._items)
            last = None
        elif char == "}":
            if name:
                _, count = _add(stack[-1], "".join(name), count)
                name = []
            if len(stack) == 1:
                raise _bad()
            stack.pop()
            last = None
        elif char in " \t":
            continue
        else:
            name.append(char)
    if len(stack) != 1:
        raise _bad()
    if name:
        _add(root, "".join(name), count)
    return Fields(root)
