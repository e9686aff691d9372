"""What the window shows and refuses while an edit is being written on the write worker.

Edits run on the one write worker (``tasks.WRITES``, see ``undo.py``); meanwhile the window
keeps painting. These helpers make that visible and safe:

* :class:`WriteIndicator`: a status-bar label "Saving…" while a write is pending (the window
  also disables Undo and Redo meanwhile: ``WRITES.is_busy()``);
* :func:`saving`: disables a dialog's Save/OK buttons while its own save runs (no second
  submit) and shows a note where the dialog shows its messages;
* :func:`writes_done_before_closing`: closing the window waits for pending writes and
  refuses when they do not end in time (the edit is never cut off half-way).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QThread
from PySide6.QtWidgets import QLabel, QWidget

from workbench.ui.tasks import WRITES


def _tr(text: str) -> str:
    return QCoreApplication.translate("write_status", text)


class WriteIndicator(QLabel):
    """A status-bar note shown while a write is pending."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("writeIndicator")
        self.setText(self.tr("Saving…"))
        self.setVisible(WRITES.is_busy())
        WRITES.sig_busy.connect(self.setVisible)


@contextmanager
def saving(buttons: Sequence[QWidget], note: QLabel | None = None) -> Iterator[None]:
    """Disable *buttons* (and show "Saving…" in *note*) while the block writes.

    The block typically calls ``push_edit``, which keeps the event loop running: the
    disabled buttons and the note are painted meanwhile.
    """
    before = [b.isEnabled() for b in buttons]
    shown = note is not None and note.isVisible()
    for button in buttons:
        button.setEnabled(False)
    if note is not None and not shown:
        note.setText(_tr("Saving…"))
        note.show()
    try:
        yield
    finally:
        for button, enabled in zip(buttons, before, strict=True):
            button.setEnabled(enabled)
        if note is not None and not shown and note.text() == _tr("Saving…"):
            note.hide()


def writes_done_before_closing(timeout_ms: int = 10_000) -> bool:
    """Wait, the event loop running, until no write is pending; False if one still is.

    After *timeout_ms* the caller refuses to close rather than cut an edit off.
    """
    if not WRITES.is_busy():
        return True
    clock = QElapsedTimer()
    clock.start()
    while WRITES.is_busy() and clock.elapsed() < timeout_ms:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(10)
    return not WRITES.is_busy()
