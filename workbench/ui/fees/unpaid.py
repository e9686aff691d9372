"""Unpaid fees of a year, and the reminders sent from them: letters (PDF) and e-mail drafts.

The rows come from :func:`workbench.services.fees.unpaid_fees`. Reminders go to the selected
rows (every row when none is selected): **Letters (PDF)…** writes one PDF with a page per
member, **E-mail drafts (.eml)…** one ``.eml`` file per member that may be e-mailed (the
consent rule, :func:`workbench.rules.contacts.email_recipient`; the others are named, with
the reason), **E-mail…** opens the mail program with a ``mailto:`` link for each of a few
selected members. Each of them records the reminder in the members' contact logs, as one
undoable edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.reports import reminders
from workbench.reports.files import ReportFileError
from workbench.services import fees as fees_service
from workbench.services.fees import ReminderLetter, UnpaidFee
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_date, format_int, format_money
from workbench.ui.i18n import error_text, ntr
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import folder_name, save_file_name

#: mailto: links open one mail window each: for a few members, not for a mailing.
MAILTO_LIMIT = 10
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def open_url(url: str) -> bool:
    """Open *url* with the desktop's handler (the mail program for ``mailto:``)."""
    return bool(QDesktopServices.openUrl(QUrl(url)))


def choose_folder(parent: QWidget | None, caption: str, start: str) -> str:
    """Ask for the folder of the e-mail drafts; "" when cancelled (tests replace it)."""
    return folder_name(parent, caption, start)


