"""The organisation editor refuses what the service refuses (rules in workbench/rules/).

Driven through the real widgets: the Add… buttons of the Membership and Contacts tabs, the row
dialogs' fields and OK button, then Save. Each refusal keeps the editor open with a one-line
message on the tab at fault and writes nothing; the service refuses the same set on write.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import Contact, MembershipPeriod, Organisation
from workbench.rules import membership
from workbench.services import members as members_service
from workbench.services import org_records
from workbench.services.base import create_record, list_records
from workbench.ui.editor import OrganisationEditor
from workbench.ui.editor.row_dialog import RowDialog

TODAY = date.today()


@pytest.fixture
def editor_for(qtbot: Any, app_ctx: Any, ui_db: Database) -> Any:
    ctx = app_ctx(ui_db)

    def open_editor(org_id: int | None) -> OrganisationEditor:
        editor = OrganisationEditor(ctx, org_id)
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    open_editor.ctx = ctx  # type: ignore[attr-defined]
    return open_editor


def _type_name(qtbot: Any, editor: OrganisationEditor, name: str) -> None:
    edit = editor.fields["name"]
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    qtbot.keyClicks(edit, name)


def _click_add(qtbot: Any, editor: OrganisationEditor, key: str) -> RowDialog:
    section = editor.sections[key]
    editor.tabs.setCurrentWidget(section)
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    assert section.dialog is not None
    qtbot.waitExposed(section.dialog)
    return section.dialog


def _click_ok(qtbot: Any, dialog: RowDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def _click_save(qtbot: Any, editor: OrganisationEditor) -> None:
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def _tick(qtbot: Any, dialog: RowDialog, key: str) -> None:
    box = dialog.widgets[key]
    assert isinstance(box, QCheckBox)
    box.click()


def _fill_contact(qtbot: Any, dialog: RowDialog, first: str, last: str) -> None:
    for key, text in (("first_name", first), ("last_name", last)):
        edit = dialog.widgets[key]
        assert isinstance(edit, QLineEdit)
        qtbot.keyClicks(edit, text)


def _org_count(db: Database) -> int:
    return len(list_records(db, Organisation))


def test_new_organisation_refuses_an_added_membership_overlapping_the_automatic_one(
    qtbot: Any, editor_for: Any, ui_db: Database
) -> None:
    editor = editor_for(None)
    _type_name(qtbot, editor, "Alfa S.r.l.")
    assert [r["join_date"] for r in editor.sections["memberships"].rows()] == [TODAY]
    dialog = _click_add(qtbot, editor, "memberships")
    dialog.set_value("join_date", date(2020, 1, 1))
    _click_ok(qtbot, dialog)
    # Refused in the row dialog, which stays open and names both periods.
    assert dialog.isVisible()
    message = dialog.error_text("join_date")
    assert "from 01/01/2020 (still open)" in message
    assert f"from {TODAY:%d/%m/%Y} (still open)" in message
    assert len(editor.sections["memberships"].rows()) == 1
    dialog.reject()
    # The same set given to Save another way (a row added without the dialog) is refused too.
    editor.sections["memberships"].add_values(
        {"join_date": date(2020, 1, 1), "leave_date": None, "agreement_signed": False}
    )
    _click_save(qtbot, editor)
    assert editor.isVisible()
    assert editor.tabs.currentWidget() is editor.sections["memberships"]
    shown = editor.error_text("memberships")
    assert "overlaps" in shown and "01/01/2020" in shown and "\n" not in shown
    assert _org_count(ui_db) == 0
    # Ending the added period before the automatic one starts makes the set valid.
    rows = editor.sections["memberships"].rows()
    editor.sections["memberships"].replace_row(rows[1], {**rows[1], "leave_date": date(2021, 1, 1)})
    _click_save(qtbot, editor)
    assert not editor.isVisible()
    assert len(list_records(ui_db, MembershipPeriod)) == 2


def test_two_main_contacts_are_refused(qtbot: Any, editor_for: Any, ui_db: Database) -> None:
    editor = editor_for(None)
    _type_name(qtbot, editor, "Beta S.p.A.")
    dialog = _click_add(qtbot, editor, "contacts")
    _fill_contact(qtbot, dialog, "Mario", "Rossi")
    _tick(qtbot, dialog, "is_primary")
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    dialog = _click_add(qtbot, editor, "contacts")
    _fill_contact(qtbot, dialog, "Lucia", "Verdi")
    _tick(qtbot, dialog, "is_primary")
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "Mario Rossi and Lucia Verdi are both marked as main contact" in dialog.error_text(
        "is_primary"
    )
    _tick(qtbot, dialog, "is_primary")  # untick: Lucia is an ordinary contact
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    # Lucia made main contact afterwards without the dialog: Save refuses the set.
    rows = editor.sections["contacts"].rows()
    editor.sections["contacts"].replace_row(rows[1], {**rows[1], "is_primary": True})
    _click_save(qtbot, editor)
    assert editor.isVisible()
    assert editor.tabs.currentWidget() is editor.sections["contacts"]
    assert "both marked as main contact" in editor.error_text("contacts")
    assert _org_count(ui_db) == 0


def test_consent_without_its_date_is_refused(qtbot: Any, editor_for: Any, ui_db: Database) -> None:
    editor = editor_for(None)
    _type_name(qtbot, editor, "Gamma S.r.l.")
    dialog = _click_add(qtbot, editor, "contacts")
    _fill_contact(qtbot, dialog, "Anna", "Bianchi")
    _tick(qtbot, dialog, "consent")
    _click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "Say when consent was given" in dialog.error_text("consent_date")
    dialog.set_value("consent_date", date(2024, 3, 15))
    _click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    rows = editor.sections["contacts"].rows()
    editor.sections["contacts"].replace_row(rows[0], {**rows[0], "consent_date": None})
    _click_save(qtbot, editor)
    assert editor.isVisible()
    assert "Anna Bianchi: Say when consent was given" in editor.error_text("contacts")
    assert _org_count(ui_db) == 0


def test_the_service_refuses_the_same_on_write(ui_db: Database) -> None:
    org = members_service.create_organisation(ui_db, {"name": "Delta"}, join_date=date(2020, 1, 1))
    with pytest.raises(ValidationError, match="overlaps the membership from 01/01/2020"):
        create_record(
            ui_db, MembershipPeriod, {"organisation_id": org.id, "join_date": date(2022, 1, 1)}
        )
    with pytest.raises(ValidationError, match="Say when consent was given"):
        create_record(
            ui_db, Contact, {"organisation_id": org.id, "last_name": "Neri", "consent": True}
        )
    create_record(
        ui_db, Contact, {"organisation_id": org.id, "last_name": "Neri", "is_primary": True}
    )
    with pytest.raises(ValidationError, match="Neri and Bruni are both marked as main contact"):
        create_record(
            ui_db, Contact, {"organisation_id": org.id, "last_name": "Bruni", "is_primary": True}
        )
    # A new organisation saved with two overlapping periods in one go (the editor's path).
    snap = {
        "organisation": {"name": "Epsilon"},
        "memberships": [{"join_date": TODAY}, {"join_date": date(2020, 1, 1)}],
    }
    with pytest.raises(ValidationError, match="overlaps") as refused:
        org_records.save_organisation(ui_db, snap)
    assert refused.value.field == "memberships.join_date"
    assert not list_records(ui_db, Organisation, where=[Organisation.name == "Epsilon"])


_DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))
_PERIOD = st.tuples(_DAYS, st.none() | st.integers(min_value=1, max_value=2000))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(_PERIOD, min_size=1, max_size=4))
def test_property_editor_check_and_service_refuse_the_same_sets(
    ui_db: Database, spans: list[tuple[date, int | None]]
) -> None:
    """Whatever the periods, the editor's pre-save check and the service's write agree."""
    from datetime import timedelta

    periods = [
        {"join_date": start, "leave_date": None if days is None else start + timedelta(days=days)}
        for start, days in spans
    ]
    editor_refuses = org_records.check_children("memberships", periods) is not None
    assert editor_refuses == (membership.check_periods(periods) is not None)
    snap = {"organisation": {"name": "Zeta"}, "memberships": periods}
    try:
        saved = org_records.save_organisation(ui_db, snap)
    except ValidationError:
        service_refuses = True
    else:
        service_refuses = False
        org_records.delete_organisation(ui_db, saved["organisation"]["id"])
    # One period at a time through the validators (the importer's and every writer's path).
    org = members_service.create_organisation(ui_db, {"name": "Eta"})
    one_by_one_refuses = False
    for period in periods:
        try:
            create_record(ui_db, MembershipPeriod, {"organisation_id": org.id, **period})
        except ValidationError:
            one_by_one_refuses = True
            break
    org_records.delete_organisation(ui_db, org.id)
    assert editor_refuses == service_refuses == one_by_one_refuses
