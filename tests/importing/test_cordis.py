"""CORDIS preset: import the members' EU projects from project.csv + organization.csv.

The sample files are small, hand-written copies of the real CORDIS export format
(``;``-separated, every field quoted, decimal commas, ISO dates), not real downloads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.importing.test_plan_apply import VAT_ALFA, make_vat
from workbench.db import Database
from workbench.importing import (
    ImportFileError,
    PlanOptions,
    ReviewAction,
    ReviewDecision,
    RowStatus,
    apply_plan,
    get_preset,
    plan_cordis,
    read_table,
    undo_batch,
)
from workbench.importing.fields import ImportKind
from workbench.models import Project, ProjectPartner, ProjectRole, ProjectStatus
from workbench.services import cluster, members
from workbench.services.base import create_record, unit_of_work

VAT_SOLE = make_vat(2223334)

PROJECT_HEADER = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;"
    "legalBasis;topics;ecSignatureDate;frameworkProgramme;masterCall;subCall;"
    "fundingScheme;nature;objective;contentUpdateDate;rcn;grantDoi"
)
ORG_HEADER = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;"
    "activityType;street;postCode;city;country;nutsCode;geolocation;organizationURL;"
    "contactForm;contentUpdateDate;rcn;order;role;ecContribution;netEcContribution;"
    "totalCost;endOfParticipation;active"
)


def csv_line(*fields: object) -> str:
    return ";".join('"' + str(f).replace('"', '""') + '"' for f in fields)


def write_cordis(tmp: Path, *, smartgrid_contribution: str = "4500000") -> tuple[Path, Path]:
    projects = [
        csv_line(
            "101036723",
            "SMARTGRID",
            "SIGNED",
            "Smart grids for energy communities",
            "2021-10-01",
            "2025-09-30",
            "4999875,5",
            smartgrid_contribution,
            "H2020-EU.3.3.",
            "LC-GD-2-1-2020",
            "2021-07-12",
            "H2020",
            "H2020-LC-GD-2020",
            "H2020-LC-GD-2020-3",
            "IA",
            "",
            'Grids; "energy" communities',
            "2022-08-12 15:20:11",
            "236447",
            "10.3030/101036723",
        ),
        csv_line(
            "952111",
            "FARAWAY",
            "CLOSED",
            "A project without our members",
            "2020-01-01",
            "2022-12-31",
            "1000000",
            "1000000",
            "H2020-EU.3.3.",
            "X",
            "2019-12-01",
            "H2020",
            "H2020-X",
            "",
            "RIA",
            "",
            "Nothing",
            "2022-08-12 15:20:11",
            "1",
            "",
        ),
        csv_line(
            "101079999",
            "H2VALLEY",
            "SIGNED",
            "Hydrogen valleys",
            "2022-06-01",
            "2026-05-31",
            "2000000",
            "1800000",
            "HORIZON.2.5",
            "Y",
            "2022-05-01",
            "HORIZON",
            "",
            "HORIZON-CL5-2021-D3-01",
            "HORIZON-IA",
            "",
            "H2",
            "2022-08-12 15:20:11",
            "2",
            "",
        ),
        csv_line(
            "101088888",
            "SUNROOF",
            "TERMINATED",
            "Solar roofs",
            "2023-01-01",
            "2024-06-30",
            "800000",
            "700000",
            "HORIZON.2.5",
            "Z",
            "2022-12-01",
            "HORIZON",
            "HORIZON-CL5-2022",
            "",
            "HORIZON-RIA",
            "",
            "Sun",
            "2022-08-12 15:20:11",
            "3",
            "",
        ),
    ]
    organisations = [
        # SMARTGRID: a member by VAT (coordinator), a German public body
        csv_line(
            "101036723",
            "SMARTGRID",
            "999993856",
            VAT_ALFA,
            "ALFA ENERGIA SPA",
            "ALFA",
            "false",
            "PRC",
            "VIA ROMA 1",
            "20121",
            "MILANO",
            "IT",
            "ITC4C",
            "",
            "",
            "",
            "2022-08-12",
            "1",
            "1",
            "coordinator",
            "1250000",
            "1250000",
            "1500000,5",
            "false",
            "",
        ),
        csv_line(
            "101036723",
            "SMARTGRID",
            "999911111",
            "DE123456789",
            "STADTWERKE MUSTERSTADT GMBH",
            "SWM",
            "false",
            "PUB",
            "",
            "",
            "MUSTERSTADT",
            "DE",
            "DE300",
            "",
            "",
            "",
            "2022-08-12",
            "2",
            "2",
            "participant",
            "800000",
            "800000",
            "1000000",
            "false",
            "",
        ),
        csv_line(
            "952111",
            "FARAWAY",
            "999922222",
            "",
            "SOMEONE ELSE SL",
            "SE",
            "true",
            "PRC",
            "",
            "",
            "MADRID",
            "ES",
            "ES300",
            "",
            "",
            "",
            "2022-08-12",
            "3",
            "1",
            "coordinator",
            "1000000",
            "1000000",
            "1000000",
            "false",
            "",
        ),
        # H2VALLEY: a near miss of a member, and the cluster itself
        csv_line(
            "101079999",
            "H2VALLEY",
            "999933333",
            "",
            "POLITECNICO DI MILANOO",
            "POLIMI",
            "false",
            "HES",
            "",
            "",
            "MILANO",
            "IT",
            "ITC4C",
            "",
            "",
            "",
            "2022-08-12",
            "4",
            "1",
            "coordinator",
            "900000",
            "900000",
            "1000000",
            "false",
            "",
        ),
        csv_line(
            "101079999",
            "H2VALLEY",
            "999944444",
            "",
            "LOMBARDY ENERGY CLEANTECH CLUSTER",
            "LE2C",
            "false",
            "OTH",
            "",
            "",
            "MILANO",
            "IT",
            "ITC4C",
            "",
            "",
            "",
            "2022-08-12",
            "5",
            "2",
            "participant",
            "100000",
            "100000",
            "120000,25",
            "false",
            "",
        ),
        # SUNROOF: a member matched by its short name, a Greek partner (EL), a third party
        csv_line(
            "101088888",
            "SUNROOF",
            "999955555",
            "",
            "SOLE ENERGIA SOCIETA A RESPONSABILITA LIMITATA",
            "Sole Energia",
            "true",
            "PRC",
            "",
            "",
            "BERGAMO",
            "IT",
            "ITC46",
            "",
            "",
            "",
            "2022-08-12",
            "6",
            "1",
            "coordinator",
            "400000",
            "400000",
            "450000",
            "false",
            "",
        ),
        csv_line(
            "101088888",
            "SUNROOF",
            "999966666",
            "EL999999999",
            "HELIOS AE",
            "HELIOS",
            "true",
            "PRC",
            "",
            "",
            "ATHINA",
            "EL",
            "EL303",
            "",
            "",
            "",
            "2022-08-12",
            "7",
            "2",
            "thirdParty",
            "300000",
            "300000",
            "350000",
            "false",
            "",
        ),
    ]
    project_path = tmp / "project.csv"
    org_path = tmp / "organization.csv"
    project_path.write_text("\n".join([PROJECT_HEADER, *projects]) + "\n", encoding="utf-8")
    org_path.write_text("\n".join([ORG_HEADER, *organisations]) + "\n", encoding="utf-8")
    return project_path, org_path


def seed_members(db: Database) -> dict[str, int]:
    cluster.save_profile(db, {"name": "Lombardy Energy Cleantech Cluster"})
    ids = {
        "alfa": members.create_organisation(
            db, {"name": "Alfa Energia S.p.A.", "vat": VAT_ALFA}, join_date=date(2015, 1, 1)
        ).id,
        "polimi": members.create_organisation(
            db, {"name": "Politecnico di Milano"}, join_date=date(2012, 1, 1)
        ).id,
        "sole": members.create_organisation(
            db, {"name": "Sole Energia", "vat": VAT_SOLE}, join_date=date(2019, 1, 1)
        ).id,
        # known to the database but not a member: CORDIS participation alone does not count
        "stadtwerke": members.create_organisation(
            db, {"name": "Stadtwerke Musterstadt GmbH", "country": "DE"}
        ).id,
    }
    return ids


def test_presets_have_fixed_mappings() -> None:
    preset = get_preset("cordis-projects")
    mapping = preset.mapping_for(["id", "acronym", "totalCost", "unknownColumn"])
    assert mapping.kind is ImportKind.PROJECTS
    assert mapping.columns == {"id": "cordis_id", "acronym": "acronym", "totalCost": "total_budget"}
    assert get_preset("members").mapping_for(["Name", "VAT number"]).columns == {
        "Name": "name",
        "VAT number": "vat",
    }
    assert "projectID" in get_preset("cordis-organizations").columns
    with pytest.raises(KeyError, match="known"):
        get_preset("nope")


def test_only_projects_with_members_are_planned(sqlite_db: Database, tmp_path: Path) -> None:
    seed_members(sqlite_db)
    project_csv, org_csv = write_cordis(tmp_path)
    plan = plan_cordis(sqlite_db, project_csv, org_csv)
    assert plan.kind is ImportKind.CORDIS
    assert plan.file_name == "project.csv + organization.csv"
    assert (
        "3 projects with cluster members kept; 1 projects without members left out." in plan.notes
    )
    status = {r.label: r.status for r in plan.rows}
    assert status == {
        "SMARTGRID": RowStatus.CREATE,
        "H2VALLEY": RowStatus.REVIEW,
        "SUNROOF": RowStatus.CREATE,
    }
    smart = plan.rows[0]
    values = {(c.record, c.field): c.new for c in smart.changes}
    assert values[("project SMARTGRID", "cordis_id")] == "101036723"
    assert values[("project SMARTGRID", "status")] is ProjectStatus.FUNDED
    assert values[("project SMARTGRID", "total_budget")] == Decimal("4999875.50")
    assert values[("project SMARTGRID", "call_id")] == "H2020-LC-GD-2020"
    assert values[("partner Alfa Energia S.p.A.", "role")] is ProjectRole.COORDINATOR
    assert values[("partner STADTWERKE MUSTERSTADT GMBH", "external_country")] == "DE"
    review = plan.rows[1]
    assert [c.name for c in review.candidates] == ["Politecnico di Milano"]
    assert 'participant "POLITECNICO DI MILANOO" may be the member' in review.notes[-1]
    sun = {(c.record, c.field): c.new for c in plan.rows[2].changes}
    assert sun[("project SUNROOF", "status")] is ProjectStatus.CLOSED
    assert sun[("partner Sole Energia", "budget")] == Decimal("450000.00")
    assert sun[("partner HELIOS AE", "role")] is ProjectRole.THIRD_PARTY
    assert sun[("partner HELIOS AE", "external_country")] == "EL"


def test_apply_links_members_and_records_externals(any_db: Database, tmp_path: Path) -> None:
    ids = seed_members(any_db)
    project_csv, org_csv = write_cordis(tmp_path)
    plan = plan_cordis(any_db, project_csv, org_csv)
    h2 = plan.rows[1]
    plan.decide(h2.index, ReviewDecision.merge(ids["polimi"]))
    assert h2.status is RowStatus.CREATE
    values = {(c.record, c.field): c.new for c in h2.changes}
    # the cluster itself takes part: its role and budget, not a partner row
    assert values[("project H2VALLEY", "cluster_role")] is ProjectRole.PARTNER
    assert values[("project H2VALLEY", "cluster_budget")] == Decimal("120000.25")
    assert values[("project H2VALLEY", "call_id")] == "HORIZON-CL5-2021-D3-01"  # subCall
    result = apply_plan(any_db, plan, file_path=[project_csv, org_csv])
    assert (result.created, result.updated, result.review, result.errors) == (3, 0, 0, 0)
    with unit_of_work(any_db, write=False) as s:
        projects = {p.acronym: p for p in s.scalars(select(Project))}
        assert set(projects) == {"SMARTGRID", "H2VALLEY", "SUNROOF"}
        smart = projects["SMARTGRID"]
        assert (smart.programme, smart.eu_contribution, smart.start_date) == (
            "H2020",
            Decimal("4500000.00"),
            date(2021, 10, 1),
        )
        partners = {
            (p.organisation_id, p.external_name, p.external_country, p.role, p.contribution)
            for p in s.scalars(select(ProjectPartner).where(ProjectPartner.project_id == smart.id))
        }
        assert partners == {
            (ids["alfa"], None, None, ProjectRole.COORDINATOR, Decimal("1250000.00")),
            (None, "STADTWERKE MUSTERSTADT GMBH", "DE", ProjectRole.PARTNER, Decimal("800000.00")),
        }
        h2_partners = s.scalars(
            select(ProjectPartner).where(ProjectPartner.project_id == projects["H2VALLEY"].id)
        ).all()
        assert [(p.organisation_id, p.role) for p in h2_partners] == [
            (ids["polimi"], ProjectRole.COORDINATOR)
        ]
        sun_members = [
            p.organisation_id
            for p in s.scalars(
                select(ProjectPartner).where(ProjectPartner.project_id == projects["SUNROOF"].id)
            )
            if p.organisation_id
        ]
        assert sun_members == [ids["sole"]]

    # the same files again: nothing to do; a changed contribution is an update
    again = plan_cordis(
        any_db,
        project_csv,
        org_csv,
        PlanOptions(decisions={h2.row_number: ReviewDecision.merge(ids["polimi"])}),
    )
    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 3
    project_csv, org_csv = write_cordis(tmp_path, smartgrid_contribution="4600000,75")
    changed = plan_cordis(any_db, project_csv, org_csv, PlanOptions(review=ReviewAction.SKIP))
    assert [r.status for r in changed.rows] == [
        RowStatus.UPDATE,
        RowStatus.SKIP,
        RowStatus.UNCHANGED,
    ]
    assert [(c.field, c.old, c.new) for c in changed.rows[0].changes] == [
        ("eu_contribution", Decimal("4500000.00"), Decimal("4600000.75"))
    ]
    second = apply_plan(any_db, changed, file_path=[project_csv, org_csv])
    assert second.updated == 1
    undo_batch(any_db, second.batch_id)
    undo_batch(any_db, result.batch_id)
    with unit_of_work(any_db, write=False) as s:
        assert s.scalars(select(Project)).all() == []


def test_review_create_means_external(sqlite_db: Database, tmp_path: Path) -> None:
    seed_members(sqlite_db)
    project_csv, org_csv = write_cordis(tmp_path)
    plan = plan_cordis(sqlite_db, project_csv, org_csv)
    h2 = plan.rows[1]
    plan.decide(h2.index, ReviewDecision.create())
    # the cluster itself still takes part, so the project stays, with the university external
    assert h2.status is RowStatus.CREATE
    externals = {c.new for c in h2.changes if c.field == "external_name"}
    assert externals == {"POLITECNICO DI MILANOO"}
    plan.decide(h2.index, ReviewDecision.skip())
    assert h2.status is RowStatus.SKIP


def test_existing_project_by_acronym_gets_its_cordis_id(
    sqlite_db: Database, tmp_path: Path
) -> None:
    seed_members(sqlite_db)
    create_record(sqlite_db, Project, {"acronym": "SunRoof", "status": ProjectStatus.SUBMITTED})
    project_csv, org_csv = write_cordis(tmp_path)
    plan = plan_cordis(sqlite_db, project_csv, org_csv)
    sun = plan.rows[2]
    assert sun.status is RowStatus.UPDATE and "matched by acronym" in sun.notes
    changes = {c.field: (c.old, c.new) for c in sun.changes if c.record == "project SunRoof"}
    assert changes["cordis_id"] == (None, "101088888")
    assert changes["status"] == (ProjectStatus.SUBMITTED, ProjectStatus.CLOSED)
    assert "acronym" not in changes  # same acronym spelt otherwise is not a change


def test_bad_amount_in_organisation_file_is_located(sqlite_db: Database, tmp_path: Path) -> None:
    seed_members(sqlite_db)
    project_csv, org_csv = write_cordis(tmp_path)
    text = org_csv.read_text(encoding="utf-8").replace(
        '"1250000";"1250000";"1500000,5"', '"1250000";"1250000";"n/a"'
    )
    org_csv.write_text(text, encoding="utf-8")
    plan = plan_cordis(sqlite_db, project_csv, org_csv)
    smart = plan.rows[0]
    assert smart.status is RowStatus.ERROR
    assert str(smart.problems[0]).startswith('organization.csv, row 2, column "totalCost": "n/a"')


def test_files_that_are_not_cordis_are_refused(sqlite_db: Database, tmp_path: Path) -> None:
    project_csv, org_csv = write_cordis(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="other.csv: the file has no column projectID"):
        plan_cordis(sqlite_db, project_csv, other)
    with pytest.raises(ImportFileError, match="no column id"):
        plan_cordis(sqlite_db, read_table(other), org_csv)
