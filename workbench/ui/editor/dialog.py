"""The organisation editor: everything about one organisation in tabs, saved as one undoable edit.

The dialog works on a *snapshot* (identity values plus child rows, see
:mod:`workbench.services.org_records`): child rows are added, edited and deleted in the dialog,
and **Save** writes everything in one transaction through a :class:`ServiceCommand`, so Ctrl+Z
in the main window undoes the whole edit (a creation is undone by deleting, a deletion by
recreating the organisation with all its children). Validation messages appear under the
field they concern; a conflict with someone else's save offers Reload, Overwrite or Compare.

This module holds the dialog, its Identity tab and its checks; the other tabs and the edits
are next to it in :mod:`workbench.ui.editor` (see the package's docstring).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import sme
from workbench.errors import ConflictError, NotFoundError, ValidationError, WorkbenchError
from workbench.models import OrgType
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services import org_records, taxonomy
from workbench.ui.context import AppContext
from workbench.ui.dialogs.history_dialog import current_language
from workbench.ui.editor import child_dialogs
from workbench.ui.editor.attachments_panel import AttachmentsPanel
from workbench.ui.editor.commands import delete_command, save_command
from workbench.ui.editor.identity import IdentityTab, identity_labels
from workbench.ui.editor.privacy import PersonalData
from workbench.ui.editor.read_only_tabs import HistoryTab, ProjectsTab, project_rows
from workbench.ui.editor.row_dialog import RowDialog
from workbench.ui.editor.sections import (
    ChildSection,
    Row,
    area_columns,
    contact_columns,
    fee_columns,
    membership_columns,
    size_columns,
)
from workbench.ui.editor.sme_tab import SmeTab
from workbench.ui.i18n import error_text
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.contact_log import ContactLogView
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.labels import org_type_label, sme_label
from workbench.ui.write_status import saving


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
        self.sme_tab.set_override(values)
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
        values.update(self.sme_tab.override())
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
        self.identity = IdentityTab()
        # The identity widgets, which the snapshot and the checks read and write.
        self.fields = self.identity.fields
        self.notes_edit = self.identity.notes_edit
        self.tabs.addTab(self.identity, self.tr("Identity"))
        self.sections: dict[str, ChildSection] = {}
        self._build_sections()
        self.sme_tab = SmeTab(self.sections["size_data"])
        self.projects_tab = ProjectsTab()
        self.history_tab = HistoryTab()
        self.tabs.addTab(self.sections["memberships"], self.tr("Membership"))
        self.tabs.addTab(self.sections["fees"], self.tr("Fees"))
        self.tabs.addTab(self.sme_tab, self.tr("Size and SME class"))
        self.tabs.addTab(self.sections["contacts"], self.tr("Contacts"))
        self.tabs.addTab(self.sections["area_participations"], self.tr("Competence areas"))
        self.tabs.addTab(self.projects_tab, self.tr("Projects"))
        self.attachments_panel = AttachmentsPanel(self.ctx, self.org_id, self)
        self.tabs.addTab(self.attachments_panel, self.tr("Attachments"))
        self.tabs.addTab(self.history_tab, self.tr("History"))
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

    def _forms(self) -> list[InlineForm]:
        return [*self.identity.forms(), self.sme_tab.override_form]

    def _build_sections(self) -> None:
        """The tabs of child rows; each row dialog is checked against the section's other rows."""
        tr = self.tr
        self.sections["memberships"] = ChildSection(
            membership_columns(),
            lambda row: child_dialogs.membership_dialog(
                row, self._others("memberships", row), self
            ),
            empty_text=tr("Not a member: add a membership period to make it one."),
        )
        end_button = QPushButton(tr("End membership…"))
        end_button.clicked.connect(self._on_end_membership)
        self.end_membership_button = end_button
        self.sections["memberships"].buttons.insertWidget(2, end_button)
        self.sections["fees"] = ChildSection(
            fee_columns(),
            lambda row: child_dialogs.fee_dialog(row, self._others("fees", row), self),
            empty_text=tr("No fees recorded."),
        )
        self.sections["size_data"] = ChildSection(
            size_columns(),
            lambda row: child_dialogs.size_dialog(row, self._others("size_data", row), self),
            empty_text=tr("No size data: the SME class cannot be computed."),
        )
        self.sections["contacts"] = ChildSection(
            contact_columns(),
            lambda row: child_dialogs.contact_dialog(row, self._others("contacts", row), self),
            empty_text=tr("No contacts."),
        )
        self.personal_data = PersonalData(
            self.ctx,
            self.sections["contacts"],
            self,
            is_modified=self.is_modified,
            reload=self.load,
        )
        self.sections["area_participations"] = ChildSection(
            area_columns(self._area_name),
            lambda row: child_dialogs.area_dialog(row, self._areas, self),
            empty_text=tr("Not in any competence area."),
        )
        # The contact log is kept but not edited here (it has its own place in activities).
        self.sections_hidden = {"contact_log"}

    def _others(self, key: str, row: Row | None) -> list[Row]:
        """The rows of section *key* other than *row* (what a row dialog checks against)."""
        return [r for r in self.sections[key].rows() if r is not row]

    def _load_read_only_tabs(self) -> None:
        projects: list[Row] = []
        history: list[Any] = []
        if self.org_id is not None:
            try:
                projects = project_rows(self.ctx.db, self.org_id)
                history = org_records.readable_organisation_history(
                    self.ctx.db, self.snapshot, current_language()
                )
            except WorkbenchError as exc:
                messages.show_error(self, exc)
        self.projects_tab.set_rows(projects)
        self.history_tab.set_rows(history)

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
        self.sme_tab.override_combo.currentIndexChanged.connect(lambda _i: self._update_sme())
        self.sme_tab.override_reason.textEdited.connect(lambda _t: self._update_sme())
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
        self.sme_tab.show_result(self._type_combo().currentData())

    def sme_result(self) -> sme.SmeResult:
        """SME class of the organisation as edited (size rows, type and override)."""
        return self.sme_tab.result(self._type_combo().currentData())

    # ------------------------------------------------------------------ child rows

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
        dialog: RowDialog = child_dialogs.end_membership_dialog(row, self)
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
        override = self.sme_tab.override()
        if override["sme_override"] and not override["sme_override_reason"]:
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
        text = (self.tr("Create {name}") if creating else self.tr("Edit {name}")).format(name=name)
        command = save_command(
            db, self.ctx.bus, text, after_edit, before, expected_version=expected, creating=creating
        )
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
                    self.tabs.setCurrentWidget(self._tab_of(form))
                    form.fields[key].setFocus()
                    return

    def _show_validation(self, exc: ValidationError) -> None:
        field = exc.field or ""
        section_key, _, _ = field.partition(".")
        if "." in field and section_key in self.sections:
            section = self.sections[section_key]
            section.show_error(error_text(exc))
            self.tabs.setCurrentWidget(self.sme_tab if section_key == "size_data" else section)
            return
        for form in self._forms():
            if form.show_error(exc):
                self.tabs.setCurrentWidget(self._tab_of(form))
                return
        messages.show_error(self, exc)

    def _tab_of(self, form: InlineForm) -> QWidget:
        """The tab showing *form*: the SME class set by hand, or Identity."""
        return self.sme_tab if form is self.sme_tab.override_form else self.identity

    def _on_conflict(self, exc: ConflictError) -> bool:
        """Reload, Overwrite or Compare first (non-blocking); True when overwritten now."""
        from workbench.ui.dialogs import conflict_compare as cc

        outcome = {"saved": False}

        def overwrite() -> None:
            opened = self.snapshot["organisation"].get("version")
            outcome["saved"] = self.save(overwrite=exc.overwrite_version(opened))

        try:
            labels = {k: v.rstrip(" *") for k, v in identity_labels().items()}
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
        org_id = self.org_id
        name = self.snapshot["organisation"].get("name") or ""
        command = delete_command(
            self.ctx.db,
            self.ctx.bus,
            self.tr("Delete {name}").format(name=name),
            org_id,
            expected_version=self.snapshot["organisation"].get("version"),
        )
        try:
            push_edit(self.ctx.undo_stack, command)
        except WorkbenchError as exc:  # a conflict too: someone changed or deleted it
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


def _children_error(snap: org_records.Snapshot) -> ValidationError | None:
    """The first rule the edited child rows break (see ``org_records.check_children``)."""
    for key in ("memberships", "contacts"):
        error = org_records.check_children(key, snap.get(key, []))
        if error is not None:
            return error
    return None


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
