"""The project editor (general data, partners, areas and pillars) and its undoable commands.

A project is saved in one service call (``save_project``) with its partners, areas and
pillars, so undo of an edit puts all of them back at once; undo of a delete recreates the
project with its partners and links (under a new id, see ``remap_id``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ValidationError
from workbench.models import Project, ProjectRole, ProjectStatus
from workbench.services import members as members_service
from workbench.services import projects as projects_service
from workbench.services import taxonomy
from workbench.services.projects import PartnerInput
from workbench.ui.context import AppContext
from workbench.ui.dialogs.record_commands import StateCommands, form_rows, joined_names
from workbench.ui.formatting import format_int
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets.member_picker import MemberPickerDialog
from workbench.ui.widgets.record_table import (
    RIGHT,
    EditDialog,
    FieldKind,
    FieldSpec,
    RecordForm,
    format_money,
    make_table_view,
    resolve_id,
    select_by_id,
    selected_row,
    set_empty_text,
    snapshot,
)

TABLE = Project.__tablename__


def tr(text: str) -> str:
    """Translate *text* in the ``ProjectDialog`` context."""
    return QCoreApplication.translate("ProjectDialog", text)


def status_labels() -> dict[ProjectStatus, str]:
    """Translated names of the pipeline steps, in pipeline order."""
    return {
        ProjectStatus.IDEA: tr("Idea"),
        ProjectStatus.SPECIAL: tr("Special project"),
        ProjectStatus.SUBMITTED: tr("Submitted"),
        ProjectStatus.FUNDED: tr("Funded"),
        ProjectStatus.REJECTED: tr("Rejected"),
        ProjectStatus.CLOSED: tr("Closed"),
    }


def role_labels() -> dict[ProjectRole, str]:
    """Translated names of project roles."""
    return {
        ProjectRole.COORDINATOR: tr("Coordinator"),
        ProjectRole.PARTNER: tr("Partner"),
        ProjectRole.ASSOCIATED: tr("Associated partner"),
        ProjectRole.SUBCONTRACTOR: tr("Subcontractor"),
        ProjectRole.THIRD_PARTY: tr("Third party"),
        ProjectRole.OBSERVER: tr("Observer"),
    }


def project_fields(programmes: list[str]) -> list[FieldSpec]:
    """The scalar fields of the editor's General tab."""
    return [
        FieldSpec("acronym", tr("Acronym"), placeholder=tr("e.g. SMARTGRID")),
        FieldSpec("title", tr("Title")),
        FieldSpec(
            "programme",
            tr("Programme"),
            FieldKind.SUGGEST,
            choices=[(p, p) for p in programmes],
            placeholder=tr("e.g. Horizon Europe, Interreg, regional call"),
        ),
        FieldSpec("call_id", tr("Call"), placeholder=tr("e.g. HORIZON-CL5-2024-D3-01")),
        FieldSpec(
            "status",
            tr("Status"),
            FieldKind.CHOICE,
            choices=[(t, s) for s, t in status_labels().items()],
            default=ProjectStatus.IDEA,
            tooltip=tr("Idea → special project → submitted → funded or rejected → closed"),
        ),
        FieldSpec(
            "cluster_role",
            tr("Cluster's role"),
            FieldKind.CHOICE,
            choices=[("—", None), *((t, r) for r, t in role_labels().items())],
        ),
        FieldSpec("start_date", tr("Start"), FieldKind.OPTIONAL_DATE),
        FieldSpec("end_date", tr("End"), FieldKind.OPTIONAL_DATE),
        FieldSpec("total_budget", tr("Total budget"), FieldKind.MONEY),
        FieldSpec("cluster_budget", tr("Cluster budget"), FieldKind.MONEY),
        FieldSpec("eu_contribution", tr("EU/public contribution"), FieldKind.MONEY),
        FieldSpec("website", tr("Website")),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
    ]


def partner_fields(member: bool) -> list[FieldSpec]:
    """Fields of the partner form (a member's name is not edited here)."""
    fields = (
        []
        if member
        else [
            FieldSpec("external_name", tr("Organisation")),
            FieldSpec("external_country", tr("Country"), placeholder=tr("two letters, e.g. DE")),
        ]
    )
    return [
        *fields,
        FieldSpec(
            "role",
            tr("Role"),
            FieldKind.CHOICE,
            choices=[(t, r) for r, t in role_labels().items()],
            default=ProjectRole.PARTNER,
        ),
        FieldSpec("budget", tr("Budget"), FieldKind.MONEY),
        FieldSpec("contribution", tr("Contribution"), FieldKind.MONEY),
    ]


@dataclass(frozen=True)
class PartnerLine:
    """A partner as shown in the editor: the service input plus the name to show."""

    partner: PartnerInput
    name: str
    key: int  # stable id within the editor (selection survives edits)

    @property
    def id(self) -> int:
        return self.key


