"""Personal data (GDPR) in the organisation editor's Contacts tab: consent, export, erase."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import or_, select

from workbench.db import Database
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    AuditEntry,
    Contact,
)
from workbench.services import base as records
from workbench.services import members
from workbench.services.base import unit_of_work
from workbench.ui.editor import OrganisationEditor
from workbench.ui.formatting import format_date


@pytest.fixture
def people(ui_db: Database) -> dict[str, int]:
    """An organisation with a consenting contact (who attended an activity) and another one."""
    org = members.create_organisation(
        ui_db, {"name": "Alfa Energia S.r.l.", "city": "Milano"}, join_date=date(2021, 1, 1)
    )
    mario = records.create_record(
        ui_db,
        Contact,
        {
            "organisation_id": org.id,
            "first_name": "Mario",
            "last_name": "Rossi",
            "email": "mario.rossi@alfa.it",
            "phone": "+39 333 1234567",
            "consent": True,
            "consent_date": date(2024, 3, 15),
        },
    )
    records.update_record(ui_db, Contact, mario.id, {"role": "CTO"})
    lucia = records.create_record(
        ui_db, Contact, {"organisation_id": org.id, "first_name": "Lucia", "last_name": "Verdi"}
    )
    activity = records.create_record(
        ui_db,
        Activity,
        {
            "title": "Matchmaking day",
            "activity_type": ActivityType.MATCHMAKING,
            "start_date": date(2024, 5, 10),
        },
    )
    records.create_record(
        ui_db,
        ActivityParticipant,
        {
            "activity_id": activity.id,
            "organisation_id": org.id,
            "person_name": "Mario Rossi",
            "email": "MARIO.ROSSI@alfa.it",
        },
    )
    return {"org": org.id, "mario": mario.id, "lucia": lucia.id}


@pytest.fixture
def editor(qtbot: Any, app_ctx: Any, ui_db: Database, people: dict[str, int]) -> OrganisationEditor:
    widget = OrganisationEditor(app_ctx(ui_db), people["org"])
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select_contact(editor: OrganisationEditor, contact_id: int) -> None:
    section = editor.sections["contacts"]
    position = next(i for i, r in enumerate(section.model.rows) if r.get("id") == contact_id)
    section.select_position(position)


def cell(editor: OrganisationEditor, contact_id: int, key: str) -> str:
    model = editor.sections["contacts"].model
    row = next(i for i, r in enumerate(model.rows) if r.get("id") == contact_id)
    column = next(i for i, c in enumerate(model.columns) if c.key == key)
    return str(model.data(model.index(row, column)))


def test_consent_flag_and_date_have_their_own_columns(
    editor: OrganisationEditor, people: dict[str, int], qtmodeltester: Any
) -> None:
    assert cell(editor, people["mario"], "consent") == "Yes"
    assert cell(editor, people["mario"], "consent_date") == format_date(date(2024, 3, 15))
    assert cell(editor, people["lucia"], "consent") == "No"
    assert cell(editor, people["lucia"], "consent_date") == ""
    qtmodeltester.check(editor.sections["contacts"].model)


def test_buttons_follow_the_selection(editor: OrganisationEditor, people: dict[str, int]) -> None:
    assert not editor.personal_data.export_person_button.isEnabled()
    assert not editor.personal_data.erase_person_button.isEnabled()
    select_contact(editor, people["mario"])
    assert (
        editor.personal_data.export_person_button.isEnabled()
        and editor.personal_data.erase_person_button.isEnabled()
    )
    # A contact typed in but not saved yet has nothing in the database to export or erase.
    section = editor.sections["contacts"]
    section.add_values({"first_name": "Nuovo", "last_name": "Contatto"})
    section.select_position(len(section.model.rows) - 1)
    assert not editor.personal_data.export_person_button.isEnabled()


def test_export_writes_json_and_xlsx(
    editor: OrganisationEditor, people: dict[str, int], tmp_path: Path, dialogs: Any
) -> None:
    json_path, xlsx_path = editor.personal_data.export_person_data(
        people["mario"], tmp_path / "m.rossi.json"
    )
    assert json_path == tmp_path / "m.rossi.json" and xlsx_path == tmp_path / "m.rossi.xlsx"
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["person"] == "Mario Rossi" and data["organisation"] == "Alfa Energia S.r.l."
    assert data["contact_record"]["email"] == "mario.rossi@alfa.it"
    assert data["contact_record"]["consent"] is True
    assert [a["activity"] for a in data["activities_attended"]] == ["Matchmaking day"]
    assert any(h["field"] == "role" for h in data["history"])
    book = openpyxl.load_workbook(xlsx_path)
    assert book.sheetnames == ["Contact", "Activities", "History"]
    values = [c.value for row in book["Contact"].iter_rows() for c in row]
    assert "mario.rossi@alfa.it" in values
    kind, _title, text = dialogs.shown[-1]
    assert kind == "info" and str(json_path) in text and str(xlsx_path) in text


def test_erase_says_what_goes_then_removes_the_person_and_their_history(
    editor: OrganisationEditor, ui_db: Database, people: dict[str, int], dialogs: Any
) -> None:
    mario = people["mario"]
    editor.ctx.undo_stack.push(_dummy_command())
    select_contact(editor, mario)
    dialogs.answer = True
    editor.personal_data.erase_person_button.click()

    confirm = next(x for k, _t, x in dialogs.shown if k == "confirm")
    assert "Mario Rossi" in confirm and "Alfa Energia S.r.l." in confirm
    assert "e-mail or name: 1" in confirm  # the matchmaking day
    assert "cannot be undone" in confirm
    with pytest.raises(Exception, match="no longer exists"):
        records.get_record(ui_db, Contact, mario)
    assert [r.get("id") for r in editor.sections["contacts"].rows()] == [people["lucia"]]
    assert editor.ctx.undo_stack.count() == 0
    with unit_of_work(ui_db, write=False) as session:
        assert not session.scalars(select(ActivityParticipant)).all()
        leaks = session.scalars(
            select(AuditEntry).where(
                or_(
                    AuditEntry.record_label.ilike("%rossi%"),
                    AuditEntry.old_value.ilike("%rossi%"),
                    AuditEntry.new_value.ilike("%rossi%"),
                )
            )
        ).all()
        assert leaks == []
        erasure = session.scalars(select(AuditEntry).where(AuditEntry.source == "privacy")).one()
        assert erasure.record_id == mario
    assert "was erased" in dialogs.shown[-1][2]


def test_erase_cancelled_or_with_unsaved_changes_does_nothing(
    editor: OrganisationEditor, ui_db: Database, people: dict[str, int], dialogs: Any
) -> None:
    dialogs.answer = False
    assert editor.personal_data.erase_person(people["mario"]) is False
    assert records.get_record(ui_db, Contact, people["mario"]).last_name == "Rossi"
    editor.set_field("city", "Cremona")
    dialogs.answer = True
    assert editor.personal_data.erase_person(people["mario"]) is False
    assert dialogs.kinds()[-1] == "info"
    assert records.get_record(ui_db, Contact, people["mario"]).last_name == "Rossi"


def _dummy_command() -> Any:
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("An earlier edit")
