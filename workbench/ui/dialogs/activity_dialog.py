"""The activity editor (event data and participants) and its undoable commands."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ValidationError
from workbench.models import Activity, ActivityType, Organisation
from workbench.services import activities as activities_service
from workbench.services import base as records
from workbench.services import members as members_service
from workbench.services import taxonomy
from workbench.services.activities import ParticipantInput
from workbench.ui.context import AppContext
from workbench.ui.dialogs.record_commands import StateCommands, form_rows, joined_names
from workbench.ui.formatting import format_int
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets.member_picker import MemberPickerDialog
from workbench.ui.widgets.record_table import (
    EditDialog,
    FieldKind,
    FieldSpec,
    RecordForm,
    make_table_view,
    resolve_id,
    select_by_id,
    selected_row,
    set_empty_text,
    snapshot,
)

TABLE = Activity.__tablename__


def tr(text: str) -> str:
    """Translate *text* in the ``ActivityDialog`` context."""
    return QCoreApplication.translate("ActivityDialog", text)


def type_labels() -> dict[ActivityType, str]:
    """Translated names of activity types."""
    return {
        ActivityType.NETWORKING: tr("Networking"),
        ActivityType.MATCHMAKING: tr("Matchmaking"),
        ActivityType.TRAINING: tr("Training"),
        ActivityType.INTERNATIONALISATION: tr("Internationalisation"),
        ActivityType.INFO_DAY: tr("Info day"),
        ActivityType.B2B: tr("B2B meetings"),
        ActivityType.CONFERENCE: tr("Conference"),
        ActivityType.WORKSHOP: tr("Workshop"),
        ActivityType.STRATEGY: tr("Strategy session"),
        ActivityType.NEWSLETTER: tr("Newsletter"),
        ActivityType.OTHER: tr("Other"),
    }


def activity_fields(areas: list[tuple[str, int]]) -> list[FieldSpec]:
    """The scalar fields of an activity."""
    return [
        FieldSpec("title", tr("Title"), placeholder=tr("e.g. Hydrogen info day")),
        FieldSpec(
            "activity_type",
            tr("Type"),
            FieldKind.CHOICE,
            choices=[(t, k) for k, t in type_labels().items()],
            default=ActivityType.NETWORKING,
        ),
        FieldSpec("start_date", tr("Date"), FieldKind.DATE, default=date.today),
        FieldSpec(
            "end_date",
            tr("Until"),
            FieldKind.OPTIONAL_DATE,
            tooltip=tr("Last day of an event lasting several days"),
        ),
        FieldSpec("location", tr("Location"), placeholder=tr("city, venue or 'online'")),
        FieldSpec(
            "area_id", tr("Competence area"), FieldKind.CHOICE, choices=[("—", None), *areas]
        ),
        FieldSpec(
            "anonymous_participants",
            tr("Unnamed participants"),
            FieldKind.INT,
            tooltip=tr("Attendees counted but not named, e.g. a conference audience"),
        ),
        FieldSpec("description", tr("Description"), FieldKind.MULTILINE),
    ]


def external_fields() -> list[FieldSpec]:
    """Fields of a non-member participant."""
    return [
        FieldSpec("external_organisation", tr("Organisation")),
        FieldSpec("person_name", tr("Person")),
        FieldSpec("email", tr("E-mail")),
    ]


@dataclass(frozen=True)
class ParticipantLine:
    """A participant as shown in the editor."""

    participant: ParticipantInput
    name: str  # member name, or the non-member organisation
    key: int

    @property
    def id(self) -> int:
        return self.key


@dataclass(frozen=True)
class ActivityState:
    """What save_activity needs to put an activity back as it was."""

    values: dict[str, Any]
    participants: list[ParticipantInput]


def activity_state(activity: Activity) -> ActivityState:
    """The state of an activity with its participants loaded."""
    return ActivityState(
        snapshot(activity),
        [
            ParticipantInput(
                organisation_id=p.organisation_id,
                external_organisation=p.external_organisation,
                person_name=p.person_name,
                email=p.email,
            )
            for p in activity.participants
        ],
    )


def _save(
    ctx: AppContext, state: ActivityState, activity_id: int | None, version: int | None
) -> Any:
    """Save *state* as a new activity (*activity_id* None) or over *activity_id*."""
    values = dict(state.values)
    if values.get("area_id") is not None:
        values["area_id"] = resolve_id(ctx, "competence_area", values["area_id"])
    return activities_service.save_activity(
        ctx.db,
        values,
        activity_id=activity_id,
        participants=state.participants,
        expected_version=version,
    )


ACTIVITY_COMMANDS = StateCommands(Activity, _save)


def delete_activity_command(ctx: AppContext, activity: Activity, text: str) -> ServiceCommand:
    """Undoable delete; undo recreates the activity with its participants."""
    return ACTIVITY_COMMANDS.delete(ctx, activity, activity_state(activity), text)


class ExternalParticipantDialog(QDialog):
    """Organisation, person and e-mail of a non-member participant."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.form = RecordForm(external_fields(), self)
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
        values = self.form.values()
        if not (values["external_organisation"] or values["person_name"]):
            self.form.show_error(
                ValidationError(
                    tr("Type the organisation, the person, or both."), "external_organisation"
                )
            )
            return
        self.result_values = values
        self.accept()


