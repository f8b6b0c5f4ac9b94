"""BoundedCache: what it keeps is bounded by bytes, by entry size and by age."""

from __future__ import annotations

from kagami.caching import BoundedCache


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_their_age() -> None:
    clock = _Clock()
    cache = BoundedCache[str, str](1 << 20, 10, clock=clock)
    cache.put("a", "A", 100)
    clock.now = 10
    assert cache.get("a") == "A"
    clock.now = 10.1
    assert cache.get("a") is None and len(cache) == 0 and cache.bytes == 0


def test_expired_entries_are_dropped_when_new_ones_arrive() -> None:
    clock = _Clock()
    cache = BoundedCache[str, str](1 << 20, 10, clock=clock)
    cache.put("old", "x", 100)
    clock.now = 11
    cache.put("new", "y", 100)
    assert len(cache) == 1 and cache.get("new") == "y" and cache.bytes == 100


def test_an_entry_over_an_eighth_of_the_budget_is_not_stored() -> None:
    cache = BoundedCache[str, str](8_000, 60)
    cache.put("big", "v", 1_001)
    cache.put("fits", "v", 1_000)
    assert cache.get("big") is None and cache.get("fits") == "v"


def test_total_bytes_stay_within_bound_least_recently_used_out_first() -> None:
    cache = BoundedCache[str, str](10_000, 60)
    cache.put("kept", "v", 500)
    for i in range(100):
        cache.put(f"key {i:03}", "v", 500)
        assert cache.get("kept") == "v"  # used again: stays
        assert cache.bytes <= 10_000
    assert cache.get("key 099") is not None and cache.get("key 000") is None
