"""Named import presets: fixed mappings for formats we know, and the CORDIS importer.

* ``members`` - the workbench's own member template (headers = the English field labels).
* ``cordis-projects`` - CORDIS ``project.csv`` (``;``-separated, quoted): id, acronym, status,
  title, startDate, endDate, totalCost, ecMaxContribution, frameworkProgramme, masterCall ...
* ``cordis-organizations`` - CORDIS ``organization.csv``: projectID, organisationID, vatNumber,
  name, shortName, activityType, country, role, ecContribution, totalCost ...

"Import our members' EU projects from CORDIS" is :func:`plan_cordis`: given both files it keeps
the projects in which at least one participant is a cluster member (same VAT number, or same
normalised name or short name) and plans them like any project import: created or updated by
CORDIS id, with every participant as a partner (members linked to their record, others as
external partners with their country), roles, budgets and EU contributions. A participant whose
name is only similar to a member's puts its project under review (link / external / skip).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.importing.errors import ImportFileError, ValueParseError, alternatives
from workbench.importing.fields import MEMBER_FIELDS, ImportKind
from workbench.importing.mapping import Mapping, fold_header
from workbench.importing.matching import MatchHow, OrgIndex, OrgRef
from workbench.importing.parsing import parse_decimal, parse_vat
from workbench.importing.plan.base import rows_by_ids, run_planner
from workbench.importing.plan.model import (
    ImportPlan,
    PlanOptions,
    PlanRow,
    Problem,
    ReviewAction,
    ReviewDecision,
    RowStatus,
)
from workbench.importing.plan.projects import PartnerDraft, ProjectPlanner
from workbench.importing.plan.values import (
    ROLE_WORDS,
    cell_text,
    lookup_word,
    parse_country,
    row_label,
)
from workbench.importing.readers import RawTable, read_table
from workbench.models import (
    ClusterProfile,
    MembershipPeriod,
    Organisation,
    ProjectPartner,
    ProjectRole,
)
from workbench.rules.names import name_key
from workbench.translatable import join, msg


@dataclass(frozen=True)
class Preset:
    """A known file format with a fixed mapping.

    Attributes:
        name: Identifier ("cordis-projects").
        kind: What it imports.
        title: Name shown to the user.
        columns: ``{header: field}`` of the format (headers absent from a file are ignored).
    """

    name: str
    kind: ImportKind
    title: str
    columns: dict[str, str]

    def mapping_for(self, headers: list[str]) -> Mapping:
        """The preset's mapping restricted to the columns *headers* has (matched folded)."""
        present = {fold_header(h): h for h in headers}
        columns = {
            present[fold_header(h)]: key
            for h, key in self.columns.items()
            if fold_header(h) in present
        }
        kind = ImportKind.PROJECTS if self.kind is ImportKind.CORDIS else self.kind
        return Mapping(kind, columns)


CORDIS_PROJECT_COLUMNS = {
    "id": "cordis_id",
    "acronym": "acronym",
    "status": "status",
    "title": "title",
    "startDate": "start_date",
    "endDate": "end_date",
    "totalCost": "total_budget",
    "ecMaxContribution": "eu_contribution",
    "frameworkProgramme": "programme",
    "masterCall": "call_id",
}
#: Columns of organization.csv the importer reads (the others are ignored).
CORDIS_ORGANISATION_COLUMNS = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME",
    "activityType", "street", "postCode", "city", "country", "nutsCode", "role",
    "ecContribution", "netEcContribution", "totalCost", "endOfParticipation", "active",
)  # fmt: skip

PRESETS: dict[str, Preset] = {
    "members": Preset(
        "members",
        ImportKind.MEMBERS,
        "Members (workbench template)",
        {spec.label: spec.key for spec in MEMBER_FIELDS},
    ),
    "cordis-projects": Preset(
        "cordis-projects",
        ImportKind.CORDIS,
        "CORDIS projects (project.csv)",
        CORDIS_PROJECT_COLUMNS,
    ),
    "cordis-organizations": Preset(
        "cordis-organizations",
        ImportKind.CORDIS,
        "CORDIS participants (organization.csv)",
        {name: name for name in CORDIS_ORGANISATION_COLUMNS},
    ),
}


