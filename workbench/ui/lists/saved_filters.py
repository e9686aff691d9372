"""Named filters of a list page ("companies in Green Building with 2025 fee unpaid").

A page names its filter widgets (search box, combos, check boxes, spin boxes); a saved filter
is the value of each, kept as JSON in the settings (``SAVED_FILTERS`` for the page), so it
survives a restart. Applying one sets the widgets as a user would, and the page filters as it
does when they are changed by hand. A combo value that no longer exists (a deleted area) is
left at the combo's first entry ("All ...").
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import settings as prefs

FilterState = dict[str, Any]


def _plain(value: Any) -> Any:
    """*value* as JSON can keep it (enums by value; anything else unusual as text)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def capture(widgets: Mapping[str, QWidget]) -> FilterState:
    """The current value of each filter widget, by name."""
    state: FilterState = {}
    for name, widget in widgets.items():
        if isinstance(widget, QLineEdit):
            state[name] = widget.text()
        elif isinstance(widget, QComboBox):
            state[name] = _plain(widget.currentData())
        elif isinstance(widget, QSpinBox):
            state[name] = widget.value()
        elif isinstance(widget, QAbstractButton):
            state[name] = widget.isChecked()
    return state


def apply(widgets: Mapping[str, QWidget], state: Mapping[str, Any]) -> None:
    """Set the filter widgets to *state* (widgets it does not name keep their value)."""
    for name, widget in widgets.items():
        if name not in state:
            continue
        value = state[name]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value or ""))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(_combo_index(widget, value), 0))
        elif isinstance(widget, QSpinBox) and isinstance(value, int):
            widget.setValue(value)
        elif isinstance(widget, QAbstractButton):
            widget.setChecked(bool(value))


def _combo_index(combo: QComboBox, value: Any) -> int:
    for i in range(combo.count()):
        if _plain(combo.itemData(i)) == value:
            return i
    return -1


class SavedFilterStore:
    """The named filters of one page, read from and written to the settings at once."""

    def __init__(self, settings: Any, page: str) -> None:
        self.settings = settings
        self.page = page

    def all(self) -> dict[str, FilterState]:
        """Saved filters by name, in name order (an unreadable entry counts as none)."""
        raw = prefs.load(self.settings, prefs.SAVED_FILTERS, page=self.page)
        try:
            found = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        named = {str(k): v for k, v in found.items() if isinstance(v, dict)}
        return dict(sorted(named.items(), key=lambda kv: kv[0].casefold()))

    def names(self) -> list[str]:
        return list(self.all())

    def save(self, name: str, state: FilterState) -> None:
        filters = self.all()
        filters[name] = state
        self._write(filters)

    def delete(self, name: str) -> None:
        filters = self.all()
        filters.pop(name, None)
        self._write(filters)

    def _write(self, filters: dict[str, FilterState]) -> None:
        prefs.save(
            self.settings,
            prefs.SAVED_FILTERS,
            json.dumps(filters, ensure_ascii=False),
            page=self.page,
        )
        self.settings.sync()  # a named filter is a small, deliberate act: keep it on disk now


class FilterNameDialog(QDialog):
    """Asks the name of the filter to save; emits ``sig_accepted(name)``.

    Saving under a name already used replaces that filter.
    """

    sig_accepted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save filters"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Name of these filters:"), self))
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("e.g. Companies with the fee unpaid"))
        layout.addWidget(self.name_edit)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(360)

    def _on_accept(self) -> None:
        name = " ".join(self.name_edit.text().split())
        if not name:
            self.message.setText(self.tr("Type a name for these filters."))
            self.message.show()
            return
        self.accept()
        self.sig_accepted.emit(name)
