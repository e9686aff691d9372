"""Edit > Undo / Redo of the main window: what they say, when they are enabled, what they do.

The window's own actions rather than ``QUndoStack.createUndoAction``: Ctrl+Z on an import goes
to the batch undo (with its confirmation), "R&D" in a label must not become a mnemonic, and
neither is enabled while an edit is still being written (no undo on top of a pending edit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from shiboken6 import isValid

from workbench.ui.formatting import escape_mnemonic
from workbench.ui.tasks import WRITES
from workbench.ui.undo import pending_import, redo_next, undo_last

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class UndoActions(QObject):
    """Keeps *window*'s ``action_undo`` and ``action_redo`` in step with the undo stack."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx

    def connect_stack(self) -> None:
        """Follow the undo stack and the write worker."""
        # Bound methods (not lambdas): Qt disconnects them when the window goes away, while
        # the undo stack lives on in the context.
        stack = self.ctx.undo_stack
        stack.indexChanged.connect(self._on_index_changed)
        stack.undoTextChanged.connect(self.update)
        stack.redoTextChanged.connect(self.update)
        stack.canUndoChanged.connect(self.update)
        stack.canRedoChanged.connect(self.update)
        WRITES.sig_busy.connect(self.update)  # no undo on top of a pending edit

    def _on_index_changed(self, _index: int) -> None:
        self.update()
        self.window.update_title()

    def update(self, *_args: Any) -> None:
        """Enable Undo / Redo and name the step each would take ("Undo Edit Anna Rossi")."""
        stack = self.ctx.undo_stack
        window = self.window
        if not isValid(stack) or not isValid(window):  # the stack is being destroyed (exit)
            return
        for action, can, text, plain, labelled in (
            (
                window.action_undo,
                stack.canUndo(),
                stack.undoText(),
                window.tr("Undo", "MainWindow"),
                window.tr("Undo {what}"),
            ),
            (
                window.action_redo,
                stack.canRedo(),
                stack.redoText(),
                window.tr("Redo"),
                window.tr("Redo {what}"),
            ),
        ):
            action.setEnabled(can and not WRITES.is_busy())
            action.setText(labelled.format(what=escape_mnemonic(text)) if can and text else plain)

    def undo(self) -> None:
        """Ctrl+Z: undo the last edit, or offer to undo the last import (batch undo)."""
        stack = self.ctx.undo_stack
        command = pending_import(stack)
        if command is not None:
            undo_batch = getattr(self.window.page("import"), "undo_batch_id", None)
            if undo_batch is not None:
                undo_batch(command.batch_id)
            return
        # A record changed since by someone else raises the save's conflict question instead
        # of being overwritten (undo_last checks the versions the edit left).
        undo_last(self.ctx, self.window)

    def redo(self) -> None:
        """Ctrl+Y: redo the step undone last (with the same version checks)."""
        redo_next(self.ctx, self.window)
