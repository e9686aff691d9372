"""Editable record tables built from a field specification, and the form machinery behind them.

The simple tables of the cluster profile (staff, income, labels, governance bodies, media,
success stories, recognitions) are all "a table + Add/Edit/Delete + a form": instead of custom
code for each, a page describes the fields once (:class:`FieldSpec`) and :class:`RecordTable`
does the rest, with every change going through the undo stack.

The pieces are reusable on their own by the richer editors (projects, activities, areas,
pillars):

- :class:`RecordForm` - a form from field specs with the validation message shown under the
  offending field (or in the form's message area, naming the field);
- :class:`EditDialog` - OK/Cancel dialog that saves through a callback and turns
  ``ValidationError`` into inline messages and ``ConflictError`` into a Reload / Overwrite /
  Compare question; it never blocks (``open()``), so tests drive it like a user would;
- :func:`confirm`, :func:`show_error` - non-blocking message boxes;
- :func:`resolve_id` / :func:`remap_id` - undoing a delete recreates the record under a new id;
  commands further down the undo stack look ids up here so they still find it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ConflictError, ValidationError, WorkbenchError
from workbench.rules.dates import DateTextError
from workbench.services import base as records
from workbench.services.changes import Changes
from workbench.ui.context import AppContext
from workbench.ui.dialogs.conflict_compare import (
    CompareRow,
    choice_formatters,
    record_rows,
    resolve_conflict,
)
from workbench.ui.formatting import format_date, format_money
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.inputs import (
    DecimalEdit,
    MoneyEdit,
    OptionalDateEdit,
    refuse_unreadable_dates,
)
from workbench.ui.write_status import saving

__all__ = [
    "Column",
    "EditDialog",
    "FieldKind",
    "FieldSpec",
    "RecordDialog",
    "RecordForm",
    "RecordTable",
    "RecordTableSpec",
    "confirm",
    "format_date",
    "format_money",
    "make_table_view",
    "remap_id",
    "resolve_id",
    "show_error",
    "snapshot",
]

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


# --------------------------------------------------------------------------- field editors


class FieldKind(enum.StrEnum):
    """How a field is edited."""

    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"  # required date, defaults to today
    OPTIONAL_DATE = "optional_date"
    MONEY = "money"  # Decimal, 2 places
    DECIMAL = "decimal"  # Decimal, free places
    INT = "int"
    OPTIONAL_INT = "optional_int"
    YEAR = "year"
    CHOICE = "choice"
    SUGGEST = "suggest"  # free text with the choices offered in an editable combo
    BOOL = "bool"
    PATH = "path"


@dataclass(frozen=True)
class FieldSpec:
    """One editable field of a record.

    Attributes:
        name: model attribute (the ``field`` of the service's ValidationError).
        label: translated label.
        kind: editor kind.
        choices: (translated text, value) pairs for CHOICE fields.
        default: value of a new record (a callable is called each time).
        placeholder: hint shown in empty text editors.
        minimum: lowest value of INT/OPTIONAL_INT editors.
        places: decimals shown by DECIMAL editors.
        file_filter: file dialog filter for PATH fields.
        tooltip: help text.
    """

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    choices: Sequence[tuple[str, Any]] = ()
    default: Any = None
    placeholder: str = ""
    minimum: int = 0
    places: int = 2
    file_filter: str = ""
    tooltip: str = ""

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


class PathEdit(QWidget):
    """A file path with a "Browse..." button."""

    def __init__(self, file_filter: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = file_filter
        self.line_edit = QLineEdit(self)
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.browse_button)
        self.browse_button.clicked.connect(self._on_browse)

    def _on_browse(self) -> None:
        start = self.line_edit.text() or str(Path.home())
        chosen = open_file_name(self, self.tr("Choose a file"), start, self._filter)
        if chosen:
            self.line_edit.setText(chosen)


class _Editor:
    """Widget + get/set for one FieldSpec."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        self.spec = spec
        kind = spec.kind
        self.widget: QWidget
        if kind == FieldKind.TEXT:
            line = QLineEdit(parent)
            line.setPlaceholderText(spec.placeholder)
            self.widget = line
        elif kind in (FieldKind.MONEY, FieldKind.DECIMAL):
            number = (
                MoneyEdit(parent)
                if kind == FieldKind.MONEY
                else DecimalEdit(parent, places=spec.places)
            )
            number.setMaximumWidth(200)
            self.widget = number
        elif kind == FieldKind.MULTILINE:
            text = QPlainTextEdit(parent)
            text.setPlaceholderText(spec.placeholder)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(64)
            text.setMaximumHeight(110)
            self.widget = text
        elif kind in (FieldKind.DATE, FieldKind.OPTIONAL_DATE):
            self.widget = OptionalDateEdit(parent, allow_empty=kind == FieldKind.OPTIONAL_DATE)
            self.widget.setMinimumWidth(130)
            self.widget.setMaximumWidth(200)
        elif kind in (FieldKind.INT, FieldKind.OPTIONAL_INT, FieldKind.YEAR):
            spin = QSpinBox(parent)
            spin.setAlignment(RIGHT)
            spin.setMaximumWidth(120)
            if kind == FieldKind.YEAR:
                spin.setRange(1900, 2100)
                spin.setGroupSeparatorShown(False)
            elif kind == FieldKind.OPTIONAL_INT:
                spin.setRange(spec.minimum - 1, 1_000_000)
                spin.setSpecialValueText("—")
            else:
                spin.setRange(spec.minimum, 1_000_000)
            self.widget = spin
        elif kind == FieldKind.SUGGEST:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems([str(text_) for text_, _value in spec.choices])
            line_edit = combo.lineEdit()
            assert line_edit is not None
            line_edit.setPlaceholderText(spec.placeholder)
            self.widget = combo
        elif kind == FieldKind.CHOICE:
            combo = QComboBox(parent)
            for text_, value in spec.choices:
                combo.addItem(text_, value)
            combo.setMaximumWidth(360)
            self.widget = combo
        elif kind == FieldKind.BOOL:
            self.widget = QCheckBox(parent)
        elif kind == FieldKind.PATH:
            self.widget = PathEdit(spec.file_filter, parent)
        else:  # pragma: no cover - all kinds handled above
            raise ValueError(kind)
        self.widget.setObjectName(spec.name)
        if spec.tooltip:
            self.widget.setToolTip(spec.tooltip)

    @property
    def focus_widget(self) -> QWidget:
        if isinstance(self.widget, PathEdit):
            return self.widget.line_edit
        return self.widget

    def get(self) -> Any:
        kind, w = self.spec.kind, self.widget
        if isinstance(w, DecimalEdit):
            try:
                return w.value()
            except ValueError as exc:
                raise ValidationError(
                    exc.args[0] if exc.args else str(exc), self.spec.name
                ) from None
        if isinstance(w, QLineEdit):
            return w.text().strip() or None
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip() or None
        if isinstance(w, OptionalDateEdit):
            try:
                return w.date_value()
            except DateTextError as exc:
                raise ValidationError(exc.message, self.spec.name) from None
        if isinstance(w, QSpinBox):
            if kind == FieldKind.OPTIONAL_INT and w.value() == w.minimum():
                return None
            return w.value()
        if isinstance(w, QComboBox):
            if kind == FieldKind.SUGGEST:
                return w.currentText().strip() or None
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, PathEdit):
            return w.line_edit.text().strip() or None
        return None  # pragma: no cover

    def set(self, value: Any) -> None:
        kind, w = self.spec.kind, self.widget
        if isinstance(w, DecimalEdit):
            w.set_value(value)
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, OptionalDateEdit):
            w.set_date_value(value)
        elif isinstance(w, QSpinBox):
            if value is None:
                value = date.today().year if kind == FieldKind.YEAR else w.minimum()
            w.setValue(int(value))
        elif isinstance(w, QComboBox) and kind == FieldKind.SUGGEST:
            w.setCurrentText(value or "")
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            if index < 0 and isinstance(value, str):
                # Stored enums come back as plain strings in some paths: match by value.
                index = next((i for i in range(w.count()) if str(w.itemData(i)) == value), -1)
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, PathEdit):
            w.line_edit.setText(value or "")


