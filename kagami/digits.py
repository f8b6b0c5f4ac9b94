"""Integers from the wire: ASCII digits only.

``str.isdigit`` is also true for ``²``, ``①`` and ``٣``: ``int()`` then refuses the first two
(an unhandled error, a 500) and reads the third as 3 (the wrong object). Every path, query
and form id is checked with :func:`ascii_digits` before it reaches ``int()``.
"""

from __future__ import annotations


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is one or more of the ASCII digits 0-9, and nothing else."""
    return text.isascii() and text.isdigit()
