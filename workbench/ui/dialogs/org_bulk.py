"""The small dialog asking the parameters of a bulk action on the members page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.i18n import ntr
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.inputs import OptionalDateEdit, refuse_unreadable_dates


class BulkActionDialog(QDialog):
    """Asks for the area/date/year/reason of a bulk action; emits ``sig_accepted(values)``.

    *kind* is ``assign``, ``remove``, ``fee`` or ``end``. ``values`` holds ``area_id``,
    ``day``, ``year`` and ``reason`` as relevant.
    """

    sig_accepted = Signal(dict)

    def __init__(
        self, kind: str, areas: Sequence[Any], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._areas = list(areas)
        self._build_ui(count)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)

    def _build_ui(self, count: int) -> None:
        titles = {
            "assign": self.tr("Assign to a competence area"),
            "remove": self.tr("Remove from a competence area"),
            "fee": self.tr("Mark fee paid"),
            "end": self.tr("End membership"),
        }
        self.setWindowTitle(titles[self.kind])
        layout = QVBoxLayout(self)
        intro = QLabel(ntr("%Ln organisation selected.", "%Ln organisations selected.", count))
        layout.addWidget(intro)
        self.form = InlineForm()
        self.area_combo = QComboBox()
        for area in self._areas:
            self.area_combo.addItem(area.name, area.id)
        self.day_edit = OptionalDateEdit(allow_empty=False)
        self.day_edit.set_date_value(date.today())
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(date.today().year)
        self.reason_edit = QLineEdit()
        if self.kind in ("assign", "remove"):
            self.form.add_row("area_id", self.tr("Competence area"), self.area_combo)
        if self.kind == "fee":
            self.form.add_row("year", self.tr("Fee year"), self.year_spin)
        day_label = {
            "assign": self.tr("Member of the area from"),
            "remove": self.tr("Last day in the area"),
            "fee": self.tr("Paid on"),
            "end": self.tr("Leave date"),
        }[self.kind]
        self.form.add_row("day", day_label, self.day_edit)
        if self.kind == "end":
            self.form.add_row("reason", self.tr("Reason (optional)"), self.reason_edit)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def values(self) -> dict[str, Any]:
        """The values entered."""
        return {
            "area_id": self.area_combo.currentData(),
            "day": self.day_edit.date_value(),
            "year": self.year_spin.value(),
            "reason": self.reason_edit.text().strip() or None,
        }

    def _on_accept(self) -> None:
        if refuse_unreadable_dates(self):
            return
        values = self.values()
        if self.kind in ("assign", "remove") and values["area_id"] is None:
            self.form.set_error("area_id", self.tr("Create a competence area first."))
            return
        self.accept()
        self.sig_accepted.emit(values)
