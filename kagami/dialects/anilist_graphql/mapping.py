"""AniList's own words for domain values: the names of a list collection's groups.

AniList names a ``MediaListGroup`` after its status in the media type's verb
("Watching", "Rereading"), a split completed list after its format ("Completed TV
Short"), a custom list by its name; ``sectionOrder`` is a list of those names.
"""

from __future__ import annotations

from kagami.lists.enums import MediaListStatus
from kagami.lists.queries import ListGroup

# (media type, status) -> group name; statuses alike for both types are keyed by None.
STATUS_GROUP_NAMES: dict[tuple[str | None, MediaListStatus], str] = {
    ("ANIME", MediaListStatus.CURRENT): "Watching",
    ("MANGA", MediaListStatus.CURRENT): "Reading",
    ("ANIME", MediaListStatus.REPEATING): "Rewatching",
    ("MANGA", MediaListStatus.REPEATING): "Rereading",
    (None, MediaListStatus.COMPLETED): "Completed",
    (None, MediaListStatus.PAUSED): "Paused",
    (None, MediaListStatus.DROPPED): "Dropped",
    (None, MediaListStatus.PLANNING): "Planning",
}
FORMAT_NAMES: dict[str | None, str] = {
    "TV": "TV",
    "TV_SHORT": "TV Short",
    "MOVIE": "Movie",
    "SPECIAL": "Special",
    "OVA": "OVA",
    "ONA": "ONA",
    "MUSIC": "Music",
    "MANGA": "Manga",
    "NOVEL": "Novel",
    "ONE_SHOT": "One Shot",
    None: "Unknown",
}


def group_name(group: ListGroup, media_type: str) -> str:
    """The name AniList gives a collection group of ``media_type`` (ANIME or MANGA)."""
    if group.custom_list is not None:
        return group.custom_list
    if group.is_split_completed_list:
        return f"Completed {FORMAT_NAMES.get(group.format, 'Unknown')}"
    assert group.status is not None
    status = group.status
    return STATUS_GROUP_NAMES.get((media_type, status)) or STATUS_GROUP_NAMES[(None, status)]


def named_groups(
    groups: list[ListGroup], media_type: str, section_order: list[str]
) -> list[tuple[str, ListGroup]]:
    """(name, group) pairs in the user's section order; sections it does not name keep theirs."""
    pairs = [(group_name(g, media_type), g) for g in groups]
    if section_order:
        rank = {name: i for i, name in enumerate(section_order)}
        pairs.sort(key=lambda pair: rank.get(pair[0], len(rank)))
    return pairs
