"""The questions of step 4: what the file cannot answer (date order, years, start dates).

They are never guessed: the user answers them here and the preview is built again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import (
    PlanQuestion,
)
from workbench.importing.parsing import DateOrder, parse_date
from workbench.ui.i18n import error_text
from workbench.ui.importing.steps import (
    hint_label,
)
from workbench.ui.widgets.inputs import OptionalDateEdit


def html_text(text: str) -> str:
    """*text* safe inside the rich text of a label (&, < and > escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def long_date(value: date) -> str:
    """The date as "3 April 2021", in the user's language."""
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


# ------------------------------------------------------------------------------------ questions


class ImportQuestionsBox(QGroupBox):
    """The plan's questions with an answer field each; nothing is preselected.

    Each answer updates the preview at once (the page rebuilds the plan with every answer
    given so far), and stays shown so it can be changed later.

    Signals:
        sig_answered(): an answer was given or changed (read :meth:`answers`).
    """

    sig_answered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Questions about the file"))
        self.setObjectName("importQuestions")
        self.questions: list[PlanQuestion] = []
        self._editors: dict[str, Any] = {}
        self._applied: dict[str, Any] = {}
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(0, 1)
        self.intro = hint_label(
            self.tr(
                "The file cannot answer these, and nothing is guessed: each answer updates the "
                "preview at once. Rows are imported only when every question is answered."
            )
        )
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(self.grid)
        layout.addWidget(self.intro)

    def set_questions(self, questions: Sequence[PlanQuestion], answers: dict[str, Any]) -> None:
        """Show *questions* with the *answers* already given (keys of the questions)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.questions = list(questions)
        self._editors = {}
        self._applied = {q.key: answers[q.key] for q in questions if q.key in answers}
        for row, question in enumerate(self.questions):
            text = QLabel(self.question_text(question))
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            self.grid.addWidget(text, row, 0, Qt.AlignmentFlag.AlignVCenter)
            editor = self._editor(question, answers.get(question.key))
            self.grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(bool(self.questions))

    def question_text(self, question: PlanQuestion) -> str:
        """The question in the user's words."""
        if question.kind == "date_order":
            examples = ", ".join(question.examples[:3])
            return self.tr(
                "<b>Column “{column}”</b>: every date fits both day/month and month/day "
                "(for example {examples}). How are the dates written?"
            ).format(column=html_text(question.column or ""), examples=html_text(examples))
        if question.key == "fee_year":
            return self.tr(
                "<b>Fees</b>: which year do the fee amounts refer to? The file has no year column."
            )
        if question.key == "size_year":
            return self.tr(
                "<b>Size data</b>: which year do the staff, turnover and "
                "balance-sheet figures refer to? The file has no year column."
            )
        if question.key == "area_from":
            return self.tr(
                "<b>Competence areas</b>: from which date do the memberships of the "
                "areas count? Some rows give neither an area date nor a join date."
            )
        return html_text(error_text(question.message))

    def _editor(self, question: PlanQuestion, value: Any) -> QWidget:
        box = QWidget()
        if question.kind == "date_order":
            example = question.examples[0] if question.examples else ""
            dmy = mdy = ""
            try:
                d1 = parse_date(example, order=DateOrder.DMY)
                d2 = parse_date(example, order=DateOrder.MDY)
                if d1 is not None and d2 is not None:
                    dmy = " " + self.tr("({example} = {day})").format(
                        example=example, day=long_date(d1)
                    )
                    mdy = " " + self.tr("({example} = {day})").format(
                        example=example, day=long_date(d2)
                    )
            except ValueError:
                pass
            first = QRadioButton(self.tr("Day first: dd/mm/yyyy") + dmy)
            second = QRadioButton(self.tr("Month first: mm/dd/yyyy") + mdy)
            first.setObjectName("dmy")
            second.setObjectName("mdy")
            group = QButtonGroup(box)
            group.addButton(first)
            group.addButton(second)
            if value is not None:
                (first if str(value) == "dmy" else second).setChecked(True)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(first)
            column.addWidget(second)
            group.buttonToggled.connect(self._on_toggled)
            self._editors[question.key] = ("date_order", first, second)
        elif question.kind == "year":
            combo = QComboBox()
            combo.addItem(self.tr("— choose the year —"), None)
            this_year = date.today().year
            for year in range(this_year + 1, this_year - 16, -1):
                combo.addItem(str(year), year)
            if value is not None:
                combo.setCurrentIndex(max(combo.findData(int(value)), 0))
            combo.currentIndexChanged.connect(lambda *_a: self._on_changed())
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(combo)
            self._editors[question.key] = ("year", combo)
        else:
            edit = OptionalDateEdit()
            edit.setMinimumWidth(140)
            if value is not None:
                edit.set_date_value(
                    value if isinstance(value, date) else date.fromisoformat(str(value))
                )
            edit.sig_date_changed.connect(lambda _d: self._on_changed())
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(edit)
            self._editors[question.key] = ("date", edit)
        return box

    def _on_toggled(self, _button: Any, checked: bool) -> None:
        if checked:
            self._on_changed()

    def _on_changed(self) -> None:
        if self.answers() != self._applied:
            self.sig_answered.emit()

    def answers(self) -> dict[str, Any]:
        """The answers given so far, by question key ("dmy"/"mdy", a year, a date)."""
        found: dict[str, Any] = {}
        for key, editor in self._editors.items():
            if editor[0] == "date_order":
                if editor[1].isChecked():
                    found[key] = "dmy"
                elif editor[2].isChecked():
                    found[key] = "mdy"
            elif editor[0] == "year":
                year = editor[1].currentData()
                if year is not None:
                    found[key] = int(year)
            else:
                day = editor[1].date_value(strict=False)
                if day is not None:
                    found[key] = day
        return found

    def answer(self, key: str, value: Any) -> None:
        """Answer question *key* as the user would."""
        editor = self._editors[key]
        if editor[0] == "date_order":
            (editor[1] if str(value) == "dmy" else editor[2]).setChecked(True)
        elif editor[0] == "year":
            editor[1].setCurrentIndex(editor[1].findData(int(value)))
        else:
            editor[1].set_date_value(value)

    def all_answered(self) -> bool:
        return len(self.answers()) == len(self.questions)

    def pending(self) -> bool:
        """True when the answers differ from those the preview was made with."""
        return self.answers() != self._applied


__all__ = ["ImportQuestionsBox", "html_text", "long_date"]
