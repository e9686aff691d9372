"""The dashboard's figures, read from the records (Qt-free; the window runs it in the background).

Members today by type and SME class, five years of joiners and leavers, funded projects
(:mod:`workbench.rules.projects`: funded or closed, dated) by programme and by pillar with the
open pipeline counted apart, the labels in force, and the records with data to complete
(no size data, no competence area, no VAT number, suspected duplicate names).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from workbench.models import OrgType, SmeClass
from workbench.rules import projects as project_rules
from workbench.services import cluster, members, projects

#: Years of joiners and leavers shown, the current one included.
YEARS_SHOWN = 5


@dataclass
class QualityItem:
    """One record with a data problem."""

    org_id: int
    name: str
    detail: str = ""


@dataclass
class DashboardData:
    """Everything the dashboard shows, as plain values."""

    today: date
    members_now: int = 0
    by_type: list[tuple[OrgType, int]] = field(default_factory=list)
    by_sme: list[tuple[SmeClass | None, int]] = field(default_factory=list)
    movements: list[members.YearMovement] = field(default_factory=list)
    by_programme: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    by_pillar: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    funded_projects: int = 0
    running_projects: int = 0
    pipeline_projects: int = 0
    labels: list[Any] = field(default_factory=list)
    no_size: list[QualityItem] = field(default_factory=list)
    no_area: list[QualityItem] = field(default_factory=list)
    no_vat: list[QualityItem] = field(default_factory=list)
    duplicates: list[list[QualityItem]] = field(default_factory=list)


def load_dashboard(db: Any, today: date, state: Any = None) -> DashboardData:
    """Read the dashboard figures (Qt-free; runs on a worker thread)."""
    data = DashboardData(today=today)
    rows = members.member_rows(db, as_of=today)
    if state is not None:
        state.progress(1, 4)
        state.check_cancelled()
    active = [r for r in rows if r.status == "active"]
    data.members_now = len(active)
    data.by_type = sorted(
        Counter(r.org_type for r in active).items(), key=lambda kv: list(OrgType).index(kv[0])
    )
    sme_counts = Counter(r.sme_class for r in active if r.org_type.is_enterprise)
    order: list[SmeClass | None] = [*SmeClass, None]
    data.by_sme = sorted(sme_counts.items(), key=lambda kv: order.index(kv[0]))
    data.movements = members.movements(
        db, range(today.year - YEARS_SHOWN + 1, today.year + 1), as_of=today
    )
    if state is not None:
        state.progress(2, 4)
        state.check_cancelled()
    by_programme: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_pillar: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for project in projects.list_projects(db):
        kind = project_rules.project_class(project.status, project.start_date)
        if kind != project_rules.FUNDED:  # undated funded projects count nowhere either
            if project_rules.is_open_pipeline(project.status):
                data.pipeline_projects += 1  # ideas and proposals: shown, never money
            continue
        data.funded_projects += 1
        if project_rules.runs_on(project.status, project.start_date, project.end_date, today):
            data.running_projects += 1
        total = project.total_budget or Decimal(0)
        cluster_share = project.cluster_budget or Decimal(0)
        sums = by_programme[project.programme or "—"]
        sums[0] += total
        sums[1] += cluster_share
        for pillar in project.pillars:
            pillar_sums = by_pillar[pillar.name]
            pillar_sums[0] += total
            pillar_sums[1] += cluster_share
    data.by_programme = sorted(
        ((k, v[0], v[1]) for k, v in by_programme.items()), key=lambda t: t[1], reverse=True
    )
    data.by_pillar = sorted(((k, v[0], v[1]) for k, v in by_pillar.items()), key=lambda t: t[0])
    data.labels = cluster.active_labels(db, today)
    if state is not None:
        state.progress(3, 4)
        state.check_cancelled()
    for row in sorted(active, key=lambda r: r.name.casefold()):
        if row.org_type.is_enterprise and row.sme_class is None:
            data.no_size.append(QualityItem(row.id, row.name))
        if not row.area_ids:
            data.no_area.append(QualityItem(row.id, row.name))
        if not row.vat and row.org_type.is_enterprise:
            data.no_vat.append(QualityItem(row.id, row.name))
    names = {r.id: r.name for r in rows}
    for group in members.duplicate_name_groups(db):
        data.duplicates.append([QualityItem(i, names.get(i, str(i))) for i in sorted(group)])
    return data