def get_preset(name: str) -> Preset:
    """The preset called *name*; KeyError listing the known ones."""
    try:
        return PRESETS[name]
    except KeyError:
        raise KeyError(f'No preset "{name}"; known: {", ".join(PRESETS)}') from None


# --------------------------------------------------------------------------------------------
# CORDIS


@dataclass
class _Participant:
    """One row of organization.csv."""

    row_number: int
    project_id: str
    draft: PartnerDraft
    short_name: str | None
    problems: list[Problem]


def plan_cordis(
    db_or_session: Any,
    projects: str | Path | RawTable,
    organizations: str | Path | RawTable,
    options: PlanOptions | None = None,
) -> ImportPlan:
    """Plan "import our members' EU projects from CORDIS" from project.csv + organization.csv.

    Args:
        db_or_session: The database or an open session.
        projects: CORDIS ``project.csv`` (a path, or a table already read).
        organizations: CORDIS ``organization.csv``.
        options: Plan options (review decisions, ``review`` for all rows ...).

    Returns:
        A plan of kind CORDIS with one row per project in which a member takes part. Projects
        without members are left out (counted in ``plan.notes``).

    Raises:
        ImportFileError: A file cannot be read or is not the CORDIS format.
    """
    options = options or PlanOptions()
    project_table = projects if isinstance(projects, RawTable) else read_table(projects)
    org_table = organizations if isinstance(organizations, RawTable) else read_table(organizations)
    _require_columns(project_table, ("id", "acronym"), "project.csv")
    _require_columns(org_table, ("projectID", "name", "role"), "organization.csv")
    mapping = PRESETS["cordis-projects"].mapping_for(project_table.headers)
    return run_planner(
        db_or_session,
        lambda session: CordisPlanner(session, project_table, org_table, mapping, options),
    )


def _require_columns(table: RawTable, names: tuple[str, ...], expected: str) -> None:
    present = {fold_header(h) for h in table.headers}
    missing = [n for n in names if fold_header(n) not in present]
    if missing:
        raise ImportFileError(
            msg("the file has no column {columns}", columns=", ".join(missing)),
            file=table.file_name,
            hint=msg(
                "Choose the CORDIS {expected} file (downloaded from the CORDIS data portal).",
                expected=expected,
            ),
        )


