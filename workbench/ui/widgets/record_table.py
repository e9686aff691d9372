"""Editable record tables built from a field specification.

The simple tables of the cluster profile (staff, income, labels, governance bodies, media,
success stories, recognitions) are all "a table + Add/Edit/Delete + a form": instead of custom
code for each, a page describes the fields once (:class:`FieldSpec`) and :class:`RecordTable`
does the rest, with every change going through the undo stack.

The pieces live in their own modules and are reusable on their own by the richer editors
(projects, activities, areas, pillars); this module re-exports them, so either path imports:

- ``field_editors``: :class:`FieldSpec`, :class:`FieldKind`, :class:`PathEdit` and the widget
  of each field;
- ``record_form``: :class:`RecordForm` - a form from field specs with the validation message
  shown under the offending field (or in the form's message area, naming the field);
- ``edit_dialog``: :class:`EditDialog` - OK/Cancel dialog that saves through a callback and
  turns ``ValidationError`` into inline messages and ``ConflictError`` into a Reload /
  Overwrite / Compare question; it never blocks (``open()``), so tests drive it like a user
  would; :class:`RecordDialog`, :func:`edit_record_dialog`;
- ``record_edits``: undoable create / update / delete, and :func:`resolve_id` /
  :func:`remap_id` - undoing a delete recreates the record under a new id; commands further
  down the undo stack look ids up here so they still find it;
- ``table_views``: :func:`make_table_view`, selection, column widths, the empty state.

Here: :func:`confirm`, :func:`show_error` - non-blocking message boxes; :func:`run_edit`;
:class:`RecordTableSpec` and :class:`RecordTable`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.errors import WorkbenchError
from workbench.services.changes import Changes
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_date, format_money
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.edit_dialog import EditDialog, RecordDialog, edit_record_dialog
from workbench.ui.widgets.field_editors import CENTER, RIGHT, FieldKind, FieldSpec, PathEdit
from workbench.ui.widgets.record_edits import (
    changed_values,
    create_command,
    delete_command,
    remap_id,
    resolve_id,
    snapshot,
    update_command,
)
from workbench.ui.widgets.record_form import RecordForm
from workbench.ui.widgets.table_views import (
    FIT_SAMPLE_ROWS,
    fit_columns,
    make_table_view,
    select_by_id,
    selected_row,
    set_empty_text,
)

__all__ = [
    "CENTER",
    "FIT_SAMPLE_ROWS",
    "RIGHT",
    "Column",
    "EditDialog",
    "FieldKind",
    "FieldSpec",
    "PathEdit",
    "RecordDialog",
    "RecordForm",
    "RecordTable",
    "RecordTableSpec",
    "block_signals",
    "changed_values",
    "confirm",
    "create_command",
    "delete_command",
    "edit_record_dialog",
    "fit_columns",
    "format_date",
    "format_money",
    "make_table_view",
    "remap_id",
    "resolve_id",
    "run_edit",
    "select_by_id",
    "selected_row",
    "set_empty_text",
    "show_error",
    "snapshot",
    "update_command",
]

# --------------------------------------------------------------------------- message boxes


def show_error(parent: QWidget, exc: WorkbenchError, title: str | None = None) -> None:
    """Show a user error in a message box (never a traceback)."""
    messages.show_error(parent, exc, title)


def confirm(parent: QWidget, title: str, text: str, action_text: str) -> bool:
    """Ask before a destructive action; True when the user agrees."""
    return messages.confirm(parent, title, text, yes_text=action_text, destructive=True)


def run_edit(parent: QWidget, ctx: AppContext, command: ServiceCommand) -> Any:
    """push_edit *command*; a user error is shown in a message box and None returned."""
    try:
        return push_edit(ctx.undo_stack, command)
    except WorkbenchError as exc:
        show_error(parent, exc)
        return None


@dataclass
class RecordTableSpec:
    """What a RecordTable edits.

    Attributes:
        model: ORM model class (generic create/update/delete services are used).
        noun: translated singular noun ("staff member"), used in titles and messages.
        fields: the editable fields (dialog form).
        columns: the table columns.
        load: database -> rows, in display order.
        label: row -> short human label ("Anna Rossi").
        empty_text: shown when there are no rows yet.
        setup_form: optional hook run on each new form (to wire dependent fields).
    """

    model: type
    noun: str
    fields: list[FieldSpec]
    columns: list[Column[Any]]
    load: Callable[[Any], list[Any]]
    label: Callable[[Any], str]
    empty_text: str = ""
    setup_form: Callable[[RecordForm, bool], None] | None = None
    add_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class RecordTable(QWidget):
    """A table of simple records with Add / Edit / Delete, all undoable.

    Signals:
        sig_status: a short message for the status bar.
    """

    sig_status = Signal(str)

    def __init__(self, ctx: AppContext, spec: RecordTableSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.dialog: RecordDialog | None = None
        self._build_ui()
        self._connect_signals()

    @property
    def table_name(self) -> str:
        return self.spec.model.__tablename__  # type: ignore[attr-defined]

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.spec.add_text or self.tr("Add…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.count_label = QLabel(self)
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)
        self.model: RowTableModel[Any] = RowTableModel(self.spec.columns, self)
        self.view = make_table_view(self.model, self)
        layout.addWidget(self.view, 1)
        if self.spec.empty_text:
            set_empty_text(self.view, self.spec.empty_text)
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(self.table_name):
            self.refresh()

    def _on_selection_changed(self, *_args: Any) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = selected_row(self.view) is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def refresh(self) -> None:
        current = selected_row(self.view)
        try:
            rows = self.spec.load(self.ctx.db)
        except WorkbenchError as exc:
            self.count_label.setText(error_text(exc))
            return
        self.model.set_rows(rows)
        if not self._columns_fitted and rows:
            fit_columns(self.view)
            self._columns_fitted = True
        if current is not None:
            select_by_id(self.view, current.id)
        self.count_label.setText(self.tr("Records: {0}").format(len(rows)))
        self._update_buttons()

    _columns_fitted = False

    # actions -------------------------------------------------------------------------------
    def add_record(self) -> RecordDialog:
        noun = self.spec.noun

        def save(values: dict[str, Any], _version: int | None) -> Any:
            command = create_command(
                self.ctx, self.spec.model, values, self.tr("Add {0}").format(noun)
            )
            return push_edit(self.ctx.undo_stack, command)

        dialog = RecordDialog(
            self.ctx, self.tr("New {0}").format(noun), self.spec.fields, None, save, parent=self
        )
        if self.spec.setup_form:
            self.spec.setup_form(dialog.form, True)
        dialog.sig_saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self) -> RecordDialog | None:
        row = selected_row(self.view)
        if row is None:
            return None
        label = self.spec.label(row)
        dialog = edit_record_dialog(
            self.ctx,
            self,
            self.spec.model,
            row,
            self.spec.fields,
            self.tr("Edit {0}").format(label),
            self.tr("Edit {0}").format(label),
        )
        if self.spec.setup_form:
            self.spec.setup_form(dialog.form, False)
        dialog.sig_saved.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_selected(self) -> bool:
        """Delete the selected record after confirmation; True when it was deleted."""
        row = selected_row(self.view)
        if row is None:
            return False
        label = self.spec.label(row)
        if not confirm(
            self,
            self.tr("Delete {0}").format(self.spec.noun),
            self.tr("Delete {0} “{1}”? You can undo this with Edit > Undo.").format(
                self.spec.noun, label
            ),
            self.tr("Delete"),
        ):
            return False
        command = delete_command(
            self.ctx, self.spec.model, row, self.tr("Delete {0}").format(label)
        )
        run_edit(self, self.ctx, command)
        if command.error is None:
            self.sig_status.emit(self.tr("Deleted {0}").format(label))
        return command.error is None

    def _on_saved(self, record: Any) -> None:
        if record is not None and hasattr(record, "id"):
            select_by_id(self.view, record.id)
        self.sig_status.emit(self.tr("Saved"))


def block_signals(widget: QWidget) -> QSignalBlocker:
    """Context manager silencing *widget*'s signals while it is filled programmatically."""
    return QSignalBlocker(widget)
