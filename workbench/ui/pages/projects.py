"""Projects: the portfolio with filters (programme, status, pillar, year) and budget totals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)
from shiboken6 import isValid

from workbench.errors import WorkbenchError
from workbench.models import Project, ProjectStatus
from workbench.services import projects as projects_service
from workbench.services import taxonomy
from workbench.ui.dialogs.project_dialog import (
    ProjectDialog,
    delete_project_command,
    project_fields,
    status_labels,
)
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.lists.list_tools import ListSpec, ListTools, bulk_fields
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.pages.base import collector_paused
from workbench.ui.pages.record_page import RecordTablePage
from workbench.ui.widgets.record_table import (
    CENTER,
    RIGHT,
    confirm,
    format_date,
    format_money,
    run_edit,
    selected_row,
    show_error,
)
from workbench.ui.widgets.wrap_bar import WrapBar


class ProjectsPage(RecordTablePage):
    """The project portfolio; double-click opens the editor."""

    page_id = "projects"
    watched_tables = (
        "",
        "project",
        "project_partner",
        "strategic_pillar",
        "competence_area",
        "organisation",
    )
    column_max_width = 150

    def title(self) -> str:
        return self.tr("Projects")

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        bar = self._record_buttons_bar(self.tr("New project…"))
        self._add_search(bar, self.tr("Search acronym, title, call…"), 220)
        layout.addLayout(bar)

        # Wraps on narrow windows (a 1280-px laptop); long programme names do not widen it.
        filters = WrapBar(self)
        self.programme_combo = QComboBox(self)
        self.status_combo = QComboBox(self)
        self.pillar_combo = QComboBox(self)
        self.year_combo = QComboBox(self)
        for combo in (self.programme_combo, self.pillar_combo):  # filled once read (refresh)
            combo.addItem(self.tr("All"), None)
        for label, combo in (
            (self.tr("Programme:"), self.programme_combo),
            (self.tr("Status:"), self.status_combo),
            (self.tr("Pillar:"), self.pillar_combo),
            (self.tr("Running in:"), self.year_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            filters.add_group(caption, combo)
        self.clear_filters_button = QPushButton(self.tr("Clear filters"), self)
        filters.add_group(self.clear_filters_button)
        self.filter_bar = filters
        layout.addWidget(filters)
        self.status_combo.addItem(self.tr("All"), None)
        for status, text in status_labels().items():
            self.status_combo.addItem(text, status)
        self.year_combo.addItem(self.tr("Any year"), None)
        this_year = date.today().year
        for year in range(this_year + 3, 2000, -1):
            self.year_combo.addItem(str(year), year)

        self.model: RowTableModel[Project] = RowTableModel(self._columns(), self)
        self._add_table(layout, self.model, self._empty_text())

        totals = QFrame(self)
        totals.setFrameShape(QFrame.Shape.StyledPanel)
        totals_layout = QHBoxLayout(totals)
        self.count_label = QLabel(totals)
        self.total_label = QLabel(totals)
        self.cluster_label = QLabel(totals)
        self.eu_label = QLabel(totals)
        # The totals wrap too: three money sums do not fit beside each other at 1280 px.
        totals_bar = WrapBar(totals)
        totals_bar.add_group(self.count_label, stretch=1)
        for total in (self.total_label, self.cluster_label, self.eu_label):
            total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            totals_bar.add_group(total, 18)
        totals_layout.addWidget(totals_bar)
        layout.addWidget(totals)

    def _columns(self) -> list[Column[Project]]:
        statuses = status_labels()
        return [
            Column("acronym", self.tr("Acronym"), lambda p: p.acronym),
            Column("title", self.tr("Title"), lambda p: p.title, tooltip=lambda p: p.title or ""),
            Column("programme", self.tr("Programme"), lambda p: p.programme),
            Column(
                "status",
                self.tr("Status"),
                lambda p: statuses.get(ProjectStatus(p.status), str(p.status)),
                sort_key=lambda p: list(ProjectStatus).index(ProjectStatus(p.status)),
            ),
            Column(
                "period",
                self.tr("Period"),
                self._period,
                sort_key=lambda p: p.start_date,
                align=CENTER,
                tooltip=lambda p: " – ".join(
                    x for x in (format_date(p.start_date), format_date(p.end_date)) if x
                ),
            ),
            _money_column("total", self.tr("Total budget"), lambda p: p.total_budget),
            _money_column("cluster", self.tr("Cluster budget"), lambda p: p.cluster_budget),
            _money_column("eu", self.tr("EU/public"), lambda p: p.eu_contribution),
            Column(
                "partners",
                self.tr("Partners"),
                lambda p: len(p.partners),
                sort_key=lambda p: len(p.partners),
                align=RIGHT,
                tooltip=lambda p: "\n".join(x.display_name for x in p.partners),
            ),
        ]

    @staticmethod
    def _period(project: Project) -> str:
        start = project.start_date.year if project.start_date else None
        end = project.end_date.year if project.end_date else None
        if start and end:
            return f"{start}–{end}" if end != start else str(start)
        if start:
            return f"{start}–"
        return f"–{end}" if end else ""

    def _empty_text(self) -> str:
        if self._filters_active():
            return self.tr("No project matches these filters.")
        return self.tr(
            "No projects yet. Record ideas, submitted and funded projects with "
            "“New project…” (Ctrl+N)."
        )

    # ------------------------------------------------------------------ wiring
    def _connect_signals(self) -> None:
        self._connect_table_signals()
        for combo in (self.programme_combo, self.status_combo, self.pillar_combo, self.year_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.clear_filters_button.clicked.connect(self._on_clear_filters)

    def _make_list_tools(self) -> ListTools:
        combos = {
            "programme": self.programme_combo,
            "status": self.status_combo,
            "pillar": self.pillar_combo,
            "year": self.year_combo,
        }
        return ListTools(
            self,
            ListSpec(
                key="projects",
                view=self.view,
                title=self.title,
                filters=lambda: {"search": self.search, **combos},
                bulk_model=Project,
                bulk_fields=lambda: bulk_fields(
                    project_fields(projects_service.programmes(self.ctx.db)),
                    ("status", "programme"),
                ),
            ),
        )

    def open_record(self, record_id: int) -> None:
        """Show project *record_id* (filters cleared) and open its editor."""
        self.search.clear()
        self._on_clear_filters()
        self._open_listed(self.view, record_id)

    def _on_clear_filters(self) -> None:
        for combo in (self.programme_combo, self.status_combo, self.pillar_combo, self.year_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._load_rows()

    # ------------------------------------------------------------------ data
    _choices_started = 0
    _choices_shown = 0

    def refresh(self) -> None:
        """Read the rows and, beside them, the programmes and pillars the filters offer.

        Both on background tasks: the pillars (with their objectives) took 20 ms of the
        first visit on the UI thread.
        """
        self._load_rows()
        db = self.ctx.db
        self._choices_started += 1
        number = self._choices_started

        def read(_state: Any) -> tuple[list[str], list[tuple[str, int]]]:
            with collector_paused():
                pillars = [(p.name, p.id) for p in taxonomy.list_pillars(db)]
                return projects_service.programmes(db), pillars

        if self.ctx.tasks is None:
            try:
                self._on_choices_read(number, read(None))
            except WorkbenchError as exc:
                self._on_choices_failed(number, exc)
            return
        self.ctx.tasks.run(
            read,
            on_done=lambda choices: self._on_choices_read(number, choices),
            on_error=lambda exc: self._on_choices_failed(number, exc),
            show_progress=False,
            parent=self,
        )

    def is_loading(self) -> bool:
        """True while the rows or the filters' choices being read are not shown yet."""
        return super().is_loading() or self._choices_shown != self._choices_started

    def _on_choices_read(
        self, number: int, choices: tuple[list[str], list[tuple[str, int]]]
    ) -> None:
        if not isValid(self) or number != self._choices_started:
            return
        self._choices_shown = number
        programmes, pillars = choices
        before = (self.programme_combo.currentData(), self.pillar_combo.currentData())
        self._refill(self.programme_combo, [(p, p) for p in programmes])
        self._refill(self.pillar_combo, pillars)
        if (self.programme_combo.currentData(), self.pillar_combo.currentData()) != before:
            self._load_rows()  # the programme or pillar chosen is gone: "All" now

    def _on_choices_failed(self, number: int, exc: BaseException) -> None:
        if not isValid(self) or number != self._choices_started:
            return
        self._choices_shown = number
        self.count_label.setText(error_text(exc))

    def _refill(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All"), None)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _filters_active(self) -> bool:
        return any(
            c.currentData() is not None
            for c in (self.programme_combo, self.status_combo, self.pillar_combo, self.year_combo)
        ) or bool(self.search.text().strip())

    def _row_loader(self) -> Callable[[], list[Project]]:
        db = self.ctx.db
        filters = {
            "programme": self.programme_combo.currentData(),
            "status": self.status_combo.currentData(),
            "pillar_id": self.pillar_combo.currentData(),
            "year": self.year_combo.currentData(),
        }
        return lambda: projects_service.list_projects(db, **filters)

    def _search_fields(self, row: Project) -> tuple[str | None, ...]:
        return (row.acronym, row.title, row.call_id, row.programme)

    def record_label(self, row: Project) -> str:
        return row.acronym

    def _apply_search(self) -> None:
        self._filter_by_search()
        self.empty_label.setText(self._empty_text())
        self._show_totals()

    def _show_totals(self) -> None:
        totals = projects_service.totals(self.model.rows)
        shown, loaded = len(self.model.rows), len(self.model.all_rows)
        if self._filters_active():
            count = self.tr("Projects shown: {0}").format(format_int(shown))
        else:
            count = self.tr("Projects: {0}").format(format_int(loaded))
        # Money is the funded (and closed) projects' only: proposals and ideas are the pipeline.
        classes = self.tr("{funded} funded, {pipeline} in the pipeline, {undated} without dates")
        classes = classes.format(
            funded=format_int(totals.funded),
            pipeline=format_int(totals.pipeline),
            undated=format_int(totals.no_dates),
        )
        self.count_label.setText(f"{count} · {classes}")
        self.total_label.setText(
            self.tr("Funded total budget: <b>{0}</b>").format(format_money(totals.total_budget))
        )
        self.cluster_label.setText(
            self.tr("Funded cluster budget: <b>{0}</b>").format(format_money(totals.cluster_budget))
        )
        self.eu_label.setText(
            self.tr("Funded EU/public contribution: <b>{0}</b>").format(
                format_money(totals.eu_contribution)
            )
        )

    def selected_project(self) -> Project | None:
        return selected_row(self.view)

    # ------------------------------------------------------------------ actions
    def open_new(self) -> ProjectDialog:
        """Open the editor of a new record (returned for tests)."""
        return self._open_editor(ProjectDialog(self.ctx, None, self))

    def edit_selected(self) -> ProjectDialog | None:
        project = self.selected_project()
        if project is None:
            return None
        try:
            full = projects_service.load_project(self.ctx.db, project.id)
        except WorkbenchError as exc:
            show_error(self, exc)
            return None
        return self._open_editor(ProjectDialog(self.ctx, full, self))

    def delete_current(self) -> bool:
        """Delete the selected record after confirmation; True when deleted."""
        project = self.selected_project()
        if project is None:
            return False
        text = self.tr("Delete the project {0}?").format(project.acronym)
        if project.partners:
            text += " " + self.tr("Its partners ({0}) are deleted with it.").format(
                len(project.partners)
            )
        text += "\n\n" + self.tr("You can undo this with Edit > Undo.")
        if not confirm(self, self.tr("Delete project"), text, self.tr("Delete")):
            return False
        command = delete_project_command(
            self.ctx, project, self.tr("Delete project {0}").format(project.acronym)
        )
        run_edit(self, self.ctx, command)
        if command.error is None:
            self.sig_status.emit(self.tr("Deleted {0}").format(project.acronym))
        return command.error is None


def _money_column(key: str, title: str, amount: Callable[[Project], Any]) -> Column[Project]:
    """A right-aligned column showing *amount* as money, sorted by the amount itself."""
    return Column(key, title, lambda p: format_money(amount(p)), sort_key=amount, align=RIGHT)
