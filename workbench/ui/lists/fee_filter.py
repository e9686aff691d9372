"""The members list's filter by fee status and year ("2025 fee unpaid").

The statuses come from the one home of the fee rule (``services.members.fee_statuses``,
which applies :func:`workbench.rules.fee_status.fee_status`); this widget only asks for them
for the year chosen, once per reload of the list, and offers a row predicate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from workbench.rules.fee_status import FeeStatus
from workbench.services import members as members_service


class FeeFilter(QObject):
    """A fee status combo and a year spin box; ``predicate()`` filters rows by both.

    Signals:
        sig_changed: the status or the year changed (the page filters again).
    """

    sig_changed = Signal()

    def __init__(self, ctx: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._cache: tuple[int, dict[int, FeeStatus]] | None = None
        self.status_combo = QComboBox(parent)
        self.status_combo.setObjectName("feeStatusFilter")
        self.status_combo.addItem(self.tr("Any fee status"), None)
        labels = {
            FeeStatus.PAID: self.tr("Fee paid"),
            FeeStatus.UNPAID: self.tr("Fee unpaid"),
            FeeStatus.NONE: self.tr("No fee recorded"),
        }
        for status in FeeStatus:
            self.status_combo.addItem(labels[status], status)
        self.status_combo.setToolTip(self.tr("Show organisations by their fee of the year"))
        self.year_spin = QSpinBox(parent)
        self.year_spin.setObjectName("feeYearFilter")
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setToolTip(self.tr("Fee year"))
        self.year_spin.setEnabled(False)
        self.status_combo.currentIndexChanged.connect(self._on_changed)
        self.year_spin.valueChanged.connect(self._on_changed)

    def widgets(self) -> tuple[QComboBox, QSpinBox]:
        return self.status_combo, self.year_spin

    def set_filter(self, status: FeeStatus | None, year: int | None = None) -> None:
        """Filter by *status* for *year* (programmatic use and tests)."""
        if year is not None:
            self.year_spin.setValue(year)
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def invalidate(self) -> None:
        """Forget the statuses read (the list reloads: fees may have changed)."""
        self._cache = None

    def _statuses(self, year: int) -> dict[int, FeeStatus]:
        if self._cache is None or self._cache[0] != year:
            self._cache = (year, members_service.fee_statuses(self.ctx.db, year))
        return self._cache[1]

    def predicate(self) -> Callable[[Any], bool] | None:
        """Rows whose organisation has the chosen status for the chosen year (None: all)."""
        wanted = self.status_combo.currentData()
        if wanted is None:
            return None
        statuses = self._statuses(self.year_spin.value())
        return lambda row: statuses.get(row.id, FeeStatus.NONE) == wanted

    def description(self) -> str:
        """The filter in words for report and export headers ("" when off)."""
        if self.status_combo.currentData() is None:
            return ""
        return self.tr("fee {year}: {status}").format(
            year=self.year_spin.value(), status=self.status_combo.currentText()
        )

    def _on_changed(self, *_args: Any) -> None:
        self.year_spin.setEnabled(self.status_combo.currentData() is not None)
        self.sig_changed.emit()
