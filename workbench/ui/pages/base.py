"""The contract every page of the main window follows."""

from __future__ import annotations

from contextlib import AbstractContextManager

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workbench.gcpause import collector_paused as _collector_paused
from workbench.ui.context import AppContext

__all__ = ["Page", "collector_paused"]


def collector_paused() -> AbstractContextManager[None]:
    """A page's background read with the collector paused (see :mod:`workbench.gcpause`).

    Not ``keep=True``: collecting a frozen heap later crashed in Qt (dead wrappers in frozen
    cycles, a segmentation fault at the end of a full test run), so pages collect as usual.
    """
    return _collector_paused()


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
