"""Required ids and text lengths, with AniList's (Laravel's) validation wording.

Fields are named in snake_case; each dialect renames them to its own argument names.
"""

from __future__ import annotations

from kagami.errors import Invalid

TEXT_ACTIVITY = (5, 10000)
MESSAGE = (2, 10000)
REPLY = (2, 8000)


def checked_text(field: str, value: str | None, bounds: tuple[int, int]) -> str:
    """``value`` trimmed, or ``Invalid`` naming ``field`` when it is missing, short or long."""
    low, high = bounds
    text = (value or "").strip()
    label = field.replace("_", " ")
    if not text:
        raise Invalid({field: [f"The {label} field is required."]})
    if len(text) < low:
        raise Invalid({field: [f"The {label} must be at least {low} characters."]})
    if len(text) > high:
        raise Invalid({field: [f"The {label} may not be greater than {high} characters."]})
    return text


def required_id(field: str, value: int | None) -> int:
    """``value``, or ``Invalid`` naming ``field`` when it is missing."""
    if value is None:
        raise Invalid({field: [f"The {field.replace('_', ' ')} field is required."]})
    return value
