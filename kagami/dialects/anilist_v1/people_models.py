"""v1 character, staff and studio models (seed 001's "Characters", "Staff" and "Studio")."""

from __future__ import annotations

from typing import Any

from kagami.catalogue.models import Character, Staff, Studio
from kagami.dialects.anilist_v1.mapping import character_role


def _native_parts(native: str | None) -> tuple[str, str]:
    """(first, last) of a Japanese name written family name first ("関 智一")."""
    parts = (native or "").split(maxsplit=1)
    if len(parts) == 2:
        return parts[1], parts[0]
    return (parts[0] if parts else ""), ""


def small_character(character: Character, role: str | None = None) -> dict[str, Any]:
    """Small character model; ``role`` is the character's role in the media at hand."""
    return {
        "id": character.id,
        "name_first": character.name_first or "",
        "name_last": character.name_last or "",
        "image_url_lge": character.image_large,
        "image_url_med": character.image_medium,
        "role": character_role(role),
    }


def character_model(character: Character) -> dict[str, Any]:
    """Character model."""
    return {
        "name_alt": ", ".join(character.name_alternative or []),
        "info": character.description or "",
        "id": character.id,
        "name_first": character.name_first or "",
        "name_last": character.name_last or "",
        "name_japanese": character.name_native or "",
        "image_url_lge": character.image_large,
        "image_url_med": character.image_medium,
        "role": None,
    }


def small_staff(staff: Staff, role: str | None = None) -> dict[str, Any]:
    """Small staff/actor model; ``role`` is the credit ("Director") where there is one."""
    return {
        "id": staff.id,
        "name_first": staff.name_first or "",
        "name_last": staff.name_last or "",
        "image_url_lge": staff.image_large,
        "image_url_med": staff.image_medium,
        "language": staff.language_v2 or "",
        "role": role or None,
    }


def _dob(staff: Staff) -> int | None:
    """Date of birth as v1 wrote it: month, two-digit day, year (9081972 is 8 Sep 1972)."""
    if staff.birth_year is None and staff.birth_month is None:
        return None
    return (
        (staff.birth_month or 0) * 1_000_000
        + (staff.birth_day or 0) * 10_000
        + (staff.birth_year or 0)
    )


def staff_model(staff: Staff) -> dict[str, Any]:
    """Staff/actor model."""
    first_native, last_native = _native_parts(staff.name_native)
    return {
        "dob": _dob(staff),
        "website": staff.website or "",
        "info": staff.description or "",
        "id": staff.id,
        "name_first": staff.name_first or "",
        "name_last": staff.name_last or "",
        "name_first_japanese": first_native,
        "name_last_japanese": last_native,
        "image_url_lge": staff.image_large,
        "image_url_med": staff.image_medium,
        "language": staff.language_v2 or "",
        "role": None,
    }


def studio_model(studio: Studio, main: bool | None = None) -> dict[str, Any]:
    """Studio model; ``main_studio`` says (1/0) whether it is a media's main studio."""
    return {
        "studio_name": studio.name,
        "studio_wiki": studio.wiki_url,
        "id": studio.id,
        "main_studio": None if main is None else int(main),
    }
