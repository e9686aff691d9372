"""Strategic pillars: the pillars of the strategy, their objectives and KPI targets/actuals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from workbench.errors import WorkbenchError
from workbench.models import KpiValue, PillarObjective, StrategicPillar
from workbench.services import taxonomy
from workbench.ui.dialogs.pillar_dialogs import (
    delete_objective_command,
    delete_pillar_command,
    kpi_command,
    objective_fields,
    pillar_delete_details,
    pillar_fields,
)
from workbench.ui.formatting import (
    escape_mnemonic,
    format_decimal,
    format_percent,
    parse_decimal,
)
from workbench.ui.i18n import error_text
from workbench.ui.lists.list_tools import ListSpec, ListTools
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.pages.record_page import RecordPage
from workbench.ui.undo import push_edit
from workbench.ui.widgets.forms import FieldError
from workbench.ui.widgets.record_table import (
    CENTER,
    RIGHT,
    RecordDialog,
    confirm,
    create_command,
    edit_record_dialog,
    fit_columns,
    make_table_view,
    run_edit,
    select_by_id,
    selected_row,
    set_empty_text,
    show_error,
)

Index = QModelIndex | QPersistentModelIndex


def _number(value: Decimal | None) -> str:
    return format_decimal(value, 4, trim=True) if value is not None else ""


class KpiTableModel(RowTableModel[KpiValue]):
    """KPI values of one objective; target and actual are edited in place.

    ``on_edit(row, field, value)`` is called with the parsed Decimal (or None for an emptied
    cell); text that is not a number emits ``sig_error`` and changes nothing.
    """

    sig_error = Signal(str)
    EDITABLE = {1: "target", 2: "actual"}

    def __init__(
        self,
        columns: list[Column[KpiValue]],
        on_edit: Callable[[KpiValue, str, Decimal | None], bool],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._on_edit = on_edit

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() in self.EDITABLE:
            row = self.rows[index.row()]
            return _number(getattr(row, self.EDITABLE[index.column()]))
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.EDITABLE.get(index.column())
        if field is None or not 0 <= index.row() < len(self.rows):
            return False
        try:
            number = parse_decimal(str(value or ""))
        except ValueError as exc:
            self.sig_error.emit(error_text(exc))
            return False
        row = self.rows[index.row()]
        if number == getattr(row, field):
            return False
        return self._on_edit(row, field, number)


class PillarsPage(RecordPage):
    """Pillars with objectives and a KPI table (target/actual per year) per objective."""

    page_id = "pillars"
    watched_tables = ("", "strategic_pillar", "pillar_objective", "kpi_value", "competence_area")

    def title(self) -> str:
        return self.tr("Strategic pillars")

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._record_buttons_and_summary_bar(self.tr("New pillar…")))

        self.pillar_model: RowTableModel[StrategicPillar] = RowTableModel(
            self._pillar_columns(), self
        )
        _splitter, self.pillar_view, lower_layout = self._add_master_detail(
            layout,
            self.pillar_model,
            self.tr("No strategic pillars yet. Create one with “New pillar…” (Ctrl+N)."),
        )
        lower = lower_layout.parentWidget()
        self.objectives_box = QGroupBox(self.tr("Objectives"), lower)
        obj_layout = QVBoxLayout(self.objectives_box)
        obj_bar = QHBoxLayout()
        self.add_objective_button = QPushButton(self.tr("Add objective…"), self.objectives_box)
        self.edit_objective_button = QPushButton(self.tr("Edit…"), self.objectives_box)
        self.delete_objective_button = QPushButton(self.tr("Delete"), self.objectives_box)
        for button in (
            self.add_objective_button,
            self.edit_objective_button,
            self.delete_objective_button,
        ):
            obj_bar.addWidget(button)
        obj_bar.addStretch(1)
        obj_layout.addLayout(obj_bar)
        self.objective_model: RowTableModel[PillarObjective] = RowTableModel(
            self._objective_columns(), self
        )
        self.objective_view = make_table_view(self.objective_model, self.objectives_box)
        set_empty_text(
            self.objective_view,
            self.tr("No objectives for this pillar yet: add quantified objectives with a KPI."),
        )
        obj_layout.addWidget(self.objective_view)
        lower_layout.addWidget(self.objectives_box, 3)

        self.kpi_box = QGroupBox(self.tr("KPI per year"), lower)
        kpi_layout = QVBoxLayout(self.kpi_box)
        kpi_bar = QHBoxLayout()
        self.year_spin = QSpinBox(self.kpi_box)
        self.year_spin.setRange(1900, 2100)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setGroupSeparatorShown(False)
        self.add_year_button = QPushButton(self.tr("Add year"), self.kpi_box)
        self.remove_year_button = QPushButton(self.tr("Remove year"), self.kpi_box)
        kpi_bar.addWidget(self.year_spin)
        kpi_bar.addWidget(self.add_year_button)
        kpi_bar.addWidget(self.remove_year_button)
        kpi_bar.addStretch(1)
        kpi_layout.addLayout(kpi_bar)
        self.kpi_model = KpiTableModel(self._kpi_columns(), self._on_kpi_edited, self)
        self.kpi_view = make_table_view(self.kpi_model, self.kpi_box)
        self.kpi_view.setSortingEnabled(False)
        self.kpi_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.kpi_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        set_empty_text(
            self.kpi_view, self.tr("Add a year to enter the KPI's target and actual value.")
        )
        kpi_layout.addWidget(self.kpi_view)
        hint = QLabel(self.tr("Double-click a target or actual value to change it."), self.kpi_box)
        hint.setStyleSheet("color: palette(mid);")
        kpi_layout.addWidget(hint)
        self.kpi_error = FieldError(self.kpi_box)
        kpi_layout.addWidget(self.kpi_error)
        lower_layout.addWidget(self.kpi_box, 2)

    def _pillar_columns(self) -> list[Column[StrategicPillar]]:
        return [
            Column("name", self.tr("Name"), lambda p: p.name),
            Column("code", self.tr("Code"), lambda p: p.code),
            Column("period", self.tr("Period"), self._period, align=CENTER),
            Column(
                "objectives",
                self.tr("Objectives"),
                lambda p: len(p.objectives),
                sort_key=lambda p: len(p.objectives),
                align=RIGHT,
            ),
            Column(
                "areas",
                self.tr("Competence areas"),
                lambda p: ", ".join(sorted(a.name for a in p.areas)) or "—",
            ),
        ]

    @staticmethod
    def _period(pillar: StrategicPillar) -> str:
        if pillar.period_start and pillar.period_end:
            return f"{pillar.period_start}–{pillar.period_end}"
        if pillar.period_start:
            return f"{pillar.period_start}–"
        return f"–{pillar.period_end}" if pillar.period_end else ""

    def _objective_columns(self) -> list[Column[PillarObjective]]:
        return [
            Column("title", self.tr("Objective"), lambda o: o.title, tooltip=lambda o: o.title),
            Column("kpi", self.tr("KPI"), lambda o: o.kpi_name),
            Column("unit", self.tr("Unit"), lambda o: o.kpi_unit, align=CENTER),
            Column("latest", self.tr("Latest actual / target"), self._latest, align=RIGHT),
        ]

    @staticmethod
    def _latest(objective: PillarObjective) -> str:
        values = [k for k in objective.kpi_values if k.actual is not None or k.target is not None]
        if not values:
            return ""
        last = max(values, key=lambda k: k.year)
        return f"{last.year}: {_number(last.actual) or '—'} / {_number(last.target) or '—'}"

    def _kpi_columns(self) -> list[Column[KpiValue]]:
        return [
            Column("year", self.tr("Year"), lambda k: k.year, sort_key=lambda k: k.year),
            Column("target", self.tr("Target"), lambda k: _number(k.target), align=RIGHT),
            Column("actual", self.tr("Actual"), lambda k: _number(k.actual), align=RIGHT),
            Column("achieved", self.tr("Achieved"), self._achieved, align=RIGHT),
        ]

    @staticmethod
    def _achieved(kpi: KpiValue) -> str:
        if kpi.target in (None, 0) or kpi.actual is None:
            return ""
        return format_percent(kpi.actual / kpi.target * 100, 0)

    # ------------------------------------------------------------------ wiring
    def _connect_signals(self) -> None:
        self._connect_record_signals(self.pillar_view)
        self.pillar_view.selectionModel().selectionChanged.connect(self._on_pillar_selected)
        self.objective_view.selectionModel().selectionChanged.connect(self._on_objective_selected)
        self.objective_view.doubleClicked.connect(lambda _i: self._on_edit_objective())
        self.add_objective_button.clicked.connect(self._on_add_objective)
        self.edit_objective_button.clicked.connect(self._on_edit_objective)
        self.delete_objective_button.clicked.connect(self._on_delete_objective)
        self.add_year_button.clicked.connect(self._on_add_year)
        self.remove_year_button.clicked.connect(self._on_remove_year)
        self.kpi_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.kpi_model.sig_error.connect(self.kpi_error.show_message)

    def _make_list_tools(self) -> ListTools:
        return ListTools(self, ListSpec(key="pillars", view=self.pillar_view, title=self.title))

    def open_record(self, record_id: int) -> None:
        self._open_listed(self.pillar_view, record_id)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        pillar = self.selected_pillar()
        objective = self.selected_objective()
        try:
            pillars = taxonomy.list_pillars(self.ctx.db)
        except WorkbenchError as exc:
            self.summary_label.setText(error_text(exc))
            return
        self._show_records(self.pillar_view, pillars, pillar)
        self._show_pillar(self.selected_pillar(), objective.id if objective else None)
        objectives = sum(len(p.objectives) for p in pillars)
        self.summary_label.setText(
            self.tr("Pillars: {0}").format(len(pillars))
            + " · "
            + self.tr("objectives: {0}").format(objectives)
        )

    def selected_pillar(self) -> StrategicPillar | None:
        return selected_row(self.pillar_view)

    def selected_objective(self) -> PillarObjective | None:
        return selected_row(self.objective_view)

    def selected_kpi(self) -> KpiValue | None:
        indexes = self.kpi_view.selectionModel().selectedIndexes()
        if not indexes:
            return None
        return self.kpi_model.row_at(indexes[0].row())

    def _on_pillar_selected(self, *_args: Any) -> None:
        self._show_pillar(self.selected_pillar(), None)

    def _on_objective_selected(self, *_args: Any) -> None:
        self._show_objective(self.selected_objective())

    def _show_pillar(self, pillar: StrategicPillar | None, objective_id: int | None) -> None:
        objectives = list(pillar.objectives) if pillar else []
        self.objective_model.set_rows(objectives)
        if objectives and self.objective_view.horizontalHeader().sectionSize(0) < 200:
            fit_columns(self.objective_view, 240, stretch=0)
        self.objectives_box.setTitle(
            self.tr("Objectives of {0}").format(escape_mnemonic(pillar.name))
            if pillar
            else self.tr("Objectives")
        )
        if not select_by_id(self.objective_view, objective_id) and objectives:
            self.objective_view.selectRow(0)
        self._show_objective(self.selected_objective())

    def _show_objective(self, objective: PillarObjective | None) -> None:
        self.kpi_error.show_message(None)
        self.kpi_model.set_rows(list(objective.kpi_values) if objective else [])
        if objective is None:
            self.kpi_box.setTitle(self.tr("KPI per year"))
        else:
            kpi = objective.kpi_name or self.tr("KPI")
            unit = f" ({objective.kpi_unit})" if objective.kpi_unit else ""
            # Group box titles read "&" as a shortcut mark: names keep theirs ("R&D spend").
            self.kpi_box.setTitle(escape_mnemonic(self.tr("{0}{1} per year").format(kpi, unit)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_pillar = self.selected_pillar() is not None
        has_objective = self.selected_objective() is not None
        self._enable_record_buttons(has_pillar)
        self.add_objective_button.setEnabled(has_pillar)
        self.edit_objective_button.setEnabled(has_objective)
        self.delete_objective_button.setEnabled(has_objective)
        self.add_year_button.setEnabled(has_objective)
        self.year_spin.setEnabled(has_objective)
        self.remove_year_button.setEnabled(has_objective and self.selected_kpi() is not None)

    # ------------------------------------------------------------------ pillars
    def open_new(self) -> RecordDialog:
        """Open the editor of a new record (returned for tests)."""

        def save(values: dict[str, Any], _version: int | None) -> Any:
            text = self.tr("New pillar {0}").format(values.get("name") or "")
            return push_edit(
                self.ctx.undo_stack, create_command(self.ctx, StrategicPillar, values, text)
            )

        dialog = RecordDialog(
            self.ctx, self.tr("New strategic pillar"), pillar_fields(), {}, save, parent=self
        )
        dialog.sig_saved.connect(lambda p: select_by_id(self.pillar_view, p.id))
        return self._open(dialog)

    def edit_selected(self) -> RecordDialog | None:
        pillar = self.selected_pillar()
        if pillar is None:
            return None
        return self._open(self._edit_dialog(StrategicPillar, pillar, pillar_fields()))

    def delete_current(self) -> bool:
        """Delete the selected record after confirmation; True when deleted."""
        pillar = self.selected_pillar()
        if pillar is None:
            return False
        try:
            details = pillar_delete_details(self.ctx, pillar)
        except WorkbenchError as exc:
            show_error(self, exc)
            return False
        text = self.tr("Delete the strategic pillar “{0}”?").format(pillar.name)
        if pillar.objectives:
            text += " " + self.tr(
                "Its %Ln objectives and their KPI values go with it.", "", len(pillar.objectives)
            )
        if details["areas"] or details["projects"]:
            text += " " + self.tr("It is unlinked from {areas} and {projects}.").format(
                areas=self.tr("%Ln areas", "", len(details["areas"])),
                projects=self.tr("%Ln projects", "", len(details["projects"])),
            )
        text += "\n\n" + self.tr("You can undo this with Edit > Undo.")
        if not confirm(self, self.tr("Delete strategic pillar"), text, self.tr("Delete")):
            return False
        command = delete_pillar_command(
            self.ctx, details, self.tr("Delete pillar {0}").format(pillar.name)
        )
        run_edit(self, self.ctx, command)
        return command.error is None

    # ------------------------------------------------------------------ objectives
    def _on_add_objective(self) -> RecordDialog | None:
        pillar = self.selected_pillar()
        if pillar is None:
            return None

        def save(values: dict[str, Any], _version: int | None) -> Any:
            text = self.tr("New objective {0}").format(values.get("title") or "")
            command = create_command(
                self.ctx, PillarObjective, {**values, "pillar_id": pillar.id}, text
            )
            return push_edit(self.ctx.undo_stack, command)

        dialog = RecordDialog(
            self.ctx,
            self.tr("New objective of {0}").format(pillar.name),
            objective_fields(),
            {},
            save,
            parent=self,
        )
        dialog.sig_saved.connect(lambda o: select_by_id(self.objective_view, o.id))
        return self._open(dialog)

    def _on_edit_objective(self) -> RecordDialog | None:
        objective = self.selected_objective()
        if objective is None:
            return None
        return self._open(self._edit_dialog(PillarObjective, objective, objective_fields()))

    def _on_delete_objective(self) -> bool:
        objective = self.selected_objective()
        if objective is None:
            return False
        text = self.tr("Delete the objective “{0}”").format(objective.title)
        if objective.kpi_values:
            text += " " + self.tr("and its KPI values for %Ln years", "", len(objective.kpi_values))
        text += "?"
        if not confirm(self, self.tr("Delete objective"), text, self.tr("Delete")):
            return False
        command = delete_objective_command(
            self.ctx, objective, self.tr("Delete objective {0}").format(objective.title)
        )
        run_edit(self, self.ctx, command)
        return command.error is None

    # ------------------------------------------------------------------ KPI values
    def _on_add_year(self) -> bool:
        objective = self.selected_objective()
        if objective is None:
            return False
        year = self.year_spin.value()
        if any(k.year == year for k in objective.kpi_values):
            self.kpi_error.show_message(self.tr("{0} is already in the table.").format(year))
            return False
        command = kpi_command(
            self.ctx,
            objective.id,
            year,
            None,
            (None, None),
            self.tr("Add KPI year {0}").format(year),
        )
        run_edit(self, self.ctx, command)
        if command.error is None:
            self.year_spin.setValue(year + 1)
        return command.error is None

    def _on_remove_year(self) -> bool:
        objective = self.selected_objective()
        kpi = self.selected_kpi()
        if objective is None or kpi is None:
            return False
        if (kpi.target is not None or kpi.actual is not None) and not confirm(
            self,
            self.tr("Remove year"),
            self.tr("Remove the KPI target and actual of {0}?").format(kpi.year),
            self.tr("Remove"),
        ):
            return False
        command = kpi_command(
            self.ctx,
            objective.id,
            kpi.year,
            (kpi.target, kpi.actual),
            None,
            self.tr("Remove KPI year {0}").format(kpi.year),
        )
        run_edit(self, self.ctx, command)
        return command.error is None

    def _on_kpi_edited(self, kpi: KpiValue, field: str, value: Decimal | None) -> bool:
        self.kpi_error.show_message(None)
        old = (kpi.target, kpi.actual)
        new = (value, kpi.actual) if field == "target" else (kpi.target, value)
        command = kpi_command(
            self.ctx,
            kpi.objective_id,
            kpi.year,
            old,
            new,
            self.tr("KPI {0} {1}").format(kpi.year, field),
        )
        try:
            push_edit(self.ctx.undo_stack, command)
        except WorkbenchError as exc:
            self.kpi_error.show_message(error_text(exc))
            return False
        return True

    # ------------------------------------------------------------------ helpers
    def _edit_dialog(self, model: type, record: Any, fields: list[Any]) -> RecordDialog:
        label = getattr(record, "name", None) or getattr(record, "title", "")
        return edit_record_dialog(
            self.ctx,
            self,
            model,
            record,
            fields,
            self.tr("Edit {0}").format(label),
            self.tr("Edit {0}").format(label),
        )