class CordisPlanner(ProjectPlanner):
    """Projects of project.csv with their participants from organization.csv."""

    kind = ImportKind.CORDIS

    def __init__(
        self,
        session: Session,
        table: RawTable,
        org_table: RawTable,
        mapping: Mapping,
        options: PlanOptions,
    ) -> None:
        super().__init__(session, table, mapping, options, file_label=table.file_name)
        self.org_table = org_table

    def plan(self) -> ImportPlan:
        self.read_rows()
        self.prepare()
        self._members = self._member_index()
        self._cluster_keys = self._cluster_identity()
        participants = self._read_participants()
        kept: list[PlanRow] = []
        left_out = 0
        sub_call = self._column_index("subCall")
        for row in self.rows:
            p = row.parsed
            row.label = p.get("acronym") or p.get("cordis_id") or row_label(row)
            if sub_call is not None and "call_id" not in p and row.values[sub_call]:
                p["call_id"] = cell_text(row.values[sub_call])
            mine = participants.get(str(p.get("cordis_id") or ""), [])
            cluster = [part for part in mine if self._is_cluster(part)]
            others = [part for part in mine if part not in cluster]
            if not cluster and not any(
                part.draft.org_id is not None or part.draft.candidates for part in others
            ):
                left_out += 1
                continue
            # The cluster itself is the project's cluster role and budget, not a partner.
            p["partners"] = [part.draft for part in others]
            p["cluster_takes_part"] = bool(cluster)
            for part in cluster[:1]:
                p.setdefault("cluster_role", part.draft.role)
                if part.draft.budget is not None:
                    p.setdefault("cluster_budget", part.draft.budget)
            for part in mine:
                row.problems.extend(part.problems)
            if row.problems:
                row.status = RowStatus.ERROR
            if "acronym" not in p and row.status is not RowStatus.ERROR:
                self.problem(row, self.header("acronym"), msg("the project has no acronym"))
            kept.append(row)
        for i, row in enumerate(kept):
            row.index = i
            row.group = i
        self.rows = kept
        self.notes.append(
            msg(
                "{kept} projects with cluster members kept; {left_out} projects without "
                "members left out.",
                kept=len(kept),
                left_out=left_out,
            )
        )
        for row in self.rows:
            if row.status is not RowStatus.ERROR:
                row.target_id = self.find_project(row)
        self.base_notes = {row.index: list(row.notes) for row in self.rows}
        wanted = {r.target_id for r in self.rows if r.target_id is not None}
        for partner in rows_by_ids(self.session, ProjectPartner, "project_id", wanted):
            self.partner_rows[partner["project_id"]].append(partner)
        for row in self.rows:
            if row.status is not RowStatus.ERROR:
                self._plan_row(row, self.decision_for([row]))
        plan = self.result()
        plan.kind = ImportKind.CORDIS
        plan.file_name = f"{self.table.file_name} + {self.org_table.file_name}"
        return plan

    # -- members and participants --------------------------------------------------------------
    def _member_index(self) -> OrgIndex:
        org = Organisation.__table__
        period = MembershipPeriod.__table__
        members = select(period.c.organisation_id).distinct()
        rows = self.session.execute(
            select(org.c.id, org.c.name, org.c.legal_name, org.c.vat, org.c.city).where(
                org.c.id.in_(members)
            )
        )
        return OrgIndex.build(OrgRef(r.id, r.name, r.legal_name, r.vat, r.city) for r in rows)

    def _cluster_identity(self) -> tuple[str | None, str | None]:
        profile = self.session.scalars(select(ClusterProfile).limit(1)).first()
        if profile is None:
            return None, None
        return profile.vat, name_key(profile.legal_name or profile.name)

    def _is_cluster(self, part: _Participant) -> bool:
        vat, key = self._cluster_keys
        draft = part.draft
        return bool(
            (vat and draft.vat == vat) or (key and draft.name and name_key(draft.name) == key)
        )

    def _column_index(self, name: str, table: RawTable | None = None) -> int | None:
        table = table or self.table
        for j, header in enumerate(table.headers):
            if fold_header(header) == fold_header(name):
                return j
        return None

    def _read_participants(self) -> dict[str, list[_Participant]]:
        t = self.org_table
        col = {name: self._column_index(name, t) for name in CORDIS_ORGANISATION_COLUMNS}
        found: dict[str, list[_Participant]] = defaultdict(list)

        def cell(cells: list[Any], name: str) -> Any:
            j = col.get(name)
            return cells[j] if j is not None else None

        for cells, number in zip(t.rows, t.row_numbers, strict=True):
            project_id = cell_text(cell(cells, "projectID"))
            if not project_id:
                continue
            problems: list[Problem] = []

            def amount(
                name: str,
                cells: list[Any] = cells,
                number: int = number,
                problems: list[Problem] = problems,
            ) -> Decimal | None:
                try:
                    value = parse_decimal(cell(cells, name), decimal_comma=True)
                except ValueParseError as exc:
                    problems.append(Problem(number, name, exc.message, t.file_name))
                    return None
                return value.quantize(Decimal("0.01")) if value is not None else None

            try:
                vat = parse_vat(cell(cells, "vatNumber"))
            except ValueParseError:
                vat = None  # CORDIS holds many non-EU and malformed numbers: match by name
            try:
                role = lookup_word(ROLE_WORDS, cell(cells, "role"), "role") or ProjectRole.PARTNER
            except ValueParseError:
                role = ProjectRole.PARTNER
            try:
                country = parse_country(cell(cells, "country"))
            except ValueParseError:
                country = None
            name = cell_text(cell(cells, "name"))
            short = cell_text(cell(cells, "shortName"))
            draft = PartnerDraft(
                name=name,
                vat=vat,
                role=role,
                country=country,
                budget=amount("totalCost"),
                contribution=amount("ecContribution"),
                source_row=number,
            )
            self._match_member(draft, short)
            found[project_id].append(_Participant(number, project_id, draft, short, problems))
        return found

    def _match_member(self, draft: PartnerDraft, short: str | None) -> None:
        for name in (draft.name, short):
            result = self._members.match(draft.vat, name, fuzzy=False)
            if result.how in (MatchHow.VAT, MatchHow.NAME):
                draft.org_id = draft.member_id = result.org_id
                return
        result = self._members.match(draft.vat, draft.name)
        if result.how is MatchHow.REVIEW:
            draft.candidates = result.candidates

    # -- planning and review -------------------------------------------------------------------
    def _plan_row(
        self, row: PlanRow, decision: ReviewDecision | None, explicit: bool = False
    ) -> None:
        """Plan a project row; *decision* links (merge) or externalises (create) near misses."""
        partners: list[PartnerDraft] = row.parsed.get("partners", [])
        resolved: dict[int, int | None] = row.parsed.setdefault("resolved", {})
        doubtful = [i for i, p in enumerate(partners) if p.candidates]
        if decision is not None and (explicit or any(i not in resolved for i in doubtful)):
            row.decision = decision
            if decision.action is ReviewAction.SKIP:
                row.status = RowStatus.SKIP
                row.ops = []
                row.notes = self.base_notes.get(row.index, []) + ["decision: skipped"]
                return
            for i in doubtful:
                if decision.action is ReviewAction.CREATE:
                    resolved[i] = None  # an external partner, not a member
                elif decision.org_id in {c.org_id for c in partners[i].candidates}:
                    resolved[i] = decision.org_id
        for i, draft in enumerate(partners):
            draft.org_id = resolved.get(i, draft.member_id) if draft.candidates else draft.member_id
        undecided = [partners[i] for i in doubtful if i not in resolved]
        row.candidates = tuple(c for p in undecided for c in p.candidates)
        if undecided:
            row.status = RowStatus.REVIEW
            row.ops = []
            row.notes = self.base_notes.get(row.index, []) + [
                msg(
                    'participant "{name}" may be the member {members}',
                    name=p.name,
                    members=alternatives(f'"{c.name}"' for c in p.candidates),
                )
                for p in undecided
            ]
            return
        linked = [self._members.orgs[p.org_id].name for p in partners if p.org_id is not None]
        if row.parsed.get("cluster_takes_part"):
            linked.insert(0, msg("the cluster itself"))
        if not linked:
            row.status = RowStatus.SKIP
            row.ops = []
            row.notes = self.base_notes.get(row.index, []) + [
                msg("no cluster member takes part: left out")
            ]
            return
        row.notes = self.base_notes.get(row.index, []) + [
            msg("members taking part: {names}", names=join(", ", linked))
        ]
        row.problems = []
        self.plan_project([row])

    def decide(self, plan: ImportPlan, group: int, decision: ReviewDecision) -> None:
        self._plan_row(self.rows[group], decision, explicit=True)

    def plan_project(self, members: list[PlanRow]) -> None:
        for draft in members[0].parsed.get("partners", []):
            if draft.org_id is not None and draft.org_id not in self.index.orgs:
                self.index.add(self._members.orgs[draft.org_id])
        super().plan_project(members)


def read_cordis(projects: str | Path, organizations: str | Path) -> tuple[RawTable, RawTable]:
    """Read the two CORDIS files (ImportFileError naming the file when one cannot be read)."""
    return read_table(projects), read_table(organizations)


__all__ = [
    "CORDIS_ORGANISATION_COLUMNS",
    "CORDIS_PROJECT_COLUMNS",
    "PRESETS",
    "CordisPlanner",
    "Preset",
    "get_preset",
    "plan_cordis",
    "read_cordis",
]
