"""Forms whose validation messages appear right under the offending field.

Usage::

    form = InlineForm(self)
    form.add_row("name", self.tr("Name"), self.name_edit)
    form.add_row("vat", self.tr("VAT number"), self.vat_edit)
    ...
    try:
        service.save(...)
    except ValidationError as exc:
        if not form.show_error(exc):       # field unknown to this form
            messages.show_error(self, exc)

``show_error`` uses ``ValidationError.field`` (the model attribute name) to find the row, puts
the message under it, focuses the field and returns True.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ValidationError
from workbench.ui.i18n import error_text

ERROR_STYLE = "color: #b3261e; font-size: 90%;"
INVALID_STYLE = "border: 1px solid #b3261e;"


class FieldError(QLabel):
    """The small red message under a field (hidden while there is nothing to say)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)
        self.setObjectName("fieldError")

    def show_message(self, message: str | None) -> None:
        """Show *message*, or hide when None/empty."""
        self.setText(message or "")
        self.setVisible(bool(message))


class InlineForm(QFormLayout):
    """A QFormLayout that knows its rows by field name and shows errors under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setHorizontalSpacing(12)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self._styles: dict[str, str] = {}

    def add_row(
        self, name: str, label: str, widget: QWidget | QLayout, focus: QWidget | None = None
    ) -> FieldError:
        """Add a labelled row for field *name*; returns its error label."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if isinstance(widget, QLayout):
            column.addLayout(widget)
        else:
            column.addWidget(widget)
        error = FieldError(box)
        column.addWidget(error)
        self.addRow(label, box)
        target = focus or (widget if isinstance(widget, QWidget) else box)
        self.fields[name] = target
        self.errors[name] = error
        self._styles[name] = target.styleSheet()
        return error

    def alias(self, name: str, to: str) -> None:
        """Show errors about field *name* on the row of field *to*."""
        self.fields[name] = self.fields[to]
        self.errors[name] = self.errors[to]
        self._styles[name] = self._styles[to]

    def set_error(self, name: str, message: str | None) -> bool:
        """Show (or clear, with None) the message under *name*; False if no such row."""
        error = self.errors.get(name)
        if error is None:
            return False
        error.show_message(message)
        widget = self.fields[name]
        widget.setStyleSheet(self._styles[name] + (INVALID_STYLE if message else ""))
        return True

    def clear_errors(self) -> None:
        """Hide every message."""
        for name in self.errors:
            self.set_error(name, None)

    def error_text(self, name: str) -> str:
        """The message currently shown under *name* ("" when none)."""
        error = self.errors.get(name)
        return error.text() if error is not None and error.isVisible() else ""

    def has_errors(self) -> bool:
        """True while any message is shown."""
        return any(e.text() for e in self.errors.values())

    def show_error(self, exc: ValidationError) -> bool:
        """Put *exc* under its field and focus it; False when the field is not in this form."""
        if not exc.field or exc.field not in self.fields:
            return False
        self.set_error(exc.field, error_text(exc))
        self.fields[exc.field].setFocus()
        return True


def tr(text: str) -> str:
    """Translate *text* in the ``forms`` context."""
    return QCoreApplication.translate("forms", text)
