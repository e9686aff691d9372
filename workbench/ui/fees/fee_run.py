"""The yearly fee run dialog: an amount per membership category, then the year's dues at once.

The plan (members of the year per category, those with a fee already, last year's amounts)
comes from :func:`workbench.services.fees.plan_fee_run`; **Create dues** runs
:func:`~workbench.services.fees.run_fees` as one undoable edit, so Ctrl+Z in the main window
removes every due the run created.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ValidationError, WorkbenchError
from workbench.services import fees as fees_service
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_int, format_money
from workbench.ui.i18n import ntr
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.inputs import MoneyEdit


def amount_field(category: str | None) -> str:
    """The form field of a category's amount (the name the service's errors use)."""
    return f"amount:{category or ''}"


class FeeRunDialog(QDialog):
    """Asks the fee of each membership category and creates the year's dues (undoable).

    Signals:
        sig_done(int): the number of dues created.
    """

    sig_done = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: fees_service.FeeRunPlan | None = None
        self.amount_edits: dict[str | None, MoneyEdit] = {}
        self._build_ui()
        self._connect_signals()
        self.load_plan()

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Yearly fee run"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Creates the year's fee due for every member of the year (a member on at "
                "least one day of it) that has none yet, at the amount of its membership "
                "category. Last year's amounts are filled in; change any of them. Members "
                "that already have a fee for the year are left as they are. Ctrl+Z undoes "
                "the whole run."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = InlineForm()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(date.today().year)
        top.add_row("year", self.tr("Fee year"), self.year_spin)
        layout.addLayout(top)
        self.categories_box = QWidget()
        self.categories_layout = QVBoxLayout(self.categories_box)
        self.categories_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.categories_box)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("feeRunSummary")
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button: QPushButton = self.buttons.addButton(
            self.tr("Create dues"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.year_spin.valueChanged.connect(lambda _year: self.load_plan())
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)

    def _category_label(self, item: fees_service.CategoryPlan) -> str:
        name = item.category or self.tr("(no category)")
        return ntr("{category}: %Ln member", "{category}: %Ln members", item.to_create).format(
            category=name
        )

    def _previous_hint(self, item: fees_service.CategoryPlan, year: int) -> str:
        if not item.previous_amounts:
            return self.tr("No fee in {year}: type the amount.").format(year=year - 1)
        amounts = [format_money(a) for a in item.previous_amounts]
        hint = self.tr("Most common in {year}: {amount}").format(year=year - 1, amount=amounts[0])
        if len(amounts) > 1:
            # A few are enough to see that amounts varied (e.g. by company size).
            others = ", ".join(amounts[1:4]) + (", …" if len(amounts) > 4 else "")
            hint += " " + self.tr("(also {amounts})").format(amounts=others)
        return hint

    def _fill_categories(self, plan: fees_service.FeeRunPlan) -> None:
        while self.categories_layout.count():
            old = self.categories_layout.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        self.amount_edits.clear()
        holder = QWidget()
        self.form = InlineForm(holder)
        self.form.setContentsMargins(0, 0, 0, 0)
        for item in plan.categories:
            if not item.to_create:
                continue
            edit = MoneyEdit()
            edit.set_value(item.default_amount)
            edit.setToolTip(self._previous_hint(item, plan.year))
            edit.editingFinished.connect(self._update_summary)
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(edit)
            hint = QLabel(self._previous_hint(item, plan.year))
            hint.setStyleSheet("color: palette(placeholder-text);")
            hint.setWordWrap(True)
            box.addWidget(hint)
            self.form.add_row(amount_field(item.category), self._category_label(item), box, edit)
            self.amount_edits[item.category] = edit
        self.categories_layout.addWidget(holder)
        holder.show()  # at once, not queued: the year can change while the dialog is shown

    # ------------------------------------------------------------------ behaviour

    def load_plan(self) -> None:
        """Read the plan of the year shown (categories, counts, last year's amounts)."""
        try:
            self.plan = fees_service.plan_fee_run(self.ctx.db, self.year_spin.value())
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return
        self._fill_categories(self.plan)
        self._update_summary()

    def amounts(self) -> dict[str | None, Decimal | None]:
        """The amount typed for each category (None where blank or not a number)."""
        values: dict[str | None, Decimal | None] = {}
        for category, edit in self.amount_edits.items():
            values[category] = edit.value() if edit.is_valid() else None
        return values

    def _update_summary(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if not plan.to_create:
            text = self.tr("Nothing to create: every member of {year} has a fee for it.")
            if not plan.already:
                text = self.tr("Nobody was a member in {year}: there is nothing to create.")
            self.summary_label.setText(text.format(year=plan.year))
            self.run_button.setEnabled(False)
            return
        amounts = self.amounts()
        total = sum((amounts.get(c.category) or Decimal(0)) * c.to_create for c in plan.categories)
        text = ntr(
            "Creates %Ln due for {year}, {total} in all.",
            "Creates %Ln dues for {year}, {total} in all.",
            plan.to_create,
        ).format(year=plan.year, total=format_money(total))
        if plan.already:
            text += " " + ntr(
                "%Ln member already has a fee for the year and is left as it is.",
                "%Ln members already have a fee for the year and are left as they are.",
                plan.already,
            )
        self.summary_label.setText(text)
        self.run_button.setEnabled(True)

    def run(self) -> bool:
        """Create the dues as one undoable edit; True when created (the dialog closes)."""
        plan = self.plan
        if plan is None or not plan.to_create:
            return False
        self.form.clear_errors()
        invalid = [c for c, edit in self.amount_edits.items() if not edit.is_valid()]
        for category in invalid:
            self.form.set_error(amount_field(category), self.tr("Type an amount, e.g. 600."))
        if invalid:
            return False
        db, year, amounts = self.ctx.db, plan.year, self.amounts()

        def do(cmd: ServiceCommand) -> list[int]:
            return fees_service.run_fees(db, year, amounts)

        def undo(cmd: ServiceCommand) -> None:
            fees_service.remove_fees(db, cmd.result or [])

        title = self.tr("Fee run {year}").format(year=year)
        try:
            created = push_edit(
                self.ctx.undo_stack,
                ServiceCommand(title, do, undo, bus=self.ctx.bus, table="organisation"),
            )
        except ValidationError as exc:
            if not self.form.show_error(exc):
                messages.show_error(self, exc)
            return False
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        count = len(created or [])
        self.sig_done.emit(count)
        self.accept()
        return True

    def done_text(self, count: int) -> str:
        """The status line after a run of *count* dues."""
        return self.tr("{count} dues created; Ctrl+Z removes them.").format(count=format_int(count))
