"""Qt-free helpers behind the organisation editor and the members page's undo.

An organisation is edited as a whole: identity plus its membership periods, fees, size data
(with linked enterprises), contacts, contact log and competence-area participations. These
functions read and write that whole as a plain *snapshot* dict, each in one unit of work, so
that

- Save applies the editor's working copy in one transaction (nothing half-written);
- undo of an edit re-applies the snapshot taken before it (ids stay stable);
- undo of a delete recreates the organisation under its old id with all its children and
  re-links the project partners and activity participants that pointed at it;
- the members page's bulk actions can be undone (:func:`bulk_snapshot` / :func:`bulk_restore`).

They only use the ORM and the registered validators, never Qt. (They lived under
``ui/dialogs/`` until the layer rule "no SQL under ui/" moved them here.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    ActivityParticipant,
    AreaParticipation,
    Contact,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    OrganisationAttachment,
    ProjectPartner,
    SizeData,
    SizeLink,
)
from workbench.rules import contacts, membership
from workbench.services.base import (
    check_version,
    content_values,
    require,
    unit_of_work,
    validate,
)
from workbench.services.history_text import ReadableChange, describe_entries
from workbench.translatable import compose, msg

Snapshot = dict[str, Any]

_BOOKKEEPING = frozenset(
    {
        "version",
        "created_at",
        "updated_at",
        "updated_by",
        "search_key",
        "organisation_id",
        "size_data_id",
    }
)

#: Child collections of an organisation: snapshot key -> (model, relationship attribute).
CHILDREN: dict[str, tuple[type, str]] = {
    "memberships": (MembershipPeriod, "memberships"),
    "fees": (Fee, "fees"),
    "size_data": (SizeData, "size_data"),
    "contacts": (Contact, "contacts"),
    "contact_log": (ContactLogEntry, "contact_log"),
    "area_participations": (AreaParticipation, "area_participations"),
}

#: Section names used as prefix of ValidationError.field for child rows ("fees.amount_due").
SECTION_TITLES = {
    "memberships": msg("Membership"),
    "fees": msg("Fees"),
    "size_data": msg("Size data"),
    "contacts": msg("Contacts"),
    "contact_log": msg("Contact log"),
    "area_participations": msg("Competence areas"),
}


def fields_of(model: type) -> list[str]:
    """Editable column names of *model* (with ``id``, without bookkeeping columns)."""
    mapper: Any = inspect(model)
    return [c.key for c in mapper.column_attrs if c.key not in _BOOKKEEPING]


def _row(obj: Any) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in fields_of(type(obj))}


def _snapshot(session: Session, org: Organisation) -> Snapshot:
    snap: Snapshot = {"organisation": {**_row(org), "version": org.version}}
    for key, (_model, attribute) in CHILDREN.items():
        rows = []
        for child in getattr(org, attribute):
            row = _row(child)
            if isinstance(child, SizeData):
                row["links"] = [_row(link) for link in child.links]
            rows.append(row)
        snap[key] = rows
    snap["project_partners"] = [
        {"id": p.id, "external_name": p.external_name}
        for p in session.scalars(
            select(ProjectPartner).where(ProjectPartner.organisation_id == org.id)
        )
    ]
    snap["activity_participants"] = [
        {"id": p.id, "external_organisation": p.external_organisation}
        for p in session.scalars(
            select(ActivityParticipant).where(ActivityParticipant.organisation_id == org.id)
        )
    ]
    # Attachments are added and removed on their own (each its own undoable edit), never by a
    # save of the editor: the snapshot carries them only to bring them back with a deleted
    # organisation (see restore_snapshot).
    snap["attachments"] = [
        {"id": a.id, **content_values(a)}
        for a in session.scalars(
            select(OrganisationAttachment).where(OrganisationAttachment.organisation_id == org.id)
        )
    ]
    return snap


def load_snapshot(db: Database, org_id: int) -> Snapshot:
    """Everything about one organisation as a snapshot (NotFoundError if it is gone)."""
    with unit_of_work(db, write=False) as session:
        return _snapshot(session, require(session, Organisation, org_id))


def _set_fields(obj: Any, values: dict[str, Any]) -> None:
    allowed = set(fields_of(type(obj))) - {"id"}
    for key, value in values.items():
        if key in allowed:
            setattr(obj, key, value)


def _section_error(section: str, exc: ValidationError) -> ValidationError:
    title = SECTION_TITLES.get(section, section)
    return ValidationError(
        compose("{title}: {message}", title=title, message=exc.message),
        f"{section}.{exc.field or ''}",
    )


def _sync_children(
    session: Session, org: Organisation, key: str, rows: Sequence[dict[str, Any]], *, keep_ids: bool
) -> None:
    model, attribute = CHILDREN[key]
    current = {child.id: child for child in getattr(org, attribute)}
    wanted_ids = {row.get("id") for row in rows if row.get("id")}
    for child_id, child in list(current.items()):
        if child_id not in wanted_ids:
            getattr(org, attribute).remove(child)
    session.flush()
    touched: list[Any] = []
    for row in rows:
        child = current.get(row.get("id")) if row.get("id") else None
        if child is None:
            child = model()
            if keep_ids and row.get("id") and session.get(model, row["id"]) is None:
                child.id = row["id"]
            child.organisation_id = org.id
            getattr(org, attribute).append(child)
        _set_fields(child, {k: v for k, v in row.items() if k != "links"})
        if isinstance(child, SizeData) and "links" in row:
            _sync_links(session, child, row["links"], keep_ids=keep_ids)
        touched.append(child)
    _check_whole_set(key, touched)
    for child in touched:
        try:
            validate(session, child)
            if isinstance(child, SizeData):
                for link in child.links:
                    validate(session, link)
        except ValidationError as exc:
            raise _section_error(key, exc) from exc
    session.flush()


def check_children(key: str, rows: Sequence[Any]) -> ValidationError | None:
    """The error for a whole child list of one organisation (*rows* or records), if any.

    The rules that concern the set rather than one row: no two membership periods overlap,
    at most one main contact; each contact's consent has its date (checked here too so that
    the message names the person). The editor asks before saving, :func:`save_organisation` again
    on write; the per-record validators check the same rules for every other writer.
    """
    if key == "memberships":
        problem = membership.check_periods(rows)
        field = "join_date"
    elif key == "contacts":
        for row in rows:
            consent = contacts.consent_problem(_value(row, "consent"), _value(row, "consent_date"))
            if consent is not None:
                person = contacts.person_name(row) or "?"
                message = compose("{person}: {problem}", person=person, problem=consent[1])
                return _section_error(key, ValidationError(message, consent[0]))
        problem = contacts.check_main_contacts(rows)
        field = "is_primary"
    else:
        return None
    return None if problem is None else _section_error(key, ValidationError(problem, field))


def _value(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def _check_whole_set(key: str, children: Sequence[Any]) -> None:
    error = check_children(key, children)
    if error is not None:
        raise error


def _sync_links(
    session: Session, size: SizeData, rows: Sequence[dict[str, Any]], *, keep_ids: bool
) -> None:
    current = {link.id: link for link in size.links}
    wanted = {row.get("id") for row in rows if row.get("id")}
    for old_id, old_link in list(current.items()):
        if old_id not in wanted:
            size.links.remove(old_link)
    for row in rows:
        link: SizeLink | None = current.get(row["id"]) if row.get("id") else None
        if link is None:
            link = SizeLink()
            if keep_ids and row.get("id") and session.get(SizeLink, row["id"]) is None:
                link.id = row["id"]
            size.links.append(link)
        _set_fields(link, row)


def _apply(session: Session, org: Organisation, snap: Snapshot, *, keep_ids: bool) -> None:
    values = dict(snap.get("organisation", {}))
    values.pop("version", None)
    values.pop("id", None)
    _set_fields(org, values)
    validate(session, org)
    # Touching updated_at makes the row's version move even when only children changed,
    # so a concurrent editor of the same organisation gets a conflict instead of a lost update.
    from workbench.models import utcnow

    org.updated_at = utcnow()
    session.flush()
    for key in CHILDREN:
        if key in snap:
            _sync_children(session, org, key, snap[key], keep_ids=keep_ids)
    for row in snap.get("project_partners", []):
        partner = session.get(ProjectPartner, row["id"])
        if partner is not None:
            partner.organisation_id = org.id
            partner.external_name = row.get("external_name")
    for row in snap.get("activity_participants", []):
        participant = session.get(ActivityParticipant, row["id"])
        if participant is not None:
            participant.organisation_id = org.id
            participant.external_organisation = row.get("external_organisation")
    session.flush()


def save_organisation(
    db: Database,
    snap: Snapshot,
    *,
    expected_version: int | None = None,
    source: str = "app",
) -> Snapshot:
    """Create (no ``organisation.id``) or update an organisation with its children.

    Child lists present in *snap* replace the current ones (rows keep their ids; rows without
    an id are created). Returns the snapshot after saving. ConflictError when the organisation
    changed since *expected_version*; ValidationError naming the field (``"vat"``, or
    ``"fees.amount_due"`` for a child row).
    """
    with unit_of_work(db, source=source) as session:
        org_id = snap.get("organisation", {}).get("id")
        if org_id:
            org = require(session, Organisation, org_id)
            check_version(session, org, expected_version)
        else:
            org = Organisation()
            _set_fields(
                org,
                {
                    k: v
                    for k, v in snap.get("organisation", {}).items()
                    if k not in ("id", "version")
                },
            )
            validate(session, org)
            session.add(org)
            session.flush()
        _apply(session, org, snap, keep_ids=False)
        return _snapshot(session, org)


def restore_snapshot(db: Database, snap: Snapshot, *, source: str = "undo") -> int:
    """Bring the organisation back exactly to *snap* (recreated under its old id if deleted).

    Returns the organisation id (a new one only if the old id was taken meanwhile).
    """
    with unit_of_work(db, source=source) as session:
        org_id = snap["organisation"].get("id")
        org = session.get(Organisation, org_id) if org_id else None
        if org is None:
            org = Organisation()
            if org_id:
                org.id = org_id
            _set_fields(
                org, {k: v for k, v in snap["organisation"].items() if k not in ("id", "version")}
            )
            validate(session, org)
            session.add(org)
            session.flush()
            _recreate_attachments(session, org, snap.get("attachments", []))
        _apply(session, org, snap, keep_ids=True)
        return org.id


def _recreate_attachments(session: Session, org: Organisation, rows: Sequence[dict]) -> None:
    """Attach again the files a deleted organisation had (their stored files never left)."""
    for row in rows:
        attachment = OrganisationAttachment(
            **{k: v for k, v in row.items() if k not in ("id", "organisation_id")}
        )
        attachment.organisation_id = org.id
        if session.get(OrganisationAttachment, row["id"]) is None:
            attachment.id = row["id"]
        session.add(attachment)
    session.flush()


def delete_organisation(
    db: Database, org_id: int, *, expected_version: int | None = None, source: str = "app"
) -> Snapshot:
    """Delete an organisation and its own records; returns the snapshot taken just before.

    Project partners and activity participants that pointed at it keep its name as an
    external name, so projects and activities still say who took part.
    """
    with unit_of_work(db, source=source) as session:
        org = require(session, Organisation, org_id)
        check_version(session, org, expected_version)
        snap = _snapshot(session, org)
        for row in snap["project_partners"]:
            partner = session.get(ProjectPartner, row["id"])
            if partner is not None and not partner.external_name:
                partner.external_name = org.name
        for row in snap["activity_participants"]:
            participant = session.get(ActivityParticipant, row["id"])
            if participant is not None and not participant.external_organisation:
                participant.external_organisation = org.name
        for attachment in session.scalars(
            select(OrganisationAttachment).where(OrganisationAttachment.organisation_id == org.id)
        ):
            session.delete(attachment)  # by the ORM, so that the history records it
        session.flush()
        session.delete(org)
        return snap


def delete_created(db: Database, org_id: int, *, source: str = "undo") -> None:
    """Remove an organisation created by an edit that is being undone."""
    delete_organisation(db, org_id, source=source)


# --------------------------------------------------------------------------- bulk undo

#: What a bulk action touches: (model, filter attributes) for the before/after snapshot.
BULK_MODELS: dict[str, Any] = {
    "area_participations": AreaParticipation,
    "fees": Fee,
    "memberships": MembershipPeriod,
}


def bulk_snapshot(db: Database, key: str, org_ids: Iterable[int], **match: Any) -> list[dict]:
    """Rows of one child table for *org_ids* (optionally matching ``column=value``)."""
    model = BULK_MODELS[key]
    ids = list(org_ids)
    with unit_of_work(db, write=False) as session:
        stmt: Any = select(model).where(model.organisation_id.in_(ids))
        for column, value in match.items():
            stmt = stmt.where(getattr(model, column) == value)
        return [
            {**_row(obj), "organisation_id": obj.organisation_id} for obj in session.scalars(stmt)
        ]


def bulk_restore(
    db: Database,
    key: str,
    org_ids: Iterable[int],
    before: list[dict],
    *,
    source: str = "undo",
    **match: Any,
) -> None:
    """Put one child table for *org_ids* back to *before* (from :func:`bulk_snapshot`).

    Rows created since are deleted, changed rows get their old values, deleted rows return.
    """
    model = BULK_MODELS[key]
    ids = list(org_ids)
    with unit_of_work(db, source=source) as session:
        stmt: Any = select(model).where(model.organisation_id.in_(ids))
        for column, value in match.items():
            stmt = stmt.where(getattr(model, column) == value)
        current = {obj.id: obj for obj in session.scalars(stmt)}
        wanted = {row["id"]: row for row in before}
        for obj_id, obj in current.items():
            if obj_id not in wanted:
                session.delete(obj)
        session.flush()
        for obj_id, row in wanted.items():
            obj = current.get(obj_id)
            if obj is None:
                obj = model(id=obj_id, organisation_id=row["organisation_id"])
                session.add(obj)
            _set_fields(obj, row)
        session.flush()


def today() -> date:
    """Today's date (one place to change for tests)."""
    return date.today()


