"""Demo step: the cluster's projects and their partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from workbench.demo.catalogue import EXTERNAL_PARTNERS
from workbench.demo.cluster_state import ClusterState, OrgSpec
from workbench.demo.generators import round_to
from workbench.models import (
    OrgType,
    Project,
    ProjectPartner,
    ProjectRole,
    ProjectStatus,
)


@dataclass(frozen=True)
class _YearDay:
    """A day counted from the demo's year: ``date(year + offset, month, day)``."""

    offset: int
    month: int
    day: int


def _on(when: date | _YearDay | None, year: int) -> date | None:
    """*when* as a date, for a demo whose year is *year*."""
    if isinstance(when, _YearDay):
        return date(year + when.offset, when.month, when.day)
    return when


class _ProjectPlan(NamedTuple):
    """A project of the demo cluster; money in EUR, partners as counts."""

    acronym: str
    title: str
    programme: str
    call: str | None  # ``{year}`` stands for the demo's year + call_year
    status: ProjectStatus
    role: ProjectRole | None  # the cluster's role (none for an idea not yet shaped)
    start: date | _YearDay | None
    end: date | _YearDay | None
    total: int | None
    cluster: int | None  # the cluster organisation's own budget
    eu: int | None  # EU or other public contribution
    areas: tuple[str, ...]
    pillars: tuple[str, ...]
    member_partners: int
    external_partners: int
    call_year: int = 0


