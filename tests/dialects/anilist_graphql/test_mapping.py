"""AniList's names for list collection groups, as a table."""

from __future__ import annotations

import pytest

from kagami.dialects.anilist_graphql.mapping import group_name, named_groups
from kagami.lists.enums import MediaListStatus as S
from kagami.lists.queries import ListGroup


@pytest.mark.parametrize(
    ("group", "media_type", "name"),
    [
        (ListGroup([], status=S.CURRENT), "ANIME", "Watching"),
        (ListGroup([], status=S.CURRENT), "MANGA", "Reading"),
        (ListGroup([], status=S.REPEATING), "ANIME", "Rewatching"),
        (ListGroup([], status=S.REPEATING), "MANGA", "Rereading"),
        (ListGroup([], status=S.COMPLETED), "MANGA", "Completed"),
        (ListGroup([], status=S.PAUSED), "ANIME", "Paused"),
        (ListGroup([], status=S.DROPPED), "ANIME", "Dropped"),
        (ListGroup([], status=S.PLANNING), "MANGA", "Planning"),
        (ListGroup([], True, status=None, custom_list="Comfy"), "ANIME", "Comfy"),
        (ListGroup([], False, True, S.COMPLETED, "TV_SHORT"), "ANIME", "Completed TV Short"),
        (ListGroup([], False, True, S.COMPLETED, "ONE_SHOT"), "MANGA", "Completed One Shot"),
        (ListGroup([], False, True, S.COMPLETED, None), "ANIME", "Completed Unknown"),
    ],
)
def test_group_names(group: ListGroup, media_type: str, name: str) -> None:
    assert group_name(group, media_type) == name


def test_section_order_sorts_the_named_sections_first() -> None:
    groups = [
        ListGroup([], status=S.CURRENT),
        ListGroup([], status=S.PLANNING),
        ListGroup([], True, custom_list="Comfy"),
    ]
    named = named_groups(groups, "ANIME", ["Comfy", "Planning"])
    assert [name for name, _ in named] == ["Comfy", "Planning", "Watching"]
