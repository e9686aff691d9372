"""The contract every page of the main window follows."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workbench.ui.context import AppContext

__all__ = ["Page", "collector_paused"]

_lock = threading.Lock()
_reads = 0  # page reads running now (several pages may read at once)
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a page's background read with Python's cyclic garbage collector paused.

    Why: a read at 50,000 members allocates hundreds of thousands of objects, and the
    collector answered by scanning the whole heap several times per read, 100-440 ms each with
    the GIL held: the window froze that long although the read ran on another thread
    (measured with ``gc.callbacks`` on benchmarks/bench_ui.py --pages). When the last read
    ends, what is on the heap is frozen (``gc.freeze``: moved to the permanent generation,
    which the collector never scans) instead of collected, which would be one more such scan;
    reference counting still frees every object that is not in a cycle, so replacing a page's
    rows frees the old ones as before. Safe to nest and to use from several threads.
    """
    global _reads, _was_enabled
    with _lock:
        if _reads == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _reads += 1
    try:
        yield
    finally:
        with _lock:
            _reads -= 1
            if _reads == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()


class Page(QWidget):
    """A page in the sidebar.

    Subclasses set ``page_id`` (stable, used for screenshots and settings: "members") and
    implement ``title()`` (translated) and ``refresh()`` (reload from the database; cheap when
    nothing changed). Layout is built in ``_build_ui()``, signals wired in
    ``_connect_signals()``, slots are named ``_on_*``.

    Signals:
        sig_status: a short message for the status bar.
    """

    page_id = "page"
    sig_status = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        """Translated title shown in the sidebar and window title."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what the page shows from the database."""

    def new_record(self) -> None:
        """Ctrl+N on this page (default: nothing to create here)."""

    def delete_selected(self) -> None:
        """Del on this page (default: nothing to delete)."""

    def focus_search(self) -> bool:
        """Ctrl+F on this page: focus its search box; False when it has none (the default)."""
        return False
