"""Fees and reminders in the window: the yearly fee run and the unpaid fees with reminders.

:func:`fee_actions` makes the two menu actions the main window and the members page show;
:func:`open_fee_run` and :func:`open_unpaid_fees` open the dialogs (non-blocking, one of
each per parent window).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from workbench.ui.context import AppContext


def tr(text: str) -> str:
    """Translate *text* in the ``fees`` context."""
    return QCoreApplication.translate("fees", text)


def _reuse(parent: QWidget, attribute: str) -> Any:
    dialog = getattr(parent, attribute, None)
    try:
        if dialog is not None and dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return dialog
    except RuntimeError:  # deleted by Qt meanwhile
        pass
    return None


def open_fee_run(ctx: AppContext, parent: QWidget) -> Any:
    """Open the yearly fee run dialog (or bring the open one forward); returns it."""
    from workbench.ui.fees.fee_run import FeeRunDialog

    dialog = _reuse(parent, "_fee_run_dialog")
    if dialog is None:
        dialog = FeeRunDialog(ctx, parent)
        status = getattr(parent, "sig_status", None)
        if status is not None:
            dialog.sig_done.connect(lambda n, d=dialog: status.emit(d.done_text(n)))
        parent._fee_run_dialog = dialog  # type: ignore[attr-defined]
        dialog.open()
    return dialog


def open_unpaid_fees(ctx: AppContext, parent: QWidget) -> Any:
    """Open the unpaid fees and reminders dialog (or bring the open one forward); returns it."""
    from workbench.ui.fees.unpaid import UnpaidFeesDialog

    dialog = _reuse(parent, "_unpaid_fees_dialog")
    if dialog is None:
        dialog = UnpaidFeesDialog(ctx, parent)
        parent._unpaid_fees_dialog = dialog  # type: ignore[attr-defined]
        dialog.show()
    return dialog


def fee_actions(ctx: AppContext, parent: QWidget) -> tuple[QAction, QAction]:
    """The "Yearly fee run…" and "Unpaid fees and reminders…" actions, opening on *parent*."""
    run = QAction(tr("Yearly fee run…"), parent)
    run.setStatusTip(tr("Create the year's fee due for every member"))
    run.triggered.connect(lambda _checked=False: open_fee_run(ctx, parent))
    unpaid = QAction(tr("Unpaid fees and reminders…"), parent)
    unpaid.setStatusTip(tr("List the unpaid fees; send reminder letters and e-mails"))
    unpaid.triggered.connect(lambda _checked=False: open_unpaid_fees(ctx, parent))
    return run, unpaid
