"""Indicators view: the label-assessment engine's table, live, with manual inputs and evidence.

Shown as the "Indicators" tab of the Reports page. The table lists every indicator of the
chosen level for the assessment year (values for Y-2, Y-1 and the current state, threshold,
status, evidence count, missing inputs) under a readiness gauge: Gold's is marked at the 80 %
bar, Silver's and Bronze's show the share alone (no score bar applies to them).
Selecting an indicator shows what the value was computed from, what is missing (a missing line
that names records opens them), the advice, and three editors: the manual value of a year,
the evidence files, and the cluster's threshold. Every edit is undoable and makes the table
recompute in the background (``assess`` takes seconds on 10,000 members).

The parts live next to this module: :mod:`.table` (the model), :mod:`.readiness` (the gauge),
:mod:`.details` (computation and missing inputs), :mod:`.value_editor`, :mod:`.evidence` and
:mod:`.thresholds` (the three editors, each a widget with its own undoable edits).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.errors import WorkbenchError
from workbench.indicators import Assessment, IndicatorResult, assess
from workbench.services.changes import Changes
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.indicators.commands import (
    EVIDENCE_TABLE,
    THRESHOLD_TABLE,
    VALUE_TABLE,
    evidence_rows,
    manual_entries,
    threshold_row,
)
from workbench.ui.indicators.details import IndicatorDetails
from workbench.ui.indicators.evidence import EvidenceEditor
from workbench.ui.indicators.improvement_areas import ImprovementAreasDialog
from workbench.ui.indicators.look import tr
from workbench.ui.indicators.readiness import ReadinessBar
from workbench.ui.indicators.table import IndicatorsModel
from workbench.ui.indicators.thresholds import ThresholdEditor
from workbench.ui.indicators.value_editor import ValueEditor
from workbench.ui.widgets import messages
from workbench.ui.widgets.system_open import FileOpener, open_with_system

_RELOAD_TABLES = ("", VALUE_TABLE, THRESHOLD_TABLE, EVIDENCE_TABLE)


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
        self._stale = True
        self._computing = False
        self._pending = False
        self._reload_edits = True
        self._shown_id: str | None = None
        self._resetting = False
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

        self.details = IndicatorDetails(self.ctx)
        editors = self._build_editors()
        self.bottom_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_splitter.addWidget(self.details)
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

        self.value_editor = ValueEditor(self.ctx, self.year, self.edit_year)
        self.evidence = EvidenceEditor(
            self.ctx, self.year, self.edit_year, lambda path: self.open_file(path)
        )
        self.thresholds = ThresholdEditor(self.ctx)
        self.edit_tabs = QTabWidget()
        self.edit_tabs.addTab(self.value_editor, tr("Value"))
        self.edit_tabs.addTab(self.evidence, tr("Evidence"))
        self.edit_tabs.addTab(self.thresholds, tr("Threshold"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.addLayout(year_row)
        layout.addWidget(self.edit_tabs, 1)
        return box

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.compute)
        self.year_spin.valueChanged.connect(self._on_parameters_changed)
        self.level_combo.currentIndexChanged.connect(self._on_parameters_changed)
        self.refresh_button.clicked.connect(self.compute)
        self.improvements_button.clicked.connect(self.open_improvement_areas)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)
        self.details.sig_enter_value.connect(self._on_enter_value)
        self.edit_year_combo.currentIndexChanged.connect(self._on_edit_year_changed)
        for editor in (self.value_editor, self.evidence, self.thresholds):
            editor.sig_status.connect(self.sig_status)
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
        self.details.show_result(result, self.assessment, self.year())
        if result is None:
            for editor in (self.value_editor, self.evidence, self.thresholds):
                editor.result = None  # nothing to save to
            return
        if changed or self._reload_edits:
            self._reload_edits = False
            self._load_edit_data(result)
        else:
            self.value_editor.update_result(result)
            self.thresholds.update_result(result)
            self.evidence.update_result(result)

    def _on_enter_value(self, year: int) -> None:
        """A missing line of a manual indicator: the Value tab of its year, cursor in the text."""
        index = self.edit_year_combo.findData(year)
        if index >= 0:
            self.edit_year_combo.setCurrentIndex(index)
        self.edit_tabs.setCurrentIndex(0)
        self.value_editor.value_text_edit.setFocus()

    # ------------------------------------------------------------------ editors

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
        if self.selected_result() is not None:
            self.value_editor.fill()
            self.evidence.fill()

    def _load_edit_data(self, result: IndicatorResult) -> None:
        """Read what is stored for *result* (values, evidence, threshold) into the editors."""
        year = self.year()
        try:
            entries = manual_entries(self.ctx.db, result.id)
            evidence = evidence_rows(self.ctx.db, result.id, [year - 2, year - 1, year])
            row = threshold_row(self.ctx.db, result.id)
        except WorkbenchError as exc:
            self.error_label.setText(error_text(exc))
            self.error_label.setVisible(True)
            entries, evidence, row = {}, [], None
        self.value_editor.show_result(result, entries)
        self.evidence.show_result(result, evidence)
        self.thresholds.show_result(result, row)