# The cluster's projects, oldest first; dates and calls of the recent ones follow the demo's
# year. A funded project whose end has passed is written as closed.
_PROJECTS: tuple[_ProjectPlan, ...] = (
    _ProjectPlan(
        acronym="ENERCLUSTER-ROK",
        title="Regions of Knowledge for energy-efficient manufacturing clusters",
        programme="FP7",
        call="FP7-REGIONS-2012-2013-1",
        status=ProjectStatus.CLOSED,
        role=ProjectRole.PARTNER,
        start=date(2013, 1, 1),
        end=date(2015, 12, 31),
        total=2_350_000,
        cluster=212_000,
        eu=1_980_000,
        areas=("SM",),
        pillars=("P1",),
        member_partners=3,
        external_partners=3,
    ),
    _ProjectPlan(
        acronym="GREENSCALE",
        title="Green energy clusters going international: Latin America and South-East Asia",
        programme="COSME",
        call="COS-CLUSINT-2016-03-01",
        status=ProjectStatus.CLOSED,
        role=ProjectRole.COORDINATOR,
        start=date(2017, 1, 1),
        end=date(2018, 12, 31),
        total=420_000,
        cluster=150_000,
        eu=336_000,
        areas=("SES", "GB"),
        pillars=("P1",),
        member_partners=2,
        external_partners=2,
    ),
    _ProjectPlan(
        acronym="BLUE-ENERGY",
        title="Blue energy value chains for Alpine lakes and the Adriatic",
        programme="EMFF",
        call="EASME/EMFF/2017/1.2.1.12",
        status=ProjectStatus.CLOSED,
        role=ProjectRole.PARTNER,
        start=date(2018, 3, 1),
        end=date(2020, 2, 29),
        total=1_100_000,
        cluster=95_000,
        eu=880_000,
        areas=("WEN",),
        pillars=("P1",),
        member_partners=2,
        external_partners=2,
    ),
    _ProjectPlan(
        acronym="SMARTFACTORY-LOMB",
        title="Efficienza energetica e digitalizzazione nelle PMI manifatturiere lombarde",
        programme="POR FESR Lombardia 2014-2020",
        call="POR FESR 2014-2020 Azione I.1.b.1.3 - Accordi per la Ricerca e l'Innovazione",
        status=ProjectStatus.CLOSED,
        role=ProjectRole.PARTNER,
        start=date(2018, 6, 1),
        end=date(2021, 5, 31),
        total=3_200_000,
        cluster=140_000,
        eu=1_600_000,
        areas=("SM",),
        pillars=("P1", "P4"),
        member_partners=5,
        external_partners=0,
    ),
    _ProjectPlan(
        acronym="CLEAN-HUB",
        title="Cluster-facilitated innovation vouchers for clean-energy SMEs",
        programme="H2020 INNOSUP",
        call="H2020-INNOSUP-2018-01",
        status=ProjectStatus.CLOSED,
        role=ProjectRole.COORDINATOR,
        start=date(2019, 1, 1),
        end=date(2021, 6, 30),
        total=1_650_000,
        cluster=380_000,
        eu=1_650_000,
        areas=("SES", "SM", "CA"),
        pillars=("P1", "P4"),
        member_partners=3,
        external_partners=3,
    ),
    _ProjectPlan(
        acronym="H2-MOBILITY",
        title="Cross-cluster pilot for hydrogen mobility value chains",
        programme="H2020 INNOSUP",
        call="H2020-INNOSUP-2019-01",
        status=ProjectStatus.REJECTED,
        role=ProjectRole.COORDINATOR,
        start=date(2020, 5, 1),
        end=date(2022, 4, 30),
        total=2_000_000,
        cluster=400_000,
        eu=2_000_000,
        areas=("CA",),
        pillars=("P2",),
        member_partners=3,
        external_partners=2,
    ),
    _ProjectPlan(
        acronym="H2VALLEY",
        title="Lombardy Hydrogen Valley: green hydrogen for industrial districts",
        programme="Horizon Europe",
        call="HORIZON-JTI-CLEANH2-{year}-06-02",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-2, 1, 1),
        end=_YearDay(2, 12, 31),
        total=8_000_000,
        cluster=350_000,
        eu=8_000_000,
        areas=("SES", "CA"),
        pillars=("P2", "P1"),
        member_partners=5,
        external_partners=3,
        call_year=-3,
    ),
    _ProjectPlan(
        acronym="SYMBIOSIS4LOMB",
        title="Simbiosi industriale transfrontaliera tra distretti lombardi e ticinesi",
        programme="Interreg Italia-Svizzera",
        call="Interreg VI-A Italia-Svizzera 2021-2027 - Avviso {year}",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.COORDINATOR,
        start=_YearDay(-2, 4, 1),
        end=_YearDay(1, 3, 31),
        total=1_450_000,
        cluster=320_000,
        eu=1_100_000,
        areas=("CE", "SM"),
        pillars=("P3",),
        member_partners=4,
        external_partners=2,
        call_year=-3,
    ),
    _ProjectPlan(
        acronym="ALPS4GREENHEAT",
        title="Low-temperature district heating for Alpine towns",
        programme="Interreg Alpine Space",
        call="Interreg Alpine Space 2021-2027 - call {year}",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-3, 11, 1),
        end=_YearDay(0, 10, 31),
        total=2_100_000,
        cluster=180_000,
        eu=1_575_000,
        areas=("GB", "SES"),
        pillars=("P1",),
        member_partners=2,
        external_partners=3,
        call_year=-4,
    ),
    _ProjectPlan(
        acronym="CE-REGENERATE",
        title="Circular retrofitting of industrial buildings in Central European regions",
        programme="Interreg Central Europe",
        call="Interreg Central Europe 2021-2027 - call {year}",
        status=ProjectStatus.REJECTED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-1, 3, 1),
        end=_YearDay(2, 2, 28),
        total=1_900_000,
        cluster=150_000,
        eu=1_520_000,
        areas=("GB", "CE"),
        pillars=("P3",),
        member_partners=2,
        external_partners=3,
        call_year=-2,
    ),
    _ProjectPlan(
        acronym="LIFE-HEATREC",
        title="Industrial waste-heat recovery for local energy communities",
        programme="LIFE",
        call="LIFE-{year}-CET-LOCAL",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-2, 10, 1),
        end=_YearDay(1, 9, 30),
        total=1_300_000,
        cluster=110_000,
        eu=1_235_000,
        areas=("SM", "SES"),
        pillars=("P1", "P3"),
        member_partners=3,
        external_partners=2,
        call_year=-3,
    ),
    _ProjectPlan(
        acronym="LIFE-AIRLOMB",
        title="Clean air in the Po Valley: low-emission biomass heating",
        programme="LIFE",
        call="LIFE-{year}-SAP-ENV",
        status=ProjectStatus.SUBMITTED,
        role=ProjectRole.PARTNER,
        start=_YearDay(1, 1, 1),
        end=_YearDay(4, 12, 31),
        total=3_400_000,
        cluster=160_000,
        eu=2_040_000,
        areas=("CA",),
        pillars=("P1",),
        member_partners=4,
        external_partners=1,
        call_year=-1,
    ),
    _ProjectPlan(
        acronym="DIGITWIN-ENERGY",
        title="Digital twins for energy-flexible factories",
        programme="Horizon Europe",
        call="HORIZON-CL4-{year}-TWIN-TRANSITION-01-05",
        status=ProjectStatus.REJECTED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-1, 1, 1),
        end=_YearDay(2, 12, 31),
        total=5_500_000,
        cluster=210_000,
        eu=5_500_000,
        areas=("SM",),
        pillars=("P4",),
        member_partners=3,
        external_partners=4,
        call_year=-2,
    ),
    _ProjectPlan(
        acronym="CALLHUB-GREENMAT",
        title="Materiali avanzati per l'accumulo termico nell'industria",
        programme="Bando Regione Lombardia Call Hub",
        call="Call Hub Ricerca e Innovazione {year}",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.PARTNER,
        start=_YearDay(-3, 2, 1),
        end=_YearDay(0, 7, 31),
        total=3_800_000,
        cluster=90_000,
        eu=1_900_000,
        areas=("SM", "GB"),
        pillars=("P1",),
        member_partners=5,
        external_partners=0,
        call_year=-4,
    ),
    _ProjectPlan(
        acronym="CER-LOMBARDIA",
        title="Comunità energetiche rinnovabili nei comuni lombardi",
        programme="PR FESR Lombardia 2021-2027",
        call="PR FESR 2021-2027 Azione 2.2.1 - Bando {year}",
        status=ProjectStatus.FUNDED,
        role=ProjectRole.COORDINATOR,
        start=_YearDay(-1, 1, 1),
        end=_YearDay(1, 6, 30),
        total=850_000,
        cluster=260_000,
        eu=425_000,
        areas=("SES",),
        pillars=("P1", "P4"),
        member_partners=4,
        external_partners=0,
        call_year=-2,
    ),
    _ProjectPlan(
        acronym="H2-HEAT-PADANA",
        title="Hydrogen-ready industrial heat in the Po Valley",
        programme="Horizon Europe",
        call="HORIZON-CL5-{year}-D3-02-08",
        status=ProjectStatus.SUBMITTED,
        role=ProjectRole.PARTNER,
        start=_YearDay(1, 3, 1),
        end=_YearDay(4, 2, 28),
        total=4_200_000,
        cluster=180_000,
        eu=4_200_000,
        areas=("SM", "CA"),
        pillars=("P2",),
        member_partners=3,
        external_partners=3,
        call_year=0,
    ),
    _ProjectPlan(
        acronym="WATERLOOP",
        title="Energy recovery from wastewater sludge in Lombard utilities",
        programme="LIFE",
        call=None,
        status=ProjectStatus.IDEA,
        role=ProjectRole.COORDINATOR,
        start=None,
        end=None,
        total=2_000_000,
        cluster=None,
        eu=None,
        areas=("WEN",),
        pillars=("P3", "P1"),
        member_partners=2,
        external_partners=0,
    ),
    _ProjectPlan(
        acronym="CLEANAIR-SCHOOLS",
        title="Ventilazione e monitoraggio della qualità dell'aria nelle scuole",
        programme="PR FESR Lombardia 2021-2027",
        call=None,
        status=ProjectStatus.IDEA,
        role=None,
        start=None,
        end=None,
        total=None,
        cluster=None,
        eu=None,
        areas=("CA",),
        pillars=("P4",),
        member_partners=2,
        external_partners=0,
    ),
    _ProjectPlan(
        acronym="PV-RECYCLE",
        title="Riciclo dei moduli fotovoltaici a fine vita",
        programme="Horizon Europe",
        call=None,
        status=ProjectStatus.SPECIAL,
        role=ProjectRole.COORDINATOR,
        start=_YearDay(-1, 5, 1),
        end=None,
        total=60_000,
        cluster=25_000,
        eu=None,
        areas=("CE",),
        pillars=("P3",),
        member_partners=4,
        external_partners=0,
    ),
    _ProjectPlan(
        acronym="DIGI-CER",
        title="Piattaforma digitale per la gestione delle comunità energetiche",
        programme="Interreg Italia-Svizzera",
        call=None,
        status=ProjectStatus.SPECIAL,
        role=ProjectRole.COORDINATOR,
        start=_YearDay(0, 2, 1),
        end=None,
        total=45_000,
        cluster=15_000,
        eu=None,
        areas=("SES",),
        pillars=("P4",),
        member_partners=3,
        external_partners=0,
    ),
)