# --------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class ProjectState:
    """Everything save_project needs to put a project back as it was."""

    values: dict[str, Any]
    partners: list[PartnerInput]
    area_ids: list[int]
    pillar_ids: list[int]


def project_state(project: Project) -> ProjectState:
    """The state of a loaded project (partners, areas and pillars loaded)."""
    return ProjectState(
        snapshot(project),
        [
            PartnerInput(
                organisation_id=p.organisation_id,
                external_name=p.external_name,
                external_country=p.external_country,
                role=p.role,
                budget=p.budget,
                contribution=p.contribution,
            )
            for p in project.partners
        ],
        [a.id for a in project.areas],
        [p.id for p in project.pillars],
    )


def _save(ctx: AppContext, state: ProjectState, project_id: int | None, version: int | None) -> Any:
    """Save *state* as a new project (*project_id* None) or over *project_id*."""
    return projects_service.save_project(
        ctx.db,
        state.values,
        project_id=project_id,
        partners=state.partners,
        area_ids=[resolve_id(ctx, "competence_area", i) for i in state.area_ids],
        pillar_ids=[resolve_id(ctx, "strategic_pillar", i) for i in state.pillar_ids],
        expected_version=version,
    )


PROJECT_COMMANDS = StateCommands(Project, _save)


def delete_project_command(ctx: AppContext, project: Project, text: str) -> ServiceCommand:
    """Undoable delete; undo recreates the project with its partners, areas and pillars."""
    return PROJECT_COMMANDS.delete(ctx, project, project_state(project), text)


# --------------------------------------------------------------------------- partner form


