"""What every page and dialog needs from the application, passed explicitly (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from workbench.db import Database
from workbench.services.base import VersionWatch
from workbench.services.changes import Changes

if TYPE_CHECKING:
    from workbench.ui.tasks import TaskRunner


class DataBus(QObject):
    """Application-wide notifications so pages refresh after changes made elsewhere.

    ``sig_changed`` carries a :class:`~workbench.services.changes.Changes`: which tables and
    records a write changed, or ``Changes.all()`` when anything may have changed (database
    switched, import applied). Emit through :meth:`announce`; receivers read it with
    ``Changes.coerce(value).touches(table, ...)`` (which also reads a bare table name).
    """

    sig_changed = Signal(object)
    sig_open_record = Signal(str, int)  # table name, record id: "show me this record"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: The versions this window's undoable edits left, shared by all of them: a step may
        #: write over the window's own later edits, never over someone else's (see
        #: ``VersionWatch``). Cleared when the window switches databases.
        self.versions = VersionWatch()
        #: The window's task runner (set with ``AppContext.tasks``): where edits are queued.
        self.tasks: TaskRunner | None = None

    def announce(self, changes: Changes | str) -> None:
        """Tell every screen what changed (a table name is read as ``Changes.of_tables``)."""
        self.sig_changed.emit(Changes.coerce(changes))


@dataclass
class AppContext:
    """The open database plus the shared UI services.

    Attributes:
        db: the open database (services take it as first argument).
        settings: QSettings for UI state (geometry, column widths, recent files, language).
        undo_stack: the window's undo stack; every edit made in the window is pushed here.
        bus: change notifications between pages.
        tasks: the background helper (set by the main window).
    """

    db: Database
    settings: QSettings
    undo_stack: QUndoStack = field(default_factory=QUndoStack)
    bus: DataBus = field(default_factory=DataBus)
    tasks: TaskRunner | None = None

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name in ("tasks", "bus") and "bus" in self.__dict__:
            # Commands find the runner through the bus they announce on.
            self.bus.tasks = self.__dict__.get("tasks")
