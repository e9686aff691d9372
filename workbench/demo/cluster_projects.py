"""Demo step: the cluster's projects and their partners."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

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


class ProjectSteps(ClusterState):
    def projects_(self) -> None:
        y = self.year
        S = ProjectStatus  # noqa: N806 - short alias for the table below
        C, P = ProjectRole.COORDINATOR, ProjectRole.PARTNER  # noqa: N806
        # acronym, title, programme, call, status, role, start, end, total, cluster, EU/public,
        # areas, pillars, member partners, external partners
        table: list[tuple[Any, ...]] = [
            (
                "ENERCLUSTER-ROK",
                "Regions of Knowledge for energy-efficient manufacturing clusters",
                "FP7",
                "FP7-REGIONS-2012-2013-1",
                S.CLOSED,
                P,
                date(2013, 1, 1),
                date(2015, 12, 31),
                2_350_000,
                212_000,
                1_980_000,
                ("SM",),
                ("P1",),
                3,
                3,
            ),
            (
                "GREENSCALE",
                "Green energy clusters going international: Latin America and South-East Asia",
                "COSME",
                "COS-CLUSINT-2016-03-01",
                S.CLOSED,
                C,
                date(2017, 1, 1),
                date(2018, 12, 31),
                420_000,
                150_000,
                336_000,
                ("SES", "GB"),
                ("P1",),
                2,
                2,
            ),
            (
                "BLUE-ENERGY",
                "Blue energy value chains for Alpine lakes and the Adriatic",
                "EMFF",
                "EASME/EMFF/2017/1.2.1.12",
                S.CLOSED,
                P,
                date(2018, 3, 1),
                date(2020, 2, 29),
                1_100_000,
                95_000,
                880_000,
                ("WEN",),
                ("P1",),
                2,
                2,
            ),
            (
                "SMARTFACTORY-LOMB",
                "Efficienza energetica e digitalizzazione nelle PMI manifatturiere lombarde",
                "POR FESR Lombardia 2014-2020",
                "POR FESR 2014-2020 Azione I.1.b.1.3 - Accordi per la Ricerca e l'Innovazione",
                S.CLOSED,
                P,
                date(2018, 6, 1),
                date(2021, 5, 31),
                3_200_000,
                140_000,
                1_600_000,
                ("SM",),
                ("P1", "P4"),
                5,
                0,
            ),
            (
                "CLEAN-HUB",
                "Cluster-facilitated innovation vouchers for clean-energy SMEs",
                "H2020 INNOSUP",
                "H2020-INNOSUP-2018-01",
                S.CLOSED,
                C,
                date(2019, 1, 1),
                date(2021, 6, 30),
                1_650_000,
                380_000,
                1_650_000,
                ("SES", "SM", "CA"),
                ("P1", "P4"),
                3,
                3,
            ),
            (
                "H2-MOBILITY",
                "Cross-cluster pilot for hydrogen mobility value chains",
                "H2020 INNOSUP",
                "H2020-INNOSUP-2019-01",
                S.REJECTED,
                C,
                date(2020, 5, 1),
                date(2022, 4, 30),
                2_000_000,
                400_000,
                2_000_000,
                ("CA",),
                ("P2",),
                3,
                2,
            ),
            (
                "H2VALLEY",
                "Lombardy Hydrogen Valley: green hydrogen for industrial districts",
                "Horizon Europe",
                f"HORIZON-JTI-CLEANH2-{y - 3}-06-02",
                S.FUNDED,
                P,
                date(y - 2, 1, 1),
                date(y + 2, 12, 31),
                8_000_000,
                350_000,
                8_000_000,
                ("SES", "CA"),
                ("P2", "P1"),
                5,
                3,
            ),
            (
                "SYMBIOSIS4LOMB",
                "Simbiosi industriale transfrontaliera tra distretti lombardi e ticinesi",
                "Interreg Italia-Svizzera",
                f"Interreg VI-A Italia-Svizzera 2021-2027 - Avviso {y - 3}",
                S.FUNDED,
                C,
                date(y - 2, 4, 1),
                date(y + 1, 3, 31),
                1_450_000,
                320_000,
                1_100_000,
                ("CE", "SM"),
                ("P3",),
                4,
                2,
            ),
            (
                "ALPS4GREENHEAT",
                "Low-temperature district heating for Alpine towns",
                "Interreg Alpine Space",
                f"Interreg Alpine Space 2021-2027 - call {y - 4}",
                S.FUNDED,
                P,
                date(y - 3, 11, 1),
                date(y, 10, 31),
                2_100_000,
                180_000,
                1_575_000,
                ("GB", "SES"),
                ("P1",),
                2,
                3,
            ),
            (
                "CE-REGENERATE",
                "Circular retrofitting of industrial buildings in Central European regions",
                "Interreg Central Europe",
                f"Interreg Central Europe 2021-2027 - call {y - 2}",
                S.REJECTED,
                P,
                date(y - 1, 3, 1),
                date(y + 2, 2, 28),
                1_900_000,
                150_000,
                1_520_000,
                ("GB", "CE"),
                ("P3",),
                2,
                3,
            ),
            (
                "LIFE-HEATREC",
                "Industrial waste-heat recovery for local energy communities",
                "LIFE",
                f"LIFE-{y - 3}-CET-LOCAL",
                S.FUNDED,
                P,
                date(y - 2, 10, 1),
                date(y + 1, 9, 30),
                1_300_000,
                110_000,
                1_235_000,
                ("SM", "SES"),
                ("P1", "P3"),
                3,
                2,
            ),
            (
                "LIFE-AIRLOMB",
                "Clean air in the Po Valley: low-emission biomass heating",
                "LIFE",
                f"LIFE-{y - 1}-SAP-ENV",
                S.SUBMITTED,
                P,
                date(y + 1, 1, 1),
                date(y + 4, 12, 31),
                3_400_000,
                160_000,
                2_040_000,
                ("CA",),
                ("P1",),
                4,
                1,
            ),
            (
                "DIGITWIN-ENERGY",
                "Digital twins for energy-flexible factories",
                "Horizon Europe",
                f"HORIZON-CL4-{y - 2}-TWIN-TRANSITION-01-05",
                S.REJECTED,
                P,
                date(y - 1, 1, 1),
                date(y + 2, 12, 31),
                5_500_000,
                210_000,
                5_500_000,
                ("SM",),
                ("P4",),
                3,
                4,
            ),
            (
                "CALLHUB-GREENMAT",
                "Materiali avanzati per l'accumulo termico nell'industria",
                "Bando Regione Lombardia Call Hub",
                f"Call Hub Ricerca e Innovazione {y - 4}",
                S.FUNDED,
                P,
                date(y - 3, 2, 1),
                date(y, 7, 31),
                3_800_000,
                90_000,
                1_900_000,
                ("SM", "GB"),
                ("P1",),
                5,
                0,
            ),
            (
                "CER-LOMBARDIA",
                "Comunità energetiche rinnovabili nei comuni lombardi",
                "PR FESR Lombardia 2021-2027",
                f"PR FESR 2021-2027 Azione 2.2.1 - Bando {y - 2}",
                S.FUNDED,
                C,
                date(y - 1, 1, 1),
                date(y + 1, 6, 30),
                850_000,
                260_000,
                425_000,
                ("SES",),
                ("P1", "P4"),
                4,
                0,
            ),
            (
                "H2-HEAT-PADANA",
                "Hydrogen-ready industrial heat in the Po Valley",
                "Horizon Europe",
                f"HORIZON-CL5-{y}-D3-02-08",
                S.SUBMITTED,
                P,
                date(y + 1, 3, 1),
                date(y + 4, 2, 28),
                4_200_000,
                180_000,
                4_200_000,
                ("SM", "CA"),
                ("P2",),
                3,
                3,
            ),
            (
                "WATERLOOP",
                "Energy recovery from wastewater sludge in Lombard utilities",
                "LIFE",
                None,
                S.IDEA,
                C,
                None,
                None,
                2_000_000,
                None,
                None,
                ("WEN",),
                ("P3", "P1"),
                2,
                0,
            ),
            (
                "CLEANAIR-SCHOOLS",
                "Ventilazione e monitoraggio della qualità dell'aria nelle scuole",
                "PR FESR Lombardia 2021-2027",
                None,
                S.IDEA,
                None,
                None,
                None,
                None,
                None,
                None,
                ("CA",),
                ("P4",),
                2,
                0,
            ),
            (
                "PV-RECYCLE",
                "Riciclo dei moduli fotovoltaici a fine vita",
                "Horizon Europe",
                None,
                S.SPECIAL,
                C,
                date(y - 1, 5, 1),
                None,
                60_000,
                25_000,
                None,
                ("CE",),
                ("P3",),
                4,
                0,
            ),
            (
                "DIGI-CER",
                "Piattaforma digitale per la gestione delle comunità energetiche",
                "Interreg Italia-Svizzera",
                None,
                S.SPECIAL,
                C,
                date(y, 2, 1),
                None,
                45_000,
                15_000,
                None,
                ("SES",),
                ("P4",),
                3,
                0,
            ),
        ]
        for (
            acronym,
            title,
            programme,
            call,
            status,
            role,
            start,
            end,
            total,
            cluster,
            eu,
            area_codes,
            pillar_codes,
            n_members,
            n_external,
        ) in table:
            if start is not None and status is S.SPECIAL and start > self.today:
                start = self.today
            if status is S.FUNDED and end is not None and end < self.today:
                status = S.CLOSED
            project = Project(
                acronym=acronym,
                title=title,
                programme=programme,
                call_id=call,
                status=status,
                cluster_role=role,
                start_date=start,
                end_date=end,
                total_budget=Decimal(total) if total is not None else None,
                cluster_budget=Decimal(cluster) if cluster is not None else None,
                eu_contribution=Decimal(eu) if eu is not None else None,
                website=(
                    f"https://www.{acronym.lower().replace('-', '')}.eu"
                    if status in (S.FUNDED, S.CLOSED)
                    else None
                ),
                description=f"{title}. Programme: {programme}.",
            )
            project.areas = [self.areas[c] for c in area_codes]
            project.pillars = [self.pillars[c] for c in pillar_codes]
            self._partners(project, n_members, n_external, start)
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