# --------------------------------------------------------------------------- form


class RecordForm(QWidget):
    """A form built from FieldSpecs, with validation messages under the offending field.

    ``values()`` returns {name: value} (raising ValidationError for unparseable input),
    ``set_values()`` fills the editors, ``show_error()`` puts a ValidationError next to its
    field (or in the message area, naming the field, when the field is not on this form).
    """

    def __init__(self, fields: Sequence[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.editors: dict[str, _Editor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in self.fields:
            editor = _Editor(spec, self)
            self.editors[spec.name] = editor
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor.widget)
            error = _error_label(cell)
            cell_layout.addWidget(error)
            self.error_labels[spec.name] = error
            label = QLabel(spec.label + ":", self)
            label.setBuddy(editor.focus_widget)
            if spec.kind == FieldKind.MULTILINE:
                # A tall editor: keep its label at the top, level with the first line.
                holder = QWidget(self)
                holder_layout = QVBoxLayout(holder)
                holder_layout.setContentsMargins(0, 4, 0, 0)
                holder_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignRight)
                holder_layout.addStretch(1)
                layout.addRow(holder, cell)
            else:
                layout.addRow(label, cell)
        self.message = _error_label(self)
        layout.addRow(self.message)

    def editor(self, name: str) -> QWidget:
        """The editor widget of field *name* (for wiring and tests)."""
        return self.editors[name].widget

    def values(self) -> dict[str, Any]:
        """Current values by field name; ValidationError on input that cannot be parsed."""
        return {name: editor.get() for name, editor in self.editors.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the editors (fields missing from *values* get their defaults)."""
        for spec in self.fields:
            value = values[spec.name] if spec.name in values else spec.default_value()
            self.editors[spec.name].set(value)
        self.clear_errors()

    def clear_errors(self) -> None:
        for label in [*self.error_labels.values(), self.message]:
            label.clear()
            label.hide()

    def label_of(self, field_name: str | None) -> str | None:
        spec = next((f for f in self.fields if f.name == field_name), None)
        return spec.label if spec else None

    def show_error(self, exc: ValidationError) -> bool:
        """Show *exc* under its field; False when the field is not on this form."""
        self.clear_errors()
        label = self.error_labels.get(exc.field or "")
        if label is None:
            return False
        widget = self.editors[exc.field or ""].widget
        if isinstance(widget, OptionalDateEdit) and not widget.is_valid():
            widget.show_error()  # the field shows why its text is not a date itself
            widget.setFocus()
            return True
        label.setText(error_text(exc))
        label.show()
        self.editors[exc.field or ""].focus_widget.setFocus()
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


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


# --------------------------------------------------------------------------- dialog


class EditDialog(QDialog):
    """OK/Cancel dialog that saves through :meth:`save` and shows what went wrong.

    Subclasses build their widgets into ``self.body`` (a QVBoxLayout), implement
    ``save(expected_version)`` (raise ValidationError/ConflictError/WorkbenchError; usually
    ``push_edit`` of a ServiceCommand) and optionally ``reload()`` (load the record again after
    a conflict). ``expected_version`` is the version loaded (None for new records).

    Signals:
        sig_saved: emitted with the result of ``save`` after a successful save.
    """

    sig_saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.expected_version: int | None = None
        self.setWindowTitle(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.message = _error_label(self)
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        outer.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self._on_ok)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._shown = False
        self._clean_state: Any = None

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # to implement -------------------------------------------------------------------------
    def save(self, expected_version: int | None) -> Any:
        raise NotImplementedError

    def reload(self) -> None:
        """Load the record again (after a conflict), setting ``expected_version``."""

    def conflict_rows(self) -> Sequence[CompareRow] | None:
        """After a conflict: the field-by-field comparison (None: no Compare button)."""
        return None

    def _conflict_rows(self) -> Sequence[CompareRow] | None:
        try:
            return self.conflict_rows()
        except WorkbenchError:
            return None

    def forms(self) -> list[RecordForm]:
        """Forms on this dialog, asked in order to show a field's error."""
        return [f for f in self.findChildren(RecordForm)]

    def edit_state(self) -> Any:
        """What the user can change, compared with its value at opening to find unsaved changes.

        The values of this dialog's own forms (not of dialogs opened from it); a field whose
        text cannot be read counts as changed. Subclasses with more than forms add to it.
        """
        unreadable = object()  # never equal to anything: an unreadable field is a change
        state = []
        for form in self.forms():
            if form.window() is not self:
                continue
            values: dict[str, Any] = {}
            for name, editor in form.editors.items():
                try:
                    values[name] = editor.get()
                except ValidationError:
                    values[name] = unreadable
            state.append(values)
        return state

    def is_modified(self) -> bool:
        """True when the dialog holds changes not saved yet."""
        return self._shown and self.edit_state() != self._clean_state

    def focus_first_field(self) -> None:
        """Put the cursor in the first field of the first form (where a user starts typing)."""
        forms = [f for f in self.forms() if f.window() is self]
        if forms and forms[0].editors:
            first = next(iter(forms[0].editors.values()))
            self._reveal(first.focus_widget)
            first.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown:  # subclasses have filled their widgets by now
            self._shown = True
            self._clean_state = self.edit_state()
            self.focus_first_field()

    def reject(self) -> None:
        """Close (Esc, Cancel), asking first about unsaved changes: Save, Discard or Cancel.

        Save is OK: a value that does not pass the checks keeps the dialog open with its
        message.
        """
        if self.is_modified():
            answer = messages.ask_unsaved(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save your changes before closing?"),
            )
            if answer == messages.SAVE:
                self._on_ok()
                return
            if answer != messages.DISCARD:
                return
        super().reject()

    # behaviour ----------------------------------------------------------------------------
    def _on_ok(self) -> None:
        self._submit(self.expected_version)

    def _submit(self, expected_version: int | None) -> None:
        self.clear_errors()
        if refuse_unreadable_dates(self):
            return
        try:
            with saving([self.ok_button], self.message):
                result = self.save(expected_version)
        except ConflictError as exc:
            rows = self._conflict_rows()
            # Overwrite is versioned like any save: over exactly the version shown, else the
            # question comes again.
            shown = exc.overwrite_version(expected_version)
            resolve_conflict(
                self,
                exc,
                self._on_reload,
                lambda: self._submit(shown),
                None if rows is None else lambda: rows,
            )
            return
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except WorkbenchError as exc:
            self.show_message(error_text(exc))
            return
        self.sig_saved.emit(result)
        self.accept()

    def _on_reload(self) -> None:
        try:
            self.reload()
        except WorkbenchError as exc:
            self.show_message(error_text(exc))
            return
        self._clean_state = self.edit_state()  # what is in the database now is "unchanged"

    def clear_errors(self) -> None:
        self.message.hide()
        for form in self.forms():
            form.clear_errors()

    def show_validation(self, exc: ValidationError) -> None:
        """Put *exc* next to its field, or in the message area naming the field."""
        for form in self.forms():
            if form.show_error(exc):
                form_parent = form.parentWidget()
                self._reveal(form_parent)
                return
        name = None
        for form in self.forms():
            name = name or form.label_of(exc.field)
        name = name or self.field_label(exc.field)
        self.show_message(f"{name}: {error_text(exc)}" if name else error_text(exc))

    def field_label(self, field_name: str | None) -> str | None:
        """Label of a field that is not on a RecordForm (for the message area)."""
        return field_name.replace("_", " ").capitalize() if field_name else None

    def _reveal(self, widget: QWidget | None) -> None:
        """Switch tab widgets so that *widget* is visible."""
        from PySide6.QtWidgets import QTabWidget

        while widget is not None:
            parent = widget.parentWidget()
            if parent is not None and isinstance(parent.parentWidget(), QTabWidget):
                tabs = parent.parentWidget()
                assert isinstance(tabs, QTabWidget)
                tabs.setCurrentWidget(widget)
            widget = parent

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class RecordDialog(EditDialog):
    """An EditDialog with one RecordForm, saving through a callback."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        fields: Sequence[FieldSpec],
        values: dict[str, Any] | None,
        save: Callable[[dict[str, Any], int | None], Any],
        *,
        version: int | None = None,
        reload: Callable[[], tuple[dict[str, Any], int]] | None = None,
        compare: Callable[[dict[str, Any]], Sequence[CompareRow]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self._compare = compare
        self.form = RecordForm(fields, self)
        self.body.addWidget(self.form)
        self.form.set_values(values or {})
        self.expected_version = version
        self._save = save
        self._reload = reload
        self.setMinimumWidth(460)

    def save(self, expected_version: int | None) -> Any:
        return self._save(self.form.values(), expected_version)

    def reload(self) -> None:
        if self._reload is not None:
            values, version = self._reload()
            self.form.set_values(values)
            self.expected_version = version

    def conflict_rows(self) -> Sequence[CompareRow] | None:
        return self._compare(self.form.values()) if self._compare is not None else None


def edit_record_dialog(
    ctx: AppContext,
    parent: QWidget,
    model: type,
    record: Any,
    fields: Sequence[FieldSpec],
    title: str,
    command_text: str,
) -> RecordDialog:
    """A RecordDialog editing *record*'s *fields* through an undoable update.

    After a conflict, Reload fills the form with what is in the database now (and the undo
    values become those).
    """
    names = [f.name for f in fields]

    def save(values: dict[str, Any], version: int | None) -> Any:
        if not changed_values(record, values):
            return record
        command = update_command(ctx, model, record, values, version, command_text)
        return push_edit(ctx.undo_stack, command)

    def reload() -> tuple[dict[str, Any], int]:
        table = model.__tablename__  # type: ignore[attr-defined]
        fresh: Any = records.get_record(ctx.db, model, resolve_id(ctx, table, record.id))
        for name in names:
            setattr(record, name, getattr(fresh, name))
        record.version = fresh.version
        return {n: getattr(fresh, n) for n in names}, fresh.version

    def compare(mine: dict[str, Any]) -> Sequence[CompareRow]:
        table = model.__tablename__  # type: ignore[attr-defined]
        return record_rows(
            ctx.db,
            model,
            resolve_id(ctx, table, record.id),
            {f.name: f.label for f in fields},
            {n: getattr(record, n) for n in names},
            mine,
            formatters=choice_formatters(fields),
        )

    return RecordDialog(
        ctx,
        title,
        fields,
        {n: getattr(record, n) for n in names},
        save,
        version=record.version,
        reload=reload,
        compare=compare,
        parent=parent,
    )


# --------------------------------------------------------------------------- ids after undo


def _id_map(ctx: AppContext) -> dict[tuple[str, int], int]:
    stack = ctx.undo_stack
    mapping = getattr(stack, "_wb_id_map", None)
    if mapping is None:
        mapping = {}
        stack._wb_id_map = mapping  # type: ignore[attr-defined]
    return mapping


def resolve_id(ctx: AppContext, table: str, record_id: int) -> int:
    """The current id of a record that may have been deleted and recreated by undo."""
    mapping = _id_map(ctx)
    seen = set()
    while (table, record_id) in mapping and record_id not in seen:
        seen.add(record_id)
        record_id = mapping[(table, record_id)]
    return record_id


def remap_id(ctx: AppContext, table: str, old_id: int, new_id: int) -> None:
    """Record that *old_id* of *table* now lives on as *new_id*."""
    if old_id != new_id:
        _id_map(ctx)[(table, old_id)] = new_id


def snapshot(obj: Any, skip: Sequence[str] = ()) -> dict[str, Any]:
    """The column values of a record without id/version/bookkeeping (to recreate it)."""
    bookkeeping = {"id", "version", "created_at", "updated_at", "updated_by", *skip}
    return {k: v for k, v in records.column_values(obj).items() if k not in bookkeeping}


def create_command(
    ctx: AppContext, model: type, values: dict[str, Any], text: str
) -> ServiceCommand:
    """An undoable create of one *model* record (undo deletes it, redo creates it again)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    state: dict[str, int] = {}

    def do(cmd: ServiceCommand) -> Any:
        record: Any = records.create_record(ctx.db, model, values)
        if "id" in state:
            remap_id(ctx, table, state["id"], record.id)
        state["id"] = record.id
        return record

    def undo(cmd: ServiceCommand) -> None:
        records.delete_record(ctx.db, model, resolve_id(ctx, table, state["id"]))

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)


def changed_values(record: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The entries of *values* that differ from *record*'s attributes."""
    return {k: v for k, v in values.items() if getattr(record, k) != v}


def update_command(
    ctx: AppContext,
    model: type,
    record: Any,
    new_values: dict[str, Any],
    expected_version: int | None,
    text: str,
) -> ServiceCommand:
    """An undoable update: only changed fields are written; undo writes the old values back."""
    table = model.__tablename__  # type: ignore[attr-defined]
    old = {k: getattr(record, k) for k in new_values}
    changed = {k: v for k, v in new_values.items() if old[k] != v}
    old = {k: old[k] for k in changed}
    first: dict[str, int | None] = {"version": expected_version}

    def do(cmd: ServiceCommand) -> Any:
        version, first["version"] = first["version"], None
        return records.update_record(
            ctx.db, model, resolve_id(ctx, table, record.id), changed, expected_version=version
        )

    def undo(cmd: ServiceCommand) -> None:
        records.update_record(ctx.db, model, resolve_id(ctx, table, record.id), old)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)


def delete_command(ctx: AppContext, model: type, record: Any, text: str) -> ServiceCommand:
    """An undoable delete of a record without children (undo recreates it under a new id)."""
    table = model.__tablename__  # type: ignore[attr-defined]
    values = snapshot(record)
    first: dict[str, int | None] = {"version": record.version}

    def do(cmd: ServiceCommand) -> None:
        version, first["version"] = first["version"], None
        records.delete_record(
            ctx.db, model, resolve_id(ctx, table, record.id), expected_version=version
        )

    def undo(cmd: ServiceCommand) -> None:
        again: Any = records.create_record(ctx.db, model, values)
        remap_id(ctx, table, resolve_id(ctx, table, record.id), again.id)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=table)


