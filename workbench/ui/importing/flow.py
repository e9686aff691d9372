"""The second half of the import wizard: preview, review decisions, apply, error report, undo.

:class:`ImportFlow` is the base of :class:`~workbench.ui.importing.page.ImportPage`, which
builds the widgets, owns the navigation and runs the first steps (file, sheet, columns). The
flow also holds the background-task plumbing every step uses (:meth:`ImportFlow._run`, the
inline progress and Cancel). Split from the page because the page passed 800 lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProgressBar,
    QPushButton,
)
from shiboken6 import isValid

from workbench.errors import WorkbenchError
from workbench.importing import (
    BatchRow,
    ImportCancelled,
    ImportFileError,
    ImportKind,
    ImportPlan,
    ImportResult,
    Mapping,
    MappingError,
    MappingSuggestion,
    PlanOptions,
    PlanQuestion,
    PlanRow,
    RawTable,
    ReviewDecision,
    UndoConflictError,
    UndoResult,
    error_rows,
    fields_for,
    list_batches,
    write_error_report,
)
from workbench.ui.formatting import format_datetime, format_int
from workbench.ui.i18n import error_text
from workbench.ui.importing.batches import ImportBatchesPanel
from workbench.ui.importing.models import (
    ChangedRecord,
    ErrorLine,
    field_label,
)
from workbench.ui.importing.preview import ImportPreviewStep
from workbench.ui.importing.steps import (
    ImportFileStep,
    ImportMappingStep,
)
from workbench.ui.importing.summary import ImportSummaryStep
from workbench.ui.importing.workers import make_plan, undo_work
from workbench.ui.pages.base import Page
from workbench.ui.tasks import TaskCancelled, TaskState
from workbench.ui.undo import drop_import_command
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import save_file_name

log = logging.getLogger(__name__)

STEP_FILE, STEP_TABLE, STEP_MAPPING, STEP_PREVIEW, STEP_RESULT = range(5)


class ImportFlow(Page):
    """Planning, applying and undoing an import; the page supplies its widgets and steps."""

    # The wizard's state (see _reset_state) and the widgets ImportPage builds.
    handle: Any
    undo_handle: Any
    undo_dialog: Any
    last_error: BaseException | None
    paths: list[Path]
    tables: list[RawTable]
    mapping: Mapping | None
    asked: dict[str, PlanQuestion]
    answers: dict[str, Any]
    decisions: dict[int, ReviewDecision]
    plan: ImportPlan | None
    result: ImportResult | None
    records: list[ChangedRecord]
    file_step: ImportFileStep
    mapping_step: ImportMappingStep
    preview_step: ImportPreviewStep
    summary_step: ImportSummaryStep
    batches: ImportBatchesPanel
    busy_label: QLabel
    nav_hint: QLabel
    progress_bar: QProgressBar
    cancel_button: QPushButton

    def _reset_state(self) -> None:
        """Forget the file, its tables, mapping, answers, plan and result (a new import)."""
        self.paths: list[Path] = []
        self.sheets: list[str | None] = []
        self.header_rows: list[int | None] = []  # chosen by hand; None: detected
        self.tables: list[RawTable] = []
        self.suggestion: MappingSuggestion | None = None
        self.mapping: Mapping | None = None
        self.asked: dict[str, PlanQuestion] = {}
        self.answers: dict[str, Any] = {}
        self.decisions: dict[int, ReviewDecision] = {}
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.records: list[ChangedRecord] = []

    def _error_lines(self, plan: ImportPlan, result: ImportResult) -> list[ErrorLine]:
        """The summary's error lines: every row not imported, its columns and problems."""
        refused = {q.row_index for q in result.quarantined}
        lines = []
        for row, problems in error_rows(plan, result):
            columns: list[str] = []
            for p in problems:
                if p.column and p.column not in columns:
                    columns.append(p.column)
            text = "; ".join(
                (f"{p.file}: " if p.file and p.file != row.file else "") + error_text(p.message)
                for p in problems
            )
            lines.append(ErrorLine(row.row_number, ", ".join(columns), text, row.index in refused))
        return lines

    # -- supplied by the page (navigation and the mapping step) ---------------------------------
    def show_step(self, index: int) -> None:
        """Show step *index* of the wizard."""
        raise NotImplementedError

    def _update_nav(self, *_args: Any) -> None:
        raise NotImplementedError

    def _apply_state(self, enabled: bool) -> tuple[bool, str]:
        raise NotImplementedError

    def _check_mapping(self) -> bool:
        raise NotImplementedError

    def current_mapping(self) -> Mapping:
        """The mapping as the columns step shows it."""
        raise NotImplementedError

    def kind(self) -> ImportKind:
        """The kind of import chosen on step 1."""
        return self.file_step.kind()

    def is_wizard_busy(self) -> bool:
        """True while a step of the wizard works in the background."""
        return self.handle is not None

    def refresh_batches(self) -> None:
        """List the past imports again."""
        try:
            batches = list_batches(self.ctx.db)
        except WorkbenchError as exc:
            log.warning("Past imports could not be listed: %s", exc)
            batches = []
        self.batches.set_batches(batches)

    # ------------------------------------------------------------------ step 4: preview

    def options(self) -> PlanOptions:
        """Plan options from the answers and review decisions given so far."""
        options = PlanOptions(decisions=dict(self.decisions))
        for key, value in self.answers.items():
            try:
                options = options.with_answer(key, value)
            except ValueError:
                log.warning("Answer %r to %s no longer fits", value, key)
        return options

    def make_preview(self) -> None:
        """Build the preview in the background, then show step 4."""
        if self.is_wizard_busy() or not self.tables:
            return
        kind = self.kind()
        mapping: Mapping | None = None
        if kind is not ImportKind.CORDIS:
            if not self._check_mapping():
                self.show_step(STEP_MAPPING)
                return
            mapping = self.current_mapping()
            if self.mapping is not None and mapping.columns != self.mapping.columns:
                # Another mapping: answers to questions about columns no longer read go.
                self.asked = {
                    k: q
                    for k, q in self.asked.items()
                    if q.column is None or q.column in mapping.columns
                }
                self.answers = {k: v for k, v in self.answers.items() if k in self.asked}
            self.mapping = mapping
        self._run(
            make_plan,
            self.ctx.db,
            kind,
            list(self.tables),
            mapping,
            self.options(),
            busy=self.tr("Preparing the preview…"),
            on_done=self._on_planned,
            on_error=self._on_plan_failed,
        )

    def _on_planned(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.result = None
        for question in plan.questions:
            self.asked[question.key] = question
        questions = list(self.asked.values())
        labels = self.field_labels()
        self.preview_step.set_plan(plan, questions, self.answers, labels)
        self.show_step(STEP_PREVIEW)

    def _on_plan_failed(self, exc: BaseException) -> None:
        if isinstance(exc, MappingError):
            self.last_error = exc
            self.mapping_step.show_problem(error_text(exc))
            self.show_step(STEP_MAPPING)
            return
        if isinstance(exc, ImportFileError):
            self.last_error = exc
            self.show_step(STEP_FILE)
            self.file_step.show_error(error_text(exc))
            return
        self._show_error(exc)

    def _on_apply_answers(self) -> None:
        answers = self.preview_step.questions.answers()
        self.answers.update(answers)
        self.make_preview()

    def answer(self, key: str, value: Any) -> None:
        """Answer the question *key* as the user would (the preview is made again)."""
        self.preview_step.questions.answer(key, value)

    def decide(self, index: int, decision: ReviewDecision) -> None:
        """Record a review decision for the row at *index* and show the row again."""
        plan = self.plan
        if plan is not None and not self.is_wizard_busy():
            self._decide_rows([plan.rows[index]], decision, lambda: plan.decide(index, decision))

    def _decide_rows(
        self, rows: Sequence[PlanRow], decision: ReviewDecision, decide: Callable[[], Any]
    ) -> None:
        """Run *decide* (it re-plans *rows*), remember *decision* for them and redraw.

        Remembered decisions survive making the preview again.
        """
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            decide()
        except (ValueError, WorkbenchError) as exc:
            self.last_error = exc
            messages.warn(self, self.tr("Cannot decide"), error_text(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        for row in rows:
            self.decisions[row.row_number] = decision
        self.preview_step.refresh_rows()
        self._update_nav()

    # ------------------------------------------------------------------ step 5: apply

    def _on_apply_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportCancelled):
            self._said_cancelled()
            return
        self._show_error(exc, self.tr("The import was not written"))

    def _said_cancelled(self) -> None:
        self.nav_hint.setText(self.tr("Cancelled: nothing was written."))
        self.sig_status.emit(self.tr("The import was cancelled; nothing was written."))

    def _on_save_report(self) -> None:
        if self.plan is None:
            return
        folder = self.paths[0].parent if self.paths else Path.home()
        stem = self.paths[0].stem if self.paths else "import"
        chosen = save_file_name(
            self,
            self.tr("Save the error report"),
            str(folder / f"{stem}-errors.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != ".xlsx":
                path = path.with_suffix(".xlsx")
            self.save_error_report(path)

    def save_error_report(self, path: str | Path) -> int:
        """Write the rows not imported to *path* (xlsx); returns how many rows."""
        assert self.plan is not None
        target = Path(path)
        try:
            count = write_error_report(self.plan, target, self.result, text=error_text)
        except OSError as exc:
            self.last_error = exc
            messages.warn(
                self,
                self.tr("The error report was not saved"),
                self.tr(
                    "{path} could not be written ({reason}). If the file is open in another "
                    "program, close it; otherwise choose another folder."
                ).format(path=target, reason=exc.strerror or exc),
            )
            return 0
        self.sig_status.emit(self.tr("Error report saved: {path}").format(path=target))
        self.summary_step.report_hint.setText(
            self.tr(
                "Saved {count} rows to {path}. Correct them there and import the file again."
            ).format(count=format_int(count), path=target)
        )
        return count

    def _on_open_record(self, table: str, record_id: int) -> None:
        self.ctx.bus.sig_open_record.emit(table, record_id)

    # ------------------------------------------------------------------ past imports

    def undo_batch_id(self, batch_id: int) -> None:
        """Undo the past import *batch_id* after asking (Ctrl+Z right after an import)."""
        self.refresh_batches()
        batch = next((b for b in self.batches.model.rows if b.id == batch_id), None)
        if batch is None or batch.undone_at is not None:
            drop_import_command(self.ctx.undo_stack, batch_id)
            return
        self.batches.select_batch(batch_id)
        self.undo(batch)

    def undo(self, batch: BatchRow, force: bool = False) -> None:
        """Undo *batch* after asking; later changes are listed before anything is lost."""
        if self.undo_handle is not None:
            return
        if not force and not messages.confirm(
            self,
            self.tr("Undo import"),
            self.tr(
                "Undo import no. {batch} of {file} ({when})?\n\nThe {created} records "
                "it created are deleted and the {updated} records it updated get their "
                "previous values back. A backup is taken first."
            ).format(
                batch=batch.id,
                file=batch.file_name,
                when=format_datetime(batch.started_at),
                created=format_int(batch.created),
                updated=format_int(batch.updated),
            ),
            yes_text=self.tr("Undo the import"),
            destructive=True,
        ):
            return
        self.batches.set_busy(True, self.tr("Undoing import no. {batch}…").format(batch=batch.id))

        def done(result: UndoResult) -> None:
            self._undo_finished()
            drop_import_command(self.ctx.undo_stack, batch.id)
            text = self.tr(
                "Import no. {batch} undone. Records deleted: {deleted}; fields "
                "restored: {restored}."
            ).format(
                batch=batch.id,
                deleted=format_int(result.deleted),
                restored=format_int(result.restored),
            )
            self.batches.show_status(text)
            self.sig_status.emit(text)
            self.ctx.bus.sig_changed.emit("")
            self.refresh_batches()

        def failed(exc: BaseException) -> None:
            self._undo_finished()
            if isinstance(exc, UndoConflictError) and not force:
                self._ask_overwrite(batch, exc)
                return
            self._show_error(exc, self.tr("The import was not undone"))

        if self.ctx.tasks is None:
            try:
                done(undo_work(TaskState(), self.ctx.db, batch.id, force))
            except Exception as exc:  # noqa: BLE001 - shown to the user
                failed(exc)
            return

        def if_shown(callback: Callable[..., None]) -> Callable[..., None]:
            def call(*args: Any) -> None:
                if isValid(self):  # the page may have gone (language switch) meanwhile
                    callback(*args)

            return call

        self.undo_handle = self.ctx.tasks.run(
            undo_work,
            self.ctx.db,
            batch.id,
            force,
            on_done=if_shown(done),
            on_error=if_shown(failed),
            on_cancelled=if_shown(self._undo_finished),
            title=self.tr("Undoing the import…"),
            parent=self,
            show_progress=False,
            write=True,
        )

    def _undo_finished(self) -> None:
        self.undo_handle = None
        self.batches.set_busy(False)

    def _ask_overwrite(self, batch: BatchRow, exc: UndoConflictError) -> None:
        from workbench.ui.importing.undo_dialog import ImportUndoConflictDialog

        kind = ImportKind(batch.kind) if batch.kind in {k.value for k in ImportKind} else None
        dialog = ImportUndoConflictDialog(
            batch, exc.conflicts, self, labels=self.field_labels(kind)
        )
        dialog.accepted.connect(lambda: self.undo(batch, force=True))
        dialog.finished.connect(dialog.deleteLater)
        self.undo_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ background work

    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        busy: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_cancelled: Callable[[], None] | None = None,
        write: bool = False,
    ) -> None:
        """Run ``fn(state, *args)`` in the background with the inline progress and Cancel."""
        self.last_error = None

        def finish() -> bool:
            if not isValid(self):
                return False  # the page went away (language switch) meanwhile
            self.handle = None
            self.progress_bar.setRange(0, 0)
            self._update_nav()
            return True

        def done(value: Any) -> None:
            if finish():
                on_done(value)

        def failed(exc: BaseException) -> None:
            if finish():
                on_error(exc)

        def cancelled() -> None:
            if finish():
                (on_cancelled or self._said_cancelled)()

        self.busy_label.setText(busy)
        self.nav_hint.setText("")
        self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        if self.ctx.tasks is None:
            self.handle = True
            self._update_nav()
            try:
                value = fn(TaskState(), *args)
            except TaskCancelled:
                cancelled()
            except Exception as exc:  # noqa: BLE001 - shown to the user
                failed(exc)
            else:
                done(value)
            return
        self.handle = self.ctx.tasks.run(
            fn,
            *args,
            on_done=done,
            on_error=failed,
            on_cancelled=cancelled,
            title=busy,
            parent=self,
            show_progress=False,
            write=write,
        )
        self.handle.sig_progress.connect(self._on_progress)
        self._update_nav()

    def _on_progress(self, done: int, total: int, _message: str) -> None:
        if not isValid(self):
            return
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def cancel(self) -> None:
        """Stop the running step; an import being written is rolled back entirely."""
        if self.handle is not None and self.handle is not True:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.busy_label.setText(self.tr("Cancelling…"))

    def _show_error(self, exc: BaseException, title: str | None = None) -> None:
        self.last_error = exc
        if isinstance(exc, ImportFileError):
            messages.warn(self, title or self.tr("The file cannot be imported"), error_text(exc))
        elif isinstance(exc, OSError) and not isinstance(exc, WorkbenchError):
            messages.warn(
                self,
                title or self.tr("The file cannot be read"),
                self.tr("{path}: {reason}").format(
                    path=getattr(exc, "filename", "") or "", reason=exc.strerror or exc
                ),
            )
        else:
            messages.show_error(self, exc, title)

    # ------------------------------------------------------------------ texts

    def field_labels(self, kind: ImportKind | None = None) -> dict[str, str]:
        """Names of the fields that appear in the changes of an import of *kind*."""
        kind = kind or self.kind()
        specs = fields_for(ImportKind.PROJECTS if kind is ImportKind.CORDIS else kind)
        labels = {spec.key: field_label(spec) for spec in specs}
        labels.update(
            {
                "email": self.tr("E-mail"),
                "phone": self.tr("Phone"),
                "role": self.tr("Role"),
                "first_name": self.tr("First name"),
                "last_name": self.tr("Last name"),
                "amount_due": self.tr("Amount due"),
                "amount_paid": self.tr("Amount paid"),
                "paid_on": self.tr("Paid on"),
                "from_date": self.tr("From"),
                "to_date": self.tr("Until"),
                "external_name": self.tr("Partner"),
                "external_organisation": self.tr("Organisation"),
                "person_name": self.tr("Name"),
                "budget": self.tr("Budget"),
                "contribution": self.tr("Contribution"),
                "country": self.tr("Country"),
                "consent": self.tr("Consent"),
            }
        )
        return labels
