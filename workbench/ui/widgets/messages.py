"""Message boxes every page uses: confirm, choose, inform, and show errors without tracebacks.

All modal questions go through these helpers so that tests (and the ``--screenshot`` mode) can
answer them without a user: :func:`set_responder` installs a function that receives
``(kind, title, text, options)`` and returns the answer instead of showing a dialog.

``kind`` is ``"confirm"`` (return bool), ``"choice"`` (return the index of the chosen option,
or -1 for cancel), ``"unsaved"`` (return ``"save"``, ``"discard"`` or ``"cancel"``), ``"info"``,
``"warning"`` or ``"error"`` (return value ignored).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.errors import ConflictError, ValidationError, WorkbenchError
from workbench.ui.i18n import error_text

log = logging.getLogger(__name__)

Responder = Callable[[str, str, str, Sequence[str]], Any]
_responder: Responder | None = None
_log_file: Path | None = None


def tr(text: str) -> str:
    """Translate *text* in the ``messages`` context."""
    return QCoreApplication.translate("messages", text)


def set_responder(responder: Responder | None) -> None:
    """Answer every dialog with *responder* instead of showing it (None: show dialogs again)."""
    global _responder
    _responder = responder


def set_log_file(path: Path | None) -> None:
    """Where unexpected errors are logged; named in the friendly error dialog."""
    global _log_file
    _log_file = path


def log_file() -> Path | None:
    """The log file named in error dialogs, if one is configured."""
    return _log_file


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    yes_text: str | None = None,
    destructive: bool = False,
) -> bool:
    """Ask a yes/no question; True when the user agrees. ``No`` is the default button."""
    if _responder is not None:
        return bool(_responder("confirm", title, text, [yes_text or tr("Yes")]))
    box = QMessageBox(
        QMessageBox.Icon.Warning if destructive else QMessageBox.Icon.Question,
        title,
        text,
        parent=parent,
    )
    yes = box.addButton(yes_text or tr("Yes"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def choose(
    parent: QWidget | None, title: str, text: str, options: Sequence[str], *, details: str = ""
) -> int:
    """Let the user pick one of *options* (button texts); returns its index, -1 on cancel."""
    if _responder is not None:
        return int(_responder("choice", title, text, list(options)))
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    if details:
        box.setDetailedText(details)
    buttons = [box.addButton(o, QMessageBox.ButtonRole.AcceptRole) for o in options]
    cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else -1


SAVE = "save"
DISCARD = "discard"
CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, title: str, text: str) -> str:
    """Ask what to do with unsaved changes: :data:`SAVE`, :data:`DISCARD` or :data:`CANCEL`.

    Save is the default button (Enter), Esc cancels. A responder receives kind ``"unsaved"``
    and returns one of the three answers.
    """
    if _responder is not None:
        return str(_responder("unsaved", title, text, [SAVE, DISCARD, CANCEL]))
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.setEscapeButton(buttons.Cancel)
    box.setObjectName("unsavedChangesBox")
    box.exec()
    answer = box.standardButton(box.clickedButton()) if box.clickedButton() else buttons.Cancel
    if answer == buttons.Save:
        return SAVE
    if answer == buttons.Discard:
        return DISCARD
    return CANCEL


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Show an information message."""
    if _responder is not None:
        _responder("info", title, text, [])
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """Show a warning the user can act on."""
    if _responder is not None:
        _responder("warning", title, text, [])
        return
    QMessageBox.warning(parent, title, text)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show *exc* to the user: its message for a WorkbenchError, a friendly note otherwise.

    Unexpected exceptions are logged with their traceback (to the log file) and the dialog
    names that file; the traceback itself is never shown. A full disk, a read-only file or a
    lock held too long is shown as what it is (:func:`workbench.storage.user_error`).
    """
    if not isinstance(exc, WorkbenchError):
        from workbench.storage import user_error

        exc = user_error(exc, tr("the database")) or exc
    if isinstance(exc, WorkbenchError):
        text = error_text(exc)
        if isinstance(exc, ConflictError) and exc.changes:
            text += "\n\n" + "\n".join(error_text(change) for change in exc.changes)
        if title:
            heading = title
        elif isinstance(exc, ValidationError):
            heading = tr("Please check the value")
        else:
            heading = tr("Cannot continue")
        kind = "warning"
    else:
        log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        text = friendly_text(exc)
        heading = title or tr("Something went wrong")
        kind = "error"
    if _responder is not None:
        _responder(kind, heading, text, [])
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning if kind == "warning" else QMessageBox.Icon.Critical,
        heading,
        text,
        parent=parent,
    )
    box.exec()


def friendly_text(exc: BaseException) -> str:
    """The message shown for an unexpected error: what happened, that nothing is lost, the log."""
    text = tr(
        "Cluster Workbench ran into an unexpected problem ({kind}). Your saved data is safe: "
        "each change is written completely or not at all."
    ).format(kind=type(exc).__name__)
    if _log_file is not None:
        text += "\n\n" + tr(
            "The details were written to {path}; please send that file with your report."
        ).format(path=_log_file)
    return text
