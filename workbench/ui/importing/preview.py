"""Step 4 of the import wizard: the preview of every row, questions, filters and review.

Nothing here writes: the page builds the plan in the background and hands it over; the user
answers the plan's questions (never guessed), filters rows by status, reads the field-level
changes of the selected row and decides the rows under review (merge / create new / skip).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import (
    ImportKind,
    ImportPlan,
    PlanQuestion,
    PlanRow,
    ReviewAction,
    ReviewDecision,
    RowStatus,
)
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.importing.models import (
    STATUS_ORDER,
    ChangesModel,
    PlanRowsModel,
    problem_text,
    status_icon,
    status_label,
)
from workbench.ui.importing.questions import ImportQuestionsBox, html_text
from workbench.ui.importing.steps import (
    bold,
    error_label,
    fit_columns,
    hint_label,
    set_error,
    setup_table,
)

# ------------------------------------------------------------------------------------ filters


class ImportStatusFilter(QWidget):
    """Toggle buttons "All (8)", "New (2)" … that filter the preview rows.

    Signals:
        sig_changed(): another filter was chosen.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[RowStatus | None, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(QLabel(self.tr("Show:")))
        for status in (None, *STATUS_ORDER):
            button = QPushButton()
            button.setCheckable(True)
            button.setFlat(False)
            button.setObjectName(f"filter_{status.value if status else 'all'}")
            if status is not None:
                button.setIcon(status_icon(status))
            self.group.addButton(button)
            self.buttons[status] = button
            row.addWidget(button)
        row.addStretch(1)
        self.buttons[None].setChecked(True)
        self.group.buttonToggled.connect(self._on_toggled)
        self.set_counts({}, 0)

    def _on_toggled(self, _button: Any, checked: bool) -> None:
        if checked:
            self.sig_changed.emit()

    def set_counts(self, counts: dict[RowStatus, int], total: int) -> None:
        self.buttons[None].setText(self.tr("All ({count})").format(count=format_int(total)))
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            button = self.buttons[status]
            button.setText(f"{status_label(status)} ({format_int(n)})")
            button.setEnabled(n > 0 or button.isChecked())
            # Skipped rows appear only after a decision: no button until there are some.
            button.setVisible(status is not RowStatus.SKIP or n > 0 or button.isChecked())

    def current(self) -> RowStatus | None:
        for status, button in self.buttons.items():
            if button.isChecked():
                return status
        return None

    def set_current(self, status: RowStatus | None) -> None:
        button = self.buttons[status]
        button.setEnabled(True)
        button.setVisible(True)
        button.setChecked(True)


# ------------------------------------------------------------------------------------ details


class ImportRowDetails(QWidget):
    """What happens to the selected row: status, review choice, problems, changes.

    Signals:
        sig_decide(int, object): the user decided row *index* (a ReviewDecision).
    """

    sig_decide = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: PlanRow | None = None
        self.kind = ImportKind.MEMBERS
        #: Why a row cannot become a new record (the plan's ``create_refused``), set by the step.
        self.create_refused: Callable[[PlanRow], Any] = lambda _row: None
        self._build_ui()
        self._connect_signals()
        self.show_row(None)

    def _build_ui(self) -> None:
        self.title_label = bold(QLabel(), 1)
        self.title_label.setWordWrap(True)
        self.title_label.setObjectName("importRowTitle")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("importRowStatus")

        self.review_box = QGroupBox()
        self.review_box.setObjectName("importReview")
        self.review_reason = hint_label()
        self.candidates = QListWidget()
        self.candidates.setObjectName("importCandidates")
        self.candidates.setAlternatingRowColors(True)
        self.candidates.setMaximumHeight(112)
        self.merge_button = QPushButton()
        self.merge_button.setObjectName("importMerge")
        self.create_button = QPushButton()
        self.create_button.setObjectName("importCreate")
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("importSkip")
        self.decision_label = QLabel()
        self.decision_label.setWordWrap(True)
        self.decision_label.setObjectName("importDecision")
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        review = QVBoxLayout(self.review_box)
        review.setSpacing(6)
        review.addWidget(self.review_reason)
        review.addWidget(self.candidates)
        review.addLayout(buttons)
        review.addWidget(self.decision_label)

        self.problems_label = error_label()
        self.problems_label.setObjectName("importRowProblems")
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.notes_label = hint_label()
        self.notes_label.setObjectName("importRowNotes")
        self.changes_label = bold(QLabel())
        self.changes_model = ChangesModel(self)
        self.changes_view = QTableView()
        self.changes_view.setObjectName("importChanges")
        self.changes_view.setModel(self.changes_model)
        setup_table(self.changes_view, selectable=False)
        self.changes_view.verticalHeader().setVisible(False)
        fit_columns(
            self.changes_view,
            [("fixed", 150), ("contents", 0), ("stretch", 0), ("fixed", 24), ("stretch", 0)],
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.review_box)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_view, 1)
        self.filler = QWidget()
        layout.addWidget(self.filler, 1)
        self.review_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _connect_signals(self) -> None:
        self.merge_button.clicked.connect(self._on_merge)
        self.create_button.clicked.connect(lambda: self._decide(ReviewDecision.create()))
        self.skip_button.clicked.connect(lambda: self._decide(ReviewDecision.skip()))
        self.candidates.currentRowChanged.connect(self._update_buttons)
        self.candidates.itemDoubleClicked.connect(lambda _i: self._on_merge())

    def set_labels(self, labels: dict[str, str]) -> None:
        self.changes_model.labels = labels

    def show_row(self, row: PlanRow | None, kind: ImportKind | None = None) -> None:
        """Show *row* (None: nothing selected)."""
        self.row = row
        if kind is not None:
            self.kind = kind
        if row is None:
            self.title_label.setText(self.tr("Select a row to see what happens to it."))
            for widget in (
                self.status_label,
                self.review_box,
                self.notes_label,
                self.changes_label,
                self.changes_view,
            ):
                widget.setVisible(False)
            self.filler.setVisible(True)
            set_error(self.problems_label, None)
            self.changes_model.set_rows([])
            return
        where = self.tr("Row {row}").format(row=row.row_number)
        if row.file:
            where = f"{row.file}, " + where.lower()
        label = error_text(row.label)
        self.title_label.setText(f"{where} · {label}" if label else where)
        self.status_label.setText(f"<b>{status_label(row.status)}</b> — " + self.status_text(row))
        self.status_label.setVisible(True)
        self._show_review(row)
        problems = "".join(f"<li>{html_text(problem_text(p))}</li>" for p in row.problems)
        set_error(
            self.problems_label,
            f"<ul style='margin: 0 0 0 -20px'>{problems}</ul>" if problems else None,
        )
        notes = [error_text(n) for n in row.notes if not n.startswith("decision:")]
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        self.changes_model.set_rows(row.changes)
        has_changes = bool(row.changes)
        self.changes_label.setText(
            self.tr("Values of the new record")
            if row.status is RowStatus.CREATE and row.root_op is not None
            else self.tr("Changes: before → after")
        )
        self.changes_label.setVisible(has_changes)
        self.changes_view.setVisible(has_changes)
        self.filler.setVisible(not has_changes)

    def status_text(self, row: PlanRow) -> str:
        """What applying does with the row, in a sentence."""
        if row.status is RowStatus.CREATE:
            if row.root_op is None:
                return self.tr("new records are added.")
            return {
                ImportKind.MEMBERS: self.tr("a new organisation is created."),
                ImportKind.ACTIVITIES: self.tr("a new activity is created."),
            }.get(self.kind, self.tr("a new project is created."))
        if row.status is RowStatus.UPDATE:
            return {
                ImportKind.MEMBERS: self.tr("the organisation already in the database is updated."),
                ImportKind.ACTIVITIES: self.tr("the activity already in the database is updated."),
            }.get(self.kind, self.tr("the project already in the database is updated."))
        return {
            RowStatus.UNCHANGED: self.tr(
                "the database already holds these values; nothing is written."
            ),
            RowStatus.REVIEW: self.tr(
                "it may be an organisation already in the database: "
                "decide below. Until then it is not imported."
            ),
            RowStatus.ERROR: self.tr("the row is not imported; it goes to the error report."),
            RowStatus.SKIP: self.tr("you chose to leave it out."),
        }[row.status]

    def _show_review(self, row: PlanRow) -> None:
        reviewable = bool(row.candidates) and (
            row.status is RowStatus.REVIEW or row.decision is not None
        )
        self.review_box.setVisible(reviewable)
        if not reviewable:
            return
        cordis = self.kind is ImportKind.CORDIS
        self.review_box.setTitle(
            self.tr("Is it one of our members?")
            if cordis
            else self.tr("Is it an organisation already in the database?")
        )
        self.merge_button.setText(
            self.tr("Link to the selected member")
            if cordis
            else self.tr("Same as the selected one")
        )
        self.create_button.setText(
            self.tr("External partner") if cordis else self.tr("Create a new organisation")
        )
        self.skip_button.setText(
            self.tr("Skip the project") if cordis else self.tr("Skip this row")
        )
        # A VAT number belongs to one organisation only: "create" is not offered for a row
        # whose VAT number is already a member's (the plan would refuse it), the tooltip
        # says why.
        refused = self.create_refused(row)
        self.create_button.setEnabled(refused is None)
        self.create_button.setToolTip(error_text(refused) if refused is not None else "")
        reason = error_text(row.match.reason) if row.match is not None else ""
        self.review_reason.setText(reason[:1].upper() + reason[1:] if reason else "")
        self.review_reason.setVisible(bool(reason))
        blocker = QSignalBlocker(self.candidates)
        self.candidates.clear()
        selected = 0
        for i, candidate in enumerate(row.candidates):
            details = [d for d in (candidate.city, candidate.vat) if d]
            text = candidate.name + (f" — {', '.join(details)}" if details else "")
            text += " · " + self.tr("{score} % similar").format(score=int(round(candidate.score)))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, candidate.org_id)
            item.setToolTip(error_text(candidate.reason))
            self.candidates.addItem(item)
            if row.decision is not None and row.decision.org_id == candidate.org_id:
                selected = i
        self.candidates.setCurrentRow(selected)
        del blocker
        self.decision_label.setText(self.decision_text(row))
        self._update_buttons()

    def decision_text(self, row: PlanRow) -> str:
        decision = row.decision
        if decision is None:
            return self.tr("Not decided yet.")
        if decision.action is ReviewAction.MERGE:
            name = next((c.name for c in row.candidates if c.org_id == decision.org_id), "")
            return self.tr("Your decision: the same as {name}.").format(name=name)
        if decision.action is ReviewAction.CREATE:
            return (
                self.tr("Your decision: an external partner.")
                if self.kind is ImportKind.CORDIS
                else self.tr("Your decision: a new organisation.")
            )
        return self.tr("Your decision: leave it out.")

    def _update_buttons(self, *_args: Any) -> None:
        self.merge_button.setEnabled(self.candidates.currentItem() is not None)

    def _on_merge(self) -> None:
        item = self.candidates.currentItem()
        if item is None:
            return
        self._decide(ReviewDecision.merge(int(item.data(Qt.ItemDataRole.UserRole))))

    def _decide(self, decision: ReviewDecision) -> None:
        if self.row is not None:
            self.sig_decide.emit(self.row.index, decision)

    def choose_candidate(self, org_id: int) -> None:
        """Select the candidate *org_id* in the list."""
        for i in range(self.candidates.count()):
            if self.candidates.item(i).data(Qt.ItemDataRole.UserRole) == org_id:
                self.candidates.setCurrentRow(i)
                return


