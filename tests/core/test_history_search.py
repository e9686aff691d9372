"""History search by name finds the records that belong to the named one (issue 12).

Typing "Alfa" finds what the History window shows as "Fee 2025 of Alfa S.r.l.", "Contact
Mario Rossi of Alfa S.r.l." ... even though those entries are labelled "Fee 651", "Rossi": the
search in ``services.history_search`` follows owners in SQL, on SQLite and PostgreSQL alike,
also for records (and owners) deleted or renamed since.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from workbench.db import Database
from workbench.models import (
    Activity,
    ActivityParticipant,
    AreaParticipation,
    CompetenceArea,
    Contact,
    EnterpriseRelation,
    Fee,
    Organisation,
    Project,
    ProjectPartner,
    SizeData,
    SizeLink,
)
from workbench.services import members
from workbench.services.base import create_record, delete_record, update_record
from workbench.services.history_search import HistoryFilters, HistoryRow, load_history


@pytest.fixture
def cluster(any_db: Database) -> dict[str, int]:
    """Alfa with records of every kind that belongs to an organisation; Gamma beside it."""
    area = create_record(any_db, CompetenceArea, {"name": "Green Building"})
    alfa = members.create_organisation(any_db, {"name": "Alfa S.r.l."}, join_date=date(2020, 1, 1))
    gamma = members.create_organisation(any_db, {"name": "Gamma SpA"}, join_date=date(2021, 1, 1))
    omega = members.create_organisation(any_db, {"name": "Omega Srl"}, join_date=date(2021, 1, 1))
    ids = {"alfa": alfa.id, "gamma": gamma.id, "omega": omega.id}
    fee = create_record(any_db, Fee, {"organisation_id": alfa.id, "year": 2025})
    update_record(any_db, Fee, fee.id, {"amount_paid": Decimal("600")})
    ids["fee"] = fee.id
    ids["gamma_fee"] = create_record(any_db, Fee, {"organisation_id": gamma.id, "year": 2025}).id
    ids["omega_fee"] = create_record(any_db, Fee, {"organisation_id": omega.id, "year": 2024}).id
    gone = create_record(any_db, Fee, {"organisation_id": alfa.id, "year": 2019})
    delete_record(any_db, Fee, gone.id)
    ids["deleted_fee"] = gone.id
    size = create_record(any_db, SizeData, {"organisation_id": alfa.id, "year": 2024})
    ids["size"] = size.id
    ids["link"] = create_record(
        any_db,
        SizeLink,
        {
            "size_data_id": size.id,
            "name": "Holding X",
            "relation": EnterpriseRelation.LINKED,
            "share_pct": Decimal("60"),
        },
    ).id
    contact = create_record(
        any_db, Contact, {"organisation_id": alfa.id, "first_name": "Mario", "last_name": "Rossi"}
    )
    update_record(any_db, Contact, contact.id, {"role": "CEO"})
    ids["contact"] = contact.id
    ids["area"] = create_record(
        any_db,
        AreaParticipation,
        {"organisation_id": alfa.id, "area_id": area.id, "from_date": date(2021, 1, 1)},
    ).id
    project = create_record(any_db, Project, {"acronym": "SMARTGRID"})
    ids["project"] = project.id
    ids["partner"] = create_record(
        any_db, ProjectPartner, {"project_id": project.id, "organisation_id": alfa.id}
    ).id
    ids["external_partner"] = create_record(
        any_db, ProjectPartner, {"project_id": project.id, "external_name": "TU Wien"}
    ).id
    activity = create_record(
        any_db, Activity, {"title": "Matchmaking day", "start_date": date(2026, 3, 1)}
    )
    ids["activity"] = activity.id
    ids["participant"] = create_record(
        any_db, ActivityParticipant, {"activity_id": activity.id, "person_name": "Anna Neri"}
    ).id
    # Omega leaves the cluster's records altogether: its fee is deleted with it.
    delete_record(any_db, Organisation, omega.id)
    return ids


def found(db: Database, text: str, limit: int = 1000) -> list[HistoryRow]:
    return load_history(db, HistoryFilters(text=text), limit).rows


def records(rows: list[HistoryRow]) -> set[tuple[str, int]]:
    return {(r.table_name, r.record_id) for r in rows}


def test_an_organisations_name_finds_the_changes_of_its_records(
    any_db: Database, cluster: dict[str, int]
) -> None:
    rows = found(any_db, "alfa")
    got = records(rows)
    for table, key in [
        ("organisation", "alfa"),
        ("fee", "fee"),
        ("fee", "deleted_fee"),  # deleted since: found through its recorded organisation
        ("size_data", "size"),
        ("size_link", "link"),  # two steps: size data of Alfa
        ("contact", "contact"),
        ("area_participation", "area"),
        ("project_partner", "partner"),  # "Partner Alfa S.r.l. of SMARTGRID"
    ]:
        assert (table, cluster[key]) in got, table
    assert any(r.table_name == "membership_period" for r in rows)
    # The update of the fee and of the contact, not only their creation.
    assert {(r.table_name, r.field) for r in rows} >= {("fee", "amount_paid"), ("contact", "role")}
    assert ("fee", cluster["gamma_fee"]) not in got
    assert ("project_partner", cluster["external_partner"]) not in got
    assert all("Alfa" in r.record_text for r in rows), [r.record_text for r in rows]
    deleted = [r for r in rows if r.record_id == cluster["deleted_fee"] and r.table_name == "fee"]
    assert {r.action for r in deleted} == {"create", "delete"}


def test_projects_and_activities_find_their_partners_and_participants(
    any_db: Database, cluster: dict[str, int]
) -> None:
    got = records(found(any_db, "smartgr"))
    assert got == {
        ("project", cluster["project"]),
        ("project_partner", cluster["partner"]),
        ("project_partner", cluster["external_partner"]),
    }
    got = records(found(any_db, "MATCHMAKING"))
    assert got == {
        ("activity", cluster["activity"]),
        ("activity_participant", cluster["participant"]),
    }


def test_deleted_and_renamed_owners_are_found_by_their_recorded_names(
    any_db: Database, cluster: dict[str, int]
) -> None:
    got = records(found(any_db, "omega"))
    assert got >= {("organisation", cluster["omega"]), ("fee", cluster["omega_fee"])}
    assert {t for t, _i in got} <= {"organisation", "fee", "membership_period"}

    update_record(any_db, Organisation, cluster["alfa"], {"name": "Delta Engineering"})
    for text in ("alfa", "delta eng"):
        got = records(found(any_db, text))
        assert {("organisation", cluster["alfa"]), ("fee", cluster["fee"])} <= got, text


def test_the_search_stays_paged_and_counts_every_match(
    any_db: Database, cluster: dict[str, int]
) -> None:
    everything = found(any_db, "alfa")
    page = load_history(any_db, HistoryFilters(text="alfa"), 3)
    assert page.truncated and page.total == len(everything)
    assert [r.id for r in page.rows] == [r.id for r in everything[:3]]
    # Other filters narrow the same search.
    fees = load_history(any_db, HistoryFilters(text="alfa", table="fee"), 100).rows
    assert {r.record_id for r in fees} == {cluster["fee"], cluster["deleted_fee"]}
    # LIKE wildcards typed by the user are plain characters.
    assert found(any_db, "%") == [] and found(any_db, "_") == []
