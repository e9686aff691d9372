"""The large synthetic database for benchmarks (:func:`build_synthetic`), bulk inserts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session
from stdnum import luhn

from workbench.db import Database
from workbench.demo.catalogue import (
    ACTIVITY_WEIGHTS,
    AREA_TOPICS,
    AREAS,
    EXTERNAL_PARTNERS,
    EXTERNAL_PEOPLE_ORGS,
    LOCATIONS,
)
from workbench.demo.cluster import DemoBuilder
from workbench.demo.common import DemoSummary, Progress, check_today, refuse_non_empty, summarise
from workbench.demo.generators import (
    day_between,
    log_uniform,
    lombard_place,
    mobile_number,
    other_place,
    personal_email,
    phone_number,
    random_series,
    round_to,
    slug,
)
from workbench.demo.names import (
    ADJECTIVES,
    COMPANY_ROLES,
    FEMININE_ROOTS,
    FIRST_NAMES,
    LEAVE_REASONS,
    LOMBARDY,
    NACE_COMPANY,
    ROOTS,
    STREETS,
    SURNAMES,
)
from workbench.models import (
    Activity,
    ActivityParticipant,
    AreaParticipation,
    Contact,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
    SizeData,
    SmeClass,
    project_area,
    project_pillar,
    utcnow,
)
from workbench.services.base import validate_rows
from workbench.services.member_validation import ValidationCache, search_key_for


def _stamp(user: str) -> dict[str, Any]:
    now = utcnow()
    return {"version": 1, "created_at": now, "updated_at": now, "updated_by": user}


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]], chunk: int = 20_000) -> None:
    """Insert *rows*; a model's rows are validated first, as every record written is."""
    if not isinstance(model, Table):
        validate_rows(session, model, rows)
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        if part:
            target = model if isinstance(model, Table) else model.__table__
            session.execute(insert(target), part)


_SYNTH_TYPES: tuple[tuple[OrgType, int], ...] = (
    (OrgType.COMPANY, 77),
    (OrgType.UNIVERSITY, 2),
    (OrgType.RESEARCH_ORG, 3),
    (OrgType.TECHNOLOGY_CENTRE, 1),
    (OrgType.PUBLIC_BODY, 4),
    (OrgType.ASSOCIATION, 10),
    (OrgType.FINANCIAL_INSTITUTION, 3),
)
_SYNTH_CLASSES = (SmeClass.MICRO, SmeClass.SMALL, SmeClass.MEDIUM, SmeClass.LARGE)
_SYNTH_CLASS_WEIGHTS = (45, 30, 15, 10)
_SYNTH_PROGRAMMES = (
    "H2020 INNOSUP",
    "COSME",
    "Interreg Alpine Space",
    "Interreg Central Europe",
    "Interreg Italia-Svizzera",
    "LIFE",
    "Horizon Europe",
    "EMFF",
    "FP7",
    "POR FESR Lombardia 2014-2020",
    "PR FESR Lombardia 2021-2027",
    "Bando Regione Lombardia Call Hub",
)


