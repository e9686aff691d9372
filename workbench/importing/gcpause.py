"""Python's cyclic garbage collector paused around the import's heavy phases.

Reading, planning and writing an import allocate hundreds of thousands of objects that live
until the phase ends (cleaned cells, parsed rows, the snapshot of stored organisations, ORM
objects, history rows). The read is paused where it runs (``read_table_here``: the reader's
child process, or this one).
Every few hundred allocations the collector scans the young ones, and as they survive, the
older generations again and again: about 30 % of a 10,000-row import, measured
(benchmarks/bench_import_scale.py, README). Reference counting still frees everything that
is not in a cycle while the collector is paused; what is, is collected once the phase ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_depth = 0  # phases running now (nested or in other threads); the last one re-enables
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; restore it on any exit.

    Safe to nest and to use from several threads at once: the collector is re-enabled (if it
    was enabled before the first block began) when the last block ends, and then run once.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            restore = _depth == 0 and _was_enabled
            if restore:
                gc.enable()
        if restore:
            gc.collect(1)  # the young cycles the phase left; the old ones wait their turn