class PartnerDialog(QDialog):
    """Role, budget and contribution of one partner (and name/country for external ones)."""

    def __init__(self, title: str, member_name: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if member_name:
            name = QLabel(tr("Member: {0}").format(member_name), self)
            name.setStyleSheet("font-weight: bold;")
            layout.addWidget(name)
        self.form = RecordForm(partner_fields(member_name is not None), self)
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.result_values: dict[str, Any] = {}
        self.setMinimumWidth(420)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _on_ok(self) -> None:
        try:
            values = self.form.values()
            if "external_name" in values and not values["external_name"]:
                raise ValidationError(tr("Type the partner organisation's name."), "external_name")
            country = values.get("external_country")
            if country is not None:
                if len(country) != 2 or not country.isalpha():
                    raise ValidationError(
                        tr("Use the two-letter country code, e.g. DE or FR."), "external_country"
                    )
                values["external_country"] = country.upper()
        except ValidationError as exc:
            self.form.show_error(exc)
            return
        self.result_values = values
        self.accept()


# --------------------------------------------------------------------------- editor


class ProjectDialog(EditDialog):
    """Create or edit a project: General, Partners, Areas and pillars tabs."""

    def __init__(
        self, ctx: AppContext, project: Project | None, parent: QWidget | None = None
    ) -> None:
        title = tr("Edit {0}").format(project.acronym) if project else tr("New project")
        super().__init__(ctx, title, parent)
        self.project = project
        self.old_state = project_state(project) if project else None
        self.expected_version = project.version if project else None
        self._partners: list[PartnerLine] = []
        self._next_key = 1
        self.sub_dialog: QDialog | None = None
        self._member_rows: list[Any] | None = None
        self._build_ui()
        self._connect_signals()
        self._load(project)
        self.resize(760, 640)

    # layout -------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.tabs = QTabWidget(self)
        self.body.addWidget(self.tabs)
        general = QWidget(self.tabs)
        general_layout = QVBoxLayout(general)
        self.form = RecordForm(project_fields(projects_service.programmes(self.ctx.db)), general)
        general_layout.addWidget(self.form)
        general_layout.addStretch(1)
        self.tabs.addTab(general, tr("General"))

        partners = QWidget(self.tabs)
        partners_layout = QVBoxLayout(partners)
        bar = QHBoxLayout()
        self.add_members_button = QPushButton(tr("Add members…"), partners)
        self.add_external_button = QPushButton(tr("Add external…"), partners)
        self.edit_partner_button = QPushButton(tr("Edit…"), partners)
        self.remove_partner_button = QPushButton(tr("Remove"), partners)
        for button in (
            self.add_members_button,
            self.add_external_button,
            self.edit_partner_button,
            self.remove_partner_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        partners_layout.addLayout(bar)
        self.partner_model: RowTableModel[PartnerLine] = RowTableModel(
            self._partner_columns(), self
        )
        self.partner_view = make_table_view(self.partner_model, partners)
        set_empty_text(
            self.partner_view,
            tr("No partners yet: add cluster members or external organisations."),
        )
        partners_layout.addWidget(self.partner_view)
        self.partner_totals = QLabel(partners)
        partners_layout.addWidget(self.partner_totals)
        self.tabs.addTab(partners, tr("Partners"))

        links = QWidget(self.tabs)
        links_layout = QHBoxLayout(links)
        areas_col = QVBoxLayout()
        areas_col.addWidget(QLabel(tr("Competence areas:"), links))
        self.area_list = QListWidget(links)
        areas_col.addWidget(self.area_list)
        pillars_col = QVBoxLayout()
        pillars_col.addWidget(QLabel(tr("Strategic pillars:"), links))
        self.pillar_list = QListWidget(links)
        pillars_col.addWidget(self.pillar_list)
        links_layout.addLayout(areas_col)
        links_layout.addLayout(pillars_col)
        self.tabs.addTab(links, tr("Areas and pillars"))

    def _partner_columns(self) -> list[Column[PartnerLine]]:
        roles = role_labels()
        return [
            Column("name", tr("Organisation"), lambda line: line.name),
            Column(
                "kind",
                tr("Kind"),
                lambda line: tr("member") if line.partner.organisation_id else tr("external"),
            ),
            Column("country", tr("Country"), lambda line: line.partner.external_country or ""),
            Column(
                "role",
                tr("Role"),
                lambda line: roles.get(ProjectRole(line.partner.role), str(line.partner.role)),
            ),
            Column(
                "budget",
                tr("Budget"),
                lambda line: format_money(line.partner.budget),
                sort_key=lambda line: line.partner.budget,
                align=RIGHT,
            ),
            Column(
                "contribution",
                tr("Contribution"),
                lambda line: format_money(line.partner.contribution),
                sort_key=lambda line: line.partner.contribution,
                align=RIGHT,
            ),
        ]

    def _connect_signals(self) -> None:
        self.add_members_button.clicked.connect(self.add_members)
        self.add_external_button.clicked.connect(self.add_external)
        self.edit_partner_button.clicked.connect(self.edit_partner)
        self.remove_partner_button.clicked.connect(self.remove_partner)
        self.partner_view.doubleClicked.connect(lambda _i: self.edit_partner())
        self.partner_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )

    # data ---------------------------------------------------------------------------------
    def _load(self, project: Project | None) -> None:
        names = [f.name for f in self.form.fields]
        self.form.set_values({n: getattr(project, n) for n in names} if project else {})
        self._partners = []
        if project is not None:
            for partner, saved in zip(
                project.partners, project_state(project).partners, strict=True
            ):
                self._add_line(saved, partner.display_name)
        self._show_partners()
        area_ids = {a.id for a in project.areas} if project else set()
        pillar_ids = {p.id for p in project.pillars} if project else set()
        self._fill(
            self.area_list,
            [(a.id, a.name) for a in taxonomy.list_areas(self.ctx.db)],
            area_ids,
            tr("No competence areas defined yet."),
        )
        self._fill(
            self.pillar_list,
            [(p.id, p.name) for p in taxonomy.list_pillars(self.ctx.db)],
            pillar_ids,
            tr("No strategic pillars defined yet."),
        )

    @staticmethod
    def _fill(
        widget: QListWidget, items: list[tuple[int, str]], checked: set[int], empty: str
    ) -> None:
        widget.clear()
        for item_id, name in items:
            item = QListWidgetItem(name, widget)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if item_id in checked else Qt.CheckState.Unchecked
            )
        if not items:
            QListWidgetItem(empty, widget).setFlags(Qt.ItemFlag.NoItemFlags)

    @staticmethod
    def checked_ids(widget: QListWidget) -> list[int]:
        return [
            widget.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, widget: QListWidget, names: list[str]) -> None:
        """Tick the items named *names* (tests, keyboard users)."""
        for i in range(widget.count()):
            item = widget.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def _add_line(self, partner: PartnerInput, name: str) -> PartnerLine:
        line = PartnerLine(partner, name, self._next_key)
        self._next_key += 1
        self._partners.append(line)
        return line

    def _show_partners(self) -> None:
        selected = selected_row(self.partner_view)
        self.partner_model.set_rows(self._partners)
        if self._partners:
            self.partner_view.resizeColumnsToContents()
        if selected is not None:
            select_by_id(self.partner_view, selected.key)
        budget = sum((p.partner.budget or Decimal(0) for p in self._partners), Decimal(0))
        members = sum(1 for p in self._partners if p.partner.organisation_id)
        self.partner_totals.setText(
            tr("Partners: {0} ({1} members, {2} external) · partner budgets: {3}").format(
                len(self._partners), members, len(self._partners) - members, format_money(budget)
            )
        )
        self.tabs.setTabText(1, tr("Partners ({0})").format(format_int(len(self._partners))))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = selected_row(self.partner_view) is not None
        self.edit_partner_button.setEnabled(has)
        self.remove_partner_button.setEnabled(has)

    def partner_inputs(self) -> list[PartnerInput]:
        return [line.partner for line in self._partners]

    # partners -----------------------------------------------------------------------------
    def add_members(self) -> MemberPickerDialog:
        if self._member_rows is None:
            self._member_rows = members_service.member_rows(self.ctx.db)
        already = {p.partner.organisation_id for p in self._partners}
        dialog = MemberPickerDialog(
            tr("Add member partners"),
            self._member_rows,
            self,
            excluded={i for i in already if i},
            prompt=tr("Tick the cluster members taking part in the project."),
            ok_text=tr("Add"),
        )
        dialog.accepted.connect(lambda: self._on_members_picked(dialog))
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _on_members_picked(self, dialog: MemberPickerDialog) -> None:
        for row in dialog.picker.selected_rows():
            self._add_line(PartnerInput(organisation_id=row.id, role=ProjectRole.PARTNER), row.name)
        self._show_partners()

    def add_external(self) -> PartnerDialog:
        dialog = PartnerDialog(tr("Add external partner"), None, self)
        dialog.form.set_values({})

        def done() -> None:
            values = dialog.result_values
            partner = PartnerInput(**values)
            self._add_line(partner, values["external_name"])
            self._show_partners()

        dialog.accepted.connect(done)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def edit_partner(self) -> PartnerDialog | None:
        line: PartnerLine | None = selected_row(self.partner_view)
        if line is None:
            return None
        member = line.name if line.partner.organisation_id else None
        dialog = PartnerDialog(tr("Partner {0}").format(line.name), member, self)
        dialog.form.set_values(
            {k: getattr(line.partner, k) for k in (f.name for f in dialog.form.fields)}
        )

        def done() -> None:
            values = dialog.result_values
            index = self._partners.index(line)
            partner = replace(line.partner, **values)
            name = values.get("external_name") or line.name
            self._partners[index] = PartnerLine(partner, name, line.key)
            self._show_partners()

        dialog.accepted.connect(done)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def remove_partner(self) -> None:
        line = selected_row(self.partner_view)
        if line is not None:
            self._partners.remove(line)
            self._show_partners()

    # saving -------------------------------------------------------------------------------
    def field_label(self, field_name: str | None) -> str | None:
        labels = {
            "external_name": tr("Partner"),
            "budget": tr("Partner budget"),
            "contribution": tr("Partner contribution"),
        }
        return labels.get(field_name or "") or super().field_label(field_name)

    def new_state(self) -> ProjectState:
        return ProjectState(
            self.form.values(),
            self.partner_inputs(),
            self.checked_ids(self.area_list),
            self.checked_ids(self.pillar_list),
        )

    def save(self, expected_version: int | None) -> Any:
        new = self.new_state()
        if self.project is None:
            text = tr("New project {0}").format(new.values.get("acronym") or "")
            command = PROJECT_COMMANDS.create(self.ctx, new, text)
        else:
            assert self.old_state is not None
            text = tr("Edit project {0}").format(self.project.acronym)
            command = PROJECT_COMMANDS.update(
                self.ctx, self.project.id, self.old_state, new, expected_version, text
            )
        return push_edit(self.ctx.undo_stack, command)

    def reload(self) -> None:
        if self.project is None:
            return
        fresh = projects_service.load_project(
            self.ctx.db, resolve_id(self.ctx, TABLE, self.project.id)
        )
        self.project = fresh
        self.old_state = project_state(fresh)
        self.expected_version = fresh.version
        self._load(fresh)

    def conflict_rows(self) -> Any:
        """After a conflict: general fields, partners, areas and pillars compared."""
        from workbench.ui.dialogs import conflict_compare as cc

        if self.project is None or self.old_state is None:
            return None
        project_id = resolve_id(self.ctx, TABLE, self.project.id)
        rows = form_rows(self.ctx, Project, project_id, self.form, self.old_state.values)
        fresh = projects_service.load_project(self.ctx.db, project_id)

        def checked(widget: QListWidget) -> str:
            return joined_names(
                widget.item(i).text()
                for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked
            )

        def links(project: Project) -> dict[str, str]:
            return {
                "partners": joined_names(p.display_name for p in project.partners),
                "areas": joined_names(a.name for a in project.areas),
                "pillars": joined_names(p.name for p in project.pillars),
            }

        mine = {
            "partners": joined_names(line.name for line in self._partners),
            "areas": checked(self.area_list),
            "pillars": checked(self.pillar_list),
        }
        labels = {
            "partners": cc.tr("Partners"),
            "areas": cc.tr("Competence areas"),
            "pillars": cc.tr("Strategic pillars"),
        }
        return rows + cc.compare_values(labels, links(self.project), links(fresh), mine)
