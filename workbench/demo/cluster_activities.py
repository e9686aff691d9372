"""Demo steps: activities, finances and recognition (media, success stories, awards, surveys)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from workbench.demo.catalogue import (
    ACTIVITY_WEIGHTS,
    AREA_TOPICS,
    AREAS,
    EXTERNAL_PEOPLE_ORGS,
    FAIRS,
    LOCATIONS,
    MEDIA_TITLES,
    MISSIONS,
    OUTLETS,
    PROGRAMME_INFO,
)
from workbench.demo.cluster_state import ClusterState
from workbench.demo.generators import day_between, personal_email, round_to, slug, weighted_sample
from workbench.demo.names import FIRST_NAMES, SURNAMES
from workbench.models import (
    Activity,
    ActivityParticipant,
    ActivityType,
    Income,
    IncomeCategory,
    IndicatorValue,
    MediaItem,
    OrgType,
    ProjectStatus,
    Recognition,
    SuccessStory,
)


class ActivitySteps(ClusterState):
    """The steps that write what the cluster did: activities, income, recognition."""

    def activities(self) -> None:
        rng = self.rng
        types = [t for t, _w in ACTIVITY_WEIGHTS]
        weights = [w for _t, w in ACTIVITY_WEIGHTS]
        area_codes = [a[0] for a in AREAS]
        planned: list[tuple[date, ActivityType, str | None]] = []
        for year in self.years:
            planned.append((date(year, 11, rng.randint(10, 25)), ActivityType.CONFERENCE, None))
            planned.append((date(year, 2, rng.randint(5, 25)), ActivityType.STRATEGY, None))
            for _ in range(rng.randint(25, 40) - 2):
                day = day_between(rng, date(year, 1, 8), date(year, 12, 18))
                if day.month == 8:
                    day = day.replace(day=min(day.day, 28), month=9)
                planned.append((day, rng.choices(types, weights)[0], rng.choice(area_codes)))
        planned.sort(key=lambda p: p[0])
        for day, kind, code in planned:
            if day > self.today:
                continue
            title, location = self._activity_title(kind, code, day.year)
            area = (
                self.areas[code]
                if code and kind not in (ActivityType.INTERNATIONALISATION, ActivityType.INFO_DAY)
                else None
            )
            anonymous = {
                ActivityType.CONFERENCE: rng.randint(60, 220),
                ActivityType.INFO_DAY: rng.randint(10, 80),
            }.get(kind, rng.choice((0, 0, 0, 5, 12)))
            activity = Activity(
                title=title,
                activity_type=kind,
                start_date=day,
                end_date=day + timedelta(days=rng.randint(1, 3))
                if kind is ActivityType.INTERNATIONALISATION
                else None,
                location=location,
                anonymous_participants=anonymous,
                area_id=area.id if area is not None else None,
                description=f"{title} - {location}.",
            )
            members = self._members_on(day)
            low, high = {
                ActivityType.CONFERENCE: (25, 40),
                ActivityType.TRAINING: (3, 20),
                ActivityType.INTERNATIONALISATION: (3, 12),
                ActivityType.STRATEGY: (10, 30),
            }.get(kind, (5, 30))
            k = rng.randint(low, high)
            for spec in weighted_sample(rng, members, [m.propensity for m in members], k):
                first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                activity.participants.append(
                    ActivityParticipant(organisation=spec.org, person_name=f"{first} {last}")
                )
            for _ in range(rng.choice((0, 0, 1, 2, 3, 5, 8))):
                first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                outside = rng.choice(EXTERNAL_PEOPLE_ORGS)
                activity.participants.append(
                    ActivityParticipant(
                        external_organisation=outside,
                        person_name=f"{first} {last}",
                        email=personal_email(first, last, f"{slug(outside)}.it")
                        if rng.random() < 0.6
                        else None,
                    )
                )
            self.s.add(activity)

    def _activity_title(self, kind: ActivityType, code: str | None, year: int) -> tuple[str, str]:
        rng = self.rng
        topic = rng.choice(AREA_TOPICS[code]) if code else "transizione energetica"
        place = rng.choice(LOCATIONS)
        if kind is ActivityType.CONFERENCE:
            return f"Conferenza annuale del Cluster {year}", "Milano, Palazzo Lombardia"
        if kind is ActivityType.STRATEGY:
            return f"Workshop di revisione della strategia {year}", "Milano, sede del Cluster"
        if kind is ActivityType.INTERNATIONALISATION:
            city = rng.choice(MISSIONS)
            return f"Missione imprenditoriale a {city}: {topic}", city
        if kind is ActivityType.B2B:
            fair = rng.choice(FAIRS)
            return f"Incontri B2B a {fair}", fair
        if kind is ActivityType.INFO_DAY:
            return f"Info day {rng.choice(PROGRAMME_INFO)} {year}", place
        templates = {
            ActivityType.NETWORKING: "Networking breakfast: {t}",
            ActivityType.MATCHMAKING: "Matchmaking imprese-ricerca: {t}",
            ActivityType.TRAINING: "Corso di formazione: {t}",
            ActivityType.WORKSHOP: "Workshop tecnico: {t}",
        }
        return templates.get(kind, "Incontro: {t}").format(t=topic), place

    # ------------------------------------------------------------------ finances and recognition

    def finances(self) -> None:
        rng = self.rng
        for year in self.years:
            running = year == self.year
            scale = max(self.today.timetuple().tm_yday / 366, 0.05) if running else 1.0
            fees = self.fees_paid.get(year, Decimal(0))
            services = round_to(rng.uniform(45_000, 90_000) * scale, 100)
            sponsorship = round_to(rng.uniform(15_000, 40_000) * scale, 100)
            private = fees + services + sponsorship
            share = rng.uniform(0.45, 0.6)
            public_total = float(private) * (1 - share) / share
            regional = round_to(public_total * rng.uniform(0.3, 0.45), 100)
            national = round_to(public_total * rng.uniform(0.1, 0.2), 100)
            eu = round_to(public_total, 100) - regional - national
            rows = (
                (IncomeCategory.MEMBERSHIP_FEES, fees, "Quote associative"),
                (
                    IncomeCategory.PAID_SERVICES,
                    services,
                    "Servizi a pagamento (diagnosi, formazione, supporto bandi)",
                ),
                (IncomeCategory.SPONSORSHIP, sponsorship, "Sponsor della conferenza annuale"),
                (
                    IncomeCategory.REGIONAL_GRANT,
                    regional,
                    "Regione Lombardia - contributo ai cluster tecnologici",
                ),
                (IncomeCategory.NATIONAL_GRANT, national, "MIMIT / Cluster Tecnologico Nazionale"),
                (IncomeCategory.EU_GRANT, eu, "Quota cluster dei progetti europei"),
            )
            for category, amount, source in rows:
                self.s.add(
                    Income(
                        year=year,
                        category=category,
                        amount=amount,
                        is_private=category.is_private,
                        source=source,
                    )
                )

    def recognition(self) -> None:
        """Media coverage and success stories year by year, recognitions, survey evidence."""
        names = [s.name for s in self.specs if s.org_type is OrgType.COMPANY]
        acronyms = [
            p.acronym
            for p in self.projects
            if p.status in (ProjectStatus.FUNDED, ProjectStatus.CLOSED)
        ]
        for year in self.years:
            self._media_coverage(year, acronyms)
            self._success_stories(year, names, acronyms)
        self._recognitions()
        for year in (self.year - 2, self.year - 1):
            self._indicator_evidence(year)

    def _media_coverage(self, year: int, acronyms: list[str]) -> None:
        rng = self.rng
        for _ in range(rng.randint(8, 12)):
            day = self._day(year)
            if day > self.today:
                continue
            outlet, scope, site = rng.choice(OUTLETS)
            title = rng.choice(MEDIA_TITLES).format(
                year=year,
                n=rng.randint(8, 40),
                city=rng.choice(MISSIONS),
                acronym=rng.choice(acronyms),
            )
            url = f"https://www.{site}/{day:%Y/%m/%d}/{slug(title, 40)}" if site else None
            self.s.add(MediaItem(item_date=day, title=title, outlet=outlet, scope=scope, url=url))

    def _success_stories(self, year: int, names: list[str], acronyms: list[str]) -> None:
        rng = self.rng
        for _ in range(rng.randint(2, 4)):
            day = self._day(year)
            firms = rng.sample(names, rng.randint(1, 3))
            acronym = rng.choice(acronyms)
            self.s.add(
                SuccessStory(
                    story_date=day,
                    title=rng.choice(
                        (
                            f"From idea to funded project: {acronym}",
                            "Waste heat shared between neighbouring plants",
                            "A micro-enterprise wins its first EU contract",
                            "Members build a renewable energy community",
                            "Joint hydrogen pilot with the university",
                        )
                    ),
                    summary=f"{' and '.join(firms)} worked with the cluster on {acronym}.",
                    organisations="; ".join(firms),
                )
            )

    def _recognitions(self) -> None:
        y = self.year
        recognitions = [
            (
                date(2014, 6, 12),
                "Cluster profile published on the European Cluster Collaboration Platform",
                "eccp_profile",
                "European Commission - ECCP",
            ),
            (
                date(2015, 3, 2),
                "Member of the Cluster Tecnologico Nazionale Energia",
                "network",
                "Cluster Tecnologico Nazionale Energia",
            ),
            (
                date(2016, 11, 8),
                "Regional technology cluster recognised by Regione Lombardia",
                "recognition",
                "Regione Lombardia",
            ),
            (
                date(2018, 5, 24),
                "Memorandum of understanding with Tenerrdis (Auvergne-Rhône-Alpes)",
                "mou",
                "Tenerrdis",
            ),
            (
                date(2019, 9, 17),
                "Vanguard Initiative pilot on efficient and sustainable manufacturing",
                "network",
                "Vanguard Initiative",
            ),
            (
                date(y - 3, 4, 20),
                "Memorandum of understanding with Energy Cluster Denmark",
                "mou",
                "Energy Cluster Denmark",
            ),
            (
                date(y - 2, 10, 6),
                "Premio Sviluppo Sostenibile - categoria Energia",
                "award",
                "Fondazione per lo Sviluppo Sostenibile",
            ),
            (
                date(y - 1, 6, 14),
                "European Cluster Partnership for Clean Energy: lead partner",
                "network",
                "European Commission - ECCP",
            ),
        ]
        for day, title, kind, issuer in recognitions:
            if day <= self.today:
                self.s.add(Recognition(recognition_date=day, title=title, kind=kind, issuer=issuer))

    def _indicator_evidence(self, year: int) -> None:
        """Evidence of three indicators kept by hand: staff, member survey, newsletters."""
        rng = self.rng
        members = sum(1 for s in self.specs if s.member_on(date(year, 12, 31)))
        responses = int(members * rng.uniform(0.32, 0.45))
        score = Decimal(str(round(rng.uniform(3.8, 4.4), 2)))
        newsletters = rng.randint(18, 24)
        self.s.add_all(
            [
                IndicatorValue(
                    indicator_id="2.2.2",
                    year=year,
                    value_number=None,
                    passed=True,
                    value_text="5 of 6 staff hold a master's degree or PhD; average 9 years of "
                    "experience; all speak English, four a third language.",
                    note="CVs and degree certificates in the evidence folder.",
                ),
                IndicatorValue(
                    indicator_id="4.4",
                    year=year,
                    value_number=score,
                    passed=score >= 4,
                    value_text=f"Member survey: {responses} of {members} members answered "
                    f"({responses * 100 // max(members, 1)} %), mean score {score} "
                    "out of 5.",
                    note="Online survey run in December; questionnaire and results attached.",
                ),
                IndicatorValue(
                    indicator_id="4.6.1",
                    year=year,
                    value_number=Decimal(newsletters),
                    passed=True,
                    value_text=f"{newsletters} newsletters sent to members and stakeholders.",
                    note="Monthly newsletter plus special issues on calls for proposals.",
                ),
            ]
        )
