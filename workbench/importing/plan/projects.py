"""Planning a project import: projects with partners (and the CORDIS preset, which feeds it).

One row per project, or one row per partner of a project: rows with the same CORDIS id (else
the same acronym) are one project.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from workbench.importing.fields import ImportKind
from workbench.importing.matching import Candidate, OrgIndex, OrgRef
from workbench.importing.plan.base import Planner, group_members, rows_by_ids
from workbench.importing.plan.model import ImportPlan, PlanRow, RecordOp, RowStatus, shown_value
from workbench.importing.plan.values import (
    Targets,
    changed_values,
    folded,
    row_label,
    same_value,
)
from workbench.models import Organisation, Project, ProjectPartner, ProjectRole
from workbench.text import fold_for_search
from workbench.translatable import msg

# Where each project field lands: (model, attribute), for length limits and decimal scales.
PROJECT_TARGETS: Targets = {
    "acronym": (Project, "acronym"),
    "title": (Project, "title"),
    "programme": (Project, "programme"),
    "call_id": (Project, "call_id"),
    "total_budget": (Project, "total_budget"),
    "cluster_budget": (Project, "cluster_budget"),
    "eu_contribution": (Project, "eu_contribution"),
    "cordis_id": (Project, "cordis_id"),
    "website": (Project, "website"),
    "partner_name": (ProjectPartner, "external_name"),
    "partner_budget": (ProjectPartner, "budget"),
    "partner_contribution": (ProjectPartner, "contribution"),
}
PROJECT_FIELDS = ("acronym", "title", "programme", "call_id", "status", "cluster_role",
                   "start_date", "end_date", "total_budget", "cluster_budget", "eu_contribution",
                   "cordis_id", "website")  # fmt: skip
PARTNER_FIELDS = (
    "partner_name",
    "partner_vat",
    "partner_role",
    "partner_country",
    "partner_budget",
    "partner_contribution",
)


@dataclass
class PartnerDraft:
    """A project partner as read from a file.

    Attributes:
        name: Organisation name.
        vat: VAT number, if known.
        role: Role in the project.
        country: Two-letter country code of an external partner.
        budget: Partner budget (total cost of its part).
        contribution: EU/public contribution to the partner.
        org_id: Existing organisation it is (set by the planner, or by a CORDIS decision).
        member_id: The member it certainly is (same VAT or name), for CORDIS.
        candidates: Possible members when the name is only similar (CORDIS review).
        source_row: Row of the partner in its file, for problems.
    """

    name: str | None
    vat: str | None = None
    role: ProjectRole | None = None
    country: str | None = None
    budget: Decimal | None = None
    contribution: Decimal | None = None
    org_id: int | None = None
    member_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    source_row: int | None = None


class ProjectPlanner(Planner):
    """Projects with partners: one row per project, or one row per partner of a project."""

    kind = ImportKind.PROJECTS
    targets = PROJECT_TARGETS

    def plan(self) -> ImportPlan:
        self.read_rows()
        self.prepare()
        for row in self.rows:
            if row.status is RowStatus.ERROR:
                continue
            p = row.parsed
            row.label = p.get("acronym") or p.get("cordis_id") or row_label(row)
            if "acronym" not in p and "cordis_id" not in p:
                self.problem(row, None, msg("the row has neither an acronym nor a CORDIS id"))
                continue
            if any(k in p for k in ("partner_name", "partner_vat")):
                row.parsed["partners"] = [self._partner_from_row(row)]
        self._group()
        self.plan_groups()
        return self.result()

    # -- shared with CORDIS ----------------------------------------------------------------------
    def prepare(self) -> None:
        """Load existing projects and organisations."""
        table = Project.__table__
        self.projects = {r.id: dict(r._mapping) for r in self.session.execute(select(table))}
        self.by_cordis: dict[str, int] = {}
        self.by_acronym: dict[str, list[int]] = defaultdict(list)
        for p in self.projects.values():
            if p["cordis_id"]:
                self.by_cordis[str(p["cordis_id"])] = p["id"]
            self.by_acronym[fold_for_search(p["acronym"])].append(p["id"])
        org = Organisation.__table__
        refs = [
            OrgRef(r.id, r.name, r.legal_name, r.vat, r.city)
            for r in self.session.execute(
                select(org.c.id, org.c.name, org.c.legal_name, org.c.vat, org.c.city)
            )
        ]
        self.index = OrgIndex.build(refs)
        self.partner_rows: dict[int, list[dict[str, Any]]] = defaultdict(list)

    def _partner_from_row(self, row: PlanRow) -> PartnerDraft:
        p = row.parsed
        draft = PartnerDraft(
            name=p.get("partner_name"),
            vat=p.get("partner_vat"),
            role=p.get("partner_role"),
            country=p.get("partner_country"),
            budget=p.get("partner_budget"),
            contribution=p.get("partner_contribution"),
            source_row=row.row_number,
        )
        found = self.index.match(draft.vat, draft.name, fuzzy=False)
        draft.org_id = found.org_id
        return draft

    def _group(self) -> None:
        first: dict[str, int] = {}
        for row in self.rows:
            if row.status is RowStatus.ERROR:
                continue
            p = row.parsed
            key = (
                f"c:{p['cordis_id']}"
                if p.get("cordis_id")
                else f"a:{fold_for_search(p['acronym'])}"
            )
            leader = first.setdefault(key, row.index)
            row.group = leader
            if leader != row.index:
                row.duplicate_of = self.rows[leader].row_number

    def plan_groups(self) -> None:
        """Plan every group of rows (one project each)."""
        groups = group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        wanted = set()
        for members in groups.values():
            target = self.find_project(members[0])
            members[0].target_id = target
            if target is not None:
                wanted.add(target)
        for p in rows_by_ids(self.session, ProjectPartner, "project_id", wanted):
            self.partner_rows[p["project_id"]].append(p)
        for members in groups.values():
            self.plan_project(members)

    def find_project(self, row: PlanRow) -> int | None:
        """Existing project of *row*: same CORDIS id, else the only one with the acronym."""
        p = row.parsed
        if p.get("cordis_id") and str(p["cordis_id"]) in self.by_cordis:
            row.notes.append(msg("matched by CORDIS id {cordis_id}", cordis_id=p["cordis_id"]))
            return self.by_cordis[str(p["cordis_id"])]
        if p.get("acronym"):
            same = [
                i
                for i in self.by_acronym.get(fold_for_search(p["acronym"]), [])
                if not (p.get("cordis_id") and self.projects[i]["cordis_id"])
            ]
            if len(same) == 1:
                row.notes.append(msg("matched by acronym"))
                return same[0]
            if len(same) > 1:
                self.problem(
                    row,
                    self.header("acronym"),
                    msg(
                        '{count} projects are called "{acronym}": add the CORDIS id '
                        "or rename one of them first",
                        count=len(same),
                        acronym=p["acronym"],
                    ),
                )
        return None

    def plan_project(self, members: list[PlanRow]) -> None:
        """Plan one project (its rows) against the stored project, if any."""
        leader = members[0]
        if leader.problems:
            self.fail_group(members, leader)
            return
        target = leader.target_id
        values: dict[str, Any] = {}
        source: dict[str, int] = {}
        for row in members:
            row.target_id = target
            row.ops = []
            note = msg("same project as row {row}", row=leader.row_number)
            if row is not leader and note not in row.notes:
                row.notes.append(note)
            for key in PROJECT_FIELDS:
                value = row.parsed.get(key)
                if value is None:
                    continue
                if key in values and not same_value(values[key], value):
                    self.problem(
                        row,
                        self.header(key),
                        msg(
                            "row {row} gives {there} for the same project, this row {here}: "
                            "make them agree",
                            row=source[key],
                            there=shown_value(values[key]),
                            here=shown_value(value),
                        ),
                    )
                    break
                values.setdefault(key, value)
                source.setdefault(key, row.row_number)
        live = [r for r in members if not r.problems]
        if not live:
            return
        if target is None:
            wanted = {k: v for k, v in values.items() if v is not None}
            if "acronym" not in wanted:
                self.problem(
                    live[0], self.header("cordis_id"), msg("a new project needs an acronym")
                )
                self.fail_group(members, live[0])
                return
            live[0].ops.append(
                RecordOp(
                    Project, "create", wanted, msg("project {acronym}", acronym=wanted["acronym"])
                )
            )
        else:
            existing = self.projects[target]
            new, old = changed_values(existing, values)
            if new:
                live[0].ops.append(
                    RecordOp(
                        Project,
                        "update",
                        new,
                        msg("project {acronym}", acronym=existing["acronym"]),
                        target,
                        existing["version"],
                        old,
                    )
                )
        partners = [dict(p) for p in self.partner_rows.get(target, [])] if target else []
        for row in live:
            for draft in row.parsed.get("partners", []):
                self._partner_op(row, draft, partners)
        for row in members:
            self.finish(row, root_created=target is None)

    def _partner_op(
        self, row: PlanRow, draft: PartnerDraft, partners: list[dict[str, Any]]
    ) -> None:
        name = draft.name
        if draft.org_id is None and not name:
            self.problem(
                row,
                self.header("partner_vat"),
                msg("no organisation has VAT number {vat}: add the partner's name", vat=draft.vat),
            )
            return
        existing = None
        for p in partners:
            if draft.org_id is not None and p.get("organisation_id") == draft.org_id:
                existing = p
                break
            if (
                draft.org_id is None
                and p.get("organisation_id") is None
                and name
                and folded(p.get("external_name")) == fold_for_search(name)
            ):
                existing = p
                break
        shown = self.index.orgs[draft.org_id].name if draft.org_id in self.index.orgs else name
        label = msg("partner {name}", name=shown)
        wanted: dict[str, Any] = {
            "role": draft.role,
            "budget": draft.budget,
            "contribution": draft.contribution,
        }
        if draft.org_id is None:
            wanted["external_country"] = draft.country
        if existing is not None:
            new, old = changed_values(existing, wanted)
            if not new:
                return
            if existing.get("id") is None:
                self.problem(
                    row, None, msg("{record} appears twice with different values", record=label)
                )
                return
            existing.update(new)
            row.ops.append(
                RecordOp(
                    ProjectPartner,
                    "update",
                    new,
                    label,
                    existing["id"],
                    existing.get("version"),
                    old,
                    link="project",
                )
            )
            return
        values = {k: v for k, v in wanted.items() if v is not None}
        values.setdefault("role", ProjectRole.PARTNER)
        if draft.org_id is not None:
            values["organisation_id"] = draft.org_id
        else:
            values["external_name"] = name
        partners.append(
            {
                **values,
                "organisation_id": draft.org_id,
                "external_name": values.get("external_name"),
            }
        )
        row.ops.append(RecordOp(ProjectPartner, "create", values, label, link="project"))
