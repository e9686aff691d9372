"""The organisation editor's tabs of child rows (membership, fees, size, contacts, areas).

:class:`ChildSection` is the tab (a table with Add / Edit / Delete); the ``*_columns`` functions
say what each tab's table shows. The dialog of each row is in
:mod:`workbench.ui.editor.child_dialogs`. Rows are edited in the dialog only: the editor's Save
writes them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.editor.row_dialog import RowDialog
from workbench.ui.formatting import (
    format_date,
    format_decimal,
    format_int,
    format_money,
    format_percent,
)
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.widgets.forms import FieldError

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Row = dict[str, Any]


def tr(text: str, disambiguation: str | None = None) -> str:
    """Translate *text* in the ``OrganisationEditor`` context (the editor's strings)."""
    return QCoreApplication.translate("OrganisationEditor", text, disambiguation)


class ChildSection(QWidget):
    """A tab with a table of child rows and Add / Edit / Delete buttons (plus extras)."""

    sig_changed = Signal()

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        make_dialog: Callable[[Row | None], RowDialog],
        *,
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model: RowTableModel[Row] = RowTableModel(columns, self)
        self._make_dialog = make_dialog
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAlternatingRowColors(True)
        self.add_button = QPushButton(self.tr("Add…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.delete_button)
        self.buttons.addStretch(1)
        self.error = FieldError()
        self.empty_label = QLabel(empty_text)
        self.empty_label.setStyleSheet("color: palette(mid);")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.empty_label)
        self.layout_.addWidget(self.error)
        self.layout_.addLayout(self.buttons)
        self.add_button.clicked.connect(lambda: self.edit_row(None))
        self.edit_button.clicked.connect(self._on_edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.table.doubleClicked.connect(lambda _i: self._on_edit_current())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.dialog: RowDialog | None = None
        self._update_buttons()

    def rows(self) -> list[Row]:
        """The rows as currently edited."""
        return list(self.model.all_rows)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show *rows* (copies are kept)."""
        self.model.set_rows([dict(r) for r in rows])
        self._after_change(emit=False)

    def current_row(self) -> Row | None:
        """The selected row, if any."""
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def select_position(self, position: int) -> None:
        """Select the visible row at *position*."""
        self.table.selectRow(position)

    def edit_row(self, row: Row | None) -> RowDialog:
        """Open the row dialog for *row* (None: a new row); returns it (non-blocking)."""
        dialog = self._make_dialog(row)
        dialog.sig_accepted.connect(lambda values: self._on_row_accepted(row, values))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _on_edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.edit_row(row)

    def _on_row_accepted(self, original: Row | None, values: Row) -> None:
        rows = self.model.all_rows
        if original is None:
            rows.append(values)
        else:
            rows[rows.index(original)] = values
        self.model.set_rows(rows)
        self._after_change()

    def add_values(self, values: Row) -> None:
        """Append a row without a dialog (tests, defaults)."""
        self._on_row_accepted(None, values)

    def replace_row(self, original: Row, values: Row) -> None:
        """Replace *original* by *values* without a dialog."""
        self._on_row_accepted(original, values)

    def delete_current(self) -> None:
        """Remove the selected row (written on Save)."""
        row = self.current_row()
        if row is None:
            return
        rows = [r for r in self.model.all_rows if r is not row]
        self.model.set_rows(rows)
        self._after_change()

    def show_error(self, message: str | None) -> None:
        """Show a message about this section's rows (from the service on Save)."""
        self.error.show_message(message)

    def _after_change(self, *, emit: bool = True) -> None:
        self.empty_label.setVisible(not self.model.all_rows)
        self.table.setVisible(bool(self.model.all_rows))
        self.error.show_message(None)
        self._update_buttons()
        if emit:
            self.sig_changed.emit()

    def _update_buttons(self, *_args: Any) -> None:
        has = self.current_row() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)


def read_only_table(model: RowTableModel[Any]) -> QTableView:
    """A table of *model* for reading: whole rows selected, nothing edited in place."""
    table = QTableView()
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


# --------------------------------------------------------------------------- what each tab shows


def _yes_no(value: Any) -> str:
    return tr("Yes") if value else tr("No")


def _dated(key: str, title: str, field: str) -> Column[Row]:
    """A date column, sorted by the date itself."""
    return Column(key, title, lambda r: format_date(r.get(field)), lambda r: r.get(field))


def _right(key: str, title: str, show: Callable[[Any], str], field: str) -> Column[Row]:
    """A right-aligned figure column, sorted by the value itself."""
    return Column(key, title, lambda r: show(r.get(field)), lambda r: r.get(field), align=_RIGHT)


def membership_columns() -> list[Column[Row]]:
    """The Membership tab: one row per membership period."""
    return [
        _dated("join", tr("Joined", "OrganisationEditor"), "join_date"),
        _dated("leave", tr("Left", "OrganisationEditor"), "leave_date"),
        Column("reason", tr("Reason for leaving"), lambda r: r.get("leave_reason")),
        Column("category", tr("Category"), lambda r: r.get("category")),
        Column("agreement", tr("Agreement signed"), lambda r: _yes_no(r.get("agreement_signed"))),
    ]


def fee_columns() -> list[Column[Row]]:
    """The Fees tab: one row per year."""
    return [
        _right("year", tr("Year"), lambda v: v, "year"),
        _right("due", tr("Due"), format_money, "amount_due"),
        _right("paid", tr("Paid"), format_money, "amount_paid"),
        _dated("paid_date", tr("Paid on"), "paid_date"),
        Column("status", tr("Status"), fee_status),
    ]


def size_columns() -> list[Column[Row]]:
    """The size data of the Size and SME class tab: one row per year."""
    return [
        _right("year", tr("Year"), lambda v: v, "year"),
        _right("staff", tr("Staff (AWU)"), lambda v: format_decimal(v, 2, trim=True), "staff_awu"),
        _right("turnover", tr("Turnover"), format_money, "turnover"),
        _right("balance", tr("Balance sheet"), format_money, "balance_sheet"),
        _right("public", tr("Public control"), format_percent, "public_control_pct"),
        Column(
            "links",
            tr("Partner/linked enterprises"),
            lambda r: format_int(len(r.get("links") or [])) if r.get("links") else "",
            align=_RIGHT,
        ),
        Column("source", tr("Source"), lambda r: r.get("source")),
    ]


def contact_columns() -> list[Column[Row]]:
    """The Contacts tab: one row per person."""
    return [
        Column(
            "name",
            tr("Name"),
            lambda r: " ".join(p for p in (r.get("first_name"), r.get("last_name")) if p),
        ),
        Column(
            "consent",
            tr("Consent"),
            lambda r: _yes_no(r.get("consent")),
            tooltip=lambda r: (
                tr("Agreed to be contacted and listed")
                if r.get("consent")
                else tr("No consent: left out of published lists and reports")
            ),
        ),
        _dated("consent_date", tr("Consent date"), "consent_date"),
        Column("role", tr("Role"), lambda r: r.get("role")),
        Column("email", tr("E-mail"), lambda r: r.get("email")),
        Column("phone", tr("Phone"), lambda r: r.get("phone")),
        Column("primary", tr("Main contact"), lambda r: tr("Yes") if r.get("is_primary") else ""),
    ]


def area_columns(area_name: Callable[[int | None], str]) -> list[Column[Row]]:
    """The Competence areas tab: one row per participation; *area_name* names an area id."""
    return [
        Column("area", tr("Competence area"), lambda r: area_name(r.get("area_id"))),
        _dated("from", tr("From"), "from_date"),
        _dated("to", tr("To"), "to_date"),
        Column("role", tr("Role"), lambda r: r.get("role")),
    ]


def fee_status(row: Row) -> str:
    """Paid, Partly paid or Unpaid: what was paid of what was due."""
    due = row.get("amount_due") or Decimal(0)
    paid = row.get("amount_paid") or Decimal(0)
    if paid >= due:
        return tr("Paid")
    if paid > 0:
        return tr("Partly paid")
    return tr("Unpaid")
