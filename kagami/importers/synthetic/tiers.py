"""Seeding tiers: how many users, media and list entries each size produces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tier:
    """One seeding size; per-user rates elsewhere scale everything else with ``users``."""

    name: str
    users: int
    # Median list size; list sizes are log-normal (sigma LIST_SIGMA), so the mean is ~1.65x.
    list_median: float
    manga: int  # synthetic manga, always generated
    min_anime: int  # synthetic anime are added when the catalogue holds fewer than this


LIST_SIGMA = 1.0

TIERS: dict[str, Tier] = {
    # tiny keeps lists shorter so CI seeds ~20k entries in a couple of seconds.
    "tiny": Tier("tiny", users=200, list_median=60, manga=300, min_anime=400),
    "small": Tier("small", users=2_000, list_median=150, manga=3_000, min_anime=3_000),
    "medium": Tier("medium", users=20_000, list_median=150, manga=12_000, min_anime=8_000),
    "large": Tier("large", users=100_000, list_median=150, manga=30_000, min_anime=8_000),
}