# --------------------------------------------------------------------------- table widget


def make_table_view(model: RowTableModel[Any], parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting, sortable table view with the house look."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object of the current selection, or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    model = view.model()
    assert isinstance(model, RowTableModel)
    return model.row_at(rows[0].row())


def select_by_id(view: QTableView, record_id: int | None) -> bool:
    """Select the row whose object has id *record_id*; False when it is not shown."""
    model = view.model()
    assert isinstance(model, RowTableModel)
    if record_id is None:
        return False
    for i, row in enumerate(model.rows):
        if getattr(row, "id", None) == record_id:
            view.selectRow(i)
            return True
    return False


#: Rows whose contents size a table's columns on its first fill (the rest scroll in later).
FIT_SAMPLE_ROWS = 200


def fit_columns(
    view: QTableView, max_width: int = 360, stretch: int | None = None, stretch_min: int = 0
) -> None:
    """Size columns to their contents, within reason.

    With *stretch*, that column takes the spare width instead of the last one. With
    *stretch_min* too, that column never gets narrower than that: when the window is too
    narrow for it (a 1280-px laptop) it keeps that width and the table scrolls sideways,
    instead of squeezing the titles to a few letters.
    """
    header = view.horizontalHeader()
    # Measure a sample of rows, not all of them: Qt's default (1,000 rows) made the first
    # fill of a 2,000-activity or 10,000-member list spend seconds asking for every cell.
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    view.resizeColumnsToContents()
    for i in range(header.count()):
        header.resizeSection(i, min(max(header.sectionSize(i) + 8, 56), max_width))
    if stretch is not None and stretch_min:
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != stretch)
        room = view.viewport().width() - others if view.isVisible() else 0
        if room < stretch_min:
            wanted = min(header.sectionSize(stretch), max(max_width, stretch_min))
            header.resizeSection(stretch, max(stretch_min, wanted))
            return
    if stretch is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def set_empty_text(view: QTableView, text: str) -> QLabel:
    """Show *text* over *view* while its model has no rows (a sensible empty state)."""
    label = QLabel(text, view.viewport())
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid); padding: 24px;")
    model = view.model()

    def update() -> None:
        label.setVisible(model.rowCount() == 0)
        label.setGeometry(view.viewport().rect().adjusted(0, 0, 0, -view.viewport().height() // 3))

    model.modelReset.connect(update)
    model.rowsInserted.connect(update)
    model.rowsRemoved.connect(update)
    view.viewport().installEventFilter(_ResizeFilter(view.viewport(), update))
    update()
    return label


class _ResizeFilter(QWidget):
    def __init__(self, parent: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self.hide()
        self._callback = callback

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._callback()
        return False


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
