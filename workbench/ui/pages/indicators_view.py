"""Indicators view: the label-assessment engine's table, live, with manual inputs and evidence.

Shown as the "Indicators" tab of the Reports page. The table lists every indicator of the
chosen level for the assessment year (values for Y-2, Y-1 and the current state, threshold,
status, evidence count, missing inputs) under a readiness gauge: Gold's is marked at the 80 %
bar, Silver's and Bronze's show the share alone (no score bar applies to them).
Selecting an indicator shows what the value was computed from, what is missing (a missing line
that names records opens them), the advice, and three editors: the manual value of a year,
the evidence files, and the cluster's threshold. Every edit is undoable and makes the table
recompute in the background (``assess`` takes seconds on 10,000 members).
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.errors import ValidationError, WorkbenchError
from workbench.indicators import GOLD_BAR_PCT, Assessment, IndicatorResult, Kind, Status, assess
from workbench.models import IndicatorEvidence
from workbench.services import evidence as evidence_service
from workbench.services import files as file_store
from workbench.services.changes import Changes
from workbench.services.evidence import EvidenceEntry
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.dialogs.improvement_areas import ImprovementAreasDialog
from workbench.ui.dialogs.indicator_commands import (
    EVIDENCE_TABLE,
    THRESHOLD_TABLE,
    VALUE_TABLE,
    ManualEntry,
    attach_evidence_command,
    evidence_rows,
    manual_entries,
    manual_value_command,
    reattach_evidence_command,
    remove_evidence_command,
    threshold_command,
    threshold_row,
)
from workbench.ui.dialogs.indicator_records import IndicatorRecordsDialog
from workbench.ui.formatting import format_date, format_decimal, format_int, format_percent
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.inputs import DecimalEdit

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
FileOpener = Callable[[Path], bool]

PASS_COLOUR = QColor("#1b7f3b")
FAIL_COLOUR = QColor("#b3261e")
UNKNOWN_COLOUR = QColor("#7a7a7a")
NOT_SCORED_COLOUR = QColor("#5a6f8a")
LINK_COLOUR = QColor("#1a5fb4")
_RELOAD_TABLES = ("", VALUE_TABLE, THRESHOLD_TABLE, EVIDENCE_TABLE)


def tr(text: str) -> str:
    """Translate *text* in the ``IndicatorsView`` context."""
    return QCoreApplication.translate("IndicatorsView", text)


def ui_language() -> str:
    """The language the interface is shown in (indicator names exist in en and it)."""
    return "it" if QLocale().language() == QLocale.Language.Italian else "en"


def open_with_system(path: Path) -> bool:
    """Open *path* with the program the system uses for it; False when nothing was opened.

    Offscreen (tests, ``--screenshot``) nothing is launched.
    """
    if (
        QGuiApplication.platformName() in ("offscreen", "minimal")
        or os.environ.get("QT_QPA_PLATFORM", "") == "offscreen"
    ):
        log.info("Not opening %s (offscreen)", path)
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


# --------------------------------------------------------------------------- status look


def status_text(status: Status) -> str:
    """Translated name of a status."""
    return {
        Status.PASS: tr("Pass"),
        Status.FAIL: tr("Fail"),
        Status.UNKNOWN: tr("Unknown"),
        Status.NOT_SCORED: tr("Not scored"),
    }[status]


def status_colour(status: Status) -> QColor:
    """Colour of a status (green, red, grey; slate for "not scored")."""
    return {
        Status.PASS: PASS_COLOUR,
        Status.FAIL: FAIL_COLOUR,
        Status.UNKNOWN: UNKNOWN_COLOUR,
        Status.NOT_SCORED: NOT_SCORED_COLOUR,
    }[status]


_ICONS: dict[tuple[Status, int], QIcon] = {}


def status_icon(status: Status, size: int = 14) -> QIcon:
    """A filled circle with a tick, a cross or a question mark, in the status colour."""
    key = (status, size)
    if key in _ICONS:
        return _ICONS[key]
    scale = 2
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_colour(status))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    pen = QPen(QColor("white"), max(1.6, size / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    s = float(size)
    if status is Status.PASS:
        painter.drawLine(QPointF(s * 0.28, s * 0.52), QPointF(s * 0.43, s * 0.70))
        painter.drawLine(QPointF(s * 0.43, s * 0.70), QPointF(s * 0.74, s * 0.32))
    elif status is Status.FAIL:
        painter.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68))
        painter.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68))
    elif status is Status.NOT_SCORED:
        painter.drawLine(QPointF(s * 0.30, s * 0.5), QPointF(s * 0.70, s * 0.5))  # a dash
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.75))
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, s, s), Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    icon = QIcon(pixmap)
    _ICONS[key] = icon
    return icon


def unit_text(unit: str) -> str:
    """The unit shown after a threshold ("" for plain counts and texts)."""
    return {"%": "%", "FTE": tr("FTE"), "years": tr("years"), "members": tr("members")}.get(
        unit, ""
    )


class NumberEdit(DecimalEdit):
    """A DecimalEdit that shows 15 rather than 15.00 (thresholds and counts)."""

    def set_value(self, value: Decimal | int | None) -> None:
        """Show *value* without trailing zero decimals (None: empty)."""
        self.setText(format_decimal(value, self.places, trim=True) if value is not None else "")


def id_sort_key(indicator_id: str) -> tuple[int, ...]:
    """Sort key putting "4.1.10" after "4.1.9": compare the numbers, not the text."""
    return tuple(int(part) if part.isdigit() else 0 for part in indicator_id.split("."))


def threshold_display(result: IndicatorResult) -> str:
    """The threshold as the table shows it, with the "(default)" marker."""
    d = result.definition
    if d.comparison == "none":
        return tr("judged by hand")
    if result.threshold_is_default:
        if result.threshold is None:
            return tr("— (no default)")
        return tr("{threshold} (default)").format(threshold=d.threshold_text)
    if result.threshold is None:
        return tr("none: not scored")
    return result.threshold_text


def period_titles(assessment: Assessment | None, year: int, *, short: bool = False) -> list[str]:
    """Titles of the three periods (*short*: the current one without its day)."""
    labels = assessment.periods if assessment is not None else [str(year - 2), str(year - 1), ""]
    titles = labels[:2]
    day = assessment.current_day if assessment is not None else None
    if day is not None and not short:
        titles.append(tr("Current ({day})").format(day=format_date(day)))
    else:
        titles.append(tr("Current"))
    return titles


# --------------------------------------------------------------------------- table model


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
                lambda r: r.periods[i].display if i < len(r.periods) else "",
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
                return r.missing[0]
            return tr("{first} (+{more} more)").format(
                first=r.missing[0], more=format_int(len(r.missing) - 1)
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
                tooltip=lambda r: "\n".join(r.missing),
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
    lines = [f"{value.display} — {status_text(value.status)}", *value.inputs]
    lines += [f"⚠ {m}" for m in value.missing]
    return "\n".join(lines)


def _status_tooltip(result: IndicatorResult) -> str:
    if result.status_period is None:
        return tr("No period could be decided yet.")
    period = tr("current state") if result.status_period == "current" else result.status_period
    text = tr("Status of the latest decided period: {period}").format(period=period)
    if result.advice:
        text += "\n" + result.advice
    return text


# --------------------------------------------------------------------------- readiness bar


class ReadinessBar(QWidget):
    """A progress-bar-like gauge of the readiness score.

    Gold's gauge has a mark at its bar (80 %); Silver and Bronze have no score bar, so theirs
    shows the share alone (``bar`` None), without mark or pass/fail colour.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value: Decimal | None = None
        self.bar: Decimal | None = GOLD_BAR_PCT
        self.setMinimumWidth(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: Decimal | None, bar: Decimal | None = GOLD_BAR_PCT) -> None:
        """Show *value* % against *bar* % (value None: nothing computed yet; bar None: no bar)."""
        self.value, self.bar = value, bar
        if value is None:
            self.setToolTip("")
        elif bar is None:
            self.setToolTip(
                tr("Readiness {value} — no score bar applies to this label").format(
                    value=format_percent(value)
                )
            )
        else:
            self.setToolTip(
                tr("Readiness {value} — the bar is {bar}").format(
                    value=format_percent(value), bar=format_percent(bar)
                )
            )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, self.fontMetrics().height() + 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(160, self.fontMetrics().height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        palette = self.palette()
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect, 4, 4)
        if self.value is not None:
            share = max(0.0, min(float(self.value) / 100.0, 1.0))
            fill = QRectF(rect.left(), rect.top(), rect.width() * share, rect.height())
            if self.bar is None:
                colour = LINK_COLOUR  # nothing to reach: neither "passing" green nor amber
            else:
                colour = PASS_COLOUR if self.value >= self.bar else QColor("#c77c02")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour.lighter(135))
            painter.drawRoundedRect(fill, 4, 4)
        if self.bar is not None:
            self._paint_bar_mark(painter, rect, self.bar)
        painter.setPen(palette.text().color())
        text = format_percent(self.value) if self.value is not None else "…"
        painter.drawText(
            rect.adjusted(8, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        painter.end()

    def _paint_bar_mark(self, painter: QPainter, rect: QRectF, bar: Decimal) -> None:
        """The level's bar: a dashed line across the gauge with its percentage beside it."""
        x = rect.left() + rect.width() * float(bar) / 100.0
        painter.setPen(QPen(self.palette().text().color(), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), int(rect.top()) + 1, int(x), int(rect.bottom()) - 1)
        painter.setPen(self.palette().text().color())
        bar_text = format_percent(bar, 0)
        width = self.fontMetrics().horizontalAdvance(bar_text)
        painter.drawText(
            QRectF(x + 4, rect.top(), width + 4, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bar_text,
        )


# --------------------------------------------------------------------------- the view


class IndicatorsView(QWidget):
    """The assessment table with details and editors of the selected indicator.

    Signals:
        sig_computed(): a freshly computed assessment is shown.
        sig_status(str): a short message for the status bar.
    """

    sig_computed = Signal()
    sig_status = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, open_file: FileOpener | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.open_file: FileOpener = open_file or open_with_system
        self.assessment: Assessment | None = None
        self.model = IndicatorsModel(self)
        self.records_dialog: IndicatorRecordsDialog | None = None
        self._stale = True
        self._computing = False
        self._pending = False
        self._reload_edits = True
        self._shown_id: str | None = None
        self._resetting = False
        self._entries: dict[int, ManualEntry] = {}
        self._evidence: list[EvidenceEntry] = []
        self._threshold_row: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._build_ui()
        self._connect_signals()
        self._restore_view_state()
        self._show_details(None)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setKeyboardTracking(False)
        self.year_spin.setToolTip(
            tr("Assessment year Y: the evidence covers Y-2, Y-1 and the current state")
        )
        self.level_combo = QComboBox()
        for text, level in (
            (tr("Gold"), "gold"),
            (tr("Silver"), "silver"),
            (tr("Bronze"), "bronze"),
        ):
            self.level_combo.addItem(text, level)
        self.readiness_bar = ReadinessBar()
        self.readiness_label = QLabel()
        self.readiness_label.setObjectName("readinessLabel")
        # Wraps onto two lines in a narrow window instead of widening the whole page.
        self.readiness_label.setWordWrap(True)
        self.readiness_label.setMinimumWidth(180)
        self.improvements_button = QToolButton()
        self.improvements_button.setObjectName("improvementsButton")
        self.improvements_button.setText(tr("Silver improvement areas…"))
        self.improvements_button.setToolTip(
            tr(
                "Record the three improvement areas Silver asks "
                "for: baseline, action, result and evidence"
            )
        )
        self.improvements_dialog: ImprovementAreasDialog | None = None
        self.refresh_button = QToolButton()
        self.refresh_button.setText(tr("Recompute"))
        # The button says "Computing…" while busy: as wide as the longer text, so nothing moves.
        metrics = self.refresh_button.fontMetrics()
        self.refresh_button.setMinimumWidth(
            max(metrics.horizontalAdvance(t) for t in (tr("Recompute"), tr("Computing…"))) + 16
        )

        year_label = QLabel(tr("Assessment year"))
        year_label.setBuddy(self.year_spin)
        level_label = QLabel(tr("Label"))
        level_label.setBuddy(self.level_combo)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        top.addWidget(level_label)
        top.addWidget(self.level_combo)
        top.addSpacing(18)
        top.addWidget(QLabel(tr("Readiness")))
        top.addWidget(self.readiness_bar, 2)
        top.addWidget(self.readiness_label, 3)
        top.addWidget(self.improvements_button)
        top.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setObjectName("indicatorsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(14, 14))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((48, 200, 112, 112, 112, 150, 98, 64, 180)):
            self.table.setColumnWidth(column, width)
        self._fit_header_widths()

        details = self._build_details()
        editors = self._build_editors()
        self.bottom_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_splitter.addWidget(details)
        self.bottom_splitter.addWidget(editors)
        self.bottom_splitter.setStretchFactor(0, 3)
        self.bottom_splitter.setStretchFactor(1, 2)
        self.bottom_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.bottom_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.splitter, 1)

    def _fit_header_widths(self) -> None:
        """Widen columns whose (translated) title would be cut."""
        metrics = self.table.horizontalHeader().fontMetrics()
        for column in range(self.model.columnCount() - 1):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            needed = metrics.horizontalAdvance(title) + 28  # padding and sort arrow
            if self.table.columnWidth(column) < needed:
                self.table.setColumnWidth(column, needed)

    def _build_details(self) -> QWidget:
        box = QWidget()
        self.details_title = QLabel()
        self.details_title.setWordWrap(True)
        self.details_title.setTextFormat(Qt.TextFormat.RichText)
        self.details_browser = QTextBrowser()
        self.details_browser.setOpenLinks(False)
        self.details_browser.setObjectName("indicatorDetails")
        self.missing_heading = QLabel()
        self.missing_list = QListWidget()
        self.missing_list.setObjectName("missingInputs")
        self.missing_list.setWordWrap(True)
        self.missing_list.setMouseTracking(True)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 4, 0)
        layout.addWidget(self.details_title)
        layout.addWidget(self.details_browser, 1)
        layout.addWidget(self.missing_heading)
        layout.addWidget(self.missing_list)
        return box

    def _build_editors(self) -> QWidget:
        box = QWidget()
        self.edit_year_combo = QComboBox()
        self.edit_year_combo.setToolTip(tr("Year of the value and of the evidence files"))
        year_row = QHBoxLayout()
        year_label = QLabel(tr("Year"))
        year_label.setBuddy(self.edit_year_combo)
        year_row.addWidget(year_label)
        year_row.addWidget(self.edit_year_combo)
        year_row.addStretch(1)

        self.edit_tabs = QTabWidget()
        self.edit_tabs.addTab(self._build_value_tab(), tr("Value"))
        self.edit_tabs.addTab(self._build_evidence_tab(), tr("Evidence"))
        self.edit_tabs.addTab(self._build_threshold_tab(), tr("Threshold"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.addLayout(year_row)
        layout.addWidget(self.edit_tabs, 1)
        return box

    def _build_value_tab(self) -> QWidget:
        self.value_stack = QStackedWidget()
        form_page = QWidget()
        self.value_form = InlineForm()
        self.value_number_edit = NumberEdit(places=2)
        self.value_number_edit.setMaximumWidth(160)
        self.value_text_edit = QPlainTextEdit()
        self.value_text_edit.setTabChangesFocus(True)
        self.value_text_edit.setPlaceholderText(tr("What was done, in one or two sentences"))
        self.value_text_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.decision_combo = QComboBox()
        self.decision_combo.addItem(tr("Not decided"), None)
        self.decision_combo.addItem(tr("Passed"), True)
        self.decision_combo.addItem(tr("Failed"), False)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(tr("Note for the assessor"))
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        # What the records show for the edit year, when nothing was entered: one click copies
        # it into the form; saved (with a decision), it counts.
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        self.proposal_label.setStyleSheet("color: palette(mid);")
        self.use_proposal_button = QPushButton(tr("Use the proposal"))
        self.use_proposal_button.clicked.connect(self.use_proposal)
        proposal_row = QHBoxLayout()
        proposal_row.addWidget(self.proposal_label, 1)
        proposal_row.addWidget(self.use_proposal_button, 0, Qt.AlignmentFlag.AlignTop)
        self.proposal_box = QWidget()
        self.proposal_box.setLayout(proposal_row)
        self.proposal_box.setVisible(False)
        self.value_form.addRow(self.proposal_box)
        self.value_form.add_row("value_number", tr("Number"), self.value_number_edit)
        self.value_form.add_row("value_text", tr("Text"), self.value_text_edit)
        self.value_form.add_row("passed", tr("Decision"), self.decision_combo)
        self.value_form.add_row("note", tr("Note"), self.note_edit)
        self.value_status = QLabel()
        self.value_status.setWordWrap(True)
        self.clear_value_button = QPushButton(tr("Clear year"))
        self.save_value_button = QPushButton(tr("Save value"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.value_status, 1)
        buttons.addWidget(self.clear_value_button)
        buttons.addWidget(self.save_value_button)
        form_layout = QVBoxLayout(form_page)
        form_layout.addLayout(self.value_form)
        form_layout.addStretch(1)
        form_layout.addLayout(buttons)
        # A frameless browser rather than a QLabel: a wrapped label in a stacked page is
        # given too little height and cuts its last lines.
        self.auto_label = QTextBrowser()
        self.auto_label.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.auto_label.viewport().setAutoFillBackground(False)
        self.auto_label.setStyleSheet("QTextBrowser { background: transparent; }")
        # The form scrolls rather than being cut when the window is small.
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setWidget(form_page)
        self.value_stack.addWidget(form_scroll)
        self.value_stack.addWidget(self.auto_label)
        return self.value_stack

    def _build_evidence_tab(self) -> QWidget:
        page = QWidget()
        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidenceList")
        self.evidence_list.setAlternatingRowColors(True)
        self.evidence_description = QLineEdit()
        self.evidence_description.setPlaceholderText(tr("Description of the next file (optional)"))
        self.attach_button = QPushButton(tr("Attach file…"))
        self.open_evidence_button = QPushButton(tr("Open"))
        self.remove_evidence_button = QPushButton(tr("Remove"))
        self.evidence_hint = QLabel()
        self.evidence_hint.setWordWrap(True)
        self.evidence_hint.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_evidence_button)
        buttons.addWidget(self.remove_evidence_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.evidence_list, 1)
        layout.addWidget(self.evidence_description)
        layout.addLayout(buttons)
        layout.addWidget(self.evidence_hint)
        return page

    def _build_threshold_tab(self) -> QWidget:
        page = QWidget()
        self.threshold_info = QLabel()
        self.threshold_info.setWordWrap(True)
        self.threshold_form = InlineForm()
        self.threshold_edit = NumberEdit(places=2)
        self.threshold_edit.setMaximumWidth(160)
        self.threshold_unit = QLabel()
        value_row = QHBoxLayout()
        value_row.setContentsMargins(0, 0, 0, 0)
        value_row.addWidget(self.threshold_edit)
        value_row.addWidget(self.threshold_unit)
        value_row.addStretch(1)
        self.threshold_note_edit = QLineEdit()
        self.threshold_note_edit.setPlaceholderText(tr("Why this threshold (e.g. regional rule)"))
        self.threshold_form.add_row("value", tr("Threshold"), value_row, focus=self.threshold_edit)
        self.threshold_form.add_row("note", tr("Note"), self.threshold_note_edit)
        self.reset_threshold_button = QPushButton(tr("Reset to default"))
        self.clear_threshold_button = QPushButton(tr("No threshold (not scored)"))
        self.save_threshold_button = QPushButton(tr("Save threshold"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_threshold_button)
        buttons.addWidget(self.clear_threshold_button)
        buttons.addWidget(self.save_threshold_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.threshold_info)
        layout.addLayout(self.threshold_form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.compute)
        self.year_spin.valueChanged.connect(self._on_parameters_changed)
        self.level_combo.currentIndexChanged.connect(self._on_parameters_changed)
        self.refresh_button.clicked.connect(self.compute)
        self.improvements_button.clicked.connect(self.open_improvement_areas)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)
        self.missing_list.itemClicked.connect(self._on_missing_clicked)
        self.missing_list.itemActivated.connect(self._on_missing_clicked)
        self.edit_year_combo.currentIndexChanged.connect(self._on_edit_year_changed)
        self.save_value_button.clicked.connect(self.save_value)
        self.clear_value_button.clicked.connect(self.clear_value)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.open_evidence_button.clicked.connect(self.open_selected_evidence)
        self.remove_evidence_button.clicked.connect(self.remove_selected_evidence)
        self.evidence_list.itemActivated.connect(lambda _item: self.open_selected_evidence())
        self.evidence_list.currentRowChanged.connect(self._update_evidence_buttons)
        self.save_threshold_button.clicked.connect(self.save_threshold)
        self.reset_threshold_button.clicked.connect(self.reset_threshold)
        self.clear_threshold_button.clicked.connect(self.clear_threshold)
        self.splitter.splitterMoved.connect(lambda *_: self.save_view_state())
        self.bottom_splitter.splitterMoved.connect(lambda *_: self.save_view_state())

    def open_improvement_areas(self) -> ImprovementAreasDialog:
        """Show the Silver improvement-areas editor (one per view, reloaded when reopened)."""
        if self.improvements_dialog is None:
            self.improvements_dialog = ImprovementAreasDialog(self.ctx, self)
        else:
            self.improvements_dialog.reload()
        self.improvements_dialog.show()
        self.improvements_dialog.raise_()
        return self.improvements_dialog

    # ------------------------------------------------------------------ view state

    def _restore_view_state(self) -> None:
        settings = self.ctx.settings
        for key, splitter in (
            ("splitter", self.splitter),
            ("bottom_splitter", self.bottom_splitter),
        ):
            state = prefs.load(settings, prefs.INDICATORS_SPLITTER, splitter=key)
            if state:
                splitter.restoreState(state)
        if not prefs.load(settings, prefs.INDICATORS_SPLITTER, splitter="splitter"):
            self.splitter.setSizes([430, 330])
            self.bottom_splitter.setSizes([600, 480])
        level = prefs.load(settings, prefs.INDICATORS_LEVEL)
        index = self.level_combo.findData(level) if level else -1
        if index >= 0:
            self.level_combo.blockSignals(True)
            self.level_combo.setCurrentIndex(index)
            self.level_combo.blockSignals(False)

    def save_view_state(self) -> None:
        """Remember the splitters and the level."""
        settings = self.ctx.settings
        prefs.save(
            settings, prefs.INDICATORS_SPLITTER, self.splitter.saveState(), splitter="splitter"
        )
        prefs.save(
            settings,
            prefs.INDICATORS_SPLITTER,
            self.bottom_splitter.saveState(),
            splitter="bottom_splitter",
        )
        prefs.save(settings, prefs.INDICATORS_LEVEL, self.level())

    # ------------------------------------------------------------------ computing

    def year(self) -> int:
        """The assessment year chosen."""
        return self.year_spin.value()

    def level(self) -> str:
        """The label level chosen (gold, silver or bronze)."""
        return str(self.level_combo.currentData())

    def set_year(self, year: int) -> None:
        """Choose the assessment year (recomputes)."""
        self.year_spin.setValue(year)

    def set_level(self, level: str) -> None:
        """Choose the label level (recomputes)."""
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(level), 0))

    def is_loading(self) -> bool:
        """True while an assessment is being computed or waits to be."""
        return self._computing or self._timer.isActive()

    def schedule_refresh(self) -> None:
        """Recompute soon if shown, else when next shown (changes come in bursts)."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale or self.assessment is None:
            self._timer.start()

    def _on_parameters_changed(self, *_args: Any) -> None:
        prefs.save(self.ctx.settings, prefs.INDICATORS_LEVEL, self.level())
        self._reload_edits = True
        self.schedule_refresh()

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(*_RELOAD_TABLES):
            self._reload_edits = True
        self.schedule_refresh()

    def compute(self) -> None:
        """Compute the assessment for the chosen year and level in the background."""
        self._timer.stop()
        if self._computing:
            self._pending = True
            return
        self._stale = False
        self._computing = True
        self._set_busy(True)
        db, year, level = self.ctx.db, self.year(), self.level()

        def work(state: Any) -> Assessment:
            state.check_cancelled()
            return assess(db, year, level=level)

        if self.ctx.tasks is None:
            from workbench.ui.tasks import TaskState

            try:
                self._on_computed(work(TaskState()))
            except Exception as exc:  # noqa: BLE001 - shown to the user
                self._on_compute_failed(exc)
            return
        self.ctx.tasks.run(
            work,
            on_done=self._on_computed,
            on_error=self._on_compute_failed,
            on_cancelled=self._on_compute_cancelled,
            title=tr("Computing the indicators…"),
            parent=self,
            show_progress=False,
        )

    def _set_busy(self, busy: bool) -> None:
        self.refresh_button.setText(tr("Computing…") if busy else tr("Recompute"))
        self.refresh_button.setEnabled(not busy)

    def _finish_compute(self) -> bool:
        """Common end of a computation; True when another one was started instead."""
        if not isValid(self):
            return True  # the view was closed meanwhile (language switch): nothing to show
        self._computing = False
        self._set_busy(False)
        if self._pending:
            self._pending = False
            self.compute()
            return True
        return False

    def _on_computed(self, assessment: Assessment) -> None:
        if not isValid(self):
            return
        outdated = (assessment.year, assessment.level) != (self.year(), self.level())
        restarted = self._finish_compute()
        if outdated:
            if not restarted:
                self.compute()
            return
        # Shown even when a newer computation started: it is closer than what is on screen.
        self.show_assessment(assessment)

    def _on_compute_failed(self, exc: BaseException) -> None:
        if self._finish_compute() and not isValid(self):
            return
        if isinstance(exc, WorkbenchError):
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
        else:
            messages.show_error(self, exc, tr("The indicators could not be computed"))

    def _on_compute_cancelled(self) -> None:
        if self._finish_compute() and not isValid(self):
            return
        self._stale = True

    def show_assessment(self, assessment: Assessment) -> None:
        """Show *assessment* in the table, keeping the selected indicator."""
        keep = self.selected_id()
        self.error_label.setVisible(False)
        self.assessment = assessment
        self._resetting = True
        try:
            self.model.set_assessment(assessment)
        finally:
            self._resetting = False
        self._update_readiness()
        self._fill_year_combo()
        target = keep or (assessment.results[0].id if assessment.results else None)
        if target is not None:
            self.select_indicator(target)
        else:
            self._show_details(None)
        self.sig_computed.emit()

    def _update_readiness(self) -> None:
        a = self.assessment
        if a is None:
            self.readiness_bar.set_value(None)
            self.readiness_label.setText("")
            return
        gold = a.level == "gold"  # the only level with a score bar (80 %)
        self.readiness_bar.set_value(a.readiness_pct, a.gold_bar_pct if gold else None)
        # The bar itself is drawn on the gauge; the text stays short enough for Italian.
        text = tr("{passing} of {total} indicators pass").format(
            passing=format_int(a.passing), total=format_int(a.total)
        )
        if gold:
            verdict = tr("ready for Gold") if a.ready_for_gold else tr("not yet ready for Gold")
            text += f" — {verdict}"
        if a.not_scored:
            text += " — " + tr("{count} not scored").format(count=format_int(a.not_scored))
        self.readiness_label.setText(text)
        self.readiness_label.setToolTip(
            tr("{assessed} of {total} indicators could be decided from the data entered").format(
                assessed=format_int(a.assessed), total=format_int(a.total)
            )
            + "\n"
            + tr("Not scored (no threshold) and undecided indicators count as not passing.")
            + "\n"
            + self.readiness_bar.toolTip()
        )

    def _fill_year_combo(self) -> None:
        year = self.year()
        wanted = [year - 2, year - 1, year]
        current = [self.edit_year_combo.itemData(i) for i in range(self.edit_year_combo.count())]
        if current == wanted:
            return
        previous = self.edit_year_combo.currentData()
        self.edit_year_combo.blockSignals(True)
        self.edit_year_combo.clear()
        for y in wanted:
            self.edit_year_combo.addItem(str(y), y)
        index = self.edit_year_combo.findData(previous)
        self.edit_year_combo.setCurrentIndex(index if index >= 0 else 1)
        self.edit_year_combo.blockSignals(False)

    # ------------------------------------------------------------------ selection and details

    def selected_result(self) -> IndicatorResult | None:
        """The result of the selected indicator, or None."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def selected_id(self) -> str | None:
        """The id of the selected indicator, or None."""
        result = self.selected_result()
        return result.id if result is not None else self._shown_id

    def select_indicator(self, indicator_id: str) -> bool:
        """Select the row of *indicator_id*; False when it is not shown."""
        row = self.model.row_of(indicator_id)
        if row < 0:
            self._show_details(None)
            return False
        selected = self.selected_result()
        if selected is not None and selected.id == indicator_id:
            self._show_details(self.model.row_at(row))
        else:
            self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _on_selection_changed(self, *_args: Any) -> None:
        if self._resetting:
            return  # the reset of a recompute: the same indicator is selected again after it
        self._show_details(self.selected_result())

    def _show_details(self, result: IndicatorResult | None) -> None:
        changed = (result.id if result else None) != self._shown_id
        self._shown_id = result.id if result else None
        enabled = result is not None
        for widget in (self.edit_tabs, self.edit_year_combo):
            widget.setEnabled(enabled)
        if result is None:
            self.details_title.setText(tr("Select an indicator to see how it was computed."))
            self.details_browser.clear()
            self.missing_heading.setText(tr("Missing inputs"))
            self.missing_list.clear()
            return
        lang = ui_language()
        d = result.definition
        title = f"<b>{html.escape(d.id)} {html.escape(d.name(lang))}</b>"
        colour = status_colour(result.status).name()
        status = html.escape(status_text(result.status))
        title += f" &nbsp;<span style='color:{colour}'><b>{status}</b></span>"
        self.details_title.setText(title)
        self.details_browser.setHtml(self._details_html(result))
        self._fill_missing(result)
        if changed or self._reload_edits:
            self._reload_edits = False
            self._load_edit_data(result)
        else:
            self._fill_threshold_info(result)
            self._fill_evidence_list()

    def _details_html(self, result: IndicatorResult) -> str:
        d = result.definition
        esc = html.escape
        kind = tr("computed from the records") if d.kind is Kind.AUTO else tr("entered by hand")
        parts = [
            f"<p>{esc(d.computed_from)}<br><i>{esc(kind)} · "
            f"{esc(tr('threshold'))}: {esc(threshold_display(result))}</i></p>"
        ]
        if result.advice:
            parts.append(
                f"<p style='background:#fff4d6; padding:4px'><b>{esc(tr('To pass'))}:"
                f"</b> {esc(result.advice)}</p>"
            )
        if result.note:
            parts.append(f"<p><b>{esc(tr('Note'))}:</b> {esc(result.note)}</p>")
        titles = period_titles(self.assessment, self.year())
        for i, period in enumerate(result.periods):
            heading = titles[i] if i < len(titles) else period.label
            colour = status_colour(period.status).name()
            parts.append(
                f"<p style='margin-bottom:2px'><b>{esc(heading)}</b>: {esc(period.display)} "
                f"<span style='color:{colour}'>({esc(status_text(period.status))})</span></p>"
            )
            lines = list(period.inputs)
            if period.evidence_files:
                lines.append(tr("Evidence: {files}").format(files=", ".join(period.evidence_files)))
            if lines:
                items = "".join(f"<li>{esc(line)}</li>" for line in lines)
                parts.append(f"<ul style='margin-top:0'>{items}</ul>")
        return "".join(parts)

    def _fill_missing(self, result: IndicatorResult) -> None:
        self.missing_list.clear()
        titles = period_titles(self.assessment, self.year())
        year = self.year()
        for i, period in enumerate(result.periods):
            table, ids = next(((t, v) for t, v in period.missing_ids.items() if v), ("", []))
            for line in period.missing:
                heading = titles[i] if i < len(titles) else period.label
                item = QListWidgetItem(f"{heading}: {line}")
                if ids:
                    item.setData(
                        Qt.ItemDataRole.UserRole, {"table": table, "ids": list(ids), "text": line}
                    )
                    item.setForeground(QBrush(LINK_COLOUR))
                    font = item.font()
                    font.setUnderline(True)
                    item.setFont(font)
                    item.setToolTip(
                        tr("Click to open the record concerned")
                        if len(ids) == 1
                        else tr("Click to list the {count} records concerned").format(
                            count=format_int(len(ids))
                        )
                    )
                elif result.definition.kind is Kind.MANUAL:
                    item.setData(
                        Qt.ItemDataRole.UserRole,
                        {"year": period.year if period.year is not None else year},
                    )
                    item.setForeground(QBrush(LINK_COLOUR))
                    item.setToolTip(tr("Click to enter the value of this year"))
                self.missing_list.addItem(item)
        count = self.missing_list.count()
        self.missing_heading.setText(
            tr("Missing inputs ({count})").format(count=format_int(count))
            if count
            else tr("Missing inputs: none")
        )
        self.missing_list.setVisible(count > 0)
        if count:
            rows = sum(self.missing_list.sizeHintForRow(i) for i in range(min(count, 5)))
            self.missing_list.setFixedHeight(rows + 2 * self.missing_list.frameWidth() + 4)

    def missing_items(self) -> list[QListWidgetItem]:
        """The missing-input lines shown (tests)."""
        return [self.missing_list.item(i) for i in range(self.missing_list.count())]

    def _on_missing_clicked(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(target, dict):
            return
        if "year" in target:
            index = self.edit_year_combo.findData(target["year"])
            if index >= 0:
                self.edit_year_combo.setCurrentIndex(index)
            self.edit_tabs.setCurrentIndex(0)
            self.value_text_edit.setFocus()
            return
        table, ids = str(target["table"]), [int(i) for i in target["ids"]]
        if len(ids) == 1:
            self.ctx.bus.sig_open_record.emit(table, ids[0])
            return
        if self.records_dialog is not None:
            self.records_dialog.close()
            self.records_dialog.deleteLater()
        self.records_dialog = IndicatorRecordsDialog(
            self.ctx, str(target["text"]), table, ids, self
        )
        self.records_dialog.show()

    # ------------------------------------------------------------------ editors: loading

    def edit_year(self) -> int:
        """The year the value and evidence editors work on."""
        data = self.edit_year_combo.currentData()
        return int(data) if data is not None else self.year() - 1

    def set_edit_year(self, year: int) -> None:
        """Choose the year of the value and evidence editors."""
        index = self.edit_year_combo.findData(year)
        if index >= 0:
            self.edit_year_combo.setCurrentIndex(index)

    def _on_edit_year_changed(self, _index: int) -> None:
        result = self.selected_result()
        if result is not None:
            self._fill_value_form(result)
            self._fill_evidence_list()

    def _load_edit_data(self, result: IndicatorResult) -> None:
        year = self.year()
        try:
            self._entries = manual_entries(self.ctx.db, result.id)
            self._evidence = evidence_rows(self.ctx.db, result.id, [year - 2, year - 1, year])
            self._threshold_row = threshold_row(self.ctx.db, result.id)
        except WorkbenchError as exc:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
            self._entries, self._evidence, self._threshold_row = {}, [], None
        self._fill_value_form(result)
        self._fill_evidence_list()
        self._fill_threshold_form(result)

    def _fill_value_form(self, result: IndicatorResult) -> None:
        self.value_form.clear_errors()
        self.value_status.setText("")
        if result.definition.kind is Kind.AUTO:
            self.value_stack.setCurrentIndex(1)
            self.auto_label.setPlainText(
                tr(
                    "This indicator is computed from the records: {what}\n\nTo change its "
                    "value, correct the records (the missing inputs on the left lead to them). "
                    "Evidence files and the threshold can still be set here."
                ).format(what=result.definition.computed_from)
            )
            return
        self.value_stack.setCurrentIndex(0)
        entry = self._entries.get(self.edit_year(), ManualEntry())
        self.value_number_edit.set_value(entry.value_number)
        self.value_number_edit.setProperty("invalid", False)
        self.value_text_edit.setPlainText(entry.value_text or "")
        self.decision_combo.setCurrentIndex({None: 0, True: 1, False: 2}[entry.passed])
        self.note_edit.setPlainText(entry.note or "")
        self.clear_value_button.setEnabled(self.edit_year() in self._entries)
        proposal = self._proposal(result)
        self.proposal_box.setVisible(proposal is not None)
        if proposal is not None:
            self.proposal_label.setText(
                tr("Proposed from the records for {year}: {facts}").format(
                    year=self.edit_year(), facts=proposal.proposal
                )
            )
        unit = result.definition.unit
        self.value_number_edit.setToolTip(
            tr("A number in {unit}, if the indicator has one").format(unit=unit)
            if unit != "text"
            else tr("A number, if the indicator has one (e.g. a score)")
        )

    def _proposal(self, result: IndicatorResult) -> Any:
        """The period of the edit year when it only has a proposal (nothing entered), else None."""
        year = self.edit_year()
        if year in self._entries:
            return None
        for period in result.periods:
            same = period.year == year or (period.year is None and year == self.year())
            if same and period.proposal:
                return period
        return None

    def use_proposal(self) -> bool:
        """Copy the proposal of the edit year into the form (the user decides and saves)."""
        result = self.selected_result()
        period = self._proposal(result) if result is not None else None
        if period is None:
            return False
        self.value_text_edit.setPlainText(period.proposal)
        if period.prefilled and isinstance(period.value, int):
            self.value_number_edit.set_value(period.value)
        self.value_status.setText(tr("Proposal copied: choose Passed or Failed, then Save."))
        self.decision_combo.setFocus()
        return True

    def _fill_evidence_list(self) -> None:
        self.evidence_list.clear()
        for entry in self._evidence:
            evidence = entry.record
            text = f"{evidence.year} · {evidence.file_name}"
            if evidence.description:
                text += f" — {evidence.description}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, evidence.id)
            if entry.file is not None:
                item.setToolTip(
                    tr("{name}, {size}, stored in the database").format(
                        name=entry.file.name, size=file_store.size_text(entry.file.size)
                    )
                )
            else:
                item.setText(text + " " + tr("(file missing)"))
                item.setForeground(QBrush(UNKNOWN_COLOUR))
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(error_text(evidence_service.missing_message(evidence)))
            self.evidence_list.addItem(item)
        self.evidence_hint.setText(
            tr(
                "Attached files are stored in the database (up to {limit} each), so every "
                "backup carries them; Open shows a copy. Files are for {year}."
            ).format(limit=file_store.size_text(file_store.MAX_FILE_BYTES), year=self.edit_year())
        )
        self._update_evidence_buttons()

    def _update_evidence_buttons(self, *_args: Any) -> None:
        has = self.evidence_list.currentItem() is not None
        self.open_evidence_button.setEnabled(has)
        self.remove_evidence_button.setEnabled(has)

    def _fill_threshold_info(self, result: IndicatorResult) -> None:
        d = result.definition
        if d.comparison == "none":
            self.threshold_info.setText(
                tr(
                    "This indicator is judged by hand: mark each year passed or failed on the "
                    "Value tab. A numeric threshold does not apply."
                )
            )
            return
        default = d.threshold_text if d.default_threshold is not None else tr("none")
        current = threshold_display(result)
        text = tr("Default threshold: {default}.").format(default=default)
        text += " " + tr("In use: {current}.").format(current=current)
        if d.comparison == "<=":
            text += " " + tr("The value must stay at or below it.")
        else:
            text += " " + tr("The value must reach it.")
        if d.id == "1.1.1":
            text += " " + tr("The threshold is the share of companies (%).")
        reason = d.reason(ui_language())
        if reason:
            text += " " + tr("Why the default: {reason}").format(reason=reason)
        text += " " + tr(
            "Without a threshold the indicator is not scored: its value is shown "
            "but it never passes."
        )
        self.threshold_info.setText(text)

    def _fill_threshold_form(self, result: IndicatorResult) -> None:
        self.threshold_form.clear_errors()
        self._fill_threshold_info(result)
        d = result.definition
        applies = d.comparison != "none"
        for widget in (self.threshold_edit, self.threshold_note_edit, self.save_threshold_button):
            widget.setEnabled(applies)
        row = self._threshold_row
        self.reset_threshold_button.setEnabled(applies and row is not None)
        self.clear_threshold_button.setEnabled(applies and result.threshold is not None)
        value = row.value if row is not None else result.threshold
        self.threshold_edit.set_value(value)
        self.threshold_note_edit.setText((row.note or "") if row is not None else "")
        self.threshold_unit.setText(unit_text(d.unit))

    # ------------------------------------------------------------------ editors: saving

    def save_value(self) -> bool:
        """Save the manual value of the selected indicator for the edit year (undoable)."""
        result = self.selected_result()
        if result is None or result.definition.kind is not Kind.MANUAL:
            return False
        self.value_form.clear_errors()
        try:
            number = self.value_number_edit.value()
        except ValueError as exc:
            self.value_form.set_error("value_number", error_text(exc))
            return False
        text = self.value_text_edit.toPlainText().strip() or None
        note = self.note_edit.toPlainText().strip() or None
        new: ManualEntry | None = ManualEntry(number, text, self.decision_combo.currentData(), note)
        year = self.edit_year()
        old = self._entries.get(year)
        assert new is not None
        if new.is_empty():
            new = None
        if new == old or (new is None and old is None):
            self.value_status.setText(tr("No changes to save."))
            return True
        command = manual_value_command(
            self.ctx,
            result.id,
            year,
            new,
            old,
            tr("Value of indicator {id} for {year}").format(id=result.id, year=year),
        )
        if not self._push(command, self.value_form):
            return False
        self._entries = manual_entries(self.ctx.db, result.id)
        self.clear_value_button.setEnabled(year in self._entries)
        self.value_status.setText(tr("Saved; the table is being recomputed."))
        self.sig_status.emit(
            tr("Indicator {id}: value for {year} saved").format(id=result.id, year=year)
        )
        return True

    def clear_value(self) -> bool:
        """Delete what was entered for the selected indicator and edit year (undoable)."""
        result = self.selected_result()
        year = self.edit_year()
        if result is None or year not in self._entries:
            return False
        command = manual_value_command(
            self.ctx,
            result.id,
            year,
            None,
            self._entries[year],
            tr("Clear indicator {id} for {year}").format(id=result.id, year=year),
        )
        if not self._push(command, self.value_form):
            return False
        self._entries = manual_entries(self.ctx.db, result.id)
        self._fill_value_form(result)
        self.value_status.setText(tr("Cleared; Undo brings it back."))
        return True

    def save_threshold(self) -> bool:
        """Save the threshold typed for the selected indicator (undoable)."""
        result = self.selected_result()
        if result is None or result.definition.comparison == "none":
            return False
        self.threshold_form.clear_errors()
        try:
            value = self.threshold_edit.value()
        except ValueError as exc:
            self.threshold_form.set_error("value", error_text(exc))
            return False
        if value is None:
            self.threshold_form.set_error(
                "value", tr("Enter a threshold, or use Reset to default.")
            )
            return False
        note = self.threshold_note_edit.text().strip() or None
        row = self._threshold_row
        if row is not None and row.value == value and (row.note or None) == note:
            return True
        command = threshold_command(
            self.ctx,
            result.id,
            value,
            note,
            row,
            tr("Threshold of indicator {id}").format(id=result.id),
        )
        if not self._push(command, self.threshold_form):
            return False
        self._threshold_row = threshold_row(self.ctx.db, result.id)
        self.reset_threshold_button.setEnabled(True)
        self.sig_status.emit(tr("Indicator {id}: threshold saved").format(id=result.id))
        return True

    def reset_threshold(self) -> bool:
        """Go back to the default threshold of the selected indicator (undoable)."""
        result = self.selected_result()
        if result is None or self._threshold_row is None:
            return False
        command = threshold_command(
            self.ctx,
            result.id,
            None,
            None,
            self._threshold_row,
            tr("Default threshold of indicator {id}").format(id=result.id),
        )
        if not self._push(command, self.threshold_form):
            return False
        self._threshold_row = None
        self.reset_threshold_button.setEnabled(False)
        self.threshold_edit.set_value(result.definition.default_threshold)
        self.threshold_note_edit.clear()
        return True

    def clear_threshold(self) -> bool:
        """Remove the threshold of the selected indicator: it is then not scored (undoable)."""
        result = self.selected_result()
        if result is None or result.definition.comparison == "none":
            return False
        note = self.threshold_note_edit.text().strip() or None
        command = threshold_command(
            self.ctx,
            result.id,
            None,
            note,
            self._threshold_row,
            tr("No threshold for indicator {id}").format(id=result.id),
            clear=True,
        )
        if not self._push(command, self.threshold_form):
            return False
        self._threshold_row = threshold_row(self.ctx.db, result.id)
        self.reset_threshold_button.setEnabled(True)
        self.clear_threshold_button.setEnabled(False)
        self.threshold_edit.set_value(None)
        self.sig_status.emit(tr("Indicator {id}: no threshold, not scored").format(id=result.id))
        return True

    def _on_attach_clicked(self) -> None:
        folder = prefs.load(self.ctx.settings, prefs.INDICATORS_EVIDENCE_FOLDER)
        path = open_file_name(
            self,
            tr("Attach an evidence file"),
            folder or str(Path.home()),
            tr(
                "Documents (*.pdf *.docx *.doc *.odt *.xlsx *.xls *.ods *.pptx *.png *.jpg "
                "*.jpeg *.txt *.csv *.zip);;All files (*)"
            ),
        )
        if path:
            prefs.save(self.ctx.settings, prefs.INDICATORS_EVIDENCE_FOLDER, str(Path(path).parent))
            self.attach_evidence(Path(path))

    def attach_evidence(self, source: Path, description: str | None = None) -> bool:
        """Attach *source* to the selected indicator for the edit year (undoable)."""
        result = self.selected_result()
        if result is None:
            return False
        year = self.edit_year()
        if description is None:
            description = self.evidence_description.text()
        try:
            content = file_store.read_for_store(source)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        text = tr("Attach {name} to indicator {id}").format(name=source.name, id=result.id)
        # A missing entry of the same year and name is the file being attached again: fill it
        # instead of listing the file twice.
        missing = next(
            (
                e.record
                for e in self._evidence
                if e.missing and e.record.year == year and e.record.file_name == source.name
            ),
            None,
        )
        if missing is not None:
            command = reattach_evidence_command(self.ctx, missing, content, text)
        else:
            command = attach_evidence_command(
                self.ctx, result.id, year, source.name, content, description, text
            )
        if not self._push(command, None):
            return False
        self.evidence_description.clear()
        self._reload_evidence(result)
        self.sig_status.emit(
            tr("{name} attached to indicator {id} for {year}").format(
                name=source.name, id=result.id, year=year
            )
        )
        return True

    def selected_evidence(self) -> IndicatorEvidence | None:
        """The evidence row selected in the list, or None."""
        item = self.evidence_list.currentItem()
        if item is None:
            return None
        wanted = item.data(Qt.ItemDataRole.UserRole)
        return next((e.record for e in self._evidence if e.record.id == wanted), None)

    def open_selected_evidence(self) -> bool:
        """Open a copy of the selected evidence file with the system's program.

        The stored file is written to this user's copies folder and that copy is opened:
        never a path from another machine, and nothing the viewer does changes the stored file.
        """
        evidence = self.selected_evidence()
        if evidence is None:
            return False
        if evidence.stored_file_id is None:
            messages.warn(
                self,
                tr("Evidence file missing"),
                error_text(evidence_service.missing_message(evidence)),
            )
            return False
        try:
            copy = evidence_service.open_copy(self.ctx.db, evidence)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        return self.open_file(copy)

    def remove_selected_evidence(self) -> bool:
        """Remove the selected evidence entry (undoable; the file itself is kept)."""
        result = self.selected_result()
        evidence = self.selected_evidence()
        if result is None or evidence is None:
            return False
        command = remove_evidence_command(
            self.ctx,
            evidence,
            tr("Remove {name} from indicator {id}").format(name=evidence.file_name, id=result.id),
        )
        if not self._push(command, None):
            return False
        self._reload_evidence(result)
        return True

    def _reload_evidence(self, result: IndicatorResult) -> None:
        year = self.year()
        self._evidence = evidence_rows(self.ctx.db, result.id, [year - 2, year - 1, year])
        self._fill_evidence_list()

    def _push(self, command: Any, form: InlineForm | None) -> bool:
        try:
            push_edit(self.ctx.undo_stack, command)
        except ValidationError as exc:
            if form is None or not form.show_error(exc):
                messages.show_error(self, exc)
            return False
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        return True
