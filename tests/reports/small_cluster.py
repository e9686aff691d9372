"""A small hand-made cluster database for the report tests, with its expected figures.

A plain module (the fixtures that use it are in ``conftest.py``), so tests import its names
as ``tests.reports.small_cluster`` instead of importing ``conftest``.

Assessment year 2025: evidence years 2023 and 2024. Expected figures (worked out by hand
from the records below) are in ``EXPECTED``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from stdnum import luhn

from workbench.db import Database
from workbench.models import (
    Income,
    IncomeCategory,
    Label,
    LabelLevel,
    MembershipPeriod,
    SizeData,
    StaffMember,
)
from workbench.services import members as ms
from workbench.services.activities import ParticipantInput, save_activity
from workbench.services.base import create_record
from workbench.services.cluster import save_profile
from workbench.services.projects import PartnerInput, save_project

LOGO = Path(__file__).resolve().parents[1] / "data" / "report_logo.png"
ACCENTED = "R&D <Lab> Società Müller"
EVIL = '=HYPERLINK("http://evil","click")'
CLUSTER = "Lombardy Energy Cleantech Cluster"
YEAR = 2025
TODAY = date(2025, 3, 15)


def vat(n: int) -> str:
    body = f"{n:010d}"
    return "IT" + body + luhn.calc_check_digit(body)


@dataclass
class Expected:
    members_end: dict[int, int] = field(default_factory=dict)
    left_in: dict[int, int] = field(default_factory=dict)
    total_budget: Decimal = Decimal(0)
    eu_contribution: Decimal = Decimal(0)
    income: dict[int, Decimal] = field(default_factory=dict)
    private: dict[int, Decimal] = field(default_factory=dict)
    projects: int = 0
    member_ids: list[int] = field(default_factory=list)


EXPECTED = Expected()


def build_small_cluster(db: Database) -> Expected:
    from workbench.models import CompetenceArea, KpiValue, PillarObjective, StrategicPillar

    exp = Expected()
    save_profile(
        db,
        {
            "name": CLUSTER,
            "legal_name": "Associazione LE2C",
            "founding_date": date(2009, 3, 23),
            "nuts2": "ITC4",
            "region_name": "Lombardia",
            "website": "www.example-cluster.it",
            "website_en": "www.example-cluster.it/en",
            "sector": "Energy and cleantech",
            "logo_path": str(LOGO),
        },
    )
    create_record(
        db,
        Label,
        {
            "level": LabelLevel.GOLD,
            "body": "ESCA",
            "assessment_date": date(2023, 5, 10),
            "valid_until": date(2025, 5, 10),
            "score": Decimal("84.5"),
        },
    )
    # organisations: (name, type, city, region, nuts2, join, leave, staff, turnover)
    orgs = [
        (
            "Alfa Energia S.p.A.",
            "company",
            "Milano",
            "Lombardia",
            "ITC4",
            date(2010, 1, 1),
            None,
            300,
            90_000_000,
        ),
        (
            "Beta Solar S.r.l.",
            "company",
            "Bergamo",
            "Lombardia",
            "ITC4",
            date(2015, 6, 1),
            None,
            12,
            3_000_000,
        ),
        (
            "Gamma Water S.r.l.",
            "company",
            "Brescia",
            "Lombardia",
            "ITC4",
            date(2018, 2, 1),
            date(2024, 7, 1),
            40,
            8_000_000,
        ),
        (
            ACCENTED,
            "research_org",
            "Pavia",
            "Lombardia",
            "ITC4",
            date(2012, 9, 1),
            None,
            None,
            None,
        ),
        (EVIL, "company", "Torino", "Piemonte", "ITC1", date(2023, 4, 1), None, 5, 500_000),
        (
            "Politecnico di Esempio",
            "university",
            "Milano",
            "Lombardia",
            "ITC4",
            date(2009, 3, 23),
            None,
            None,
            None,
        ),
        (
            "Comune di Esempio",
            "public_body",
            "Lodi",
            "Lombardia",
            "ITC4",
            date(2016, 1, 1),
            None,
            None,
            None,
        ),
        (
            "Delta Grid GmbH",
            "company",
            "München",
            None,
            "DE21",
            date(2024, 3, 1),
            None,
            120,
            30_000_000,
        ),
        (
            "Epsilon Consulting",
            "company",
            "Como",
            "Lombardia",
            "ITC4",
            date(2011, 1, 1),
            date(2023, 6, 30),
            8,
            900_000,
        ),
        (
            "Zeta Banca",
            "financial_institution",
            "Milano",
            "Lombardia",
            "ITC4",
            date(2019, 1, 1),
            None,
            900,
            400_000_000,
        ),
        (
            "Eta Associazione Imprese",
            "association",
            "Milano",
            "Lombardia",
            "ITC4",
            date(2017, 5, 1),
            None,
            None,
            None,
        ),
    ]
    ids: dict[str, int] = {}
    for n, (name, kind, city, region, nuts2, joined, left, staff, turnover) in enumerate(orgs, 1):
        country = "DE" if nuts2 == "DE21" else "IT"
        org = ms.create_organisation(
            db,
            {
                "name": name,
                "org_type": kind,
                "city": city,
                "region": region,
                "nuts2": nuts2,
                "country": country,
                "vat": vat(1000 + n) if country == "IT" else None,
            },
        )
        ids[name] = org.id
        create_record(
            db,
            MembershipPeriod,
            {
                "organisation_id": org.id,
                "join_date": joined,
                "leave_date": left,
                "agreement_signed": True,
            },
        )
        if staff is not None:
            for y in (2022, 2023, 2024):
                create_record(
                    db,
                    SizeData,
                    {
                        "organisation_id": org.id,
                        "year": y,
                        "staff_awu": Decimal(staff),
                        "turnover": Decimal(turnover),
                        "balance_sheet": Decimal(turnover),
                    },
                )
    exp.member_ids = list(ids.values())
    # Members on 31/12/2023: all but Delta (joined 2024) and Epsilon (left 2023) -> 9
    # Members on 31/12/2024: all but Epsilon and Gamma (left 2024) -> 9
    exp.members_end = {2023: 9, 2024: 9}
    exp.left_in = {2023: 1, 2024: 1}

    # competence areas and pillars
    from workbench.services.base import unit_of_work

    with unit_of_work(db) as s:
        pillar = StrategicPillar(
            name="CO2 reduction", code="P1", period_start=2021, period_end=2027
        )
        pillar2 = StrategicPillar(name="Hydrogen", code="P2", period_start=2021, period_end=2027)
        s.add_all([pillar, pillar2])
        s.flush()
        objective = PillarObjective(
            pillar_id=pillar.id,
            title="Cut members' emissions",
            kpi_name="t CO2 saved",
            kpi_unit="t",
        )
        s.add(objective)
        s.flush()
        s.add_all(
            [
                KpiValue(
                    objective_id=objective.id, year=2023, target=Decimal(1000), actual=Decimal(900)
                ),
                KpiValue(
                    objective_id=objective.id, year=2024, target=Decimal(1500), actual=Decimal(1600)
                ),
            ]
        )
        area = CompetenceArea(name="Smart Energy Systems", code="SES", meetings_per_year=4)
        area2 = CompetenceArea(name="Water-Energy Nexus", code="WEN", meetings_per_year=2)
        s.add_all([area, area2])
        s.flush()
        area.pillars = [pillar]
        area2.pillars = [pillar2]
        pillar_ids = (pillar.id, pillar2.id)
        area_ids = (area.id, area2.id)
    ms.assign_to_area(
        db,
        [ids["Alfa Energia S.p.A."], ids["Beta Solar S.r.l."], ids[ACCENTED]],
        area_ids[0],
        date(2020, 1, 1),
    )
    ms.assign_to_area(db, [ids["Gamma Water S.r.l."], ids[EVIL]], area_ids[1], date(2023, 5, 1))

    # projects
    projects = [
        (
            "SMARTGRID",
            "Horizon Europe",
            "funded",
            date(2023, 1, 1),
            date(2025, 12, 31),
            "1000000",
            "200000",
            "800000",
            [pillar_ids[0]],
        ),
        (
            "H2VALLEY",
            "Interreg",
            "funded",
            date(2024, 2, 1),
            date(2026, 1, 31),
            "500000.50",
            "100000",
            "400000.25",
            [pillar_ids[1]],
        ),
        (
            "OLDPROJ",
            "FP7",
            "closed",
            date(2015, 1, 1),
            date(2018, 12, 31),
            "300000",
            "50000",
            "250000",
            [],
        ),
        ("IDEA-X", None, "idea", None, None, None, None, None, []),
    ]
    for acronym, programme, status, start, end, total, cluster, eu, pillars in projects:
        save_project(
            db,
            {
                "acronym": acronym,
                "title": f"{acronym} & co <project>",
                "programme": programme,
                "status": status,
                "cluster_role": "coordinator" if acronym == "SMARTGRID" else "partner",
                "start_date": start,
                "end_date": end,
                "total_budget": Decimal(total) if total else None,
                "cluster_budget": Decimal(cluster) if cluster else None,
                "eu_contribution": Decimal(eu) if eu else None,
            },
            partners=[
                PartnerInput(
                    organisation_id=ids["Alfa Energia S.p.A."], role="partner", budget=Decimal(1000)
                ),
                PartnerInput(organisation_id=ids[ACCENTED], role="partner"),
                PartnerInput(external_name="Univ. of Ghent", external_country="BE", role="partner"),
            ],
            pillar_ids=pillars,
        )
    # In the assessment (funded or closed, running in 2023-2024): SMARTGRID, H2VALLEY; IDEA-X
    # (undated idea) is listed apart under "no dates"
    exp.projects = 2
    exp.total_budget = Decimal("1500000.50")
    exp.eu_contribution = Decimal("1200000.25")

    # income
    incomes = [
        (2023, IncomeCategory.MEMBERSHIP_FEES, "120000.00"),
        (2023, IncomeCategory.REGIONAL_GRANT, "80000.00"),
        (2024, IncomeCategory.MEMBERSHIP_FEES, "130000.00"),
        (2024, IncomeCategory.PAID_SERVICES, "20000.50"),
        (2024, IncomeCategory.EU_GRANT, "100000.00"),
        (2022, IncomeCategory.EU_GRANT, "999.00"),
    ]
    for y, category, amount in incomes:
        create_record(
            db,
            Income,
            {
                "year": y,
                "category": category,
                "amount": Decimal(amount),
                "is_private": category.is_private,
            },
        )
    exp.income = {2023: Decimal("200000.00"), 2024: Decimal("250000.50")}
    exp.private = {2023: Decimal("120000.00"), 2024: Decimal("150000.50")}

    # activities
    for n, (day, kind) in enumerate(
        [
            (date(2023, 3, 1), "networking"),
            (date(2023, 10, 1), "training"),
            (date(2024, 5, 5), "b2b"),
        ]
    ):
        save_activity(
            db,
            {
                "title": f"Event {n} <&>",
                "activity_type": kind,
                "start_date": day,
                "anonymous_participants": 10,
            },
            participants=[
                ParticipantInput(organisation_id=ids["Alfa Energia S.p.A."]),
                ParticipantInput(external_organisation="Outsider S.r.l."),
            ],
        )
    create_record(
        db,
        StaffMember,
        {
            "name": "Anna Rossi",
            "role": "Cluster manager",
            "fte": Decimal(1),
            "start_date": date(2015, 1, 1),
        },
    )
    create_record(
        db,
        StaffMember,
        {
            "name": "Luca Bianchi",
            "role": "Project officer",
            "fte": Decimal("0.5"),
            "start_date": date(2020, 1, 1),
        },
    )
    return exp


@dataclass
class Generated:
    """Every report of the small cluster, written once per test session."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
