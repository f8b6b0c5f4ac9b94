"""Only ASCII digits are digits: ``²`` and ``٣`` pass ``str.isdigit`` but are no ids."""

from __future__ import annotations

import pytest

from kagami.digits import ascii_digits


@pytest.mark.parametrize(
    ("text", "digits"),
    [("123", True), ("²", False), ("٣", False), ("①", False), ("", False), ("1²", False)],
)
def test_only_ascii_digits_are_digits(text: str, digits: bool) -> None:
    assert ascii_digits(text) is digits
