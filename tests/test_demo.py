"""Demo cluster and synthetic database: composition, validity, determinism, refusal, speed."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from stdnum.it import iva

from workbench import sme
from workbench.db import Database, open_database
from workbench.demo import NOT_EMPTY_MESSAGE, build_demo, build_synthetic
from workbench.errors import WorkbenchError
from workbench.models import (
    Activity,
    ActivityParticipant,
    AuditEntry,
    ClusterProfile,
    CompetenceArea,
    Contact,
    ContactLogEntry,
    Fee,
    GovernanceBody,
    Income,
    IncomeCategory,
    IndicatorValue,
    KpiValue,
    Label,
    LabelLevel,
    MediaItem,
    MembershipPeriod,
    Organisation,
    OrgType,
    PillarObjective,
    Project,
    ProjectPartner,
    Recognition,
    SizeData,
    SizeLink,
    SmeClass,
    StaffMember,
    StrategicPillar,
    SuccessStory,
)

TODAY = date(2026, 11, 23)
YEARS = list(range(2022, 2027))


def _open(path: Path) -> Database:
    return open_database(path)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = _open(tmp_path_factory.mktemp("demo") / "demo.db")
    build_demo(db, today=TODAY)
    return db


def _members_on(session: Any, day: date) -> list[Organisation]:
    periods = session.scalars(select(MembershipPeriod)).all()
    ids = {
        p.organisation_id
        for p in periods
        if p.join_date <= day and (p.leave_date is None or p.leave_date > day)
    }
    return [
        o for o in session.scalars(select(Organisation).order_by(Organisation.id)) if o.id in ids
    ]


def _history(session: Any) -> dict[int, list[sme.YearFigures]]:
    links: dict[int, list[sme.LinkedEnterprise]] = defaultdict(list)
    for link in session.scalars(select(SizeLink)):
        links[link.size_data_id].append(
            sme.LinkedEnterprise(
                sme.EnterpriseRelation(link.relation),
                link.share_pct,
                link.staff_awu,
                link.turnover,
                link.balance_sheet,
                link.name,
            )
        )
    out: dict[int, list[sme.YearFigures]] = defaultdict(list)
    for row in session.scalars(select(SizeData).order_by(SizeData.year)):
        out[row.organisation_id].append(
            sme.YearFigures(
                row.year,
                row.staff_awu,
                row.turnover,
                row.balance_sheet,
                row.public_control_pct,
                tuple(links[row.id]),
            )
        )
    return out


def _dump(db: Database) -> dict[str, list[Any]]:
    with db.session_factory() as s:
        return {
            "orgs": list(
                s.execute(
                    select(
                        Organisation.name,
                        Organisation.vat,
                        Organisation.city,
                        Organisation.org_type,
                        Organisation.search_key,
                    ).order_by(Organisation.id)
                )
            ),
            "periods": list(
                s.execute(
                    select(
                        MembershipPeriod.organisation_id,
                        MembershipPeriod.join_date,
                        MembershipPeriod.leave_date,
                    ).order_by(MembershipPeriod.id)
                )
            ),
            "sizes": list(
                s.execute(
                    select(
                        SizeData.organisation_id,
                        SizeData.year,
                        SizeData.staff_awu,
                        SizeData.turnover,
                    ).order_by(SizeData.id)
                )
            ),
            "fees": list(
                s.execute(
                    select(
                        Fee.organisation_id,
                        Fee.year,
                        Fee.amount_due,
                        Fee.amount_paid,
                        Fee.paid_date,
                    ).order_by(Fee.id)
                )
            ),
            "projects": list(
                s.execute(
                    select(Project.acronym, Project.status, Project.start_date).order_by(Project.id)
                )
            ),
            "activities": list(
                s.execute(select(Activity.title, Activity.start_date).order_by(Activity.id))
            ),
            "contacts": list(
                s.execute(
                    select(Contact.first_name, Contact.last_name, Contact.email).order_by(
                        Contact.id
                    )
                )
            ),
        }


# --------------------------------------------------------------------------- composition


def test_current_members_have_the_documented_composition(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        current = _members_on(s, TODAY)
    types = Counter(OrgType(o.org_type) for o in current)
    assert len(current) == 140
    assert types[OrgType.COMPANY] == 108
    assert sum(n for t, n in types.items() if t.is_research) == 8
    assert types[OrgType.PUBLIC_BODY] == 5
    assert types[OrgType.ASSOCIATION] == 15
    assert types[OrgType.FINANCIAL_INSTITUTION] == 4
    names = {o.name for o in current}
    assert {
        "Politecnico di Milano",
        "Comune di Milano",
        "Società Elettrica Valtellinese S.p.A.",
        "Città Verde S.r.l.",
    } <= names


def test_former_members_and_rejoiners(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        periods = s.scalars(select(MembershipPeriod)).all()
        current = {o.id for o in _members_on(s, TODAY)}
    by_org: dict[int, list[MembershipPeriod]] = defaultdict(list)
    for p in periods:
        by_org[p.organisation_id].append(p)
    former = [org for org in by_org if org not in current]
    assert 12 <= len(former) <= 18
    for org in former:
        last = max(by_org[org], key=lambda p: p.join_date)
        assert last.leave_date is not None and last.leave_reason
        assert date(YEARS[0], 1, 1) <= last.leave_date <= TODAY
    rejoiners = [org for org, ps in by_org.items() if len(ps) == 2]
    assert len(rejoiners) >= 2
    assert all(org in current for org in rejoiners)
    for p in periods:
        assert p.join_date <= TODAY
        assert p.leave_date is None or p.leave_date > p.join_date
    assert Counter(p.category for p in periods).keys() >= {"ordinario", "sostenitore", "fondatore"}
    assert sum(p.agreement_signed for p in periods) / len(periods) > 0.8
    joins_recent = sum(p.join_date.year >= TODAY.year - 8 for p in periods)
    assert joins_recent > len(periods) / 2


def test_geography_is_mostly_lombardy(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        current = _members_on(s, TODAY)
    nuts = Counter(o.nuts2 for o in current)
    assert 5 <= len(current) - nuts["ITC4"] <= 12
    assert set(nuts) <= {"ITC4", "ITC1", "ITH3", "ITH5"}
    for org in current:
        assert org.region and org.province and org.postcode and org.city
        assert org.search_key


def test_vat_numbers_are_unique_and_valid(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        orgs = s.scalars(select(Organisation)).all()
        profile_vat = s.get(ClusterProfile, 1).vat  # type: ignore[union-attr]
    vats = [o.vat for o in orgs if o.vat]
    assert len(vats) == len(set(vats))
    assert profile_vat not in vats
    for vat in vats:
        assert vat.startswith("IT") and len(vat) == 13
        assert iva.is_valid(vat[2:]), vat
    assert len(orgs) - len(vats) == 5


def test_sme_classes_vary_and_special_cases_exist(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        current = _members_on(s, TODAY)
        history = _history(s)
        links = s.scalars(select(SizeLink)).all()
    classes: Counter[SmeClass | None] = Counter()
    kept_by_two_year_rule = 0
    for org in current:
        kind = OrgType(org.org_type)
        result = sme.classify(
            history.get(org.id, []),
            org_is_enterprise=kind.is_enterprise,
            override=SmeClass(org.sme_override) if org.sme_override else None,
            override_reason=org.sme_override_reason or "",
            as_of_year=TODAY.year,
        )
        if kind is OrgType.COMPANY:
            classes[result.sme_class] += 1
        if "two-consecutive-years rule" in result.reason:
            kept_by_two_year_rule += 1
    assert len([c for c in classes if c is not None]) >= 3
    assert classes[SmeClass.MICRO] > classes[SmeClass.SMALL] > classes[SmeClass.MEDIUM]
    assert classes[None] == 8  # companies without size data
    assert kept_by_two_year_rule >= 1
    assert {link.relation for link in links} == {"partner", "linked"}
    public = [
        o
        for o in current
        if any(f.public_control_pct == Decimal(30) for f in history.get(o.id, []))
    ]
    assert len(public) == 1
    overridden = [o for o in current if o.sme_override]
    assert len(overridden) == 1 and overridden[0].sme_override_reason


def test_size_data_covers_five_years(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        rows = s.scalars(select(SizeData)).all()
    assert {r.year for r in rows} == set(YEARS)
    for row in rows:
        assert isinstance(row.turnover, Decimal) and row.turnover > 0
        assert row.staff_awu is not None and row.staff_awu > 0


def test_fees_income_and_private_share(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        fees = s.scalars(select(Fee)).all()
        income = s.scalars(select(Income)).all()
    assert {f.year for f in fees} == set(YEARS)
    paid = [f for f in fees if f.amount_paid >= f.amount_due]
    assert 0.85 <= len(paid) / len(fees) <= 0.95
    this_year = [f for f in fees if f.year == TODAY.year]
    assert any(f.amount_paid < f.amount_due for f in this_year)
    for fee in paid:
        assert fee.paid_date is not None and fee.paid_date.year == fee.year
        assert fee.paid_date <= TODAY
    assert {f.amount_due for f in fees} >= {
        Decimal(300),
        Decimal(600),
        Decimal(1200),
        Decimal(3000),
        Decimal(1000),
        Decimal(1500),
    }
    for year in YEARS:
        rows = [i for i in income if i.year == year]
        assert all(i.is_private == IncomeCategory(i.category).is_private for i in rows)
        fee_income = sum(i.amount for i in rows if i.category == IncomeCategory.MEMBERSHIP_FEES)
        assert fee_income == sum(f.amount_paid for f in fees if f.year == year)
        total = sum(i.amount for i in rows)
        private = sum(i.amount for i in rows if i.is_private)
        assert Decimal("0.44") <= private / total <= Decimal("0.62")


def test_contacts_and_contact_log(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        current = _members_on(s, TODAY)
        contacts = s.scalars(select(Contact)).all()
        log = s.scalars(select(ContactLogEntry)).all()
    per_org = Counter(c.organisation_id for c in contacts)
    assert all(1 <= per_org[o.id] <= 3 for o in current)
    consent = [c for c in contacts if c.consent]
    assert 0.7 < len(consent) / len(contacts) < 0.97
    assert all(c.consent_date for c in consent)
    assert all(c.email and "@" in c.email for c in contacts)
    # invented people never get an address at a real domain
    assert all(c.email.endswith(".example") for c in contacts)
    logged = {e.organisation_id for e in log}
    assert 0.6 <= len(logged & {o.id for o in current}) / len(current) <= 0.8
    assert all(TODAY.year - 2 <= e.contact_date.year and e.contact_date <= TODAY for e in log)


def test_areas_pillars_and_participation(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        areas = s.scalars(select(CompetenceArea)).all()
        pillars = s.scalars(select(StrategicPillar)).all()
        objectives = s.scalars(select(PillarObjective)).all()
        kpis = s.scalars(select(KpiValue)).all()
        current = _members_on(s, TODAY)
        active = {
            p.organisation_id
            for a in areas
            for p in a.participations
            if p.from_date <= TODAY and (p.to_date is None or p.to_date > TODAY)
        }
        ended = [p for a in areas for p in a.participations if p.to_date is not None]
        area_pillars = {a.name: {p.name for p in a.pillars} for a in areas}
    assert sorted(a.name for a in areas) == sorted(
        [
            "Smart Energy Systems",
            "Sustainable Manufacturing",
            "Green Building",
            "Water-Energy Nexus",
            "Clean Air",
            "Circular Economy",
        ]
    )
    assert all(a.coordinator and a.meetings_per_year for a in areas)
    assert sorted(p.name for p in pillars) == sorted(
        ["CO2 reduction", "Hydrogen", "Industrial symbiosis", "Digitalisation"]
    )
    assert all(p.period_start == 2021 and p.period_end == 2027 for p in pillars)
    assert len(objectives) == 8 and all(o.kpi_name and o.kpi_unit for o in objectives)
    assert len(kpis) == 8 * len(YEARS)
    assert all(area_pillars.values())
    assert 0.7 <= len(active & {o.id for o in current}) / len(current) <= 0.9
    assert ended


def test_projects(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        projects = s.scalars(select(Project)).all()
        partners = s.scalars(select(ProjectPartner)).all()
        with_links = {p.acronym: (len(p.areas), len(p.pillars)) for p in projects}
    assert 18 <= len(projects) <= 22
    programmes = {p.programme for p in projects}
    assert {
        "H2020 INNOSUP",
        "COSME",
        "FP7",
        "EMFF",
        "LIFE",
        "Horizon Europe",
        "Interreg Alpine Space",
        "PR FESR Lombardia 2021-2027",
    } <= programmes
    assert len({p.status for p in projects}) == 6
    per_project = Counter(p.project_id for p in partners)
    assert all(2 <= per_project[p.id] <= 8 for p in projects)
    assert any(p.organisation_id is None and p.external_country for p in partners)
    assert sum(p.organisation_id is not None for p in partners) > len(partners) / 2
    assert all(a and b for a, b in with_links.values())
    for p in projects:
        if p.total_budget is not None and p.cluster_budget is not None:
            assert p.cluster_budget <= p.total_budget
        if p.start_date and p.end_date:
            assert p.start_date < p.end_date


def test_activities(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        activities = s.scalars(select(Activity)).all()
        participants = s.scalars(select(ActivityParticipant)).all()
    per_year = Counter(a.start_date.year for a in activities)
    for year in YEARS[:-1]:
        assert 25 <= per_year[year] <= 40
    assert all(a.start_date <= TODAY for a in activities)
    assert len({a.activity_type for a in activities}) >= 8
    members = Counter(p.activity_id for p in participants if p.organisation_id is not None)
    assert all(3 <= members[a.id] <= 40 for a in activities)
    assert any(p.organisation_id is None and p.external_organisation for p in participants)
    assert any(a.anonymous_participants > 0 for a in activities)


def test_profile_labels_staff_and_recognition(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        profile = s.get(ClusterProfile, 1)
        labels = s.scalars(select(Label)).all()
        staff = s.scalars(select(StaffMember)).all()
        bodies = s.scalars(select(GovernanceBody)).all()
        media = s.scalars(select(MediaItem)).all()
        stories = s.scalars(select(SuccessStory)).all()
        recognitions = s.scalars(select(Recognition)).all()
        values = s.scalars(select(IndicatorValue)).all()
    assert profile is not None
    assert profile.founding_date == date(2009, 3, 23)
    assert profile.nuts2 == "ITC4" and profile.website_en and profile.eccp_url
    assert profile.planned_yearly_budget and profile.planned_yearly_budget > 0
    gold = [lb for lb in labels if lb.level == LabelLevel.GOLD]
    assert len(gold) == 1 and gold[0].valid_until and gold[0].valid_until > TODAY
    assert {lb.level for lb in labels} == {LabelLevel.BRONZE, LabelLevel.SILVER, LabelLevel.GOLD}
    assert 4 <= len(staff) <= 6
    assert any(m.end_date is not None for m in staff)
    assert all(Decimal("0.5") <= m.fte <= 1 for m in staff)
    assert len(bodies) == 3
    media_years = Counter(m.item_date.year for m in media)
    assert all(6 <= media_years[y] <= 12 for y in YEARS[:-1])
    assert len(stories) >= 2 * len(YEARS)
    assert any(r.kind == "eccp_profile" for r in recognitions)
    assert {(v.indicator_id, v.year) for v in values} == {
        (i, y) for i in ("2.2.2", "4.4", "4.6.1") for y in (TODAY.year - 2, TODAY.year - 1)
    }
    assert all(v.note for v in values)


def test_history_is_recorded_as_demo(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        sources = dict(
            s.execute(select(AuditEntry.source, func.count()).group_by(AuditEntry.source)).all()
        )
    assert set(sources) == {"demo"}
    assert sources["demo"] > 1000


# --------------------------------------------------------------------------- determinism


def test_same_seed_gives_identical_data(tmp_path: Path) -> None:
    first, second = _open(tmp_path / "a.db"), _open(tmp_path / "b.db")
    build_demo(first, seed=11, today=TODAY)
    build_demo(second, seed=11, today=TODAY)
    assert _dump(first) == _dump(second)


def test_different_seed_gives_different_data(tmp_path: Path, demo_db: Database) -> None:
    other = _open(tmp_path / "c.db")
    summary = build_demo(other, seed=12, today=TODAY)
    assert summary.members_now == 140 and summary.companies_now == 108
    a, b = _dump(demo_db), _dump(other)
    assert [r.name for r in a["orgs"]] != [r.name for r in b["orgs"]]
    assert [r.vat for r in a["orgs"]] != [r.vat for r in b["orgs"]]
    assert [r.acronym for r in a["projects"]] == [r.acronym for r in b["projects"]]


def test_summary_and_progress(tmp_path: Path) -> None:
    db = _open(tmp_path / "p.db")
    calls: list[tuple[int, int]] = []
    summary = build_demo(db, today=date(2024, 3, 10), progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert summary.members_now == 140 and summary.companies_now == 108
    assert summary.years == (2020, 2021, 2022, 2023, 2024)
    assert summary.former_members >= 12 and summary.projects >= 18
    assert "140 members today" in str(summary)


# --------------------------------------------------------------------------- refusal


def test_refuses_a_database_that_holds_data(tmp_path: Path, demo_db: Database) -> None:
    with pytest.raises(WorkbenchError) as info:
        build_demo(demo_db, today=TODAY)
    assert str(info.value) == NOT_EMPTY_MESSAGE
    with pytest.raises(WorkbenchError):
        build_synthetic(demo_db, members=10, projects=1, today=TODAY)
    db = _open(tmp_path / "one.db")
    with db.session_factory.begin() as s:
        s.add(Organisation(name="Solo S.r.l.", org_type=OrgType.COMPANY))
    with pytest.raises(WorkbenchError, match="already holds data"):
        build_demo(db, today=TODAY)
    with db.session_factory() as s:
        assert s.scalar(select(func.count(Organisation.id))) == 1  # nothing was added


def test_refuses_a_date_before_2022(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError):
        build_demo(_open(tmp_path / "early.db"), today=date(2019, 1, 1))


# --------------------------------------------------------------------------- synthetic


def test_synthetic_database_is_complete(tmp_path: Path) -> None:
    # How fast it builds is measured by benchmarks/bench_core.py, not asserted here.
    db = _open(tmp_path / "synthetic.db")
    summary = build_synthetic(db, members=300, projects=20, today=TODAY)
    assert summary.organisations == 300
    assert 240 <= summary.members_now <= 300
    assert summary.projects == 20 and summary.activities == 2000
    assert summary.contacts == 300 and summary.fees > 300 * 3 and summary.size_data > 0
    with db.session_factory() as s:
        orgs = s.scalars(select(Organisation)).all()
        size = s.scalars(select(SizeData).limit(1)).one()
        fee = s.scalars(select(Fee).limit(1)).one()
        assert s.get(ClusterProfile, 1) is not None
        assert s.scalar(select(func.count(CompetenceArea.id))) == 6
        assert s.scalar(select(func.count(AuditEntry.id))) == 0  # history off for speed
        partners = s.scalar(select(func.count(ProjectPartner.id)))
    assert partners and partners >= 2 * 20
    vats = [o.vat for o in orgs if o.vat]
    assert len(vats) == len(set(vats)) and all(iva.is_valid(v[2:]) for v in vats)
    assert all(o.version == 1 and o.created_at is not None and o.search_key for o in orgs)
    assert isinstance(size.turnover, Decimal) and isinstance(size.staff_awu, Decimal)
    assert isinstance(fee.amount_due, Decimal)
    assert fee.amount_due in {
        Decimal(300),
        Decimal(600),
        Decimal(1200),
        Decimal(3000),
        Decimal(1000),
    }
    assert size.turnover == size.turnover.quantize(Decimal(1000))  # scaled cents round-trip


def test_synthetic_is_deterministic(tmp_path: Path) -> None:
    first, second = _open(tmp_path / "s1.db"), _open(tmp_path / "s2.db")
    build_synthetic(first, members=120, projects=5, seed=3, today=TODAY)
    build_synthetic(second, members=120, projects=5, seed=3, today=TODAY)
    assert _dump(first) == _dump(second)
