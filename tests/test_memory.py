"""collector_paused (off inside, restored after, whatever happens) and the start-up freeze."""

from __future__ import annotations

import gc

import pytest

from kagami.memory import collector_paused, freeze_startup_heap


def test_collector_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_restores_the_collector() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_by_the_host_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_freezing_the_startup_heap_keeps_it_out_of_full_collections() -> None:
    class Cycle:
        """A garbage cycle only the collector can free."""

        def __init__(self) -> None:
            self.me = self

    survivor = [Cycle() for _ in range(100)]
    Cycle()  # garbage now: collected first, never frozen
    try:
        freeze_startup_heap()
        assert gc.get_freeze_count() >= len(survivor)
        assert not any(isinstance(o, Cycle) for o in gc.get_objects())  # out of every generation
    finally:
        gc.unfreeze()