# --------------------------------------------------------------------------- history


def _history_statement(snap: Snapshot, limit: int) -> Any:
    from sqlalchemy import and_, or_

    from workbench.models import AuditEntry

    org_id = snap["organisation"].get("id")
    if not org_id:
        return None
    conditions = [and_(AuditEntry.table_name == "organisation", AuditEntry.record_id == org_id)]
    for key, (child_model, _attribute) in CHILDREN.items():
        model: Any = child_model
        ids = [row["id"] for row in snap.get(key, []) if row.get("id")]
        if ids:
            conditions.append(
                and_(AuditEntry.table_name == model.__tablename__, AuditEntry.record_id.in_(ids))
            )
    attachment_ids = [row["id"] for row in snap.get("attachments", [])]
    if attachment_ids:
        conditions.append(
            and_(
                AuditEntry.table_name == OrganisationAttachment.__tablename__,
                AuditEntry.record_id.in_(attachment_ids),
            )
        )
    return select(AuditEntry).where(or_(*conditions)).order_by(AuditEntry.id.desc()).limit(limit)


def organisation_history(db: Database, snap: Snapshot, limit: int = 500) -> list[Any]:
    """History entries of the organisation and of its current child records, newest first."""
    stmt = _history_statement(snap, limit)
    if stmt is None:
        return []
    with unit_of_work(db, write=False) as session:
        return list(session.scalars(stmt))


def readable_organisation_history(
    db: Database, snap: Snapshot, lang: str = "en", limit: int = 500
) -> list[tuple[Any, ReadableChange]]:
    """:func:`organisation_history` with each entry's readable text in *lang*."""
    stmt = _history_statement(snap, limit)
    if stmt is None:
        return []
    with unit_of_work(db, write=False) as session:
        entries = list(session.scalars(stmt))
        return list(zip(entries, describe_entries(session, entries, lang), strict=True))


def record_counts(db: Database, day: date | None = None) -> tuple[int, int]:
    """(members on *day*, projects) for the status bar; two COUNT queries."""
    from sqlalchemy import func

    from workbench.models import Project
    from workbench.services.member_periods import member_on

    day = day or date.today()
    with unit_of_work(db, write=False) as session:
        members_now = session.scalar(select(func.count(Organisation.id)).where(member_on(day)))
        projects = session.scalar(select(func.count(Project.id)))
    return int(members_now or 0), int(projects or 0)
