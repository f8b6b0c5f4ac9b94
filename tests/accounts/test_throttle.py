"""The failed-login throttle's memory is bounded by bytes and time (issue #10, item 2)."""

from __future__ import annotations

import pytest

from kagami.accounts.throttle import LoginThrottle
from kagami.errors import RateLimited


class Clock:
    """A settable clock for the throttle (it reads time through the callable it is given)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_check_does_not_remember_keys_it_was_only_shown() -> None:
    throttle = LoginThrottle(3, 900, max_bytes=1 << 20)
    for i in range(1000):
        throttle.check(f"user:{i}", "ip:1")
    assert throttle.stored_bytes == 0 and throttle.stored_keys == 0


def test_store_stays_within_its_byte_budget_and_keeps_recent_locks() -> None:
    budget = 64 * 1024
    throttle = LoginThrottle(3, 900, max_bytes=budget)
    for i in range(100_000):
        throttle.fail(f"user:{i}" + "x" * (i % 50))
    assert 0 < throttle.stored_bytes <= budget
    assert throttle.stored_keys < 1000
    for _ in range(3):
        throttle.fail("user:victim")
    with pytest.raises(RateLimited):
        throttle.check("user:victim")


def test_keys_are_stored_as_fixed_size_digests() -> None:
    throttle = LoginThrottle(3, 900, max_bytes=1 << 20)
    throttle.fail("user:" + "n" * 5_000_000)
    one_big = throttle.stored_bytes
    throttle.clear("user:" + "n" * 5_000_000)
    throttle.fail("user:n")
    assert throttle.stored_bytes == one_big < 1024


def test_failures_are_forgotten_after_the_window() -> None:
    clock = Clock()
    throttle = LoginThrottle(3, 900, max_bytes=1 << 20, clock=clock)
    for i in range(500):
        throttle.fail(f"user:{i}")
    for _ in range(3):
        throttle.fail("user:locked")
    with pytest.raises(RateLimited) as locked:
        throttle.check("user:locked")
    assert 0 < locked.value.retry_after <= 901
    clock.now += 901
    throttle.check("user:locked")  # the lock lifts by itself
    throttle.fail("user:new")
    assert throttle.stored_keys == 1
