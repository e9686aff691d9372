"""Two records of one company with a record of every kind, for the merge tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from workbench.db import Database
from workbench.models import (
    Activity,
    ActivityParticipant,
    AreaParticipation,
    Base,
    CompetenceArea,
    Contact,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    Project,
    ProjectPartner,
    SizeData,
    SizeLink,
)
from workbench.services import attachments, merge
from workbench.services.base import create_record, unit_of_work


def org(db: Database, name: str, **values: Any) -> int:
    return create_record(db, Organisation, {"name": name, **values}).id


def child(db: Database, model: type, **values: Any) -> int:
    return create_record(db, model, values).id


def two_duplicates(db: Database) -> dict[str, Any]:
    """Two records of one company, with a record of every kind and a clash of most kinds."""
    a = org(db, "Acme S.p.A.", vat="IT01234560017", city="Milano")
    b = org(db, "ACME spa", city=None, website="https://acme.example", phone="02 1234")
    area = child(db, CompetenceArea, name="Green Building")
    project = child(db, Project, acronym="SMARTGRID")
    other_project = child(db, Project, acronym="H2LOOP")
    activity = child(db, Activity, title="B2B day", start_date=date(2024, 5, 6))
    ids: dict[str, Any] = {"a": a, "b": b}
    ids["periods"] = [
        child(db, MembershipPeriod, organisation_id=a, join_date=date(2020, 1, 1)),
        child(
            db,
            MembershipPeriod,
            organisation_id=b,
            join_date=date(2019, 6, 1),
            leave_date=date(2021, 12, 31),
            agreement_signed=True,
        ),
    ]
    ids["fees"] = [
        child(db, Fee, organisation_id=a, year=2024, amount_due=Decimal("500")),
        child(
            db,
            Fee,
            organisation_id=b,
            year=2024,
            amount_due=Decimal("500"),
            amount_paid=Decimal("500"),
            paid_date=date(2024, 3, 1),
        ),
        child(db, Fee, organisation_id=b, year=2023, amount_due=Decimal("400")),
    ]
    ids["size"] = [
        child(db, SizeData, organisation_id=a, year=2023, staff_awu=Decimal("12")),
        child(db, SizeData, organisation_id=b, year=2023, turnover=Decimal("1000000")),
    ]
    ids["links"] = [
        child(
            db,
            SizeLink,
            size_data_id=ids["size"][1],
            name="Acme Holding",
            relation="partner",
            share_pct=Decimal("30"),
        )
    ]
    ids["contacts"] = [
        child(
            db, Contact, organisation_id=a, last_name="Rossi", first_name="Anna", is_primary=True
        ),
        child(db, Contact, organisation_id=b, last_name="Rossi", first_name="Anna", phone="333"),
        child(db, Contact, organisation_id=b, last_name="Bianchi", is_primary=True),
    ]
    ids["log"] = [
        child(db, ContactLogEntry, organisation_id=b, contact_date=date(2024, 2, 2), subject="Call")
    ]
    ids["areas"] = [
        child(db, AreaParticipation, organisation_id=b, area_id=area, from_date=date(2022, 1, 1))
    ]
    ids["partners"] = [
        child(db, ProjectPartner, project_id=project, organisation_id=a),
        child(db, ProjectPartner, project_id=project, organisation_id=b, budget=Decimal("9000")),
        child(db, ProjectPartner, project_id=other_project, organisation_id=b),
    ]
    ids["participants"] = [
        child(db, ActivityParticipant, activity_id=activity, organisation_id=b, person_name="Bo")
    ]
    ids["attachments"] = [
        attachments.attach_content(db, b, "agreement.pdf", b"%PDF signed").id,
        attachments.attach_content(db, a, "statute.pdf", b"%PDF statute").id,
        attachments.attach_content(db, b, "statute-copy.pdf", b"%PDF statute").id,
    ]
    return ids


def everything(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table that refers to an organisation (and size links), as values."""
    tables = [t for t, _c in merge.organisation_references()] + ["organisation", "size_link"]
    found: dict[str, list[tuple]] = {}
    with unit_of_work(db, write=False) as session:
        for name in tables:
            table = Base.metadata.tables[name]
            columns = [c for c in table.columns if c.name != "version"]
            found[name] = [
                tuple(row) for row in session.execute(select(*columns).order_by(table.c.id))
            ]
    return found