# ------------------------------------------------------------------------------------ the step


class ImportPreviewStep(QWidget):
    """Step 4: questions, status filters, the rows and the details of the selected one.

    Signals:
        sig_decide(int, object): a review decision for row *index*.
        sig_decide_all(object): the same ReviewAction (create or skip) for every row still
            waiting for a decision.
        sig_answered(): a question was answered: the preview must be made again.
    """

    sig_decide = Signal(int, object)
    sig_decide_all = Signal(object)
    sig_answered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("importPlanSummary")
        self.notes_label = hint_label()
        self.notes_label.setObjectName("importPlanNotes")
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.questions = ImportQuestionsBox()
        self.filter = ImportStatusFilter()
        self._build_review_bar()

        self.model = PlanRowsModel(self)
        self.view = QTableView()
        self.view.setObjectName("importPlanRows")
        self.view.setModel(self.model)
        setup_table(self.view)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().setVisible(False)
        fit_columns(self.view, [("fixed", 52), ("fixed", 124), ("fixed", 210), ("stretch", 0)])
        self.empty_label = hint_label()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.empty_label)
        self.details = ImportRowDetails()
        self.details.create_refused = lambda row: (
            self.plan.create_refused(row.index) if self.plan is not None else None
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.questions)
        layout.addWidget(self.filter)
        layout.addWidget(self.review_bar)
        layout.addWidget(self.splitter, 1)

    def _build_review_bar(self) -> None:
        """The bar "Rows still to decide: 12  [Create all as new] [Skip all]" (hidden if none)."""
        self.review_bar = QWidget()
        self.review_bar.setObjectName("importReviewAll")
        self.review_all_label = QLabel()
        self.create_all_button = QPushButton()
        self.create_all_button.setObjectName("importCreateAll")
        self.skip_all_button = QPushButton(self.tr("Skip them all"))
        self.skip_all_button.setObjectName("importSkipAll")
        bar = QHBoxLayout(self.review_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(self.review_all_label)
        bar.addWidget(self.create_all_button)
        bar.addWidget(self.skip_all_button)
        bar.addStretch(1)
        self.review_bar.setVisible(False)

    def _connect_signals(self) -> None:
        self.create_all_button.clicked.connect(
            lambda: self.sig_decide_all.emit(ReviewAction.CREATE)
        )
        self.skip_all_button.clicked.connect(lambda: self.sig_decide_all.emit(ReviewAction.SKIP))
        self.filter.sig_changed.connect(self._apply_filter)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.details.sig_decide.connect(self.sig_decide)
        self.questions.sig_answered.connect(self.sig_answered)

    def set_plan(
        self,
        plan: ImportPlan,
        questions: Sequence[PlanQuestion],
        answers: dict[str, Any],
        labels: dict[str, str],
    ) -> None:
        """Show *plan*; *questions* are every question asked so far (answered or not)."""
        keep = self.selected_row()
        keep_number = keep.row_number if keep is not None else None
        self.plan = plan
        self.model.labels = labels
        self.details.set_labels(labels)
        notes = [error_text(n) for n in plan.notes if not n.startswith("The header is on row")]
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        self.questions.set_questions(questions, answers)
        self.model.set_rows(plan.rows)
        self._update_counts()
        status = self.filter.current()
        if status is not None and not plan.rows_with(status):
            self.filter.set_current(None)
        self._apply_filter()
        target = next((r for r in plan.rows if r.row_number == keep_number), None)
        if target is None:
            target = next((r for r in self.model.rows), None)
        self.select_row(target)

    def _update_counts(self) -> None:
        plan = self.plan
        if plan is None:
            return
        counts: dict[RowStatus, int] = {}
        for row in plan.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        self.filter.set_counts(counts, len(plan.rows))
        waiting = counts.get(RowStatus.REVIEW, 0)
        self.review_bar.setVisible(waiting > 0)
        self.review_all_label.setText(
            self.tr("Rows still to decide: {count}.").format(count=format_int(waiting))
        )
        self.create_all_button.setText(
            self.tr("All external partners")
            if plan.kind is ImportKind.CORDIS
            else self.tr("Create them all as new")
        )
        parts = [
            self.tr("{count} {status}").format(
                count=format_int(counts[s]), status=status_label(s).lower()
            )
            for s in STATUS_ORDER
            if counts.get(s)
        ]
        where = plan.file_name + (f" · {plan.sheet_name}" if plan.sheet_name else "")
        self.summary_label.setText(
            self.tr("<b>{file}</b>: {total} rows — {parts}. Nothing has been written yet.").format(
                file=html_text(where), total=format_int(len(plan.rows)), parts=", ".join(parts)
            )
        )

    def _apply_filter(self) -> None:
        status = self.filter.current()
        selected = self.selected_row()
        self.model.set_filter(None if status is None else (lambda r: r.status is status))
        if not self.model.rows:
            self.empty_label.setText(self.tr("No rows with this status."))
        self.empty_label.setVisible(not self.model.rows)
        self.select_row(
            selected
            if selected in self.model.rows
            else (self.model.rows[0] if self.model.rows else None)
        )

    def refresh_rows(self) -> None:
        """Statuses changed in place (a review decision): recount and redraw."""
        selected = self.selected_row()
        self._update_counts()
        self.model.refresh_rows()
        if selected is not None and selected not in self.model.rows:
            self.model.set_filter(None)
            self.filter.set_current(None)
        self.select_row(selected)

    def selected_row(self) -> PlanRow | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.model.rows):
            return None
        return self.model.row_at(index.row())

    def select_row(self, row: PlanRow | None) -> None:
        """Select *row* (a PlanRow of the plan) and show its details."""
        if row is None or row not in self.model.rows:
            self.view.selectionModel().clearCurrentIndex()
            self.view.clearSelection()
            self.details.show_row(None, self.plan.kind if self.plan else None)
            return
        position = self.model.rows.index(row)
        index = self.model.index(position, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        self.details.show_row(row, self.plan.kind if self.plan else None)

    def select_row_number(self, number: int) -> PlanRow:
        """Select the row with source row number *number* (showing all rows if needed)."""
        assert self.plan is not None
        row = next(r for r in self.plan.rows if r.row_number == number)
        if row not in self.model.rows:
            self.filter.set_current(None)
        self.select_row(row)
        return row

    def _on_current_changed(self, current: Any, _previous: Any) -> None:
        row = (
            self.model.row_at(current.row())
            if current.isValid() and 0 <= current.row() < len(self.model.rows)
            else None
        )
        self.details.show_row(row, self.plan.kind if self.plan else None)


__all__ = [
    "ImportPreviewStep",
    "ImportRowDetails",
    "ImportStatusFilter",
]
