"""Python's cyclic garbage collector paused around heavy work: the one home of the rule.

Reading, planning and writing an import, and a page's background read of 50,000 members,
allocate hundreds of thousands of objects that live until the work ends (cleaned cells,
parsed rows, ORM objects, history rows, a page's rows). Every few hundred allocations the
collector scans the young ones and, as they survive, the older generations again and again:
about 30 % of a 10,000-row import (benchmarks/bench_import_scale.py), and full collections of
100-440 ms holding the GIL during a page read, so the window froze although the read ran on
another thread (benchmarks/bench_ui.py --pages). Reference counting still frees everything
that is not in a cycle while the collector is paused.

When the last paused block ends:

* by default the young cycles the work left are collected (``gc.collect(1)``; the old ones
  wait their turn);
* a block that keeps what it built (``keep=True``: a page's rows stay shown) freezes the heap
  instead (``gc.freeze``: the collector never scans those objects again, which spares the
  window the full collection that would follow). Cycles frozen that way are not collected
  until the heap is unfrozen, so every :data:`UNFREEZE_EVERY` keeping runs the heap is
  unfrozen and left to the collector: measured on the demo, a round of seven page refreshes
  froze about 3,900 objects that died later, so without it a long session would grow
  without bound.

No caller keeps today: the pages did, and collecting their frozen heap later crashed in Qt
(dead wrappers in frozen cycles; see ``ui/pages/base.collector_paused``). Use ``keep`` only
for objects that own no Qt wrappers.

Safe to nest and to use from several threads at once: one counter for the whole process, so
an import and a page read overlapping restore the collector once, when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["UNFREEZE_EVERY", "collector_paused", "release_frozen"]

#: Keeping runs between two unfreezes of the heap (see the module docstring).
UNFREEZE_EVERY = 25

_lock = threading.Lock()
_depth = 0  # paused blocks running now (nested or in other threads); the last one restores
_was_enabled = False
_keep = False  # a block of the current run keeps what it built
_frozen_runs = 0  # keeping runs since the heap was last unfrozen


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; restore it on any exit.

    The collector is re-enabled (if it was enabled before the first block began) when the
    last block ends; then young cycles are collected, or, when a block asked to *keep* what
    it built, the heap is frozen (see the module docstring).
    """
    global _depth, _was_enabled, _keep
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            _keep = False
            gc.disable()
        _depth += 1
        _keep = _keep or keep
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            last = _depth == 0
            restore = last and _was_enabled
            freeze = last and _keep
            if freeze:
                _settle_kept_heap()
            if restore:
                gc.enable()
        if restore and not freeze:
            gc.collect(1)


def _settle_kept_heap() -> None:
    """Freeze the heap, or every UNFREEZE_EVERY runs unfreeze it for the collector."""
    global _frozen_runs
    if _frozen_runs >= UNFREEZE_EVERY:
        gc.unfreeze()
        _frozen_runs = 0
    else:
        gc.freeze()
        _frozen_runs += 1


def release_frozen() -> None:
    """Unfreeze the heap and collect it: call before the program (or a test run) ends.

    Objects a page froze would otherwise meet Python's finalization still frozen, after the
    Qt objects they wrap may be gone; collecting them while Qt still runs ends them in order.
    """
    global _frozen_runs
    with _lock:
        gc.unfreeze()
        _frozen_runs = 0
    gc.collect()
