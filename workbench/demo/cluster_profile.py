"""Demo steps: the cluster's profile, labels and staff; its pillars, areas and governance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from workbench.demo.catalogue import AREAS, PILLARS
from workbench.demo.cluster_state import ClusterState, StaffSpec
from workbench.demo.common import FOUNDING_DATE
from workbench.demo.generators import italian_vat
from workbench.models import (
    ClusterProfile,
    CompetenceArea,
    GovernanceBody,
    KpiValue,
    Label,
    LabelLevel,
    PillarObjective,
    StaffMember,
    StrategicPillar,
)


class ProfileSteps(ClusterState):
    """The steps that write the cluster organisation itself and its strategy."""

    # ------------------------------------------------------------------ profile

    def profile(self) -> None:
        """The cluster's profile, its ESCA labels and its staff (today's and former)."""
        self._cluster_profile()
        self._labels()
        self.staff = _staff_plan(self.year)
        for st in self.staff:
            self.s.add(
                StaffMember(
                    name=st.name,
                    role=st.role,
                    fte=Decimal(st.fte),
                    start_date=st.start,
                    end_date=st.end,
                    degree=st.degree,
                    experience_years=st.experience,
                    languages=st.languages,
                    training_days=Decimal(st.training),
                )
            )

    def _cluster_profile(self) -> None:
        self.s.add(
            ClusterProfile(
                id=1,
                name="Cluster Lombardo Energia e Cleantech",
                legal_name="Associazione Cluster Lombardo Energia e Cleantech",
                vat=italian_vat(self.rng, "015", self.used_vats),
                founding_date=FOUNDING_DATE,
                sector="Energy and cleantech",
                nuts2="ITC4",
                region_name="Lombardia",
                country="IT",
                address="Via Pietro Custodi 6, 20136 Milano (MI)",
                website="https://www.clusterenergialombardia.it",
                website_en="https://www.clusterenergialombardia.it/en",
                eccp_url="https://clustercollaboration.eu/cluster-organisations/"
                "cluster-lombardo-energia-e-cleantech",
                email="info@clusterenergialombardia.it",
                description=(
                    "Associazione che riunisce imprese, università, centri di ricerca ed enti "
                    "pubblici lombardi dell'energia e del cleantech. Lavora per aree di competenza "
                    "che incubano idee, progetti speciali e progetti finanziati."
                ),
                planned_yearly_budget=Decimal("480000"),
            )
        )

    def _labels(self) -> None:
        # About two years ago and valid for two years: valid today, expiring in about 60 days.
        gold_assessed = self.today - timedelta(days=670)
        self.s.add_all(
            [
                Label(
                    level=LabelLevel.BRONZE,
                    body="ESCA",
                    assessment_date=date(2017, 5, 18),
                    valid_until=date(2019, 5, 18),
                    score=None,
                    notes="Benchmarking interview, 36 indicators.",
                ),
                Label(
                    level=LabelLevel.SILVER,
                    body="ESCA",
                    assessment_date=date(2019, 10, 10),
                    valid_until=date(2021, 10, 10),
                    score=None,
                    notes="Improvement areas: member services, financing mix, communication.",
                ),
                Label(
                    level=LabelLevel.GOLD,
                    body="ESCA",
                    assessment_date=gold_assessed,
                    valid_until=gold_assessed + timedelta(days=730),
                    score=Decimal("84.50"),
                    notes="Two assessors, two days on site; 29 of 31 indicators passed.",
                ),
            ]
        )

    # ------------------------------------------------------------------ strategy

    def strategy(self) -> None:
        rng = self.rng
        for code, name, description, objectives in PILLARS:
            pillar = StrategicPillar(
                name=name, code=code, description=description, period_start=2021, period_end=2027
            )
            for title, kpi, unit, start, step in objectives:
                objective = PillarObjective(
                    title=title,
                    kpi_name=kpi,
                    kpi_unit=unit,
                    description=f"{kpi} ({unit}), 2021-2027.",
                )
                for year in self.years:
                    if year < 2021:
                        continue
                    target = start + step * (year - 2021)
                    ratio = rng.uniform(0.7, 1.18)
                    if year == self.year:  # the current year is still running
                        ratio *= max(self.today.timetuple().tm_yday / 366, 0.1)
                    actual = Decimal(str(round(target * ratio, 0 if target >= 10 else 1)))
                    objective.kpi_values.append(
                        KpiValue(year=year, target=Decimal(target), actual=actual)
                    )
                pillar.objectives.append(objective)
            self.pillars[code] = pillar
            self.s.add(pillar)
        coordinators = (
            "Prof. Marco Merlini (Politecnico di Milano)",
            "Ing. Paola Ghidini (Termotecnica Bresciana)",
            "Arch. Stefano Cortesi (Green building working group)",
            "Dott.ssa Laura Pesenti (Università degli Studi di Pavia)",
            "Ing. Roberto Sala (RSE)",
            "Dott. Andrea Ceruti (Confindustria Lombardia)",
        )
        for (code, name, description, pillar_codes, meetings), coordinator in zip(
            AREAS, coordinators, strict=True
        ):
            area = CompetenceArea(
                name=name,
                code=code,
                description=description,
                coordinator=coordinator,
                meetings_per_year=meetings,
            )
            area.pillars = [self.pillars[p] for p in pillar_codes]
            self.areas[code] = area
            self.s.add(area)
        self.s.add_all(
            [
                GovernanceBody(
                    name="Assemblea dei soci",
                    seats_companies=108,
                    seats_research=8,
                    seats_public=5,
                    seats_other=19,
                    meetings_per_year=2,
                    notes="All members in good standing vote; approves budget and strategy.",
                ),
                GovernanceBody(
                    name="Consiglio direttivo",
                    seats_companies=6,
                    seats_research=2,
                    seats_public=1,
                    seats_other=2,
                    meetings_per_year=6,
                    notes="Elected every three years; at least half of the seats to SMEs.",
                ),
                GovernanceBody(
                    name="Comitato tecnico-scientifico",
                    seats_companies=3,
                    seats_research=5,
                    seats_public=0,
                    seats_other=1,
                    meetings_per_year=3,
                    notes="Reviews project ideas from the competence areas.",
                ),
            ]
        )


def _staff_plan(y: int) -> list[StaffSpec]:
    """The cluster organisation's staff over the years up to *y* (one left two years ago)."""
    return [
        StaffSpec(
            "Giulia Ferrario",
            "Cluster Manager",
            "1.00",
            date(2012, 9, 3),
            None,
            "MSc Energy Engineering (Politecnico di Milano)",
            18,
            "Italian, English, French",
            "5.0",
        ),
        StaffSpec(
            "Marco Bellini",
            "EU Project Manager",
            "1.00",
            date(2016, 2, 1),
            None,
            "PhD Environmental Engineering",
            12,
            "Italian, English, German",
            "6.0",
        ),
        StaffSpec(
            "Chiara Rota",
            "Communication & Events Officer",
            "0.50",
            date(2019, 4, 15),
            None,
            "MA Communication Sciences",
            8,
            "Italian, English",
            "3.0",
        ),
        StaffSpec(
            "Luca Pozzi",
            "Membership & Services Officer",
            "0.80",
            date(2018, 1, 8),
            date(y - 2, 6, 30),
            "MSc Management Engineering",
            6,
            "Italian, English",
            "2.0",
        ),
        StaffSpec(
            "Sara Invernizzi",
            "Membership & Services Officer",
            "0.80",
            date(y - 2, 9, 1),
            None,
            "MSc Economics",
            4,
            "Italian, English, Spanish",
            "4.0",
        ),
        StaffSpec(
            "Davide Sironi",
            "Internationalisation Officer",
            "0.60",
            date(y - 3, 3, 1),
            None,
            "MSc International Relations",
            7,
            "Italian, English, Spanish",
            "4.5",
        ),
    ]
