"""A small form dialog editing one child row of an organisation (membership, fee, contact ...).

Fields are described once with :class:`RowField`; the dialog checks what it can check alone
(required values, numbers, date order) next to the field and returns a plain dict. The
complete validation runs in the service when the organisation is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.widgets import messages
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.inputs import (
    DecimalEdit,
    MoneyEdit,
    OptionalDateEdit,
    refuse_unreadable_dates,
)


@dataclass(frozen=True)
class RowField:
    """One field of a row form.

    Attributes:
        key: dict key / model attribute.
        label: translated label.
        kind: text, multiline, date, date_required, money, decimal, percent, year, bool, choice.
        required: an empty value is refused.
        choices: (value, label) pairs for ``choice``.
        places: decimals of ``decimal``.
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Sequence[tuple[Any, str]] = field(default_factory=tuple)
    places: int = 2


#: A check on the whole row: returns (field key, message) or None.
RowCheck = Callable[[dict[str, Any]], tuple[str, str] | None]


class RowDialog(QDialog):
    """Edits one row; emits ``sig_accepted(values)`` when OK passes the checks."""

    sig_accepted = Signal(dict)

    def __init__(
        self,
        title: str,
        fields: Sequence[RowField],
        values: dict[str, Any] | None = None,
        *,
        checks: Sequence[RowCheck] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = list(fields)
        self.checks = list(checks)
        self.original = dict(values or {})
        self.widgets: dict[str, QWidget] = {}
        self.form = InlineForm()
        for spec in self.fields:
            widget = self._make_widget(spec)
            self.widgets[spec.key] = widget
            label = spec.label + (" *" if spec.required else "")
            self.form.add_row(spec.key, label, widget)
            self._set_value(spec, widget, self.original.get(spec.key))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self._on_accept)
        if self.fields:  # the cursor starts in the first field
            self.widgets[self.fields[0].key].setFocus(Qt.FocusReason.OtherFocusReason)
        self._clean_state = self._state()

    @staticmethod
    def _make_widget(spec: RowField) -> QWidget:
        if spec.kind == "multiline":
            edit = QPlainTextEdit()
            edit.setFixedHeight(70)
            edit.setTabChangesFocus(True)  # Tab moves to the next field
            return edit
        if spec.kind in ("date", "date_required"):
            return OptionalDateEdit(allow_empty=spec.kind == "date")
        if spec.kind == "money":
            return MoneyEdit()
        if spec.kind in ("decimal", "percent"):
            return DecimalEdit(places=spec.places, suffix="%" if spec.kind == "percent" else "")
        if spec.kind == "year":
            spin = QSpinBox()
            spin.setRange(1900, 2100)
            spin.setValue(date.today().year)
            return spin
        if spec.kind == "bool":
            return QCheckBox()
        if spec.kind == "choice":
            combo = QComboBox()
            for value, label in spec.choices:
                combo.addItem(label, value)
            return combo
        return QLineEdit()

    @staticmethod
    def _set_value(spec: RowField, widget: QWidget, value: Any) -> None:
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, OptionalDateEdit):
            widget.set_date_value(value)
        elif isinstance(widget, DecimalEdit):
            widget.set_value(value)
        elif isinstance(widget, QSpinBox):
            if value is not None:
                widget.setValue(int(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def set_value(self, key: str, value: Any) -> None:
        """Put *value* into the field *key* (tests, defaults)."""
        spec = next(s for s in self.fields if s.key == key)
        self._set_value(spec, self.widgets[key], value)

    def values(self) -> dict[str, Any]:
        """The row as entered (numbers as Decimal); ValueError for unreadable numbers."""
        result = dict(self.original)
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QPlainTextEdit):
                result[spec.key] = widget.toPlainText().strip() or None
            elif isinstance(widget, OptionalDateEdit):
                result[spec.key] = widget.date_value()
            elif isinstance(widget, DecimalEdit):
                result[spec.key] = widget.value()
            elif isinstance(widget, QSpinBox):
                result[spec.key] = widget.value()
            elif isinstance(widget, QCheckBox):
                result[spec.key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                result[spec.key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                result[spec.key] = widget.text().strip() or None
        return result

    def check(self) -> dict[str, Any] | None:
        """Run the checks, showing messages next to the fields; the values when all pass."""
        self.form.clear_errors()
        if refuse_unreadable_dates(self):
            return None
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, DecimalEdit) and not widget.is_valid():
                self.form.set_error(spec.key, self.tr("Type a number, e.g. 1250.50."))
                widget.setFocus()
                return None
        values = self.values()
        for spec in self.fields:
            if spec.required and values.get(spec.key) in (None, ""):
                self.form.set_error(spec.key, self.tr("This field is required."))
                self.widgets[spec.key].setFocus()
                return None
        for check in self.checks:
            problem = check(values)
            if problem is not None:
                key, message = problem
                self.form.set_error(key, message)
                self.widgets[key].setFocus()
                return None
        return values

    def _on_accept(self) -> None:
        values = self.check()
        if values is None:
            return
        self.accept()
        self.sig_accepted.emit(values)

    def _state(self) -> Any:
        """The row as shown, to tell unsaved changes (unreadable input counts as changed)."""
        try:
            return self.values()
        except ValueError:  # a number or date that cannot be read
            return object()

    def is_modified(self) -> bool:
        """True when the row was changed since the dialog opened."""
        return bool(self._state() != self._clean_state)

    def reject(self) -> None:
        """Close (Esc, Cancel), asking first about changes: Save is OK, with its checks."""
        if self.is_modified():
            answer = messages.ask_unsaved(
                self,
                self.windowTitle(),
                self.tr("Keep your changes to this row?"),
            )
            if answer == messages.SAVE:
                self._on_accept()
                return
            if answer != messages.DISCARD:
                return
        super().reject()

    def error_text(self, key: str) -> str:
        """Message shown under *key* ("" if none)."""
        return self.form.error_text(key)
