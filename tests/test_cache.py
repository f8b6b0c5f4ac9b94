"""BoundedCache: what it keeps is bounded by bytes, by entry size and by age."""

from __future__ import annotations

from kagami.cache import BoundedCache


class _Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_after_ttl() -> None:
    clock = _Clock()
    cache = BoundedCache[str](max_bytes=1 << 20, max_entry_bytes=1 << 10, ttl=10, clock=clock)
    cache.put("a", "A")
    clock.now = 9.9
    assert cache.get("a") == "A"
    clock.now = 10
    assert cache.get("a") is None and len(cache) == 0 and cache.size_bytes == 0


def test_expired_entries_are_dropped_when_new_ones_arrive() -> None:
    clock = _Clock()
    cache = BoundedCache[str](max_bytes=1 << 20, max_entry_bytes=1 << 10, ttl=10, clock=clock)
    cache.put("old", "x")
    clock.now = 11
    cache.put("new", "y")
    assert len(cache) == 1 and cache.get("new") == "y"


def test_oversized_keys_are_not_stored() -> None:
    cache = BoundedCache[str](max_bytes=1 << 20, max_entry_bytes=1 << 10, ttl=60)
    cache.put("k" * 2000, "v")
    assert len(cache) == 0


def test_total_bytes_stay_within_bound_oldest_out_first() -> None:
    cache = BoundedCache[str](max_bytes=10_000, max_entry_bytes=1 << 10, ttl=60)
    for i in range(100):
        cache.put(f"key {i:03}", "v" * 500)
        assert cache.size_bytes <= 10_000
    assert cache.get("key 099") is not None and cache.get("key 000") is None
