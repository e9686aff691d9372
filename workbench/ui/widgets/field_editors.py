"""The editors of one record field: what a field is (:class:`FieldSpec`) and its widget.

A page describes each editable field once (name, label, :class:`FieldKind`, choices, default);
:class:`FieldEditor` builds the widget for it and reads and writes its value, so forms,
dialogs and bulk edits all edit a field the same way. :class:`PathEdit` is the file-path
editor (a line and a "Browse…" button through the house file dialog).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from workbench.errors import ValidationError
from workbench.rules.dates import DateTextError
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.inputs import DecimalEdit, MoneyEdit, OptionalDateEdit

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


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


class FieldEditor:
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
