"""The organisation editor: everything about one organisation in tabs, saved as one undoable edit.

The dialog works on a *snapshot* (identity values plus child rows, see
:mod:`workbench.services.org_records`): child rows are added, edited and deleted in the dialog,
and **Save** writes everything in one transaction through a :class:`ServiceCommand`, so Ctrl+Z
in the main window undoes the whole edit (a creation is undone by deleting, a deletion by
recreating the organisation with all its children). Validation messages appear under the
field they concern; a conflict with someone else's save offers Reload, Overwrite or Compare.
The Contacts tab exports or erases a person's data (GDPR) through ``services.privacy``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import sme
from workbench.errors import ConflictError, NotFoundError, ValidationError, WorkbenchError
from workbench.models import OrgType, SmeClass
from workbench.rules import contacts, membership, size
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services import org_records, taxonomy
from workbench.services import projects as projects_service
from workbench.ui.context import AppContext
from workbench.ui.dialogs.attachments_panel import AttachmentsPanel
from workbench.ui.dialogs.history_dialog import current_language, source_labels
from workbench.ui.dialogs.org_row_dialog import RowDialog, RowField
from workbench.ui.formatting import (
    format_date,
    format_datetime,
    format_decimal,
    format_int,
    format_money,
    format_percent,
)
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.tasks import default_runner
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.contact_log import ContactLogView
from workbench.ui.widgets.file_dialogs import save_file_name
from workbench.ui.widgets.forms import FieldError, InlineForm
from workbench.ui.widgets.labels import org_type_label, sme_label
from workbench.ui.write_status import saving

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Row = dict[str, Any]

#: Identity fields: (key, kind) in the order of the form. Labels are set in _identity_labels.
IDENTITY_LEFT = (
    "name",
    "legal_name",
    "org_type",
    "vat",
    "fiscal_code",
    "nace",
    "website",
    "email",
    "phone",
)
IDENTITY_RIGHT = (
    "address",
    "postcode",
    "city",
    "province",
    "region",
    "nuts2",
    "country",
    "is_external",
)


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


class OrganisationEditor(QDialog):
    """Edit (or create, with ``org_id=None``) one organisation.

    Signals:
        sig_saved(int): the organisation id after a successful save.
        sig_deleted(int): the organisation was deleted from the editor.
    """

    sig_saved = Signal(int)
    sig_deleted = Signal(int)

    def __init__(self, ctx: AppContext, org_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.org_id = org_id
        self.snapshot: org_records.Snapshot = self._empty_snapshot()
        self._vat_left = False
        self._areas: list[Any] = []
        self.setObjectName("OrganisationEditor")
        self.setSizeGripEnabled(True)
        self._build_ui()
        self._connect_signals()
        self.resize(940, 680)
        self.load()
        self.focus_first_field()

    # ------------------------------------------------------------------ data

    @staticmethod
    def _empty_snapshot() -> org_records.Snapshot:
        return {
            "organisation": {
                "id": None,
                "version": None,
                "org_type": OrgType.COMPANY,
                "country": "IT",
                "is_external": False,
            },
            **{key: [] for key in org_records.CHILDREN},
            "project_partners": [],
            "activity_participants": [],
        }

    def load(self) -> None:
        """(Re)load the organisation from the database into the dialog."""
        try:
            self._areas = taxonomy.list_areas(self.ctx.db)
            if self.org_id is not None:
                self.snapshot = org_records.load_snapshot(self.ctx.db, self.org_id)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return
        if self.org_id is None and not self.snapshot["memberships"]:
            self.snapshot["memberships"] = [
                {"join_date": date.today(), "leave_date": None, "agreement_signed": False}
            ]
        self._fill()

    def _fill(self) -> None:
        values = self.snapshot["organisation"]
        for key, widget in self.fields.items():
            self._put(widget, values.get(key))
        self.notes_edit.setPlainText(values.get("notes") or "")
        self.override_combo.setCurrentIndex(
            max(self.override_combo.findData(values.get("sme_override")), 0)
        )
        self.override_reason.setText(values.get("sme_override_reason") or "")
        for key, section in self.sections.items():
            section.set_rows(self.snapshot.get(key, []))
        self.contact_log_view.set_rows(self.snapshot.get("contact_log", []))
        self._clear_errors()
        self._update_title()
        self._update_sme()
        self._load_read_only_tabs()
        self.delete_button.setVisible(self.org_id is not None)

    @staticmethod
    def _put(widget: QWidget, value: Any) -> None:
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def collect(self) -> org_records.Snapshot:
        """The snapshot as currently edited in the dialog."""
        values: Row = dict(self.snapshot["organisation"])
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text().strip() or None
        values["notes"] = self.notes_edit.toPlainText().strip() or None
        values["sme_override"] = self.override_combo.currentData()
        values["sme_override_reason"] = self.override_reason.text().strip() or None
        snap = {**self.snapshot, "organisation": values}
        for key, section in self.sections.items():
            snap[key] = section.rows()
        return snap

    def is_modified(self) -> bool:
        """True when the dialog holds changes not saved yet."""
        return _comparable(self.collect()) != _comparable(self.snapshot)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_identity(), self.tr("Identity"))
        self.sections: dict[str, ChildSection] = {}
        self._build_sections()
        self.tabs.addTab(self.sections["memberships"], self.tr("Membership"))
        self.tabs.addTab(self.sections["fees"], self.tr("Fees"))
        self.tabs.addTab(self._build_size_tab(), self.tr("Size and SME class"))
        self.tabs.addTab(self.sections["contacts"], self.tr("Contacts"))
        self.tabs.addTab(self.sections["area_participations"], self.tr("Competence areas"))
        self.tabs.addTab(self._build_projects_tab(), self.tr("Projects"))
        self.attachments_panel = AttachmentsPanel(self.ctx, self.org_id, self)
        self.tabs.addTab(self.attachments_panel, self.tr("Attachments"))
        self.tabs.addTab(self._build_history_tab(), self.tr("History"))
        self.contact_log_view = ContactLogView()  # read-only: reminders and contacts logged
        self.tabs.addTab(self.contact_log_view, self.tr("Contact log"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.delete_button = self.buttons.addButton(
            self.tr("Delete organisation…"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        self.header_label = QLabel()
        self.header_label.setStyleSheet("font-size: 130%; font-weight: 600;")
        layout.addWidget(self.header_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    def _identity_labels(self) -> dict[str, str]:
        return {
            "name": self.tr("Name *"),
            "legal_name": self.tr("Legal name"),
            "org_type": self.tr("Type"),
            "vat": self.tr("VAT number"),
            "fiscal_code": self.tr("Fiscal code"),
            "nace": self.tr("NACE code"),
            "website": self.tr("Website"),
            "email": self.tr("E-mail"),
            "phone": self.tr("Phone"),
            "address": self.tr("Address"),
            "postcode": self.tr("Postcode"),
            "city": self.tr("City"),
            "province": self.tr("Province"),
            "region": self.tr("Region"),
            "nuts2": self.tr("NUTS-2 region"),
            "country": self.tr("Country"),
            "is_external": self.tr("External"),
        }

    def _build_identity(self) -> QWidget:
        page = QWidget()
        labels = self._identity_labels()
        self.fields: dict[str, QWidget] = {}
        self.left_form = InlineForm()
        self.right_form = InlineForm()
        for keys, form in ((IDENTITY_LEFT, self.left_form), (IDENTITY_RIGHT, self.right_form)):
            for key in keys:
                widget: QWidget
                if key == "org_type":
                    combo = QComboBox()
                    for org_type in OrgType:
                        combo.addItem(org_type_label(org_type), org_type)
                    widget = combo
                elif key == "is_external":
                    widget = QCheckBox(self.tr("not a member: met in projects or activities"))
                else:
                    edit = QLineEdit()
                    if key == "country":
                        edit.setMaxLength(2)
                        edit.setPlaceholderText("IT")
                    if key == "vat":
                        edit.setPlaceholderText(self.tr("e.g. IT01234567897"))
                    if key == "website":
                        edit.setPlaceholderText("www.example.it")
                    widget = edit
                self.fields[key] = widget
                form.add_row(key, labels[key], widget)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(80)
        self.notes_edit.setTabChangesFocus(True)  # Tab moves on; notes need no tab characters
        notes_form = InlineForm()
        notes_form.add_row("notes", self.tr("Notes"), self.notes_edit)
        self.notes_form = notes_form
        grid = QGridLayout(page)
        grid.addLayout(self.left_form, 0, 0)
        grid.addLayout(self.right_form, 0, 1)
        grid.addLayout(notes_form, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        grid.setRowStretch(2, 1)
        self.vat_hint = QLabel()
        self.vat_hint.setStyleSheet("color: palette(mid); font-size: 90%;")
        return page

    def _forms(self) -> list[InlineForm]:
        return [self.left_form, self.right_form, self.notes_form, self.override_form]

    def _build_sections(self) -> None:
        tr = self.tr
        self.sections["memberships"] = ChildSection(
            [
                Column(
                    "join",
                    tr("Joined", "OrganisationEditor"),
                    lambda r: format_date(r.get("join_date")),
                    lambda r: r.get("join_date"),
                ),
                Column(
                    "leave",
                    tr("Left", "OrganisationEditor"),
                    lambda r: format_date(r.get("leave_date")),
                    lambda r: r.get("leave_date"),
                ),
                Column("reason", tr("Reason for leaving"), lambda r: r.get("leave_reason")),
                Column("category", tr("Category"), lambda r: r.get("category")),
                Column(
                    "agreement",
                    tr("Agreement signed"),
                    lambda r: tr("Yes") if r.get("agreement_signed") else tr("No"),
                ),
            ],
            self._membership_dialog,
            empty_text=tr("Not a member: add a membership period to make it one."),
        )
        end_button = QPushButton(tr("End membership…"))
        end_button.clicked.connect(self._on_end_membership)
        self.end_membership_button = end_button
        self.sections["memberships"].buttons.insertWidget(2, end_button)
        self.sections["fees"] = ChildSection(
            [
                Column(
                    "year",
                    tr("Year"),
                    lambda r: r.get("year"),
                    lambda r: r.get("year"),
                    align=_RIGHT,
                ),
                Column(
                    "due",
                    tr("Due"),
                    lambda r: format_money(r.get("amount_due")),
                    lambda r: r.get("amount_due"),
                    align=_RIGHT,
                ),
                Column(
                    "paid",
                    tr("Paid"),
                    lambda r: format_money(r.get("amount_paid")),
                    lambda r: r.get("amount_paid"),
                    align=_RIGHT,
                ),
                Column(
                    "paid_date",
                    tr("Paid on"),
                    lambda r: format_date(r.get("paid_date")),
                    lambda r: r.get("paid_date"),
                ),
                Column("status", tr("Status"), lambda r: _fee_status(r, tr)),
            ],
            self._fee_dialog,
            empty_text=tr("No fees recorded."),
        )
        self.sections["size_data"] = ChildSection(
            [
                Column(
                    "year",
                    tr("Year"),
                    lambda r: r.get("year"),
                    lambda r: r.get("year"),
                    align=_RIGHT,
                ),
                Column(
                    "staff",
                    tr("Staff (AWU)"),
                    lambda r: format_decimal(r.get("staff_awu"), 2, trim=True),
                    lambda r: r.get("staff_awu"),
                    align=_RIGHT,
                ),
                Column(
                    "turnover",
                    tr("Turnover"),
                    lambda r: format_money(r.get("turnover")),
                    lambda r: r.get("turnover"),
                    align=_RIGHT,
                ),
                Column(
                    "balance",
                    tr("Balance sheet"),
                    lambda r: format_money(r.get("balance_sheet")),
                    lambda r: r.get("balance_sheet"),
                    align=_RIGHT,
                ),
                Column(
                    "public",
                    tr("Public control"),
                    lambda r: format_percent(r.get("public_control_pct")),
                    lambda r: r.get("public_control_pct"),
                    align=_RIGHT,
                ),
                Column(
                    "links",
                    tr("Partner/linked enterprises"),
                    lambda r: format_int(len(r.get("links") or [])) if r.get("links") else "",
                    align=_RIGHT,
                ),
                Column("source", tr("Source"), lambda r: r.get("source")),
            ],
            self._size_dialog,
            empty_text=tr("No size data: the SME class cannot be computed."),
        )
        self.sections["contacts"] = ChildSection(
            [
                Column(
                    "name",
                    tr("Name"),
                    lambda r: " ".join(p for p in (r.get("first_name"), r.get("last_name")) if p),
                ),
                Column(
                    "consent",
                    tr("Consent"),
                    lambda r: tr("Yes") if r.get("consent") else tr("No"),
                    tooltip=lambda r: (
                        tr("Agreed to be contacted and listed")
                        if r.get("consent")
                        else tr("No consent: left out of published lists and reports")
                    ),
                ),
                Column(
                    "consent_date",
                    tr("Consent date"),
                    lambda r: format_date(r.get("consent_date")),
                    lambda r: r.get("consent_date"),
                ),
                Column("role", tr("Role"), lambda r: r.get("role")),
                Column("email", tr("E-mail"), lambda r: r.get("email")),
                Column("phone", tr("Phone"), lambda r: r.get("phone")),
                Column(
                    "primary",
                    tr("Main contact"),
                    lambda r: tr("Yes") if r.get("is_primary") else "",
                ),
            ],
            self._contact_dialog,
            empty_text=tr("No contacts."),
        )
        self._build_privacy_buttons(self.sections["contacts"])
        self.sections["area_participations"] = ChildSection(
            [
                Column("area", tr("Competence area"), lambda r: self._area_name(r.get("area_id"))),
                Column(
                    "from",
                    tr("From"),
                    lambda r: format_date(r.get("from_date")),
                    lambda r: r.get("from_date"),
                ),
                Column(
                    "to",
                    tr("To"),
                    lambda r: format_date(r.get("to_date")),
                    lambda r: r.get("to_date"),
                ),
                Column("role", tr("Role"), lambda r: r.get("role")),
            ],
            self._area_dialog,
            empty_text=tr("Not in any competence area."),
        )
        # The contact log is kept but not edited here (it has its own place in activities).
        self.sections_hidden = {"contact_log"}

    def _build_size_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.sections["size_data"], 1)
        box = QGroupBox(self.tr("SME class"))
        box_layout = QVBoxLayout(box)
        self.sme_class_label = QLabel()
        self.sme_class_label.setStyleSheet("font-weight: 600; font-size: 115%;")
        self.sme_reason_label = QLabel()
        self.sme_reason_label.setWordWrap(True)
        self.sme_reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box_layout.addWidget(self.sme_class_label)
        box_layout.addWidget(self.sme_reason_label)
        self.override_combo = QComboBox()
        self.override_combo.addItem(self.tr("No: use the computed class"), None)
        for sme_class in SmeClass:
            self.override_combo.addItem(sme_label(sme_class), sme_class)
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(
            self.tr("why, e.g. group figures from the 2024 balance sheet")
        )
        self.override_form = InlineForm()
        self.override_form.add_row("sme_override", self.tr("Set by hand"), self.override_combo)
        self.override_form.add_row("sme_override_reason", self.tr("Reason"), self.override_reason)
        box_layout.addLayout(self.override_form)
        layout.addWidget(box)
        return page

    def _build_projects_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        tr = self.tr
        self.projects_model: RowTableModel[Row] = RowTableModel(
            [
                Column("acronym", tr("Project"), lambda r: r["acronym"]),
                Column("title", tr("Title"), lambda r: r["title"]),
                Column("programme", tr("Programme"), lambda r: r["programme"]),
                Column("role", tr("Role"), lambda r: r["role"]),
                Column(
                    "start", tr("Start"), lambda r: format_date(r["start"]), lambda r: r["start"]
                ),
                Column("end", tr("End"), lambda r: format_date(r["end"]), lambda r: r["end"]),
            ],
            self,
        )
        self.projects_table = _read_only_table(self.projects_model)
        self.projects_empty = QLabel(tr("Takes part in no project."))
        layout.addWidget(self.projects_table, 1)
        layout.addWidget(self.projects_empty)
        return page

    def _build_history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        tr = self.tr
        # Rows are (AuditEntry, ReadableChange): texts from services.history_text.
        self.history_model: RowTableModel[Any] = RowTableModel(
            [
                Column("at", tr("When"), lambda h: format_datetime(h[0].at), lambda h: h[0].at),
                Column("user", tr("Who"), lambda h: h[0].user),
                Column(
                    "what",
                    tr("What"),
                    lambda h: _history_what(h, tr),
                    tooltip=lambda h: _history_what(h, tr),
                ),
                Column("field", tr("Field"), lambda h: h[1].field),
                Column(
                    "old",
                    tr("Before"),
                    lambda h: _short(h[1].before),
                    tooltip=lambda h: h[1].before,
                ),
                Column(
                    "new", tr("After"), lambda h: _short(h[1].after), tooltip=lambda h: h[1].after
                ),
                Column(
                    "source", tr("Source"), lambda h: source_labels().get(h[0].source, h[0].source)
                ),
            ],
            self,
        )
        self.history_table = _read_only_table(self.history_model)
        # "What" names the record with its organisation and can be long: give it a fixed
        # share (the whole text is in the cell's tooltip) so Before/After stay in view.
        what = next(i for i, c in enumerate(self.history_model.columns) if c.key == "what")
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(what, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(what, 320)
        self.history_empty = QLabel(tr("No changes recorded yet."))
        layout.addWidget(self.history_table, 1)
        layout.addWidget(self.history_empty)
        return page

    def _load_read_only_tabs(self) -> None:
        projects: list[Row] = []
        history: list[Any] = []
        if self.org_id is not None:
            try:
                for project, role in projects_service.projects_of_organisation(
                    self.ctx.db, self.org_id
                ):
                    projects.append(
                        {
                            "acronym": project.acronym,
                            "title": project.title or "",
                            "programme": project.programme or "",
                            "role": role,
                            "start": project.start_date,
                            "end": project.end_date,
                        }
                    )
                history = org_records.readable_organisation_history(
                    self.ctx.db, self.snapshot, current_language()
                )
            except WorkbenchError as exc:
                messages.show_error(self, exc)
        self.projects_model.set_rows(projects)
        self.projects_table.setVisible(bool(projects))
        self.projects_empty.setVisible(not projects)
        self.history_model.set_rows(history)
        self.history_table.setVisible(bool(history))
        self.history_empty.setVisible(not history)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(lambda: self.save())
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._on_delete)
        vat = self.fields["vat"]
        assert isinstance(vat, QLineEdit)
        vat.textEdited.connect(self._on_vat_edited)
        vat.editingFinished.connect(self._on_vat_left)
        for key, check in (("email", normalise_email), ("website", normalise_url)):
            edit = self.fields[key]
            assert isinstance(edit, QLineEdit)
            edit.editingFinished.connect(lambda k=key, c=check: self._check_simple(k, c))
        fiscal = self.fields["fiscal_code"]
        assert isinstance(fiscal, QLineEdit)
        fiscal.editingFinished.connect(
            lambda: self._check_simple("fiscal_code", normalise_fiscal_code)
        )
        name = self.fields["name"]
        assert isinstance(name, QLineEdit)
        name.textEdited.connect(lambda _t: self._set_error("name", None))
        name.textEdited.connect(lambda _t: self._update_title())
        self._type_combo().currentIndexChanged.connect(lambda _i: self._update_sme())
        self.override_combo.currentIndexChanged.connect(lambda _i: self._update_sme())
        self.override_reason.textEdited.connect(lambda _t: self._update_sme())
        self.sections["size_data"].sig_changed.connect(self._update_sme)
        self.sections["memberships"].sig_changed.connect(self._update_title)
        self._vat_timer = QTimer(self)
        self._vat_timer.setSingleShot(True)
        self._vat_timer.setInterval(300)
        self._vat_timer.timeout.connect(lambda: self.check_vat(final=False))

    # ------------------------------------------------------------------ live checks

    def _set_error(self, key: str, message: str | None) -> None:
        for form in self._forms():
            if key in form.fields:
                form.set_error(key, message)
                return

    def error_text(self, key: str) -> str:
        """Message currently shown under identity/SME field *key* ("" if none)."""
        for form in self._forms():
            if key in form.fields:
                return form.error_text(key)
        section = self.sections.get(key)
        return section.error.text() if section is not None and section.error.isVisible() else ""

    def _clear_errors(self) -> None:
        for form in self._forms():
            form.clear_errors()
        for section in self.sections.values():
            section.show_error(None)

    def _on_vat_edited(self, _text: str) -> None:
        self._vat_timer.start()

    def _on_vat_left(self) -> None:
        self._vat_left = True
        self.check_vat(final=True)

    def check_vat(self, *, final: bool = True) -> bool:
        """Validate the VAT number now and show the result under the field; True if fine.

        While typing (*final* False) an incomplete number is not reported yet.
        """
        edit = self.fields["vat"]
        assert isinstance(edit, QLineEdit)
        text = edit.text().strip()
        if not text:
            self._set_error("vat", None)
            return True
        country = (self._text("country") or "IT").upper()
        try:
            # Lost leading zeros are restored as on import: the editor accepts what it accepts.
            normalise_vat(text, default_country=country, restore_lost_zeros=True)
        except ValueError as exc:
            digits = sum(ch.isdigit() for ch in text)
            if final or self._vat_left or digits >= 11:
                self._set_error("vat", error_text(exc))
            return False
        self._set_error("vat", None)
        return True

    def _check_simple(self, key: str, check: Callable[[str], str | None]) -> bool:
        text = self._text(key)
        if not text:
            self._set_error(key, None)
            return True
        try:
            check(text)
        except ValueError as exc:
            self._set_error(key, error_text(exc))
            return False
        self._set_error(key, None)
        return True

    def _type_combo(self) -> QComboBox:
        combo = self.fields["org_type"]
        assert isinstance(combo, QComboBox)
        return combo

    def _text(self, key: str) -> str:
        widget = self.fields[key]
        return widget.text().strip() if isinstance(widget, QLineEdit) else ""

    def _update_title(self) -> None:
        name = self._text("name") if hasattr(self, "fields") else ""
        if self.org_id is None:
            title = self.tr("New organisation")
            self.header_label.setText(name or title)
        else:
            title = self.tr("Organisation: {name}").format(name=name)
            self.header_label.setText(name)
        self.setWindowTitle(title)

    def _update_sme(self) -> None:
        result = self.sme_result()
        if result.sme_class is None:
            text = self.tr("No SME class")
        else:
            text = self.tr("SME class: {value}").format(value=sme_label(result.sme_class))
            if result.year:
                text += " " + self.tr("(figures of {year})").format(year=result.year)
        self.sme_class_label.setText(text)
        self.sme_reason_label.setText(result.reason)

    def sme_result(self) -> sme.SmeResult:
        """SME class of the organisation as edited (size rows, type and override)."""
        rows = sorted(self.sections["size_data"].rows(), key=lambda r: r.get("year") or 0)
        history = [size.year_figures(row, row.get("links") or ()) for row in rows]
        org_type = self._type_combo().currentData() or OrgType.COMPANY
        return size.classify_sme(
            history,
            org_is_enterprise=OrgType(org_type).is_enterprise,
            override=self.override_combo.currentData(),
            override_reason=self.override_reason.text(),
            as_of_year=date.today().year,
        )

    # ------------------------------------------------------------------ child row dialogs

    def _membership_dialog(self, row: Row | None) -> RowDialog:
        tr = self.tr
        others = [r for r in self.sections["memberships"].rows() if r is not row]

        def no_overlap(values: Row) -> tuple[str, str] | None:
            problem = membership.overlap_problem(values, others)
            return None if problem is None else ("join_date", error_text(problem))

        return RowDialog(
            tr("Membership period"),
            [
                RowField("join_date", tr("Joined on"), "date_required", required=True),
                RowField("leave_date", tr("Left on"), "date"),
                RowField("leave_reason", tr("Reason for leaving")),
                RowField("category", tr("Category")),
                RowField("agreement_signed", tr("Membership agreement signed"), "bool"),
                RowField("commitment_evidence", tr("Commitment evidence"), "multiline"),
            ],
            row,
            checks=[
                _date_order(
                    "join_date", "leave_date", tr("The leave date is before the join date.")
                ),
                no_overlap,
            ],
            parent=self,
        )

    def _fee_dialog(self, row: Row | None) -> RowDialog:
        tr = self.tr
        taken = {r.get("year") for r in self.sections["fees"].rows() if r is not row}

        def unique_year(values: Row) -> tuple[str, str] | None:
            if values.get("year") in taken:
                return "year", tr("There is already a fee for {year}.").format(year=values["year"])
            return None

        return RowDialog(
            tr("Membership fee"),
            [
                RowField("year", tr("Year"), "year", required=True),
                RowField("amount_due", tr("Amount due"), "money", required=True),
                RowField("amount_paid", tr("Amount paid"), "money"),
                RowField("paid_date", tr("Paid on"), "date"),
            ],
            row or {"year": date.today().year},
            checks=[unique_year],
            parent=self,
        )

    def _size_dialog(self, row: Row | None) -> RowDialog:
        tr = self.tr
        taken = {r.get("year") for r in self.sections["size_data"].rows() if r is not row}

        def unique_year(values: Row) -> tuple[str, str] | None:
            if values.get("year") in taken:
                return "year", tr("There are already size data for {year}.").format(
                    year=values["year"]
                )
            return None

        def percent(values: Row) -> tuple[str, str] | None:
            pct = values.get("public_control_pct")
            if pct is not None and not Decimal(0) <= pct <= Decimal(100):
                return "public_control_pct", tr("Type a percentage between 0 and 100.")
            return None

        return RowDialog(
            tr("Size data"),
            [
                RowField("year", tr("Year"), "year", required=True),
                RowField("staff_awu", tr("Staff (annual work units)"), "decimal"),
                RowField("turnover", tr("Turnover"), "money"),
                RowField("balance_sheet", tr("Balance-sheet total"), "money"),
                RowField("public_control_pct", tr("Held by public bodies"), "percent"),
                RowField("source", tr("Source of the figures")),
            ],
            row or {"year": date.today().year - 1},
            checks=[unique_year, percent],
            parent=self,
        )

    def _contact_dialog(self, row: Row | None) -> RowDialog:
        tr = self.tr

        def email(values: Row) -> tuple[str, str] | None:
            if values.get("email"):
                try:
                    normalise_email(values["email"])
                except ValueError as exc:
                    return "email", error_text(exc)
            return None

        others = [r for r in self.sections["contacts"].rows() if r is not row]

        def consent_date(values: Row) -> tuple[str, str] | None:
            problem = contacts.consent_problem(values.get("consent"), values.get("consent_date"))
            return None if problem is None else (problem[0], error_text(problem[1]))

        def one_main(values: Row) -> tuple[str, str] | None:
            if not values.get("is_primary"):
                return None
            problem = contacts.check_main_contacts([*others, values])
            return None if problem is None else ("is_primary", error_text(problem))

        return RowDialog(
            tr("Contact"),
            [
                RowField("first_name", tr("First name")),
                RowField("last_name", tr("Last name"), required=True),
                RowField("role", tr("Role")),
                RowField("email", tr("E-mail")),
                RowField("phone", tr("Phone")),
                RowField("is_primary", tr("Main contact"), "bool"),
                RowField("consent", tr("Agreed to be contacted and listed"), "bool"),
                RowField("consent_date", tr("Consent given on"), "date"),
                RowField("notes", tr("Notes"), "multiline"),
            ],
            row,
            checks=[email, consent_date, one_main],
            parent=self,
        )

    def _area_dialog(self, row: Row | None) -> RowDialog:
        tr = self.tr
        choices = [(a.id, a.name) for a in self._areas]
        return RowDialog(
            tr("Competence area"),
            [
                RowField(
                    "area_id", tr("Competence area"), "choice", required=True, choices=choices
                ),
                RowField("from_date", tr("From"), "date_required", required=True),
                RowField("to_date", tr("To"), "date"),
                RowField("role", tr("Role")),
            ],
            row,
            checks=[_date_order("from_date", "to_date", tr("The end is before the start."))],
            parent=self,
        )

    def _area_name(self, area_id: int | None) -> str:
        for area in self._areas:
            if area.id == area_id:
                return str(area.name)
        return "" if area_id is None else str(area_id)

    def _on_end_membership(self) -> None:
        section = self.sections["memberships"]
        open_rows = [r for r in section.rows() if r.get("leave_date") is None]
        if not open_rows:
            messages.inform(
                self,
                self.tr("End membership"),
                self.tr("There is no open membership period to end."),
            )
            return
        row = open_rows[-1]
        dialog = RowDialog(
            self.tr("End membership"),
            [
                RowField(
                    "leave_date",
                    self.tr("Left on", "OrganisationEditor"),
                    "date_required",
                    required=True,
                ),
                RowField("leave_reason", self.tr("Reason")),
            ],
            {**row, "leave_date": date.today()},
            checks=[
                _date_order(
                    "join_date", "leave_date", self.tr("The leave date is before the join date.")
                )
            ],
            parent=self,
        )
        dialog.sig_accepted.connect(lambda values: section.replace_row(row, values))
        dialog.open()
        section.dialog = dialog

    # ------------------------------------------------------------------ save / delete

    def save(self, *, overwrite: int | None = None) -> bool:
        """Write the dialog's content (one transaction, undoable); True when saved.

        Validation problems appear next to their field and nothing is written. *overwrite*:
        after a conflict, the version saved now that the user chose to overwrite (a newer
        one conflicts again).
        """
        self._clear_errors()
        problems = [
            not self.check_vat(final=True),
            not self._check_simple("email", normalise_email),
            not self._check_simple("website", normalise_url),
            not self._check_simple("fiscal_code", normalise_fiscal_code),
        ]
        if not self._text("name"):
            self._set_error("name", self.tr("The organisation name cannot be empty."))
            problems.append(True)
        if self.override_combo.currentData() and not self.override_reason.text().strip():
            self._set_error("sme_override_reason", self.tr("Say why the SME class is set by hand."))
            problems.append(True)
        if any(problems):
            self._focus_first_error()
            return False
        after_edit = self.collect()
        error = _children_error(after_edit)
        if error is not None:
            # The same rules the service applies on write, asked first so that the dialog
            # stays open on the tab at fault without a round trip through the undo stack.
            self._show_validation(error)
            return False
        before = copy.deepcopy(self.snapshot)
        expected = before["organisation"].get("version") if overwrite is None else overwrite
        db = self.ctx.db
        if overwrite is not None and self.org_id is not None:
            # Undoing an overwrite brings back what it overwrote (theirs), not what was opened.
            try:
                current = org_records.load_snapshot(db, self.org_id)
            except WorkbenchError:
                current = None  # the save below says what is wrong
            if current is not None and current["organisation"].get("version") == overwrite:
                before = current
        creating = self.org_id is None
        name = after_edit["organisation"].get("name") or ""

        def do(cmd: ServiceCommand) -> org_records.Snapshot:
            if cmd.result is not None:  # redo after undo
                org_records.restore_snapshot(db, cmd.result, source="undo")
                return cmd.result
            return org_records.save_organisation(db, after_edit, expected_version=expected)

        def undo(cmd: ServiceCommand) -> None:
            if creating:
                org_records.delete_created(db, cmd.result["organisation"]["id"])
            else:
                org_records.restore_snapshot(db, before)

        text = (self.tr("Create {name}") if creating else self.tr("Edit {name}")).format(name=name)
        command = ServiceCommand(text, do, undo, bus=self.ctx.bus, table="organisation")
        try:
            with saving([self.save_button, self.delete_button]):
                saved = push_edit(self.ctx.undo_stack, command)
        except ConflictError as exc:
            return self._on_conflict(exc)
        except ValidationError as exc:
            self._show_validation(exc)
            return False
        except NotFoundError as exc:
            messages.show_error(self, exc)
            return False
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        self.snapshot = saved
        self.org_id = saved["organisation"]["id"]
        self.sig_saved.emit(self.org_id)
        self.accept()
        return True

    def _focus_first_error(self) -> None:
        for form in self._forms():
            for key, error in form.errors.items():
                if error.text():
                    self.tabs.setCurrentIndex(3 if form is self.override_form else 0)
                    form.fields[key].setFocus()
                    return

    def _show_validation(self, exc: ValidationError) -> None:
        field = exc.field or ""
        section_key, _, _ = field.partition(".")
        if "." in field and section_key in self.sections:
            section = self.sections[section_key]
            section.show_error(error_text(exc))
            if section_key == "size_data":
                self.tabs.setCurrentIndex(3)
            else:
                self.tabs.setCurrentWidget(section)
            return
        for form in self._forms():
            if form.show_error(exc):
                self.tabs.setCurrentIndex(3 if form is self.override_form else 0)
                return
        messages.show_error(self, exc)

    def _on_conflict(self, exc: ConflictError) -> bool:
        """Reload, Overwrite or Compare first (non-blocking); True when overwritten now."""
        from workbench.ui.dialogs import conflict_compare as cc

        outcome = {"saved": False}

        def overwrite() -> None:
            opened = self.snapshot["organisation"].get("version")
            outcome["saved"] = self.save(overwrite=exc.overwrite_version(opened))

        try:
            labels = {k: v.rstrip(" *") for k, v in self._identity_labels().items()}
            labels["notes"] = self.tr("Notes")
            labels["sme_override"] = cc.tr("SME class set by hand")
            labels["sme_override_reason"] = cc.tr("Reason for the SME class")
            titles = {
                k: self.tabs.tabText(self.tabs.indexOf(self.sections[k]))
                for k in ("memberships", "fees", "contacts", "area_participations")
            }
            titles["size_data"] = cc.tr("Size data")
            formats: dict[str, Callable[[Any], str]] = {
                "org_type": org_type_label,
                "sme_override": sme_label,
                "area_id": self._area_name,
            }
            rows: Any = cc.organisation_rows(
                self.ctx.db, self.snapshot, self.collect(), labels, titles, formatters=formats
            )
        except WorkbenchError:
            rows = None
        cc.resolve_conflict(self, exc, self.load, overwrite, None if rows is None else lambda: rows)
        return outcome["saved"]

    def _on_delete(self) -> None:
        if self.org_id is None:
            return
        name = self.snapshot["organisation"].get("name") or ""
        if not messages.confirm(
            self,
            self.tr("Delete organisation"),
            self.tr(
                "Delete {name} with its membership periods, fees, size data, contacts and "
                "area participations? Projects and activities keep its name. You can undo "
                "this with Ctrl+Z."
            ).format(name=name),
            yes_text=self.tr("Delete"),
            destructive=True,
        ):
            return
        self.delete()

    def delete(self) -> bool:
        """Delete the organisation as an undoable edit (no confirmation); True when deleted."""
        if self.org_id is None:
            return False
        db = self.ctx.db
        org_id = self.org_id
        version = self.snapshot["organisation"].get("version")

        def do(cmd: ServiceCommand) -> org_records.Snapshot:
            if cmd.result is not None:
                return org_records.delete_organisation(db, cmd.result["organisation"]["id"])
            return org_records.delete_organisation(db, org_id, expected_version=version)

        def undo(cmd: ServiceCommand) -> None:
            org_records.restore_snapshot(db, cmd.result)

        name = self.snapshot["organisation"].get("name") or ""
        try:
            push_edit(
                self.ctx.undo_stack,
                ServiceCommand(
                    self.tr("Delete {name}").format(name=name),
                    do,
                    undo,
                    bus=self.ctx.bus,
                    table="organisation",
                ),
            )
        except ConflictError as exc:
            messages.show_error(self, exc)
            return False
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        self.sig_deleted.emit(org_id)
        self.accept()
        return True

    def focus_first_field(self) -> None:
        """Show the Identity tab with the cursor in the name (where a user starts typing)."""
        self.tabs.setCurrentIndex(0)
        self.fields["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """Close (Esc, Cancel, the window's close button), asking first about unsaved changes.

        Save behaves like the Save button: when the changes do not pass the checks the editor
        stays open with the messages shown. Cancel keeps editing; Discard closes.
        """
        if self.is_modified():
            name = self._text("name") or self.tr("this organisation")
            answer = messages.ask_unsaved(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save your changes to {name} before closing?").format(name=name),
            )
            if answer == messages.SAVE:
                self.save()  # closes the editor when it saved
                return
            if answer != messages.DISCARD:
                return
        super().reject()

    # ------------------------------------------------------------------ personal data (GDPR)

    def _build_privacy_buttons(self, section: ChildSection) -> None:
        self.export_person_button = QPushButton(self.tr("Export personal data…"))
        self.export_person_button.setToolTip(
            self.tr("Write everything held about the selected person to a JSON and an Excel file")
        )
        self.erase_person_button = QPushButton(self.tr("Erase person…"))
        self.erase_person_button.setToolTip(
            self.tr("Remove the selected person everywhere, also from the change history")
        )
        section.buttons.addWidget(self.export_person_button)
        section.buttons.addWidget(self.erase_person_button)
        self.export_person_button.clicked.connect(self._on_export_person)
        self.erase_person_button.clicked.connect(self._on_erase_person)
        section.table.selectionModel().selectionChanged.connect(self._update_privacy_buttons)
        section.model.modelReset.connect(self._update_privacy_buttons)
        self._update_privacy_buttons()

    def _update_privacy_buttons(self, *_args: Any) -> None:
        row = self.sections["contacts"].current_row()
        saved = row is not None and row.get("id") is not None
        self.export_person_button.setEnabled(saved)
        self.erase_person_button.setEnabled(saved)

    def _on_export_person(self) -> None:
        from pathlib import Path

        row = self.sections["contacts"].current_row()
        if row is None or row.get("id") is None:
            return
        name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "contact"
        db_path = self.ctx.db.path
        folder = db_path.parent if db_path is not None else Path.home()
        path = save_file_name(
            self,
            self.tr("Export personal data"),
            str(folder / f"{safe}-personal-data"),
            self.tr("JSON and Excel files (*.json *.xlsx)"),
        )
        if path:
            self.export_person_data(row["id"], Path(path))

    def export_person_data(self, contact_id: int, stem: Any) -> tuple[Any, Any] | None:
        """Write ``<stem>.json`` and ``<stem>.xlsx`` with all data held about the contact."""
        from pathlib import Path

        from workbench.services.privacy import export_person

        stem = Path(stem)
        if stem.suffix.lower() in (".json", ".xlsx"):
            stem = stem.with_suffix("")
        try:
            # export_person swaps the suffix: a placeholder keeps dots in the name ("m.rossi").
            paths = export_person(self.ctx.db, contact_id, stem.with_name(stem.name + ".x"))
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return None
        except OSError as exc:
            messages.show_error(
                self,
                WorkbenchError(
                    self.tr("The files could not be written to {folder}: {reason}").format(
                        folder=stem.parent, reason=exc.strerror or exc
                    )
                ),
            )
            return None
        messages.inform(
            self,
            self.tr("Personal data exported"),
            self.tr(
                "Everything the database holds about this person (as saved) was written to:\n"
                "{json}\n{xlsx}\n\nThe files contain personal data: keep and send them "
                "securely."
            ).format(json=paths[0], xlsx=paths[1]),
        )
        return paths

    def _on_erase_person(self) -> None:
        row = self.sections["contacts"].current_row()
        if row is not None and row.get("id") is not None:
            self.erase_person(row["id"])

    def erase_person(self, contact_id: int) -> bool:
        """Erase the contact after a confirmation saying what goes; True when erased."""
        from workbench.services import privacy

        title = self.tr("Erase person")
        if self.is_modified():
            messages.inform(
                self,
                title,
                self.tr(
                    "Save or discard your changes to this organisation first: after an erasure "
                    "the organisation is loaded again from the database."
                ),
            )
            return False
        try:
            data = privacy.person_data(self.ctx.db, contact_id)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        text = self.tr(
            "Erase {name} ({organisation}) from the database?\n\n"
            "This removes:\n"
            "• the contact record: name, role, e-mail, phone, notes and consent;\n"
            "• the activity participations recorded under their e-mail or name: {activities};\n"
            "• their values in the change history: {entries} entries about this contact are "
            "blanked. One anonymous entry records that an erasure was made, by whom and when.\n\n"
            "This cannot be undone, not even with Undo: the undo history is cleared so that "
            "earlier edits cannot bring the data back. Backups made before now still contain "
            "the person until they are rotated out."
        ).format(
            name=data["person"],
            organisation=data["organisation"],
            activities=format_int(len(data["activities_attended"])),
            entries=format_int(len(data["history"])),
        )
        if not messages.confirm(
            self, title, text, yes_text=self.tr("Erase permanently"), destructive=True
        ):
            return False
        try:
            runner = self.ctx.tasks or default_runner()  # on the one write worker, like edits
            summary = runner.write_and_wait(privacy.erase_person, self.ctx.db, contact_id)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        self.ctx.undo_stack.clear()
        self.ctx.bus.announce("contact")
        self.load()
        messages.inform(
            self,
            title,
            self.tr(
                "{name} was erased: the contact, {activities} activity participations and their "
                "values in {entries} history entries."
            ).format(
                name=data["person"],
                activities=format_int(summary.participations_removed),
                entries=format_int(summary.history_entries_scrubbed),
            ),
        )
        return True

    # ------------------------------------------------------------------ test helpers

    def set_field(self, key: str, value: Any) -> None:
        """Put *value* into identity field *key* as if typed (then leave the field)."""
        widget = self.fields[key]
        if isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
            widget.textEdited.emit(widget.text())
            widget.editingFinished.emit()
        else:
            self._put(widget, value)


def _read_only_table(model: RowTableModel[Any]) -> QTableView:
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


def _date_order(start: str, end: str, message: str) -> Callable[[Row], tuple[str, str] | None]:
    def check(values: Row) -> tuple[str, str] | None:
        first, last = values.get(start), values.get(end)
        if first and last and last < first:
            return end, message
        return None

    return check


def _fee_status(row: Row, tr: Callable[[str], str]) -> str:
    due = row.get("amount_due") or Decimal(0)
    paid = row.get("amount_paid") or Decimal(0)
    if paid >= due:
        return tr("Paid")
    if paid > 0:
        return tr("Partly paid")
    return tr("Unpaid")


def _children_error(snap: org_records.Snapshot) -> ValidationError | None:
    """The first rule the edited child rows break (see ``org_records.check_children``)."""
    for key in ("memberships", "contacts"):
        error = org_records.check_children(key, snap.get(key, []))
        if error is not None:
            return error
    return None


def _history_what(line: Any, tr: Callable[[str], str]) -> str:
    """The "What" cell of an (entry, readable change) pair: "Changed: Fee 2025 of Alfa"."""
    entry, change = line
    action = {"create": tr("Created"), "update": tr("Changed"), "delete": tr("Deleted")}.get(
        str(entry.action), str(entry.action)
    )
    return f"{action}: {change.record}"


def _short(text: str, limit: int = 80) -> str:
    """A readable history value for a table cell, cut to *limit*."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comparable(snap: org_records.Snapshot) -> Any:
    org = {
        k: v
        for k, v in snap["organisation"].items()
        if k != "version" and v not in ("", None, False)
    }
    return (org, {key: snap.get(key) or [] for key in org_records.CHILDREN})


def open_organisation_editor(
    ctx: AppContext, org_id: int | None, parent: QWidget | None = None
) -> OrganisationEditor:
    """Open the editor for *org_id* (None: a new organisation) without blocking; returns it.

    An editor already open on the same organisation is brought to the front instead.
    """
    window = parent.window() if parent is not None else None
    if org_id is not None and window is not None:
        for editor in window.findChildren(OrganisationEditor):
            if editor.org_id == org_id and editor.isVisible():
                editor.raise_()
                editor.activateWindow()
                return editor
    editor = OrganisationEditor(ctx, org_id, window or parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor


__all__ = ["OrganisationEditor", "open_organisation_editor"]
