"""Personal data (GDPR): everything held about one contact person, exported or erased.

Contacts are the personal data the workbench keeps. ``person_data`` gathers the contact record,
the activities the person attended (matched by e-mail or full name) and the history entries
about them; ``export_person`` writes that as JSON and xlsx; ``erase_person`` deletes the person
and scrubs their values from the history, leaving only an anonymous "erased" entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.models import (
    Activity,
    ActivityParticipant,
    AuditEntry,
    ChangeAction,
    Contact,
    utcnow,
)
from workbench.services.audit import to_json_value
from workbench.services.base import require, unit_of_work
from workbench.text import is_formula_like

ERASED_LABEL = "(person erased on request)"


def _participations(session: Session, contact: Contact) -> list[ActivityParticipant]:
    conditions = []
    if contact.email:
        conditions.append(func.lower(ActivityParticipant.email) == contact.email.lower())
    if contact.full_name:
        conditions.append(func.lower(ActivityParticipant.person_name) == contact.full_name.lower())
    if not conditions:
        return []
    return list(session.scalars(select(ActivityParticipant).where(or_(*conditions))))


def person_data(db: Database, contact_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-compatible data."""
    with unit_of_work(db, write=False) as session:
        contact = require(session, Contact, contact_id)
        record = {c.key: to_json_value(getattr(contact, c.key)) for c in Contact.__table__.columns}  # type: ignore[attr-defined]
        participations = _participations(session, contact)
        activities = []
        for part in participations:
            activity = session.get(Activity, part.activity_id)
            activities.append(
                {
                    "activity": activity.title if activity else None,
                    "date": to_json_value(activity.start_date) if activity else None,
                    "name_recorded": part.person_name,
                    "email_recorded": part.email,
                }
            )
        history = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "contact", AuditEntry.record_id == contact_id)
            .order_by(AuditEntry.id)
        ).all()
        return {
            "person": contact.full_name,
            "organisation": contact.organisation.name,
            "contact_record": record,
            "activities_attended": activities,
            "history": [
                {
                    "at": e.at.isoformat(),
                    "user": e.user,
                    "action": str(e.action),
                    "field": e.field,
                    "old": e.old_value,
                    "new": e.new_value,
                }
                for e in history
            ],
        }


def export_person(db: Database, contact_id: int, stem: Path) -> tuple[Path, Path]:
    """Write ``<stem>.json`` and ``<stem>.xlsx`` with everything held about the person."""
    from openpyxl import Workbook

    data = person_data(db, contact_id)
    json_path = stem.with_suffix(".json")
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "Contact"
    _rows(
        sheet,
        [
            ["Field", "Value"],
            *[[k, v] for k, v in data["contact_record"].items()],
            ["organisation", data["organisation"]],
        ],
    )
    _rows(
        book.create_sheet("Activities"),
        [
            ["Activity", "Date", "Name recorded", "E-mail"],
            *[list(a.values()) for a in data["activities_attended"]],
        ],
    )
    _rows(
        book.create_sheet("History"),
        [
            ["At", "User", "Action", "Field", "Old", "New"],
            *[list(h.values()) for h in data["history"]],
        ],
    )
    xlsx_path = stem.with_suffix(".xlsx")
    book.save(xlsx_path)
    return json_path, xlsx_path


def _rows(sheet: Any, rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font

    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            # Text that looks like a formula stays text: no formula injection in exports.
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)


@dataclass(frozen=True)
class ErasureSummary:
    """What an erasure removed."""

    contact_id: int
    participations_removed: int
    history_entries_scrubbed: int


def erase_person(db: Database, contact_id: int) -> ErasureSummary:
    """Delete a person and every trace of their personal values, in one transaction.

    Removes the contact, the activity participations recorded under their e-mail or name, and
    blanks the values of all history entries about those records. One anonymous history entry
    records that an erasure happened (by whom, when), without the erased values.
    """
    with unit_of_work(db) as session:
        session.info["history"] = False
        contact = require(session, Contact, contact_id)
        participations = _participations(session, contact)
        part_ids = [p.id for p in participations]
        for part in participations:
            session.delete(part)
        organisation_id = contact.organisation_id
        session.delete(contact)
        session.flush()
        scrubbed = session.execute(
            update(AuditEntry)
            .where(
                or_(
                    (AuditEntry.table_name == "contact") & (AuditEntry.record_id == contact_id),
                    (AuditEntry.table_name == "activity_participant")
                    & AuditEntry.record_id.in_(part_ids or [-1]),
                )
            )
            .values(old_value=None, new_value=None, record_label=ERASED_LABEL)
        ).rowcount  # type: ignore[attr-defined]
        session.add(
            AuditEntry(
                at=utcnow(),
                user=session.info.get("user") or "user",
                source="privacy",
                action=ChangeAction.DELETE,
                table_name="contact",
                record_id=contact_id,
                record_label=ERASED_LABEL,
                field=None,
                new_value=json.dumps({"organisation_id": organisation_id}),
            )
        )
        return ErasureSummary(contact_id, len(part_ids), scrubbed or 0)
