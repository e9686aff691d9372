"""Demo steps: the member organisations, their size data, fees and contacts; areas, contact log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from workbench import sme
from workbench.demo.catalogue import (
    AREAS,
    ASSOCIATIONS,
    BANKS,
    FORMER_ASSOCIATION,
    PROGRAMME_INFO,
    PUBLIC,
    RESEARCH,
    Institution,
)
from workbench.demo.cluster_state import ClusterState, OrgSpec, Period, StaffSpec
from workbench.demo.common import FOUNDING_DATE
from workbench.demo.generators import (
    PATTERN_CLASS,
    SIZE_SERIES,
    day_between,
    italian_vat,
    lombard_place,
    mobile_number,
    nonprofit_fiscal_code,
    other_place,
    pattern_series,
    personal_email,
    phone_number,
    place_for,
    random_series,
    slug,
)
from workbench.demo.names import (
    ACCENTED_NAMES,
    ADJECTIVES,
    ASSOCIATION_ROLES,
    BANK_ROLES,
    BRAND_PREFIXES,
    BRAND_SUFFIXES,
    COMPANY_ROLES,
    FEMININE_ROOTS,
    FIRST_NAMES,
    LEAVE_REASONS,
    NACE_COMPANY,
    PUBLIC_ROLES,
    RESEARCH_ROLES,
    ROOTS,
    STREETS,
    SURNAMES,
)
from workbench.models import (
    AreaParticipation,
    Contact,
    ContactChannel,
    ContactLogEntry,
    EnterpriseRelation,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    SizeData,
    SizeLink,
    SmeClass,
)
from workbench.services.member_validation import search_key_for
from workbench.text import fold_for_search


class MemberSteps(ClusterState):
    """The steps that plan and write the members, their area participations and contacts."""

    # ------------------------------------------------------------------ organisations

    def _unique(self, name: str) -> bool:
        key = fold_for_search(name)
        if key in self.used_names:
            return False
        self.used_names.add(key)
        return True

    def _company_name(self, cls: SmeClass | None) -> str:
        rng = self.rng
        while True:
            kind = rng.random()
            surname = rng.choice(SURNAMES)
            if kind < 0.28:
                base = f"{surname} {rng.choice(ROOTS)}"
            elif kind < 0.50:
                base = f"{rng.choice(FEMININE_ROOTS)} {rng.choice(ADJECTIVES)}"
            elif kind < 0.68:
                base = f"{rng.choice(BRAND_PREFIXES)}{rng.choice(BRAND_SUFFIXES)}"
            elif kind < 0.80:
                base = f"{rng.choice(ROOTS)} {surname}"
            elif kind < 0.90:
                other = rng.choice(SURNAMES)
                if other == surname:
                    continue
                base = f"{surname} & {other}"
            else:
                base = f"Fratelli {surname}"
            form = self._legal_form(cls)
            name = f"{base} {form}"
            if self._unique(name) and self._unique(base):
                return name

    def _legal_form(self, cls: SmeClass | None) -> str:
        roll = self.rng.random()
        if cls is SmeClass.LARGE:
            return "S.p.A."
        if cls is SmeClass.MEDIUM:
            return "S.p.A." if roll < 0.5 else "S.r.l."
        if cls is SmeClass.MICRO:
            if roll < 0.6:
                return "S.r.l."
            if roll < 0.8:
                return "S.r.l.s."
            return "S.n.c." if roll < 0.9 else "Soc. Coop."
        if roll < 0.8:
            return "S.r.l."
        return "Soc. Coop." if roll < 0.9 else "S.p.A."

    def _join_date(self) -> date:
        """Join date of a current member: most joined in the last eight years."""
        if self.rng.random() < 0.7:
            return day_between(self.rng, date(self.year - 8, 1, 1), self.today - timedelta(days=20))
        return day_between(self.rng, date(2009, 4, 1), date(self.year - 9, 12, 31))

    def _member_period(self, spec: OrgSpec) -> None:
        rng = self.rng
        if spec.founder:
            join = FOUNDING_DATE
            category = "fondatore"
        else:
            join = self._join_date()
            category = "ordinario"
        if spec.org_type is OrgType.FINANCIAL_INSTITUTION or (
            spec.pattern in ("large", "public") and rng.random() < 0.6
        ):
            category = "sostenitore"
        spec.periods = [Period(join, category=category, signed=rng.random() < 0.92)]

    def organisations(self) -> None:
        rng = self.rng
        # 108 current companies: 100 with size data, 8 without.
        patterns: list[str] = (
            list(PATTERN_CLASS)
            + ["grow_micro_small"]  # two firms grow from micro to small
            + ["micro"] * 44
            + ["small"] * 25
            + ["medium"] * 14
            + ["large"] * 8
        )
        rng.shuffle(patterns)
        companies: list[OrgSpec] = []
        for pattern in patterns:
            if pattern == "public":
                name = "Società Elettrica Valtellinese S.p.A."
                self._unique(name)
                spec = OrgSpec(
                    name,
                    OrgType.COMPANY,
                    lombard_place(rng, "Sondrio"),
                    pattern=pattern,
                    nace="35.11",
                    legal_name="Società Elettrica Valtellinese S.p.A. "
                    "(partecipata dai Comuni della Valtellina)",
                )
            else:
                cls = PATTERN_CLASS.get(pattern) or SmeClass(pattern)
                spec = OrgSpec(
                    self._company_name(cls), OrgType.COMPANY, lombard_place(rng), pattern=pattern
                )
            companies.append(spec)
        for _ in range(8):
            companies.append(
                OrgSpec(
                    self._company_name(SmeClass.SMALL),
                    OrgType.COMPANY,
                    lombard_place(rng),
                    pattern=None,
                )
            )
        plain = [c for c in companies if c.pattern in ("micro", "small")]
        # accented names replace some generated ones
        for spec, name in zip(rng.sample(plain, len(ACCENTED_NAMES)), ACCENTED_NAMES, strict=True):
            self.used_names.discard(fold_for_search(spec.name))
            self._unique(name)
            spec.name = name
        others = [c for c in plain if c.name not in ACCENTED_NAMES]
        picked = rng.sample(others, 13)
        for spec in picked[:7]:  # members outside Lombardy
            spec.place = other_place(rng)
        for spec in picked[7:10]:  # companies without a VAT number on file
            spec.has_vat = False
        founders = rng.sample([c for c in companies if c.pattern != "micro"], 6)
        for spec in founders:
            spec.founder = True
        rejoiners = picked[10:13]
        for spec in companies:
            self._member_period(spec)
        for spec in rejoiners:
            first_join = day_between(rng, date(2011, 1, 1), date(2015, 12, 31))
            first_leave = day_between(rng, first_join + timedelta(days=700), date(2019, 6, 30))
            rejoin = day_between(
                rng,
                max(date(self.year - 4, 1, 1), first_leave + timedelta(days=90)),
                self.today - timedelta(days=60),
            )
            spec.founder = False
            spec.periods = [
                Period(first_join, first_leave, rng.choice(LEAVE_REASONS[1:4])),
                Period(rejoin, category="ordinario", signed=True),
            ]
        specs = companies
        for inst in RESEARCH + PUBLIC + ASSOCIATIONS:
            spec = self._institution_spec(inst)
            specs.append(spec)
        for name, city, domain, pattern in BANKS:
            self._unique(name)
            spec = OrgSpec(
                name,
                OrgType.FINANCIAL_INSTITUTION,
                lombard_place(rng, city),
                pattern=pattern,
                domain=domain,
                nace="64.19",
                legal_name=("Banca di Credito Cooperativo dell'Adda e del Cremasco Soc. Coop.")
                if pattern == "medium_bank"
                else None,
            )
            self._member_period(spec)
            specs.append(spec)
        specs.extend(self._former_members())
        for spec in specs:
            spec.propensity = rng.choice((0.15, 0.5, 1.0, 1.0, 2.0, 3.0))
        specs.sort(key=lambda sp: (sp.first_join, fold_for_search(sp.name)))
        self.specs = specs

    def _institution_spec(self, inst: Institution) -> OrgSpec:
        self._unique(inst.name)
        spec = OrgSpec(
            inst.name,
            inst.org_type,
            place_for(inst.city, inst.postcode),
            legal_name=inst.legal_name,
            has_vat=inst.has_vat,
            domain=inst.domain,
            address=inst.address,
            nace=inst.nace,
            founder=inst.founder,
        )
        self._member_period(spec)
        return spec

    def _former_members(self) -> list[OrgSpec]:
        rng = self.rng
        out: list[OrgSpec] = []
        first_possible = date(self.year - 4, 1, 15)
        for i in range(15):
            if i == 14:
                spec = OrgSpec(
                    FORMER_ASSOCIATION.name,
                    OrgType.ASSOCIATION,
                    lombard_place(rng, "Milano"),
                    domain=FORMER_ASSOCIATION.domain,
                    address=FORMER_ASSOCIATION.address,
                    nace=FORMER_ASSOCIATION.nace,
                )
                self._unique(spec.name)
            else:
                cls = rng.choice(
                    (
                        SmeClass.MICRO,
                        SmeClass.MICRO,
                        SmeClass.SMALL,
                        SmeClass.SMALL,
                        SmeClass.MEDIUM,
                    )
                )
                spec = OrgSpec(
                    self._company_name(cls),
                    OrgType.COMPANY,
                    lombard_place(rng),
                    pattern=cls.value if i != 13 else None,
                )
            leave = day_between(rng, first_possible, self.today - timedelta(days=10))
            join = day_between(rng, date(2009, 6, 1), leave - timedelta(days=400))
            spec.periods = [
                Period(join, leave, rng.choice(LEAVE_REASONS), signed=rng.random() < 0.85)
            ]
            out.append(spec)
        return out

    # ------------------------------------------------------------------ writing organisations

    def write_organisations(self) -> None:
        rng = self.rng
        override_reason = (
            f"The parent company's 55 % stake was sold to the founders in {self.year - 1} "
            "(deed on file); the size records still list the group."
        )
        for spec in self.specs:
            domain = spec.domain or f"{slug(spec.name)}.it"
            vat = italian_vat(rng, spec.place.vat_office, self.used_vats) if spec.has_vat else None
            fiscal: str | None = vat[2:] if vat else None
            if not spec.has_vat and spec.org_type is not OrgType.COMPANY:
                fiscal = nonprofit_fiscal_code(rng, spec.place.vat_office, self.used_codes)
            address = spec.address or f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
            org = Organisation(
                name=spec.name,
                legal_name=spec.legal_name,
                vat=vat,
                fiscal_code=fiscal,
                org_type=spec.org_type,
                nace=spec.nace or rng.choice(NACE_COMPANY),
                address=address,
                postcode=spec.place.postcode,
                city=spec.place.city,
                province=spec.place.province,
                region=spec.place.region,
                nuts2=spec.place.nuts2,
                country="IT",
                website=f"https://www.{domain}" if rng.random() < 0.96 else None,
                email=f"info@{domain}",
                phone=phone_number(rng, spec.place.phone_prefix),
                is_external=False,
                search_key=search_key_for(spec.name, spec.legal_name, spec.place.city, vat),
            )
            if spec.pattern == "override":
                org.sme_override = SmeClass.SMALL
                org.sme_override_reason = override_reason
            spec.org = org
            for period in spec.periods:
                org.memberships.append(
                    MembershipPeriod(
                        join_date=period.join,
                        leave_date=period.leave,
                        leave_reason=period.reason,
                        category=period.category,
                        agreement_signed=period.signed,
                        commitment_evidence=(
                            f"Domanda di adesione firmata il {period.join:%d/%m/%Y}"
                            if period.signed
                            else None
                        ),
                    )
                )
            self._size_data(spec, org)
            self._fees(spec, org)
            self._contacts(spec, org, domain)
            self.s.add(org)

    def _size_data(self, spec: OrgSpec, org: Organisation) -> None:
        if spec.pattern is None or not spec.org_type.is_enterprise:
            return
        rng = self.rng
        leave = spec.last_leave
        years = [y for y in self.years if leave is None or y <= leave.year]
        if not years:
            return
        if spec.pattern in SIZE_SERIES:
            series = pattern_series(rng, spec.pattern, len(self.years))[: len(years)]
        else:
            series = random_series(rng, SmeClass(spec.pattern), len(years))
        public_pct = Decimal("30.00") if spec.pattern == "public" else None
        for year, (staff, turnover, balance) in zip(years, series, strict=True):
            size = SizeData(
                year=year,
                staff_awu=staff,
                turnover=turnover,
                balance_sheet=balance,
                public_control_pct=public_pct,
                source=rng.choice(
                    (f"Bilancio {year} (Registro Imprese)", f"Dichiarazione del socio {year}")
                ),
            )
            links: list[sme.LinkedEnterprise] = []
            if spec.pattern == "partner":
                links.append(
                    sme.LinkedEnterprise(
                        EnterpriseRelation.PARTNER,
                        Decimal("40"),
                        Decimal("20"),
                        Decimal("6000000"),
                        Decimal("4000000"),
                        "Tecnoservizi Energia S.r.l.",
                    )
                )
            elif spec.pattern in ("linked", "override"):
                parent = (
                    "Gruppo Industriale Padano S.p.A."
                    if spec.pattern == "linked"
                    else "Gruppo Termotecnico Orobico S.p.A."
                )
                share = Decimal("65") if spec.pattern == "linked" else Decimal("55")
                links.append(
                    sme.LinkedEnterprise(
                        EnterpriseRelation.LINKED,
                        share,
                        Decimal("420"),
                        Decimal("140000000"),
                        Decimal("160000000"),
                        parent,
                    )
                )
            for link in links:
                size.links.append(
                    SizeLink(
                        name=link.name,
                        relation=link.relation,
                        share_pct=link.share_pct,
                        staff_awu=link.staff_awu,
                        turnover=link.turnover,
                        balance_sheet=link.balance_sheet,
                    )
                )
            org.size_data.append(size)
            spec.figures.append(
                sme.YearFigures(year, staff, turnover, balance, public_pct, tuple(links))
            )

    def _fee_due(self, spec: OrgSpec, year: int, category: str) -> Decimal:
        kind = spec.org_type
        if category == "sostenitore":
            return Decimal(5000)
        if kind.is_research:
            return Decimal(1000)
        if kind is OrgType.PUBLIC_BODY:
            return Decimal(1500)
        if kind is OrgType.ASSOCIATION:
            return Decimal(800)
        cls = sme.classify(spec.figures, as_of_year=year).sme_class if spec.figures else None
        return {
            SmeClass.MICRO: Decimal(300),
            SmeClass.SMALL: Decimal(600),
            SmeClass.MEDIUM: Decimal(1200),
            SmeClass.LARGE: Decimal(3000),
        }.get(cls or SmeClass.SMALL, Decimal(600))

    def _fees(self, spec: OrgSpec, org: Organisation) -> None:
        rng = self.rng
        for year in self.years:
            if not spec.member_in_year(year):
                continue
            period = next(p for p in reversed(spec.periods) if p.join <= date(year, 12, 31))
            due = self._fee_due(spec, year, period.category)
            leaves_this_year = period.leave is not None and period.leave.year == year
            chance = 0.5 if leaves_this_year else (0.8 if year == self.year else 0.95)
            paid = Decimal(0)
            paid_date: date | None = None
            if rng.random() < chance:
                start = max(period.join, date(year, 1, 15))
                when = start + timedelta(days=rng.randint(0, 110))
                when = min(when, date(year, 12, 20))
                if when <= self.today:
                    paid_date = when
                    paid = due if rng.random() > 0.02 else (due / 2).quantize(Decimal(1))
            org.fees.append(Fee(year=year, amount_due=due, amount_paid=paid, paid_date=paid_date))
            self.fees_paid[year] = self.fees_paid.get(year, Decimal(0)) + paid

    def _contacts(self, spec: OrgSpec, org: Organisation, domain: str) -> None:
        rng = self.rng
        kind = spec.org_type
        if kind is OrgType.COMPANY:
            roles: Sequence[str] = COMPANY_ROLES
        elif kind.is_research:
            roles = RESEARCH_ROLES
        elif kind is OrgType.PUBLIC_BODY:
            roles = PUBLIC_ROLES
        elif kind is OrgType.ASSOCIATION:
            roles = ASSOCIATION_ROLES
        else:
            roles = BANK_ROLES
        count = 1 if spec.last_leave else rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
        for i in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            consent = rng.random() < 0.85
            org.contacts.append(
                Contact(
                    first_name=first,
                    last_name=last,
                    role=rng.choice(roles),
                    email=personal_email(first, last, domain),
                    phone=mobile_number(rng)
                    if rng.random() < 0.5
                    else phone_number(rng, spec.place.phone_prefix),
                    is_primary=i == 0,
                    consent=consent,
                    consent_date=day_between(
                        rng, max(spec.first_join, date(2018, 5, 25)), self.today
                    )
                    if consent
                    else None,
                )
            )

    # ------------------------------------------------------------------ areas and contact log

    def participations(self) -> None:
        rng = self.rng
        codes = [a[0] for a in AREAS]
        area_start = date(2012, 1, 1)
        for spec in self.specs:
            assert spec.org is not None
            current = spec.last_leave is None
            if rng.random() > (0.86 if current else 0.5):
                continue
            n = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
            for code in rng.sample(codes, n):
                start = max(spec.periods[-1].join, area_start)
                to_date = spec.last_leave
                upper = min(start + timedelta(days=400), self.today)
                if to_date is not None:
                    upper = min(upper, to_date - timedelta(days=30))
                if upper < start:
                    continue
                from_date = day_between(rng, start, upper)
                if current and rng.random() < 0.1:
                    to_date = day_between(rng, from_date + timedelta(days=180), self.today)
                    if to_date <= from_date:
                        to_date = None
                role = "coordinatore" if spec.org_type.is_research and rng.random() < 0.3 else None
                self.s.add(
                    AreaParticipation(
                        area=self.areas[code],
                        organisation=spec.org,
                        from_date=from_date,
                        to_date=to_date,
                        role=role,
                    )
                )

    def _staff_on(self, day: date) -> list[StaffSpec]:
        return [s for s in self.staff if s.start <= day and (s.end is None or s.end >= day)]

    def contact_log(self) -> None:
        rng = self.rng
        subjects = (
            "Rinnovo quota associativa",
            "Visita in azienda",
            "Aggiornamento dati dimensionali",
            "Richiesta supporto bando {programme}",
            "Invito al tavolo di lavoro {area}",
            "Follow-up evento",
            "Ricerca partner per progetto europeo",
            "Presentazione servizi di internazionalizzazione",
            "Segnalazione opportunità {programme}",
            "Intervista per success story",
        )
        start = self.today - timedelta(days=730)
        for spec in self.specs:
            assert spec.org is not None
            if not spec.member_on(self.today) or rng.random() > 0.72:
                continue
            for _ in range(rng.randint(1, 5)):
                day = day_between(rng, max(start, spec.periods[-1].join), self.today)
                staff = self._staff_on(day) or self.staff[:1]
                subject = rng.choice(subjects).format(
                    programme=rng.choice(PROGRAMME_INFO), area=rng.choice(AREAS)[1]
                )
                self.s.add(
                    ContactLogEntry(
                        organisation=spec.org,
                        contact_date=day,
                        channel=rng.choice([c for c in ContactChannel if c.is_direct]),
                        subject=subject,
                        staff_name=rng.choice(staff).name,
                    )
                )
