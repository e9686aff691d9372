"""Import page: the spreadsheet import wizard and the list of past imports with Undo.

The wizard (a QStackedWidget with Back/Next) follows the importer's workflow
(:mod:`workbench.importing`):

1. **File** - what the file holds (members, projects, activities, or CORDIS project.csv +
   organization.csv) and which file; also reached by dropping a file on the window
   (:meth:`ImportPage.start_import`). Unreadable or hostile files show the reader's message
   here, naming the file.
2. **Sheet and header** - sheet choice, the header row found, the reader's notes, the first
   rows.
3. **Columns** - one row per column with examples and the field it is imported as (the
   saved mapping is re-applied automatically and said so). Skipped for CORDIS (fixed format).
4. **Preview** - every row with its status, filters by status, the field changes old → new of
   the selected row, the plan's questions (never guessed; answering rebuilds the preview) and
   the review decisions (merge / create new / skip).
5. **Result** - counts, batch, rows not imported with "Save error report…", changed records
   (double-click opens one through ``bus.sig_open_record``).

Reading, suggesting, planning and applying run in the background through ``ctx.tasks`` with
an inline progress bar and Cancel; a cancelled import writes nothing (one transaction).
Below the wizard, "Past imports" lists the batches; Undo asks first, and when records were
edited after the import it lists them and asks again before overwriting.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import (
    ImportFileError,
    ImportKind,
    ImportResult,
    Mapping,
    MappingError,
    MappingSuggestion,
    RawTable,
    ReviewAction,
    ReviewDecision,
    fields_for,
)
from workbench.importing.readers import prestart_reader
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.importing.batches import ImportBatchesPanel
from workbench.ui.importing.flow import (
    STEP_FILE,
    STEP_MAPPING,
    STEP_PREVIEW,
    STEP_RESULT,
    STEP_TABLE,
    ImportFlow,
)
from workbench.ui.importing.models import (
    ChangedRecord,
)
from workbench.ui.importing.preview import ImportPreviewStep
from workbench.ui.importing.steps import (
    SUFFIXES,
    ImportFileStep,
    ImportMappingStep,
    ImportTableStep,
    file_filter,
    hint_label,
)
from workbench.ui.importing.summary import ImportSummaryStep
from workbench.ui.importing.workers import apply_work, read_files, read_one, suggest
from workbench.ui.undo import ImportCommand
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------ the page


class ImportPage(ImportFlow):
    """The import wizard above, past imports below.

    Attributes:
        handle: the running wizard task (None when idle).
        undo_handle: the running undo (None when idle).
        undo_dialog: the conflict dialog of the last undo that met later changes.
        last_error: the last error shown (tests).
    """

    page_id = "import"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.handle: Any = None
        self.undo_handle: Any = None
        self.undo_dialog: Any = None
        self.last_error: BaseException | None = None
        self._db = ctx.db
        self._reset_state()
        self._build_ui()
        self._connect_signals()
        self._restore_view_state()
        self.show_step(STEP_FILE)
        self.refresh_batches()
        prestart_reader()  # the reader's child process starts while the user picks a file

    def title(self) -> str:
        return self.tr("Import")

    def step_titles(self) -> list[str]:
        return [
            self.tr("File"),
            self.tr("Sheet and header"),
            self.tr("Columns"),
            self.tr("Preview"),
            self.tr("Result"),
        ]

    def kind_title(self, kind: ImportKind) -> str:
        return self.file_step.kind_titles()[kind][0]

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.steps_bar = QHBoxLayout()
        self.steps_bar.setSpacing(6)
        self.step_labels: list[QLabel] = []
        for i, text in enumerate(self.step_titles()):
            if i:
                arrow = QLabel("›")
                arrow.setStyleSheet("color: palette(placeholder-text);")
                self.steps_bar.addWidget(arrow)
            label = QLabel(f"{i + 1}  {text}")
            label.setObjectName(f"importStep{i + 1}")
            self.step_labels.append(label)
            self.steps_bar.addWidget(label)
        self.steps_bar.addStretch(1)

        self.file_step = ImportFileStep()
        self.table_step = ImportTableStep()
        self.mapping_step = ImportMappingStep()
        self.preview_step = ImportPreviewStep()
        self.summary_step = ImportSummaryStep()
        self.stack = QStackedWidget()
        for step in (
            self.file_step,
            self.table_step,
            self.mapping_step,
            self.preview_step,
            self.summary_step,
        ):
            self.stack.addWidget(step)

        style = self.style()
        self.restart_button = QPushButton(self.tr("Start over"))
        self.restart_button.setObjectName("importStartOver")
        self.busy_label = QLabel()
        self.busy_label.setObjectName("importBusy")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("importProgress")
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("importCancel")
        self.nav_hint = hint_label()
        self.nav_hint.setObjectName("importNavHint")
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("importBack")
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.next_button = QPushButton()
        self.next_button.setObjectName("importNext")
        self.next_button.setDefault(True)
        self.next_button.setMinimumWidth(120)
        nav = QHBoxLayout()
        nav.setSpacing(8)
        nav.addWidget(self.restart_button)
        nav.addWidget(self.nav_hint, 1)
        nav.addWidget(self.busy_label)
        nav.addWidget(self.progress_bar)
        nav.addWidget(self.cancel_button)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        self.wizard = QFrame()
        self.wizard.setObjectName("importWizard")
        wizard_layout = QVBoxLayout(self.wizard)
        wizard_layout.setContentsMargins(0, 0, 0, 4)
        wizard_layout.setSpacing(8)
        wizard_layout.addLayout(self.steps_bar)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        wizard_layout.addWidget(line)
        wizard_layout.addWidget(self.stack, 1)
        wizard_layout.addLayout(nav)

        self.batches = ImportBatchesPanel()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.wizard)
        self.splitter.addWidget(self.batches)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 210])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    def _connect_signals(self) -> None:
        self.next_button.clicked.connect(self._on_next)
        self.back_button.clicked.connect(self._on_back)
        self.restart_button.clicked.connect(self.restart)
        self.cancel_button.clicked.connect(self.cancel)
        self.file_step.sig_kind_changed.connect(self._on_kind_changed)
        self.file_step.sig_browse.connect(self._on_browse)
        self.file_step.sig_dropped.connect(self.start_import)
        self.file_step.sig_submit.connect(self.read)
        self.file_step.path_edit.textEdited.connect(self._on_path_edited)
        self.file_step.org_edit.textEdited.connect(self._on_path_edited)
        self.table_step.sig_sheet_changed.connect(self._on_sheet_changed)
        self.table_step.sig_header_changed.connect(self._on_header_changed)
        self.mapping_step.sig_changed.connect(self._on_mapping_changed)
        self.mapping_step.sig_reset.connect(self._on_mapping_reset)
        self.preview_step.sig_decide.connect(self.decide)
        self.preview_step.sig_decide_all.connect(self.decide_all)
        self.preview_step.sig_answered.connect(self._on_apply_answers)
        self.summary_step.sig_save_report.connect(self._on_save_report)
        self.summary_step.sig_open_record.connect(self._on_open_record)
        self.summary_step.sig_restart.connect(self.restart)
        self.batches.sig_undo.connect(self.undo)

    def _restore_view_state(self) -> None:
        settings = self.ctx.settings
        kind = prefs.load(settings, prefs.IMPORT_KIND)
        if kind in {k.value for k in ImportKind}:
            self.file_step.set_kind(str(kind))
        splitter = prefs.load(settings, prefs.IMPORT_SPLITTER)
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(QByteArray(splitter))

    def save_view_state(self) -> None:
        """Remember the kind of import and the splitter."""
        prefs.save(self.ctx.settings, prefs.IMPORT_KIND, self.kind().value)
        prefs.save(self.ctx.settings, prefs.IMPORT_SPLITTER, self.splitter.saveState())

    # ------------------------------------------------------------------ page contract

    def refresh(self) -> None:
        """Reload the past imports; another database resets the wizard."""
        if self.ctx.db is not self._db:
            self._db = self.ctx.db
            if not self.is_busy():
                self._reset_state()
                self.show_step(STEP_FILE)
        self.refresh_batches()

    def is_busy(self) -> bool:
        """True while the wizard or an undo works in the background."""
        return self.handle is not None or self.undo_handle is not None

    def is_loading(self) -> bool:
        """For the screenshot mode: the page is still working."""
        return self.is_busy()

    def current_step(self) -> int:
        return self.stack.currentIndex()

    # ------------------------------------------------------------------ navigation

    def show_step(self, step: int) -> None:
        """Show *step* (0-4) and update the step bar and the buttons."""
        self.stack.setCurrentIndex(step)
        cordis = self.kind() is ImportKind.CORDIS
        for i, label in enumerate(self.step_labels):
            skipped = cordis and i == STEP_MAPPING
            if i == step:
                # Bold through the style sheet, which re-measures the label (a bold font set
                # with setFont() under a style sheet kept the regular width and clipped it).
                label.setStyleSheet("color: palette(highlight); font-weight: bold;")
            elif i > step or skipped:
                label.setStyleSheet("color: palette(placeholder-text);")
            else:
                label.setStyleSheet("")
            label.setToolTip(self.tr("CORDIS files have fixed columns.") if skipped else "")
        self._update_nav()

    def _update_nav(self, *_args: Any) -> None:
        step = self.current_step()
        busy = self.handle is not None
        cordis = self.kind() is ImportKind.CORDIS
        self.stack.setEnabled(not busy)
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.restart_button.setVisible(step not in (STEP_FILE, STEP_RESULT))
        self.restart_button.setEnabled(not busy)
        self.back_button.setVisible(step not in (STEP_FILE, STEP_RESULT))
        self.back_button.setEnabled(not busy)
        hint = ""
        enabled = not busy
        if step == STEP_FILE:
            text = self.tr("Read the file")
            enabled = enabled and bool(self.file_step.path())
        elif step == STEP_TABLE:
            text = self.tr("Next: preview") if cordis else self.tr("Next: columns")
            enabled = enabled and bool(self.tables) and all(t.rows for t in self.tables)
            if self.tables and not all(t.rows for t in self.tables):
                hint = self.tr("There are no data rows to import.")
        elif step == STEP_MAPPING:
            text = self.tr("Next: preview")
            enabled = enabled and not self.mapping_step.problem_text()
        elif step == STEP_PREVIEW:
            text = self.tr("Import")
            enabled, hint = self._apply_state(enabled)
        else:
            text = self.tr("Import another file")
        self.next_button.setText(text)
        self.next_button.setEnabled(enabled)
        self.next_button.setIcon(
            self.style().standardIcon(
                QStyle.StandardPixmap.SP_DialogApplyButton
                if step == STEP_PREVIEW
                else QStyle.StandardPixmap.SP_ArrowForward
            )
        )
        if not busy:
            self.nav_hint.setText(hint)

    def _apply_state(self, enabled: bool) -> tuple[bool, str]:
        plan = self.plan
        if plan is None:
            return False, ""
        if not plan.ready or self.preview_step.questions.pending():
            return False, self.tr("Answer the questions above first: nothing is guessed.")
        counts = plan.counts()
        writes = counts.create + counts.update
        if not writes:
            return False, self.tr("Nothing to import: no row creates or changes anything.")
        hint = self.tr("Import creates {new} and updates {updated} records.").format(
            new=format_int(counts.create), updated=format_int(counts.update)
        )
        left = []
        if counts.review:
            left.append(self.tr("{count} to review").format(count=format_int(counts.review)))
        if counts.error:
            left.append(self.tr("{count} with errors").format(count=format_int(counts.error)))
        if left:
            hint += " " + self.tr("Left out: {rows}.").format(rows=", ".join(left))
        return enabled, hint

    def _on_next(self) -> None:
        step = self.current_step()
        if step == STEP_FILE:
            self.read()
        elif step == STEP_TABLE:
            if self.kind() is ImportKind.CORDIS:
                self.make_preview()
            else:
                self.go_to_mapping()
        elif step == STEP_MAPPING:
            self.make_preview()
        elif step == STEP_PREVIEW:
            self.apply()
        else:
            self.restart()

    def _on_back(self) -> None:
        step = self.current_step()
        if step == STEP_PREVIEW and self.kind() is ImportKind.CORDIS:
            self.show_step(STEP_TABLE)
        elif step > STEP_FILE:
            self.show_step(step - 1)

    def restart(self) -> None:
        """Start a new import (the kind of import is kept)."""
        if self.is_wizard_busy():
            return
        self._reset_state()
        self.file_step.set_path("")
        self.file_step.set_org_path("")
        self.file_step.show_error(None)
        self.show_step(STEP_FILE)

    # ------------------------------------------------------------------ step 1: file

    def start_import(self, path: str | Path) -> None:
        """Start the wizard with *path* (a dropped file) and read it at once."""
        if self.is_wizard_busy():
            self.sig_status.emit(
                self.tr("An import is still running; drop the file again when it has finished.")
            )
            return
        if (
            self.plan is not None
            and self.result is None
            and self.current_step() == STEP_PREVIEW
            and not messages.confirm(
                self,
                self.tr("Import"),
                self.tr("Leave the preview of {file} and import {new} instead?").format(
                    file=self.plan.file_name, new=Path(path).name
                ),
                yes_text=self.tr("Import the new file"),
            )
        ):
            return
        target = Path(path)
        self._reset_state()
        self.file_step.show_error(None)
        name = target.name.lower()
        if name.startswith(("project.", "organization.")):
            self.file_step.set_kind(ImportKind.CORDIS)
            project = target if name.startswith("project.") else _sibling(target, "project")
            organisation = (
                target if name.startswith("organization.") else _sibling(target, "organization")
            )
            self.file_step.set_path(str(project) if project else "")
            self.file_step.set_org_path(str(organisation) if organisation else "")
        else:
            if self.kind() is ImportKind.CORDIS:
                self.file_step.set_kind(ImportKind.MEMBERS)
            self.file_step.set_path(str(target))
        self.show_step(STEP_FILE)
        self.read()

    def _on_kind_changed(self, _kind: str) -> None:
        if self.tables or self.plan is not None:
            self._reset_state()
        self.show_step(STEP_FILE)  # also greys the columns step for CORDIS

    def _on_path_edited(self, _text: str) -> None:
        if self.tables or self.plan is not None:
            self._reset_state()
        self._update_nav()

    def _on_browse(self, which: int) -> None:
        folder = prefs.load(self.ctx.settings, prefs.IMPORT_FOLDER) or str(Path.home())
        title = (
            self.tr("Choose the file to import")
            if which == 0
            else self.tr("Choose the CORDIS organization.csv file")
        )
        chosen = open_file_name(
            self,
            title,
            folder,
            file_filter(self.tr("Spreadsheets")) + ";;" + self.tr("All files (*)"),
        )
        if not chosen:
            return
        prefs.save(self.ctx.settings, prefs.IMPORT_FOLDER, str(Path(chosen).parent))
        if which == 0:
            self.file_step.set_path(chosen)
        else:
            self.file_step.set_org_path(chosen)
        self._on_path_edited(chosen)
        self.file_step.show_error(None)

    def read(self) -> None:
        """Read the chosen file(s) in the background, then show step 2."""
        if self.is_wizard_busy():
            return
        kind = self.kind()
        self.file_step.show_error(None)
        main = self.file_step.path()
        if not main:
            self.file_step.show_error(self.tr("Choose a file first, or drop one here."))
            return
        paths = [Path(main).expanduser()]
        if kind is ImportKind.CORDIS:
            other = self.file_step.org_path()
            if not other:
                self.file_step.show_error(
                    self.tr(
                        "Choose the CORDIS organization.csv file too: it lists the participants of "
                        "the projects."
                    )
                )
                return
            paths.append(Path(other).expanduser())
        self._reset_state()
        self.paths = paths
        self.sheets = [None] * len(paths)
        self.header_rows = [None] * len(paths)
        prefs.save(self.ctx.settings, prefs.IMPORT_FOLDER, str(paths[0].parent))
        names = " + ".join(p.name for p in paths)
        self._run(
            read_files,
            paths,
            list(self.sheets),
            busy=self.tr("Reading {file}…").format(file=names),
            on_done=self._on_read,
            on_error=self._on_read_failed,
        )

    def _on_read(self, tables: list[RawTable]) -> None:
        self.tables = tables
        labels = []
        if self.kind() is ImportKind.CORDIS:
            labels = [
                self.tr("Projects: {file}").format(file=tables[0].file_name),
                self.tr("Participants: {file}").format(file=tables[1].file_name),
            ]
        self.table_step.set_tables(tables, labels)
        self.show_step(STEP_TABLE)
        self.sig_status.emit(
            self.tr("{file} read: {rows} rows.").format(
                file=tables[0].file_name, rows=format_int(len(tables[0].rows))
            )
        )

    def _on_read_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFileError):
            self.last_error = exc
            self.show_step(STEP_FILE)
            self.file_step.show_error(error_text(exc))
            return
        self._show_error(exc)

    # ------------------------------------------------------------------ step 2: sheet

    def _on_sheet_changed(self, index: int, sheet: str) -> None:
        # Another sheet has its own layout: its header row is detected again.
        self._reread(index, sheet, None, self.tr("Reading sheet {sheet}…").format(sheet=sheet))

    def _on_header_changed(self, index: int, row: int) -> None:
        if 0 <= index < len(self.paths):
            self._reread(
                index,
                self.sheets[index] or self.tables[index].sheet_name,
                row,
                self.tr("Reading the file again…"),
            )

    def _reread(self, index: int, sheet: str | None, header_row: int | None, busy: str) -> None:
        """Read file *index* again with *sheet* and *header_row*; the later steps start over."""
        if self.is_wizard_busy() or not 0 <= index < len(self.paths):
            return
        self.table_step.show_error(None)
        path = self.paths[index]

        def labels() -> list[str]:
            return [self.table_step.file_combo.itemText(i) for i in range(len(self.tables))]

        def done(table: RawTable) -> None:
            self.tables[index] = table
            self.sheets[index] = sheet
            self.header_rows[index] = header_row
            self.suggestion = None
            self.mapping = None
            self.plan = None
            self.asked, self.answers, self.decisions = {}, {}, {}
            self.table_step.set_tables(self.tables, labels(), self._chosen_headers())
            self._update_nav()

        def failed(exc: BaseException) -> None:
            self.table_step.set_tables(self.tables, labels(), self._chosen_headers())
            if isinstance(exc, ImportFileError):
                self.last_error = exc
                self.table_step.show_error(error_text(exc))
            else:
                self._show_error(exc)

        self._run(read_one, path, sheet, header_row, busy=busy, on_done=done, on_error=failed)

    def _chosen_headers(self) -> list[bool]:
        return [row is not None for row in self.header_rows]

    # ------------------------------------------------------------------ step 3: columns

    def go_to_mapping(self) -> None:
        """Show the columns step (suggesting a mapping first when there is none)."""
        if self.suggestion is not None and self.mapping_step.model.rows:
            self.show_step(STEP_MAPPING)
            return
        kind = self.kind()
        self._run(
            suggest,
            self.ctx.db,
            self.tables[0],
            kind,
            busy=self.tr("Matching the columns…"),
            on_done=self._on_suggested,
            on_error=self._show_error,
        )

    def _on_suggested(self, suggestion: MappingSuggestion) -> None:
        self.suggestion = suggestion
        self._fill_mapping()
        self.show_step(STEP_MAPPING)

    def _fill_mapping(self) -> None:
        assert self.suggestion is not None
        kind = self.kind()
        self.mapping_step.set_columns(
            self.tables[0],
            self.suggestion.columns,
            fields_for(kind),
            saved=self.suggestion.saved_id is not None,
            kind_title=self.kind_title(kind),
        )
        self._check_mapping()

    def _on_mapping_reset(self) -> None:
        if self.suggestion is not None:
            self._fill_mapping()
            self._update_nav()

    def current_mapping(self) -> Mapping:
        return Mapping(self.kind(), self.mapping_step.model.mapping_columns())

    def _check_mapping(self) -> bool:
        try:
            self.current_mapping().check(self.tables[0].headers if self.tables else None)
        except MappingError as exc:
            self.mapping_step.show_problem(error_text(exc))
            return False
        self.mapping_step.show_problem(None)
        return True

    def _on_mapping_changed(self) -> None:
        self._check_mapping()
        self._update_nav()

    # ------------------------------------------------------------------ deciding and applying
    # Here rather than in ImportFlow: their plural strings are catalogued in the page's context.

    def decide_all(self, action: ReviewAction) -> None:
        """Decide every row still under review the same way: create new, or skip.

        Nothing is written: each row can still be decided otherwise, one by one.
        """
        plan = self.plan
        if plan is None or self.is_wizard_busy():
            return
        waiting = plan.review_rows()
        kept = 0
        if action is ReviewAction.CREATE:
            # Rows whose VAT number is a member's cannot be new: they stay to be decided.
            allowed = [row for row in waiting if plan.create_refused(row.index) is None]
            kept, waiting = len(waiting) - len(allowed), allowed
        if waiting:
            self._decide_rows(waiting, ReviewDecision(action), lambda: plan.decide_all(action))
        if kept:
            messages.inform(
                self,
                self.tr("Still to decide"),
                self.tr(
                    "%Ln rows stay to be decided: their VAT number already belongs to an "
                    "organisation in the database. Choose that organisation or skip them.",
                    "",
                    kept,
                ),
            )

    def apply(self) -> None:
        """Write the preview (backup first, one transaction) in the background."""
        plan = self.plan
        if plan is None or self.is_wizard_busy():
            return
        enabled, _hint = self._apply_state(True)
        if not enabled:
            return
        counts = plan.counts()
        if counts.review or counts.error:
            left = []
            if counts.review:
                left.append(self.tr("%Ln rows still need a decision", "", counts.review))
            if counts.error:
                left.append(self.tr("%Ln rows have errors", "", counts.error))
            if not messages.confirm(
                self,
                self.tr("Import"),
                self.tr(
                    "{left}: they are not imported (rows with errors go to the error "
                    "report). Import the other %Ln rows?",
                    "",
                    counts.create + counts.update,
                ).format(left=self.tr(" and ").join(left).capitalize()),
                yes_text=self.tr("Import"),
            ):
                return
        self._run(
            apply_work,
            self.ctx.db,
            plan,
            list(self.paths),
            busy=self.tr("Importing (a backup is taken first)…"),
            on_done=lambda value: self._on_applied(*value),
            on_error=self._on_apply_failed,
            write=True,
        )

    def _on_applied(self, result: ImportResult, records: list[ChangedRecord]) -> None:
        assert self.plan is not None
        self.result = result
        self.records = records
        self.summary_step.show_result(result, self._error_lines(self.plan, result), records)
        self.show_step(STEP_RESULT)
        if result.batch_id is not None:
            self.sig_status.emit(
                self.tr("Import no. {batch} done: {created} created, {updated} updated.").format(
                    batch=result.batch_id,
                    created=format_int(result.created),
                    updated=format_int(result.updated),
                )
            )
            self.ctx.bus.sig_changed.emit("")
        self.refresh_batches()
        if result.batch_id is not None:
            self.batches.select_batch(result.batch_id)
            # On the main undo stack: Ctrl+Z right after an import offers to undo the import,
            # not the edit made before it (MainWindow routes it to undo_batch_id()).
            name = (
                self.paths[0].name
                if len(self.paths) == 1
                else self.tr("{count} files").format(count=format_int(len(self.paths)))
            )
            self.ctx.undo_stack.push(
                ImportCommand(
                    self.tr(
                        "Import of {file} (%Ln rows)", "", result.created + result.updated
                    ).format(file=name),
                    result.batch_id,
                )
            )


def _sibling(path: Path, stem: str) -> Path | None:
    """The CORDIS file called *stem* next to *path* (same folder), if there is one."""
    for suffix in (path.suffix, *SUFFIXES):
        candidate = path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


__all__ = ["STEP_FILE", "STEP_MAPPING", "STEP_PREVIEW", "STEP_RESULT", "STEP_TABLE", "ImportPage"]
