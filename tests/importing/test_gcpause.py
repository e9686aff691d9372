"""The garbage collector is paused while an import plans and writes, and always restored."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.importing.test_plan_apply import answered, seed, write_italian
from workbench.db import Database
from workbench.gcpause import collector_paused
from workbench.importing import apply_plan, build_plan, suggest_mapping
from workbench.importing.readers import read_table_here

NO_LIMITS = {
    "sheet": None,
    "max_bytes": None,
    "max_rows": None,
    "max_columns": None,
    "max_cells": None,
    "max_uncompressed_bytes": None,
    "header_row": None,
}


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_and_concurrent_blocks_restore_once_the_last_ends() -> None:
    inner_started, outer_may_end = threading.Event(), threading.Event()

    def other_phase() -> None:
        with collector_paused():
            inner_started.set()
            outer_may_end.wait(5)

    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the nested block ended, this one still runs
        thread = threading.Thread(target=other_phase)
        thread.start()
        inner_started.wait(5)
    assert not gc.isenabled()  # the other thread's phase still runs
    outer_may_end.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_planning_and_writing_run_with_the_collector_paused(
    sqlite_db: Database, tmp_path: Path
) -> None:
    seed(sqlite_db)
    path = write_italian(tmp_path / "soci.xlsx")
    options = answered(sqlite_db, path).options
    reading: list[bool] = []
    table = read_table_here(path, **NO_LIMITS, progress=lambda *_a: reading.append(gc.isenabled()))
    mapping = suggest_mapping(table, "members", db=sqlite_db).mapping
    planning: list[bool] = []
    plan = build_plan(
        sqlite_db, table, mapping, options, progress=lambda *_a: planning.append(gc.isenabled())
    )
    writing: list[bool] = []
    result = apply_plan(
        sqlite_db, plan, file_path=path, progress=lambda *_a: writing.append(gc.isenabled())
    )
    assert result.created > 0
    assert reading and not any(reading)
    assert planning and not any(planning)
    assert writing and not any(writing)
    assert gc.isenabled()


def test_a_keeping_block_freezes_the_heap_and_unfreezes_it_every_so_often() -> None:
    """Pages keep their rows: frozen, not scanned again; but never frozen for good."""
    from workbench import gcpause

    gc.unfreeze()
    gcpause._frozen_runs = 0
    with collector_paused(keep=True):
        kept = [[n] for n in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(kept)
    for _ in range(gcpause.UNFREEZE_EVERY - 1):
        with collector_paused(keep=True):
            pass
        assert gc.get_freeze_count() > 0
    with collector_paused(keep=True):  # the run after UNFREEZE_EVERY: back to the collector
        pass
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_cycles_left_by_a_keeping_run_are_collected_after_the_unfreeze() -> None:
    import weakref

    from workbench import gcpause

    class Node:
        pass

    gc.unfreeze()
    gcpause._frozen_runs = 0
    with collector_paused(keep=True):
        node = Node()
        node.me = node  # a cycle that dies after the heap is frozen
    gone = weakref.ref(node)
    del node
    gc.collect()
    assert gone() is not None  # frozen: the collector does not see it
    for _ in range(gcpause.UNFREEZE_EVERY):
        with collector_paused(keep=True):
            pass
    gc.collect()
    assert gone() is None


def test_a_plain_block_overlapping_a_keeping_one_restores_once() -> None:
    gc.unfreeze()
    with collector_paused():
        with collector_paused(keep=True):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.unfreeze()