class ProjectSteps(ClusterState):
    """The step that writes the projects of :data:`_PROJECTS` and their partners."""

    def projects_(self) -> None:
        for plan in _PROJECTS:
            self._project(plan)

    def _project(self, plan: _ProjectPlan) -> None:
        S = ProjectStatus  # noqa: N806 - short alias
        status = plan.status
        start, end = _on(plan.start, self.year), _on(plan.end, self.year)
        if start is not None and status is S.SPECIAL and start > self.today:
            start = self.today
        if status is S.FUNDED and end is not None and end < self.today:
            status = S.CLOSED
        call = plan.call.format(year=self.year + plan.call_year) if plan.call else None
        total, cluster, eu = plan.total, plan.cluster, plan.eu
        project = Project(
            acronym=plan.acronym,
            title=plan.title,
            programme=plan.programme,
            call_id=call,
            status=status,
            cluster_role=plan.role,
            start_date=start,
            end_date=end,
            total_budget=Decimal(total) if total is not None else None,
            cluster_budget=Decimal(cluster) if cluster is not None else None,
            eu_contribution=Decimal(eu) if eu is not None else None,
            website=(
                f"https://www.{plan.acronym.lower().replace('-', '')}.eu"
                if status in (S.FUNDED, S.CLOSED)
                else None
            ),
            description=f"{plan.title}. Programme: {plan.programme}.",
        )
        project.areas = [self.areas[c] for c in plan.areas]
        project.pillars = [self.pillars[c] for c in plan.pillars]
        self._partners(project, plan.member_partners, plan.external_partners, start)
        self.projects.append(project)
        self.s.add(project)

    def _partners(
        self, project: Project, n_members: int, n_external: int, start: date | None
    ) -> None:
        rng = self.rng
        day = min(start or self.today, self.today)
        pool = [
            s
            for s in self._members_on(day)
            if s.org_type
            in (
                OrgType.COMPANY,
                OrgType.UNIVERSITY,
                OrgType.RESEARCH_ORG,
                OrgType.TECHNOLOGY_CENTRE,
                OrgType.PUBLIC_BODY,
            )
        ]
        research = [s for s in pool if s.org_type.is_research]
        chosen: list[OrgSpec] = rng.sample(research, 1) if research else []
        rest = [s for s in pool if s not in chosen]
        chosen += rng.sample(rest, min(len(rest), max(0, n_members - len(chosen))))
        externals = rng.sample(EXTERNAL_PARTNERS, n_external)
        funded = project.total_budget is not None and project.status not in (ProjectStatus.IDEA,)
        remaining = (project.total_budget or Decimal(0)) - (project.cluster_budget or Decimal(0))
        weights = [rng.uniform(0.5, 2.0) for _ in range(len(chosen) + len(externals))]
        rate = (
            (project.eu_contribution or Decimal(0)) / project.total_budget
            if project.total_budget
            else Decimal(0)
        )
        coordinator_index = -1
        if project.cluster_role is not ProjectRole.COORDINATOR and project.status not in (
            ProjectStatus.IDEA,
            ProjectStatus.SPECIAL,
        ):
            coordinator_index = 0  # the research partner, or the first external one
            if externals and rng.random() < 0.4:
                coordinator_index = len(chosen)
        for i in range(len(chosen) + len(externals)):
            budget = (
                round_to(float(remaining) * weights[i] / sum(weights), 1_000) if funded else None
            )
            partner = ProjectPartner(
                role=ProjectRole.COORDINATOR if i == coordinator_index else ProjectRole.PARTNER,
                budget=budget,
                contribution=(budget * rate).quantize(Decimal(1))
                if budget is not None and rate
                else None,
            )
            if i < len(chosen):
                partner.organisation = chosen[i].org
            else:
                partner.external_name, partner.external_country = externals[i - len(chosen)]
            project.partners.append(partner)