def build_synthetic(
    db: Database,
    *,
    members: int = 10_000,
    projects: int = 500,
    seed: int = 7,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a large synthetic cluster for benchmarks.

    The demo's profile, areas and pillars plus *members* organisations (about 90 % members
    today, the rest former members, a few re-joiners) with five years of fees and size data, one
    contact each, area participations, *projects* projects with partners and about 2,000
    activities with participants. Rows are written with bulk inserts and without history.

    Args:
        db: an open, empty database.
        members: number of organisations.
        projects: number of projects.
        seed: random seed (deterministic like :func:`build_demo`).
        today: the "as of" day (default: the real today).
        progress: called as ``progress(done, total)`` after each step.

    Raises:
        WorkbenchError: if the database already holds organisations or a cluster profile.
    """
    day = check_today(today)
    steps = 7
    with db.session_factory.begin() as session:
        session.info["source"] = "demo"
        session.info["user"] = db.user
        session.info["history"] = False
        refuse_non_empty(session)
        builder = DemoBuilder(session, seed, day, None)
        builder.profile()
        builder.strategy()
        session.flush()
        _report(progress, 1, steps)
        synth = _Synthetic(session, builder, members, projects, db.user)
        synth.organisations()
        _report(progress, 2, steps)
        synth.facts()
        _report(progress, 3, steps)
        synth.areas_()
        _report(progress, 4, steps)
        synth.projects_()
        _report(progress, 5, steps)
        synth.activities()
        _report(progress, 6, steps)
        if session.get_bind().dialect.name == "postgresql":
            # Explicit ids were inserted: move the serial sequences past them.
            from workbench.models import Base
            from workbench.services.backup import reset_sequences

            reset_sequences(session.connection(), list(Base.metadata.sorted_tables))
        summary = summarise(session, day, builder.years)
        _report(progress, 7, steps)
        return summary


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


@dataclass
class _SynthOrg:
    id: int
    org_type: OrgType
    cls: SmeClass | None
    periods: list[tuple[date, date | None]]


class _Synthetic:
    """Row dictionaries for the synthetic database, written with Core bulk inserts."""

    def __init__(
        self, session: Session, builder: DemoBuilder, members: int, projects: int, user: str
    ) -> None:
        self.s = session
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.years = builder.years
        self.n = members
        self.n_projects = projects
        self.stamp = _stamp(user)
        self.orgs: list[_SynthOrg] = []
        self.by_join: list[tuple[date, int]] = []

    def organisations(self) -> None:
        rng = self.rng
        types = [t for t, _w in _SYNTH_TYPES]
        type_weights = [w for _t, w in _SYNTH_TYPES]
        numbers = rng.sample(range(1_000_000, 9_999_999), self.n)
        rows: list[dict[str, Any]] = []
        periods: list[dict[str, Any]] = []
        used: dict[str, int] = {}
        early, recent = date(2009, 4, 1), date(self.b.year - 8, 1, 1)
        last_join = self.today - timedelta(days=10)
        for i in range(self.n):
            org_id = i + 1
            kind = rng.choices(types, type_weights)[0]
            cls = (
                rng.choices(_SYNTH_CLASSES, _SYNTH_CLASS_WEIGHTS)[0] if kind.is_enterprise else None
            )
            if kind is OrgType.COMPANY:
                base = (
                    f"{rng.choice(SURNAMES)} {rng.choice(ROOTS)}"
                    if rng.random() < 0.5
                    else f"{rng.choice(FEMININE_ROOTS)} {rng.choice(ADJECTIVES)}"
                )
                suffix = " S.p.A." if cls in (SmeClass.LARGE, SmeClass.MEDIUM) else " S.r.l."
            else:
                base = {
                    OrgType.UNIVERSITY: "Università di {c}",
                    OrgType.RESEARCH_ORG: "Istituto di Ricerca Energetica di {c}",
                    OrgType.TECHNOLOGY_CENTRE: "Centro Tecnologico di {c}",
                    OrgType.PUBLIC_BODY: "Comune di {c}",
                    OrgType.ASSOCIATION: "Associazione Imprese Energia {c}",
                    OrgType.FINANCIAL_INSTITUTION: "Banca di Credito Cooperativo di {c}",
                }[kind].format(c=rng.choice(LOMBARDY)[0])
                suffix = ""
            seen = used.get(base, 0)
            used[base] = seen + 1
            name = f"{base}{' ' + str(seen + 1) if seen else ''}{suffix}"
            place = lombard_place(rng) if rng.random() < 0.94 else other_place(rng)
            base_digits = f"{numbers[i]}{place.vat_office}"
            vat = (
                "IT" + base_digits + luhn.calc_check_digit(base_digits)
                if rng.random() < 0.98
                else None
            )
            domain = f"{slug(name)}{org_id}.it"
            rows.append(
                {
                    "id": org_id,
                    "name": name,
                    "legal_name": None,
                    "vat": vat,
                    "fiscal_code": vat[2:] if vat else None,
                    "org_type": kind,
                    "nace": rng.choice(NACE_COMPANY),
                    "address": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                    "postcode": place.postcode,
                    "city": place.city,
                    "province": place.province,
                    "region": place.region,
                    "nuts2": place.nuts2,
                    "country": "IT",
                    "website": f"https://www.{domain}",
                    "email": f"info@{domain}",
                    "phone": phone_number(rng, place.phone_prefix),
                    "is_external": False,
                    "search_key": search_key_for(name, None, place.city, vat),
                    **self.stamp,
                }
            )
            roll = rng.random()
            join = (
                day_between(rng, recent, last_join)
                if rng.random() < 0.7
                else day_between(rng, early, recent)
            )
            spans: list[tuple[date, date | None]]
            if roll < 0.10 and join < self.today - timedelta(days=400):  # former member
                leave = day_between(
                    rng, max(join + timedelta(days=365), date(self.b.year - 4, 1, 1)), self.today
                )
                spans = [(join, leave)] if leave > join else [(join, None)]
            elif roll < 0.13 and join < date(self.b.year - 5, 1, 1):  # re-joiner
                leave = day_between(rng, join + timedelta(days=365), date(self.b.year - 3, 6, 30))
                spans = [
                    (join, leave),
                    (day_between(rng, leave + timedelta(days=60), last_join), None),
                ]
            else:
                spans = [(join, None)]
            for start, end in spans:
                periods.append(
                    {
                        "organisation_id": org_id,
                        "join_date": start,
                        "leave_date": end,
                        "leave_reason": rng.choice(LEAVE_REASONS) if end else None,
                        "category": "ordinario",
                        "agreement_signed": rng.random() < 0.92,
                        "commitment_evidence": None,
                        **self.stamp,
                    }
                )
            self.orgs.append(_SynthOrg(org_id, kind, cls, spans))
            self.by_join.append((spans[0][0], org_id))
        # The validators' questions (is this VAT taken? which periods has it?) answered in a
        # few set-based queries instead of one query per row.
        self.s.info[ValidationCache.KEY] = ValidationCache.load(
            self.s, (r["vat"] for r in rows if r["vat"]), (r["id"] for r in rows)
        )
        _bulk(self.s, Organisation, rows)
        _bulk(self.s, MembershipPeriod, periods)
        self.by_join.sort()

    def facts(self) -> None:
        rng = self.rng
        fees: list[dict[str, Any]] = []
        sizes: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        dues = {
            SmeClass.MICRO: Decimal(300),
            SmeClass.SMALL: Decimal(600),
            SmeClass.MEDIUM: Decimal(1200),
            SmeClass.LARGE: Decimal(3000),
        }
        for org in self.orgs:
            active_years = [
                y
                for y in self.years
                if any(
                    s <= date(y, 12, 31) and (e is None or e > date(y, 1, 1))
                    for s, e in org.periods
                )
            ]
            due = dues[org.cls] if org.cls else Decimal(1000)
            for year in active_years:
                paid = rng.random() < (0.8 if year == self.b.year else 0.94)
                when = date(year, 1, 15) + timedelta(days=rng.randint(0, 110))
                paid = paid and when <= self.today
                fees.append(
                    {
                        "organisation_id": org.id,
                        "year": year,
                        "amount_due": due,
                        "amount_paid": due if paid else Decimal(0),
                        "paid_date": when if paid else None,
                        **self.stamp,
                    }
                )
            if org.cls is not None and rng.random() < 0.95 and active_years:
                series = random_series(rng, org.cls, len(active_years))
                for year, (staff, turnover, balance) in zip(active_years, series, strict=True):
                    sizes.append(
                        {
                            "organisation_id": org.id,
                            "year": year,
                            "staff_awu": staff,
                            "turnover": turnover,
                            "balance_sheet": balance,
                            "public_control_pct": None,
                            "source": f"Bilancio {year}",
                            **self.stamp,
                        }
                    )
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            consent = rng.random() < 0.85
            contacts.append(
                {
                    "organisation_id": org.id,
                    "first_name": first,
                    "last_name": last,
                    "role": rng.choice(COMPANY_ROLES),
                    "email": personal_email(first, last, f"org{org.id}.it"),
                    "phone": mobile_number(rng),
                    "is_primary": True,
                    "consent": consent,
                    "consent_date": org.periods[0][0] if consent else None,
                    "notes": None,
                    **self.stamp,
                }
            )
        _bulk(self.s, Fee, fees)
        _bulk(self.s, SizeData, sizes)
        _bulk(self.s, Contact, contacts)

    def areas_(self) -> None:
        rng = self.rng
        area_ids = [a.id for a in self.b.areas.values()]
        rows: list[dict[str, Any]] = []
        for org in self.orgs:
            if rng.random() > 0.75:
                continue
            start, end = org.periods[-1]
            for area_id in rng.sample(area_ids, rng.choice((1, 1, 2))):
                rows.append(
                    {
                        "area_id": area_id,
                        "organisation_id": org.id,
                        "from_date": start,
                        "to_date": end,
                        "role": None,
                        **self.stamp,
                    }
                )
        _bulk(self.s, AreaParticipation, rows)

    def _members_on(self, day: date) -> list[int]:
        """Ids of organisations that are members on *day*."""
        cut = bisect.bisect_right(self.by_join, (day, 1 << 62))
        out = []
        for _join, org_id in self.by_join[:cut]:
            org = self.orgs[org_id - 1]
            if any(s <= day and (e is None or e > day) for s, e in org.periods):
                out.append(org_id)
        return out

    def _sample_members(self, day: date, k: int, cache: dict[date, list[int]]) -> list[int]:
        key = day.replace(day=1)
        if key not in cache:
            cache[key] = self._members_on(key)
        pool = cache[key]
        return self.rng.sample(pool, min(k, len(pool)))

    def projects_(self) -> None:
        rng = self.rng
        statuses = list(ProjectStatus)
        area_ids = [a.id for a in self.b.areas.values()]
        pillar_ids = [p.id for p in self.b.pillars.values()]
        rows: list[dict[str, Any]] = []
        partners: list[dict[str, Any]] = []
        links_a: list[dict[str, Any]] = []
        links_p: list[dict[str, Any]] = []
        cache: dict[date, list[int]] = {}
        first = date(self.b.year - 4, 1, 1)
        for i in range(self.n_projects):
            project_id = i + 1
            status = rng.choice(statuses)
            start = day_between(rng, first, self.today)
            total = round_to(log_uniform(rng, 80_000, 9_000_000), 1_000)
            cluster = round_to(float(total) * rng.uniform(0.04, 0.25), 1_000)
            rows.append(
                {
                    "id": project_id,
                    "acronym": f"SYN-{project_id:04d}",
                    "title": f"Synthetic project {project_id} on "
                    f"{rng.choice(AREA_TOPICS[rng.choice(AREAS)[0]])}",
                    "programme": rng.choice(_SYNTH_PROGRAMMES),
                    "call_id": None,
                    "status": status,
                    "cluster_role": rng.choice((ProjectRole.COORDINATOR, ProjectRole.PARTNER)),
                    "start_date": start,
                    "end_date": start + timedelta(days=rng.randint(365, 1460)),
                    "total_budget": total,
                    "cluster_budget": cluster,
                    "eu_contribution": round_to(float(total) * 0.7, 1_000),
                    "cordis_id": None,
                    "website": None,
                    "description": None,
                    **self.stamp,
                }
            )
            n = rng.randint(2, 8)
            for org_id in self._sample_members(start, n - 1, cache):
                partners.append(
                    {
                        "project_id": project_id,
                        "organisation_id": org_id,
                        "external_name": None,
                        "external_country": None,
                        "role": ProjectRole.PARTNER,
                        "budget": round_to(float(total - cluster) / n, 1_000),
                        "contribution": None,
                        **self.stamp,
                    }
                )
            name, country = rng.choice(EXTERNAL_PARTNERS)
            partners.append(
                {
                    "project_id": project_id,
                    "organisation_id": None,
                    "external_name": name,
                    "external_country": country,
                    "role": ProjectRole.PARTNER,
                    "budget": None,
                    "contribution": None,
                    **self.stamp,
                }
            )
            for area_id in rng.sample(area_ids, rng.randint(1, 2)):
                links_a.append({"project_id": project_id, "area_id": area_id})
            for pillar_id in rng.sample(pillar_ids, rng.randint(1, 2)):
                links_p.append({"project_id": project_id, "pillar_id": pillar_id})
        _bulk(self.s, Project, rows)
        _bulk(self.s, ProjectPartner, partners)
        _bulk(self.s, project_area, links_a)
        _bulk(self.s, project_pillar, links_p)

    def activities(self) -> None:
        rng = self.rng
        types = [t for t, _w in ACTIVITY_WEIGHTS]
        weights = [w for _t, w in ACTIVITY_WEIGHTS]
        area_ids = [a.id for a in self.b.areas.values()]
        rows: list[dict[str, Any]] = []
        people: list[dict[str, Any]] = []
        cache: dict[date, list[int]] = {}
        first = date(self.b.year - 4, 1, 1)
        days = sorted(day_between(rng, first, self.today) for _ in range(2_000))
        for i, day in enumerate(days):
            activity_id = i + 1
            kind = rng.choices(types, weights)[0]
            rows.append(
                {
                    "id": activity_id,
                    "title": f"{kind.value.replace('_', ' ').capitalize()} {activity_id}",
                    "activity_type": kind,
                    "start_date": day,
                    "end_date": None,
                    "location": rng.choice(LOCATIONS),
                    "description": None,
                    "anonymous_participants": rng.choice((0, 0, 10, 40)),
                    "area_id": rng.choice(area_ids),
                    **self.stamp,
                }
            )
            for org_id in self._sample_members(day, rng.randint(3, 40), cache):
                people.append(
                    {
                        "activity_id": activity_id,
                        "organisation_id": org_id,
                        "external_organisation": None,
                        "person_name": None,
                        "email": None,
                        **self.stamp,
                    }
                )
            if rng.random() < 0.3:
                people.append(
                    {
                        "activity_id": activity_id,
                        "organisation_id": None,
                        "external_organisation": rng.choice(EXTERNAL_PEOPLE_ORGS),
                        "person_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                        "email": None,
                        **self.stamp,
                    }
                )
        _bulk(self.s, Activity, rows)
        _bulk(self.s, ActivityParticipant, people)
