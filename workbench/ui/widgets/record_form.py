"""A form built from field specs, with each validation message under its field.

:class:`RecordForm` lays out one :class:`~workbench.ui.widgets.field_editors.FieldEditor` per
field; a ``ValidationError`` is shown under the offending field, or in the form's message area
naming the field. :func:`error_label` is the red, selectable message label the forms and
dialogs share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from workbench.errors import ValidationError
from workbench.ui.i18n import error_text
from workbench.ui.widgets.field_editors import FieldEditor, FieldKind, FieldSpec
from workbench.ui.widgets.inputs import OptionalDateEdit


class RecordForm(QWidget):
    """A form built from FieldSpecs, with validation messages under the offending field.

    ``values()`` returns {name: value} (raising ValidationError for unparseable input),
    ``set_values()`` fills the editors, ``show_error()`` puts a ValidationError next to its
    field (or in the message area, naming the field, when the field is not on this form).
    """

    def __init__(self, fields: Sequence[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.editors: dict[str, FieldEditor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in self.fields:
            editor = FieldEditor(spec, self)
            self.editors[spec.name] = editor
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(editor.widget)
            error = error_label(cell)
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
        self.message = error_label(self)
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


def error_label(parent: QWidget) -> QLabel:
    """A hidden, red, word-wrapped, selectable label for a validation message."""
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