class UnpaidFeesDialog(QDialog):
    """The year's unpaid fees with reminder letters, e-mail drafts and the contact log."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RowTableModel[UnpaidFee] = RowTableModel(self._columns(), self)
        self._build_ui()
        self._connect_signals()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _columns(self) -> list[Column[UnpaidFee]]:
        right = _RIGHT
        return [
            Column("name", self.tr("Member"), lambda r: r.name, lambda r: r.name.casefold()),
            Column("category", self.tr("Category"), lambda r: r.category or ""),
            Column(
                "due",
                self.tr("Due"),
                lambda r: format_money(r.amount_due),
                lambda r: r.amount_due,
                align=right,
            ),
            Column(
                "paid",
                self.tr("Paid"),
                lambda r: format_money(r.amount_paid),
                lambda r: r.amount_paid,
                align=right,
            ),
            Column(
                "outstanding",
                self.tr("Still to pay"),
                lambda r: format_money(r.outstanding),
                lambda r: r.outstanding,
                align=right,
            ),
            Column(
                "email",
                self.tr("E-mail to"),
                self._email_text,
                tooltip=lambda r: error_text(r.recipient.refusal) if r.recipient.refusal else "",
            ),
            Column(
                "reminded",
                self.tr("Last reminder"),
                lambda r: format_date(r.last_reminder),
                lambda r: r.last_reminder,
            ),
        ]

    def _email_text(self, row: UnpaidFee) -> str:
        if row.recipient.address:
            return row.recipient.address
        if row.recipient.refused:
            return self.tr("no e-mail: no consent")
        return self.tr("no e-mail address")

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Unpaid fees and reminders"))
        self.resize(980, 560)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(date.today().year)
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("Italiano", "it")
        from workbench.ui.dialogs.history_dialog import current_language

        self.lang_combo.setCurrentIndex(max(self.lang_combo.findData(current_language()), 0))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Fee year")))
        top.addWidget(self.year_spin)
        top.addSpacing(16)
        top.addWidget(QLabel(self.tr("Letter language")))
        top.addWidget(self.lang_combo)
        top.addStretch(1)
        self.count_label = QLabel()
        top.addWidget(self.count_label)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.hint_label = QLabel(
            self.tr(
                "Reminders go to the selected members (to every member listed when none is "
                "selected) and are recorded in their contact logs; Ctrl+Z removes the records."
            )
        )
        self.hint_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("reminderResult")
        self.letters_button = QPushButton(self.tr("Letters (PDF)…"))
        self.drafts_button = QPushButton(self.tr("E-mail drafts (.eml)…"))
        self.mailto_button = QPushButton(self.tr("E-mail…"))
        self.mailto_button.setToolTip(
            self.tr("Opens your mail program for each selected member (up to {n}).").format(
                n=MAILTO_LIMIT
            )
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in (self.letters_button, self.drafts_button, self.mailto_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.year_spin.valueChanged.connect(lambda _year: self.reload())
        self.letters_button.clicked.connect(self._on_letters)
        self.drafts_button.clicked.connect(self._on_drafts)
        self.mailto_button.clicked.connect(self._on_mailto)
        self.buttons.rejected.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ data

    @property
    def year(self) -> int:
        """The fee year shown."""
        return self.year_spin.value()

    @property
    def lang(self) -> str:
        """The language of the letters and e-mails ("en" or "it")."""
        return str(self.lang_combo.currentData())

    def reload(self) -> None:
        """Read the year's unpaid fees again (keeping the selection)."""
        selected = set(self.selected_ids())
        try:
            rows = fees_service.unpaid_fees(self.ctx.db, self.year)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            rows = []
        self.model.set_rows(rows)
        self.select_ids(selected)
        total = sum((r.outstanding for r in rows), start=Decimal(0))
        self.count_label.setText(
            self.tr("{count} unpaid, {total} outstanding").format(
                count=format_int(len(rows)), total=format_money(total)
            )
        )
        self._update_buttons()

    def _on_data_changed(self, table: str) -> None:
        if table in ("", "organisation", "fee", "contact_log") and self.isVisible():
            self.reload()

    def selected_ids(self) -> list[int]:
        """Organisation ids of the selected rows, in view order."""
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [self.model.rows[i.row()].organisation_id for i in indexes]

    def select_ids(self, ids: set[int] | Sequence[int]) -> None:
        """Select the rows of the organisations *ids*."""
        wanted = set(ids)
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for position, row in enumerate(self.model.rows):
            if row.organisation_id in wanted:
                self.table.selectRow(position)
        self.table.setSelectionMode(mode)

    def target_ids(self) -> list[int]:
        """The members reminders go to: the selected rows, or every row when none is."""
        return self.selected_ids() or [r.organisation_id for r in self.model.rows]

    def _update_buttons(self, *_args: Any) -> None:
        has_rows = bool(self.model.rows)
        self.letters_button.setEnabled(has_rows)
        self.drafts_button.setEnabled(has_rows)
        self.mailto_button.setEnabled(0 < len(self.selected_ids()) <= MAILTO_LIMIT)

    def _letters(self, ids: Sequence[int]) -> list[ReminderLetter]:
        return fees_service.reminder_letters(self.ctx.db, ids, self.year)

    # ------------------------------------------------------------------ reminders

    def _start_folder(self) -> str:
        return str(Path.home())

    def _on_letters(self) -> None:
        path = save_file_name(
            self,
            self.tr("Save the reminder letters"),
            str(Path(self._start_folder()) / f"{self.tr('fee-reminders')}-{self.year}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            self.write_letters(Path(path))

    def write_letters(self, path: Path) -> bool:
        """Write the targets' letters to *path* (one PDF) and log them; True when written."""
        try:
            letters = self._letters(self.target_ids())
            head = fees_service.letterhead(self.ctx.db)
            reminders.write_letters_pdf(path, letters, head, self.lang)
        except (WorkbenchError, ReportFileError, ValueError) as exc:
            messages.show_error(self, exc)
            return False
        notes = {
            letter.organisation_id: self.tr("Letter: {amount} still to pay").format(
                amount=format_money(letter.outstanding)
            )
            for letter in letters
        }
        subject = self.tr("Fee reminder {year}: letter").format(year=self.year)
        self._log([letter.organisation_id for letter in letters], subject, notes)
        self._report(
            ntr(
                "%Ln reminder letter written to {path}.",
                "%Ln reminder letters written to {path}.",
                len(letters),
            ).format(path=str(path))
        )
        return True

    def _on_drafts(self) -> None:
        folder = choose_folder(self, self.tr("Folder for the e-mail drafts"), self._start_folder())
        if folder:
            self.write_drafts(Path(folder))

    def write_drafts(self, folder: Path) -> reminders.DraftsWritten | None:
        """Write one .eml per target that may be e-mailed, log them, say who got none."""
        try:
            letters = self._letters(self.target_ids())
            head = fees_service.letterhead(self.ctx.db)
            result = reminders.write_email_drafts(folder, letters, head, self.lang)
        except (WorkbenchError, ReportFileError, ValueError, OSError) as exc:
            messages.show_error(self, exc)
            return None
        notes = {
            letter.organisation_id: self.tr("E-mail draft to {address}").format(
                address=letter.recipient.address
            )
            for letter, _path in result.written
        }
        subject = self.tr("Fee reminder {year}: e-mail").format(year=self.year)
        self._log([letter.organisation_id for letter, _path in result.written], subject, notes)
        text = ntr(
            "%Ln e-mail draft written to {folder}.",
            "%Ln e-mail drafts written to {folder}.",
            len(result.written),
        ).format(folder=str(folder))
        if result.skipped:
            text += "\n" + ntr(
                "No e-mail for %Ln member:", "No e-mail for %Ln members:", len(result.skipped)
            )
            text += "\n" + "\n".join(f"• {error_text(reason)}" for _l, reason in result.skipped)
        self._report(text)
        return result

    def _on_mailto(self) -> None:
        self.open_mailto()

    def open_mailto(self) -> int:
        """Open a mailto: link per selected member that may be e-mailed; returns how many."""
        ids = self.selected_ids()
        if not ids or len(ids) > MAILTO_LIMIT:
            return 0
        try:
            letters = self._letters(ids)
            head = fees_service.letterhead(self.ctx.db)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return 0
        opened = []
        refused = []
        for letter in letters:
            if letter.recipient.address is None:
                refused.append(letter)
                continue
            if open_url(reminders.mailto_url(letter, head, self.lang)):
                opened.append(letter)
        notes = {
            letter.organisation_id: self.tr("E-mail to {address}").format(
                address=letter.recipient.address
            )
            for letter in opened
        }
        subject = self.tr("Fee reminder {year}: e-mail").format(year=self.year)
        self._log([letter.organisation_id for letter in opened], subject, notes)
        text = ntr(
            "%Ln e-mail opened in your mail program.",
            "%Ln e-mails opened in your mail program.",
            len(opened),
        )
        if refused:
            text += "\n" + ntr(
                "No e-mail for %Ln member:", "No e-mail for %Ln members:", len(refused)
            )
            text += "\n" + "\n".join(
                f"• {error_text(letter.recipient.refusal or '')}" for letter in refused
            )
        self._report(text)
        return len(opened)

    def _log(self, org_ids: list[int], subject: str, notes: dict[int, str]) -> None:
        """Record the reminders in the contact logs as one undoable edit."""
        if not org_ids:
            return
        db, day = self.ctx.db, date.today()

        def do(cmd: ServiceCommand) -> list[int]:
            return fees_service.log_reminders(
                db, org_ids, day, subject, notes, staff_name=db.user or None
            )

        def undo(cmd: ServiceCommand) -> None:
            fees_service.remove_log_entries(db, cmd.result or [])

        try:
            push_edit(
                self.ctx.undo_stack,
                ServiceCommand(subject, do, undo, bus=self.ctx.bus, table="organisation"),
            )
        except WorkbenchError as exc:
            messages.show_error(self, exc)
        self.reload()  # the bus may announce the change later (the write worker)

    def _report(self, text: str) -> None:
        self.result_label.setText(text)
        messages.inform(self, self.tr("Fee reminders"), text)
