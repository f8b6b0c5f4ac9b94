"""AiringSchedule root and Page.airingSchedules filters and sorts."""

from __future__ import annotations

import pytest

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("mediaId: 21", [1100, 1101]),
        ("notYetAired: true", [1101]),
        ("notYetAired: false", [1100]),
        ("episode_greater: 1100", [1101]),
        ("episode_in: [1100]", [1100]),
        ("sort: EPISODE_DESC", [1101, 1100]),
        ("mediaId_not: 21", []),
    ],
)
async def test_page_airing_schedules(
    gql: GraphQLClient, catalogue: Catalogue, args: str, expected: list[int]
) -> None:
    body = await gql.data(f"{{ Page {{ airingSchedules({args}) {{ episode mediaId }} }} }}")
    assert [a["episode"] for a in body["Page"]["airingSchedules"]] == expected


async def test_airing_schedule_root_with_media(gql: GraphQLClient, catalogue: Catalogue) -> None:
    body = await gql.data(
        "{ AiringSchedule(mediaId: 21, notYetAired: true) { episode media { title { romaji } } } }"
    )
    assert body["AiringSchedule"] == {"episode": 1101, "media": {"title": {"romaji": "ONE PIECE"}}}


async def test_airing_schedule_root_not_found(gql: GraphQLClient, catalogue: Catalogue) -> None:
    status, _ = await gql("{ AiringSchedule(mediaId: 1) { id } }")
    assert status == 404