class ActivityDialog(EditDialog):
    """Create or edit an activity: Event tab and Participants tab."""

    def __init__(
        self, ctx: AppContext, activity: Activity | None, parent: QWidget | None = None
    ) -> None:
        title = tr("Edit {0}").format(activity.title) if activity else tr("New activity")
        super().__init__(ctx, title, parent)
        self.activity = activity
        self.old_state = activity_state(activity) if activity else None
        self.expected_version = activity.version if activity else None
        self._lines: list[ParticipantLine] = []
        self._next_key = 1
        self._member_rows: list[Any] | None = None
        self._opened_participants = ""
        self.sub_dialog: QDialog | None = None
        self._build_ui()
        self._connect_signals()
        self._load(activity)
        self.resize(700, 600)

    def _build_ui(self) -> None:
        self.tabs = QTabWidget(self)
        self.body.addWidget(self.tabs)
        event = QWidget(self.tabs)
        event_layout = QVBoxLayout(event)
        areas = [(a.name, a.id) for a in taxonomy.list_areas(self.ctx.db)]
        self.form = RecordForm(activity_fields(areas), event)
        event_layout.addWidget(self.form)
        event_layout.addStretch(1)
        self.tabs.addTab(event, tr("Event"))

        people = QWidget(self.tabs)
        people_layout = QVBoxLayout(people)
        bar = QHBoxLayout()
        self.add_members_button = QPushButton(tr("Add members…"), people)
        self.add_external_button = QPushButton(tr("Add non-member…"), people)
        self.edit_button = QPushButton(tr("Edit…"), people)
        self.remove_button = QPushButton(tr("Remove"), people)
        for button in (
            self.add_members_button,
            self.add_external_button,
            self.edit_button,
            self.remove_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        people_layout.addLayout(bar)
        self.model: RowTableModel[ParticipantLine] = RowTableModel(self._columns(), self)
        self.view = make_table_view(self.model, people)
        set_empty_text(
            self.view,
            tr(
                "No named participants. Add members, non-members, or count unnamed attendees "
                "on the Event tab."
            ),
        )
        people_layout.addWidget(self.view)
        self.totals = QLabel(people)
        people_layout.addWidget(self.totals)
        self.tabs.addTab(people, tr("Participants"))

    def _columns(self) -> list[Column[ParticipantLine]]:
        return [
            Column("name", tr("Organisation"), lambda line: line.name),
            Column(
                "kind",
                tr("Kind"),
                lambda line: tr("member") if line.participant.organisation_id else tr("non-member"),
            ),
            Column("person", tr("Person"), lambda line: line.participant.person_name),
            Column("email", tr("E-mail"), lambda line: line.participant.email),
        ]

    def _connect_signals(self) -> None:
        self.add_members_button.clicked.connect(self.add_members)
        self.add_external_button.clicked.connect(self.add_external)
        self.edit_button.clicked.connect(self.edit_participant)
        self.remove_button.clicked.connect(self.remove_participant)
        self.view.doubleClicked.connect(lambda _i: self.edit_participant())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._anonymous_spin().valueChanged.connect(lambda _v: self._show_lines())

    def _anonymous_spin(self) -> QSpinBox:
        spin = self.form.editor("anonymous_participants")
        assert isinstance(spin, QSpinBox)
        return spin

    # data ---------------------------------------------------------------------------------
    def _load(self, activity: Activity | None) -> None:
        names = [f.name for f in self.form.fields]
        self.form.set_values({n: getattr(activity, n) for n in names} if activity else {})
        self._lines = []
        if activity is not None:
            for part, name in self._named_participants(activity):
                self._add_line(part, name)
        self._opened_participants = joined_names(line.name for line in self._lines)
        self._show_lines()

    def _named_participants(self, activity: Activity) -> list[tuple[ParticipantInput, str]]:
        """The activity's participants with the name shown for each (member or non-member)."""
        ids = [p.organisation_id for p in activity.participants if p.organisation_id]
        orgs = (
            {
                o.id: o.name
                for o in records.list_records(
                    self.ctx.db, Organisation, where=[Organisation.id.in_(ids)]
                )
            }
            if ids
            else {}
        )
        return [
            (
                part,
                orgs.get(part.organisation_id, "?")
                if part.organisation_id
                else part.external_organisation or "",
            )
            for part in activity_state(activity).participants
        ]

    def _add_line(self, participant: ParticipantInput, name: str) -> None:
        self._lines.append(ParticipantLine(participant, name, self._next_key))
        self._next_key += 1

    def _show_lines(self) -> None:
        selected = selected_row(self.view)
        self.model.set_rows(self._lines)
        if self._lines:
            self.view.resizeColumnsToContents()
        if selected is not None:
            select_by_id(self.view, selected.key)
        members = sum(1 for line in self._lines if line.participant.organisation_id)
        anonymous = self._anonymous_spin().value()
        self.totals.setText(
            tr("Members: {0} · non-members named: {1} · unnamed: {2}").format(
                members, len(self._lines) - members, anonymous
            )
        )
        self.tabs.setTabText(1, tr("Participants ({0})").format(format_int(len(self._lines))))
        self._update_buttons()

    def _update_buttons(self) -> None:
        line = selected_row(self.view)
        self.edit_button.setEnabled(line is not None and not line.participant.organisation_id)
        self.remove_button.setEnabled(line is not None)

    def participant_inputs(self) -> list[ParticipantInput]:
        return [line.participant for line in self._lines]

    # participants -------------------------------------------------------------------------
    def add_members(self) -> MemberPickerDialog:
        if self._member_rows is None:
            self._member_rows = members_service.member_rows(self.ctx.db)
        already = {line.participant.organisation_id for line in self._lines}
        dialog = MemberPickerDialog(
            tr("Add member participants"),
            self._member_rows,
            self,
            excluded={i for i in already if i},
            prompt=tr("Tick the members that took part."),
            ok_text=tr("Add"),
        )
        dialog.accepted.connect(lambda: self._on_members_picked(dialog))
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def _on_members_picked(self, dialog: MemberPickerDialog) -> None:
        for row in dialog.picker.selected_rows():
            self._add_line(ParticipantInput(organisation_id=row.id), row.name)
        self._show_lines()

    def add_external(self) -> ExternalParticipantDialog:
        dialog = ExternalParticipantDialog(tr("Add non-member participant"), self)
        dialog.form.set_values({})

        def done() -> None:
            values = dialog.result_values
            self._add_line(ParticipantInput(**values), values["external_organisation"] or "")
            self._show_lines()

        dialog.accepted.connect(done)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def edit_participant(self) -> ExternalParticipantDialog | None:
        line: ParticipantLine | None = selected_row(self.view)
        if line is None or line.participant.organisation_id:
            return None
        dialog = ExternalParticipantDialog(tr("Non-member participant"), self)
        dialog.form.set_values(
            {f.name: getattr(line.participant, f.name) for f in dialog.form.fields}
        )

        def done() -> None:
            values = dialog.result_values
            index = self._lines.index(line)
            self._lines[index] = ParticipantLine(
                replace(line.participant, **values), values["external_organisation"] or "", line.key
            )
            self._show_lines()

        dialog.accepted.connect(done)
        self.sub_dialog = dialog
        dialog.open()
        return dialog

    def remove_participant(self) -> None:
        line = selected_row(self.view)
        if line is not None:
            self._lines.remove(line)
            self._show_lines()

    # saving -------------------------------------------------------------------------------
    def field_label(self, field_name: str | None) -> str | None:
        if field_name == "external_organisation":
            return tr("Participant")
        return super().field_label(field_name)

    def new_state(self) -> ActivityState:
        return ActivityState(self.form.values(), self.participant_inputs())

    def save(self, expected_version: int | None) -> Any:
        new = self.new_state()
        if self.activity is None:
            text = tr("New activity {0}").format(new.values.get("title") or "")
            command = ACTIVITY_COMMANDS.create(self.ctx, new, text)
        else:
            assert self.old_state is not None
            text = tr("Edit activity {0}").format(self.activity.title)
            command = ACTIVITY_COMMANDS.update(
                self.ctx, self.activity.id, self.old_state, new, expected_version, text
            )
        return push_edit(self.ctx.undo_stack, command)

    def _saved_activity(self) -> Activity | None:
        """The activity as saved now (None when someone deleted it)."""
        assert self.activity is not None
        current = resolve_id(self.ctx, TABLE, self.activity.id)
        return activities_service.get_activity(self.ctx.db, current)

    def conflict_rows(self) -> Any:
        """After a conflict: the event's fields and its participant list compared."""
        from workbench.ui.dialogs import conflict_compare as cc

        if self.activity is None or self.old_state is None:
            return None
        fresh = self._saved_activity()
        if fresh is None:
            return None
        rows = form_rows(self.ctx, Activity, fresh.id, self.form, self.old_state.values)
        theirs = joined_names(name for _part, name in self._named_participants(fresh))
        mine = joined_names(line.name for line in self._lines)
        return rows + cc.compare_values(
            {"participants": tr("Participants")},
            {"participants": self._opened_participants},
            {"participants": theirs},
            {"participants": mine},
        )

    def reload(self) -> None:
        if self.activity is None:
            return
        fresh = self._saved_activity()
        if fresh is None:
            return
        self.activity = fresh
        self.old_state = activity_state(fresh)
        self.expected_version = fresh.version
        self._load(fresh)
