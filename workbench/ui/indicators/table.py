"""The Indicators table: the engine's results, one row per indicator, with coloured status icons."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from workbench.indicators import Assessment, IndicatorResult, Status
from workbench.ui.formatting import format_date, format_int
from workbench.ui.i18n import error_text
from workbench.ui.indicators.look import (
    id_sort_key,
    period_titles,
    status_colour,
    status_icon,
    status_text,
    threshold_display,
    tr,
    ui_language,
)
from workbench.ui.models.table import Column, RowTableModel

Index = QModelIndex | QPersistentModelIndex


class IndicatorsModel(RowTableModel[IndicatorResult]):
    """The engine's results, one row per indicator, with coloured status icons."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            self.make_columns(
                [str(date.today().year - 2), str(date.today().year - 1), tr("Current")]
            ),
            parent,
        )
        self.current_day: date | None = None

    @staticmethod
    def make_columns(titles: list[str]) -> list[Column[IndicatorResult]]:
        """Columns for the period *titles* (Y-2, Y-1, current)."""
        lang = ui_language()
        centre = Qt.AlignmentFlag.AlignCenter

        def period(i: int) -> Column[IndicatorResult]:
            return Column(
                f"period{i}",
                titles[i],
                lambda r: error_text(r.periods[i].display) if i < len(r.periods) else "",
                lambda r: (
                    (r.periods[i].status.value, r.periods[i].display)
                    if i < len(r.periods)
                    else None
                ),
                tooltip=lambda r: _period_tooltip(r, i),
            )

        def missing_text(r: IndicatorResult) -> str:
            if not r.missing:
                return ""
            if len(r.missing) == 1:
                return error_text(r.missing[0])
            return tr("{first} (+{more} more)").format(
                first=error_text(r.missing[0]), more=format_int(len(r.missing) - 1)
            )

        return [
            Column("id", tr("ID"), lambda r: r.id, lambda r: id_sort_key(r.id)),
            Column(
                "name",
                tr("Indicator"),
                lambda r: r.definition.name(lang),
                lambda r: r.definition.name(lang).casefold(),
                tooltip=lambda r: r.definition.computed_from,
            ),
            period(0),
            period(1),
            period(2),
            Column(
                "threshold", tr("Threshold"), threshold_display, tooltip=lambda r: r.threshold_text
            ),
            Column(
                "status",
                tr("Status"),
                lambda r: status_text(r.status),
                lambda r: {Status.FAIL: 0, Status.UNKNOWN: 1, Status.NOT_SCORED: 2, Status.PASS: 3}[
                    r.status
                ],
                tooltip=lambda r: _status_tooltip(r),
            ),
            Column(
                "evidence",
                tr("Evidence"),
                lambda r: format_int(r.evidence_count),
                lambda r: r.evidence_count,
                align=centre,
                tooltip=lambda r: "\n".join(r.evidence_files),
            ),
            Column(
                "missing",
                tr("Missing inputs"),
                missing_text,
                lambda r: len(r.missing) or None,
                tooltip=lambda r: "\n".join(error_text(m) for m in r.missing),
            ),
        ]

    def set_assessment(self, assessment: Assessment) -> None:
        """Show *assessment* (column titles follow its year)."""
        self.columns = self.make_columns(period_titles(assessment, assessment.year, short=True))
        self.current_day = assessment.current_day
        self.set_rows(assessment.results)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
            and self.columns[section].key == "period2"
            and self.current_day is not None
        ):
            return tr("The current state: the 12 months up to {day}").format(
                day=format_date(self.current_day)
            )
        return super().headerData(section, orientation, role)

    def column_of(self, key: str) -> int:
        """Position of the column *key*."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def row_of(self, indicator_id: str) -> int:
        """Visible row of *indicator_id*, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.id == indicator_id), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        key = self.columns[index.column()].key
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "status":
                return status_icon(row.status)
            if key.startswith("period"):
                i = int(key[-1])
                if i < len(row.periods) and row.periods[i].display not in ("", "—"):
                    return status_icon(row.periods[i].status, 10)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            return QBrush(status_colour(row.status))
        if role == Qt.ItemDataRole.FontRole and key in ("status", "id"):
            font = QFont()
            font.setBold(key == "status")
            return font
        return super().data(index, role)


def _period_tooltip(result: IndicatorResult, i: int) -> str:
    if i >= len(result.periods):
        return ""
    value = result.periods[i]
    lines = [f"{error_text(value.display)} — {status_text(value.status)}"]
    lines += [error_text(line) for line in value.inputs]
    lines += [f"⚠ {error_text(m)}" for m in value.missing]
    return "\n".join(lines)


def _status_tooltip(result: IndicatorResult) -> str:
    if result.status_period is None:
        return tr("No period could be decided yet.")
    period = tr("current state") if result.status_period == "current" else result.status_period
    text = tr("Status of the latest decided period: {period}").format(period=period)
    if result.advice:
        text += "\n" + error_text(result.advice)
    return text
