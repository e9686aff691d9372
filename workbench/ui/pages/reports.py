"""Reports page: write the Excel/PDF/JSON reports, list the recent ones, and the Indicators view.

Two tabs. "Reports": pick the report (label-assessment evidence, member directory, project
portfolio, ECCP figures), its year, label level, language, format and file; Generate runs
:func:`workbench.reports.generate_report` in the background with progress and Cancel, opens the
file when done and adds it to "Recent reports" (``reports_recent``, whose helpers this module
re-exports: they lived here). The member directory lists exactly the rows the Members page
shows: the main window gives this page a ``members_filter_provider`` that returns the page's
ids, its filters in words and its "as of" day. "Indicators":
:class:`~workbench.ui.indicators.view.IndicatorsView`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.errors import WorkbenchError
from workbench.reports.generate import (
    ReportError,
    check_request,
    default_file_name,
    generate_report,
)
from workbench.reports.kinds import formats_of, report_kinds
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_int
from workbench.ui.indicators.look import ui_language
from workbench.ui.pages.base import Page
from workbench.ui.pages.reports_recent import MAX_RECENT as MAX_RECENT
from workbench.ui.pages.reports_recent import RecentReportsBox, add_recent_report
from workbench.ui.pages.reports_recent import recent_reports as recent_reports
from workbench.ui.pages.reports_recent import remove_recent_report as remove_recent_report
from workbench.ui.widgets import messages

if TYPE_CHECKING:
    from workbench.ui.indicators.view import IndicatorsView
from workbench.ui.widgets.file_dialogs import save_file_name
from workbench.ui.widgets.forms import FieldError
from workbench.ui.widgets.system_open import FileOpener, open_with_system

log = logging.getLogger(__name__)

#: What the main window hands over from the Members page: (ids in view order, the filters in
#: words, the page's "as of" day), or None while the Members page has not loaded.
MembersFilter = tuple[Sequence[int], str, date | None]
MembersFilterProvider = Callable[[], MembersFilter | None]


@dataclass(frozen=True)
class ReportRequest:
    """Everything one report generation needs (plain values, safe to hand to a worker)."""

    kind: str
    fmt: str
    path: Path
    lang: str
    year: int | None = None
    level: str = "gold"
    as_of: date | None = None
    member_ids: list[int] | None = None
    filter_description: str | None = None
    project_filters: Any = None


class ReportsPage(Page):
    """Generate reports in the background; the Indicators view in the second tab.

    Attributes:
        members_filter_provider: set by the main window; returns the Members page's rows
            and filters (see :data:`MembersFilter`), or None.
        open_file: opens a written file (replaced in tests; nothing is launched offscreen).

    Signals:
        sig_report_written(str): a report file was written (its path).
    """

    page_id = "reports"
    sig_report_written = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, open_file: FileOpener | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.members_filter_provider: MembersFilterProvider | None = None
        self.open_file: FileOpener = open_file or open_with_system
        self.handle: Any = None
        self.last_error: BaseException | None = None
        self._path_custom = False
        self._build_ui()
        self._connect_signals()
        self._restore_view_state()
        self._on_kind_changed()
        self.refresh_recent()

    def title(self) -> str:
        return self.tr("Reports")

    # ------------------------------------------------------------------ texts

    def kind_titles(self) -> dict[str, str]:
        """Translated report names."""
        return {
            "assessment": self.tr("Label-assessment evidence"),
            "members": self.tr("Member directory"),
            "projects": self.tr("Project portfolio"),
            "eccp": self.tr("ECCP figures"),
        }

    def kind_descriptions(self) -> dict[str, str]:
        """What each report contains, in one or two sentences."""
        return {
            "assessment": self.tr(
                "The evidence pack for the assessor: cluster profile and readiness, every "
                "indicator for Y-2, Y-1 and the current state, members register, composition, "
                "competence areas, pillars, projects, finance and activities."
            ),
            "members": self.tr(
                "The organisations shown on the Members page, in its order, with type, SME "
                "class, region, membership dates and contacts."
            ),
            "projects": self.tr(
                "Projects with programme, call, role, dates, budgets, EU contribution, partners "
                "and pillars, with totals by programme and year."
            ),
            "eccp": self.tr(
                "The profile figures of the European Cluster Collaboration Platform: members, "
                "SMEs, larger companies, research organisations, other actors, management "
                "staff and labels, on 31 December of the year (today for the current year)."
            ),
        }

    def format_titles(self) -> dict[str, str]:
        """Translated names of the file formats."""
        return {
            "xlsx": self.tr("Excel workbook (.xlsx)"),
            "pdf": self.tr("PDF document (.pdf)"),
            "json": self.tr("JSON data (.json)"),
        }

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        generate_tab = QWidget()
        # The Indicators view (its modules and some 200 widgets) is built when its tab is
        # first shown or asked for (``indicators``), not on the page's first visit.
        self._indicators: IndicatorsView | None = None
        self.indicators_tab = QWidget()
        indicators_layout = QVBoxLayout(self.indicators_tab)
        indicators_layout.setContentsMargins(6, 8, 6, 6)
        self.tabs.addTab(generate_tab, self.tr("Reports"))
        self.tabs.addTab(self.indicators_tab, self.tr("Indicators"))

        self.recent_box = RecentReportsBox(
            self.ctx.settings, lambda path: self.open_file(path), generate_tab
        )
        self.recent_list = self.recent_box.recent_list
        columns = QHBoxLayout(generate_tab)
        columns.setContentsMargins(6, 10, 6, 6)
        columns.setSpacing(12)
        columns.addWidget(self._build_form_box(), 5)
        columns.addWidget(self.recent_box, 4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _build_form_box(self) -> QGroupBox:
        """The "New report" box: the form, Generate / Cancel with the progress, the status."""
        form_box = QGroupBox(self.tr("New report"))
        form_box.setMinimumWidth(470)  # with the recent list: fits 1366 px at 125 %
        form_box.setMaximumWidth(680)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(8)
        self._build_fields()
        self._add_form_rows()
        actions = self._build_generate_row()
        form_layout = QVBoxLayout(form_box)
        form_layout.addLayout(self.form)
        form_layout.addSpacing(6)
        form_layout.addLayout(actions)
        form_layout.addWidget(self.status_label)
        form_layout.addStretch(1)
        return form_box

    def _build_fields(self) -> None:
        """The form's editors: report, year, level, Members filter, language, format, file."""
        self.kind_combo = QComboBox()
        titles = self.kind_titles()
        for kind in report_kinds():  # the registry's kinds, in its order
            self.kind_combo.addItem(titles.get(kind.key, kind.title), kind.key)
        self.kind_description = QLabel()
        self.kind_description.setWordWrap(True)
        self.kind_description.setStyleSheet("color: palette(placeholder-text);")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setMaximumWidth(110)
        self.year_label = QLabel(self.tr("Assessment year"))
        self.year_label.setBuddy(self.year_spin)
        self.only_year_check = QCheckBox(self.tr("Only projects running in that year"))
        self.only_year_check.setChecked(True)
        year_row = QHBoxLayout()
        year_row.setContentsMargins(0, 0, 0, 0)
        year_row.addWidget(self.year_spin)
        year_row.addSpacing(12)
        year_row.addWidget(self.only_year_check)
        year_row.addStretch(1)
        self.year_field = QWidget()
        self.year_field.setLayout(year_row)
        self.level_combo = QComboBox()
        for text, level in (
            (self.tr("Gold"), "gold"),
            (self.tr("Silver"), "silver"),
            (self.tr("Bronze"), "bronze"),
        ):
            self.level_combo.addItem(text, level)
        self.level_combo.setMaximumWidth(200)
        self.members_filter_label = QLabel()
        self.members_filter_label.setWordWrap(True)
        self.members_filter_label.setObjectName("membersFilter")
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("English", "en")
        self.lang_combo.addItem("Italiano", "it")
        self.lang_combo.setCurrentIndex(max(self.lang_combo.findData(ui_language()), 0))
        self.lang_combo.setMaximumWidth(200)
        self.format_combo = QComboBox()
        self.format_combo.setMaximumWidth(260)
        self.path_field = self._build_path_field()

    def _build_path_field(self) -> QWidget:
        """The output file: its line, Choose… and the message under it."""
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("outputPath")
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.path_error = FieldError()
        path_row = QHBoxLayout()
        path_row.setContentsMargins(0, 0, 0, 0)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_cell = QVBoxLayout()
        path_cell.setContentsMargins(0, 0, 0, 0)
        path_cell.setSpacing(2)
        path_cell.addLayout(path_row)
        path_cell.addWidget(self.path_error)
        path_field = QWidget()
        path_field.setLayout(path_cell)
        return path_field

    def _add_form_rows(self) -> None:
        kind_cell = QVBoxLayout()
        kind_cell.setContentsMargins(0, 0, 0, 0)
        kind_cell.setSpacing(4)
        kind_cell.addWidget(self.kind_combo)
        kind_cell.addWidget(self.kind_description)
        labels = [
            QLabel(text)
            for text in (
                self.tr("Report"),
                self.tr("Label level"),
                self.tr("Members"),
                self.tr("Language"),
                self.tr("Format"),
                self.tr("Save as"),
            )
        ]
        # One label width for every report, so the fields do not jump when rows hide.
        widest = max(label.sizeHint().width() for label in [*labels, self.year_label])
        widest = max(
            widest,
            *(
                self.year_label.fontMetrics().horizontalAdvance(text)
                for text in (self.tr("Assessment year"), self.tr("Figures for"), self.tr("Year"))
            ),
        )
        for label in [*labels, self.year_label]:
            label.setMinimumWidth(widest)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.addRow(labels[0], kind_cell)
        self.form.addRow(self.year_label, self.year_field)
        self.form.addRow(labels[1], self.level_combo)
        self.form.addRow(labels[2], self.members_filter_label)
        self.form.addRow(labels[3], self.lang_combo)
        self.form.addRow(labels[4], self.format_combo)
        self.form.addRow(labels[5], self.path_field)

    def _build_generate_row(self) -> QHBoxLayout:
        """Generate, Cancel and the progress bar in one row; the status line below them."""
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setVisible(False)
        self.progress_bar.setTextVisible(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        actions = QHBoxLayout()
        actions.addWidget(self.progress_bar, 1)
        actions.addWidget(self.cancel_button)
        actions.addStretch(0)
        actions.addWidget(self.generate_button)
        return actions

    def _connect_signals(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.year_spin.valueChanged.connect(self._on_options_changed)
        self.lang_combo.currentIndexChanged.connect(self._on_options_changed)
        self.path_edit.textEdited.connect(self._on_path_edited)
        self.browse_button.clicked.connect(self._on_browse)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel_generation)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def _restore_view_state(self) -> None:
        settings = self.ctx.settings
        kind = prefs.load(settings, prefs.REPORTS_KIND)
        index = self.kind_combo.findData(kind) if kind else -1
        if index >= 0:
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(index)
            self.kind_combo.blockSignals(False)
        tab = prefs.load(settings, prefs.REPORTS_TAB)
        if tab is not None and str(tab).isdigit() and int(tab) < self.tabs.count():
            self.tabs.setCurrentIndex(int(tab))

    def save_view_state(self) -> None:
        """Remember the report chosen, the tab and the Indicators view's splitters."""
        prefs.save(self.ctx.settings, prefs.REPORTS_KIND, self.kind())
        prefs.save(self.ctx.settings, prefs.REPORTS_TAB, self.tabs.currentIndex())
        if self._indicators is not None:
            self._indicators.save_view_state()

    # ------------------------------------------------------------------ page contract

    def refresh(self) -> None:
        """Re-check the recent files, the Members filters and recompute the indicators."""
        self.refresh_recent()
        self._update_members_filter()
        if self._indicators is not None:  # else it computes when it is first shown
            self._indicators.schedule_refresh()

    def is_loading(self) -> bool:
        """True while a report is written or the indicators are computed."""
        view = self._indicators
        return self.is_generating() or (view is not None and view.is_loading())

    @property
    def indicators(self) -> IndicatorsView:
        """The Indicators tab's view, built on first use."""
        if self._indicators is None:
            from workbench.ui.indicators.view import IndicatorsView

            view = IndicatorsView(self.ctx, open_file=lambda path: self.open_file(path))
            self._indicators = view
            layout = self.indicators_tab.layout()
            assert layout is not None
            layout.addWidget(view)
            view.show()  # now, where its tab is shown (the layout alone shows it later)
            view.sig_status.connect(self.sig_status)
        return self._indicators

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._update_members_filter()
        self.refresh_recent()

    def show_indicators(self) -> IndicatorsView:
        """Switch to the Indicators tab; returns the view."""
        self.tabs.setCurrentIndex(1)
        return self.indicators

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.indicators_tab:
            self.indicators  # noqa: B018 - built now, when shown
        prefs.save(self.ctx.settings, prefs.REPORTS_TAB, index)

    # ------------------------------------------------------------------ the form

    def kind(self) -> str:
        """The report chosen."""
        return str(self.kind_combo.currentData())

    def fmt(self) -> str:
        """The format chosen."""
        return str(self.format_combo.currentData())

    def lang(self) -> str:
        """The report language chosen."""
        return str(self.lang_combo.currentData())

    def set_kind(self, kind: str) -> None:
        """Choose the report *kind*."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def set_format(self, fmt: str) -> None:
        """Choose the format *fmt* (one of the report's formats)."""
        index = self.format_combo.findData(fmt)
        if index < 0:
            raise ValueError(fmt)
        self.format_combo.setCurrentIndex(index)

    def set_output_path(self, path: str | Path) -> None:
        """Type *path* as the output file (as if the user had typed it)."""
        self.path_edit.setText(str(path))
        self._path_custom = True

    def _on_kind_changed(self, *_args: Any) -> None:
        kind = self.kind()
        prefs.save(self.ctx.settings, prefs.REPORTS_KIND, kind)
        self.kind_description.setText(self.kind_descriptions()[kind])
        titles = self.format_titles()
        remembered = prefs.load(self.ctx.settings, prefs.REPORTS_FORMAT, kind=kind)
        self.format_combo.blockSignals(True)
        self.format_combo.clear()
        for fmt in formats_of(kind):
            self.format_combo.addItem(titles.get(fmt, fmt), fmt)
        index = self.format_combo.findData(remembered) if remembered else -1
        self.format_combo.setCurrentIndex(max(index, 0))
        self.format_combo.blockSignals(False)
        self.year_label.setText(
            {
                "assessment": self.tr("Assessment year"),
                "projects": self.tr("Year"),
                "eccp": self.tr("Figures for"),
            }.get(kind, self.tr("Year"))
        )
        self.form.setRowVisible(self.year_field, kind != "members")
        self.only_year_check.setVisible(kind == "projects")
        self.form.setRowVisible(self.level_combo, kind == "assessment")
        self.form.setRowVisible(self.members_filter_label, kind == "members")
        self._update_members_filter()
        self._update_path()

    def _on_format_changed(self, *_args: Any) -> None:
        prefs.save(self.ctx.settings, prefs.REPORTS_FORMAT, self.fmt(), kind=self.kind())
        self._update_path()

    def _on_options_changed(self, *_args: Any) -> None:
        self._update_path()

    def _on_path_edited(self, _text: str) -> None:
        self._path_custom = True
        self.path_error.show_message(None)

    def output_folder(self) -> Path:
        """The folder reports go to by default: the last one used, else :meth:`default_folder`."""
        saved = prefs.load(self.ctx.settings, prefs.REPORTS_FOLDER)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        return self.default_folder()

    @staticmethod
    def default_folder() -> Path:
        """``Documents/Cluster Workbench`` (created by the first report), or in the home folder.

        A fresh account may have no Documents folder yet: the first report creates it
        rather than failing on a folder the program itself suggested.
        """
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return (Path(documents) if documents else Path.home()) / "Cluster Workbench"

    def suggested_path(self) -> Path:
        """Default file for the current choices (``assessment-2026-en.pdf`` in the folder)."""
        kind = self.kind()
        year = None if kind == "members" else self.year_spin.value()
        return self.output_folder() / default_file_name(
            kind, self.fmt(), year=year, lang=self.lang()
        )

    def _update_path(self) -> None:
        if not self.format_combo.count():
            return
        self.path_error.show_message(None)
        text = self.path_edit.text().strip()
        if not self._path_custom or not text:
            self._path_custom = False
            self.path_edit.setText(str(self.suggested_path()))
            return
        path = Path(text)
        if path.suffix.lower() != "." + self.fmt():
            self.path_edit.setText(str(path.with_suffix("." + self.fmt())))

    def _on_browse(self) -> None:
        current = self.path_edit.text().strip() or str(self.suggested_path())
        fmt = self.fmt()
        chosen = save_file_name(
            self,
            self.tr("Save the report as"),
            current,
            f"{self.format_titles().get(fmt, fmt)} (*.{fmt})",
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != "." + fmt:
                path = path.with_suffix(path.suffix + "." + fmt if path.suffix else "." + fmt)
            self.set_output_path(path)
            prefs.save(self.ctx.settings, prefs.REPORTS_FOLDER, str(path.parent))

    def members_filter(self) -> MembersFilter | None:
        """The Members page's rows and filters, or None when it has not loaded."""
        provider = self.members_filter_provider
        if provider is None:
            return None
        try:
            return provider()
        except Exception:  # noqa: BLE001 - a missing filter must not stop the report
            log.exception("The Members page filters could not be read")
            return None

    def _update_members_filter(self) -> None:
        if self.kind() != "members":
            return
        found = self.members_filter()
        if found is None:
            text = self.tr(
                "Lists every member today. To choose, filter the Members page "
                "first: the directory uses its search and filters."
            )
        else:
            ids, description, _day = found
            text = self.tr(
                "Uses the filters on the Members page: {filters} ({count} organisations)"
            ).format(filters=description or "—", count=format_int(len(ids)))
        self.members_filter_label.setText(text)

    # ------------------------------------------------------------------ generating

    def is_generating(self) -> bool:
        """True while a report is being written."""
        return self.handle is not None

    def request(self) -> ReportRequest | None:
        """The report asked for by the form; None (with the reason shown) when incomplete."""
        kind, fmt, lang = self.kind(), self.fmt(), self.lang()
        try:
            check_request(kind, fmt, lang)
        except ReportError as exc:
            messages.show_error(self, exc)
            return None
        text = self.path_edit.text().strip()
        if not text:
            self.path_error.show_message(self.tr("Choose where to save the report."))
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != "." + fmt:
            path = path.with_suffix("." + fmt)
            self.path_edit.setText(str(path))
        if path.is_dir():
            self.path_error.show_message(
                self.tr("{path} is a folder: add a file name.").format(path=path)
            )
            return None
        if not path.parent.is_dir() and path.parent == self.default_folder():
            try:  # the folder this page suggests: create it on first use
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                path = Path.home() / path.name
                self.path_edit.setText(str(path))
        if not path.parent.is_dir():
            self.path_error.show_message(
                self.tr("The folder {folder} does not exist. Choose another folder.").format(
                    folder=path.parent
                )
            )
            return None
        year = self.year_spin.value()
        if kind == "members":
            found = self.members_filter()
            if found is None:
                return ReportRequest(kind, fmt, path, lang)
            ids, description, day = found
            return ReportRequest(
                kind,
                fmt,
                path,
                lang,
                as_of=day,
                member_ids=list(ids),
                filter_description=description or None,
            )
        if kind == "projects":
            from workbench.reports.data import ProjectFilters

            filters = ProjectFilters(year=year if self.only_year_check.isChecked() else None)
            return ReportRequest(kind, fmt, path, lang, year=year, project_filters=filters)
        return ReportRequest(
            kind, fmt, path, lang, year=year, level=str(self.level_combo.currentData())
        )

    def generate(self) -> Any:
        """Write the report in the background; returns the task handle (None if not started)."""
        if self.is_generating():
            return None
        self.path_error.show_message(None)
        request = self.request()
        if request is None:
            return None
        if request.path.exists() and not messages.confirm(
            self,
            self.tr("Replace the file?"),
            self.tr("{name} already exists in {folder}. Replace it?").format(
                name=request.path.name, folder=request.path.parent
            ),
            yes_text=self.tr("Replace"),
        ):
            return None
        db = self.ctx.db

        def work(state: Any) -> Path:
            return generate_report(
                db,
                request.kind,
                request.fmt,
                request.path,
                year=request.year,
                lang=request.lang,
                as_of=request.as_of,
                member_ids=request.member_ids,
                filter_description=request.filter_description,
                project_filters=request.project_filters,
                level=request.level,
                progress=state.callback(),
            )

        self.last_error = None
        self._set_running(True)
        title = self.kind_titles()[request.kind]
        self.status_label.setText(self.tr("Writing {name}…").format(name=request.path.name))
        if self.ctx.tasks is None:
            from workbench.ui.tasks import TaskState

            self.handle = True
            try:
                path = work(TaskState())
            except Exception as exc:  # noqa: BLE001 - shown to the user
                self._on_failed(request, exc)
            else:
                self._on_written(request, path)
            return None
        self.handle = self.ctx.tasks.run(
            work,
            on_done=lambda path: self._on_written(request, path),
            on_error=lambda exc: self._on_failed(request, exc),
            on_cancelled=lambda: self._on_cancelled(request),
            title=self.tr("Writing the {report}…").format(report=title.lower()),
            parent=self,
            show_progress=False,
        )
        self.handle.sig_progress.connect(self._on_progress)
        return self.handle

    def cancel_generation(self) -> None:
        """Stop the report being written (nothing is left half-written)."""
        if self.handle is not None and self.handle is not True:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.generate_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress_bar.setVisible(running)
        self.progress_bar.setValue(0)
        for widget in (
            self.kind_combo,
            self.year_field,
            self.level_combo,
            self.lang_combo,
            self.format_combo,
            self.path_edit,
            self.browse_button,
        ):
            widget.setEnabled(not running)

    def _on_progress(self, done: int, total: int, _message: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _on_written(self, request: ReportRequest, path: Path) -> None:
        if not isValid(self):
            return  # the page was closed (language switch) while the report was written
        self.handle = None
        self._set_running(False)
        written = Path(path)
        prefs.save(self.ctx.settings, prefs.REPORTS_FOLDER, str(written.parent))
        add_recent_report(self.ctx.settings, written)
        self.refresh_recent()
        self.recent_list.setCurrentRow(0)
        self.status_label.setText(self.tr("Written: {path}").format(path=written))
        self.sig_status.emit(self.tr("Report written to {path}").format(path=written))
        self.sig_report_written.emit(str(written))
        self.open_file(written)

    def _on_failed(self, request: ReportRequest, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.handle = None
        self.last_error = exc
        self._set_running(False)
        self.status_label.setText(self.tr("The report was not written."))
        title = self.tr("The report could not be written")
        if isinstance(exc, OSError) and not isinstance(exc, WorkbenchError):
            messages.warn(
                self,
                title,
                self.tr(
                    "{path} could not be written ({reason}). If the file is open in another "
                    "program, close it; otherwise choose another folder."
                ).format(path=request.path, reason=exc.strerror or exc),
            )
            return
        messages.show_error(self, exc, title)

    def _on_cancelled(self, request: ReportRequest) -> None:
        if not isValid(self):
            return
        self.handle = None
        self._set_running(False)
        self.status_label.setText(
            self.tr("Cancelled: {name} was not written.").format(name=request.path.name)
        )

    # ------------------------------------------------------------------ recent reports

    def refresh_recent(self) -> None:
        """List the recent reports again (files that were moved or deleted show as missing)."""
        self.recent_box.refresh()

    def recent_paths(self) -> list[Path]:
        """The paths listed under Recent reports, in order."""
        return self.recent_box.paths()

    def selected_recent(self) -> Path | None:
        """The recent report selected, or None."""
        return self.recent_box.selected()

    def open_recent(self, path: Path) -> bool:
        """Open a recent report; a missing file is said so."""
        return self.recent_box.open_recent(path)
