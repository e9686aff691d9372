"""Planning a member import: organisations matched by VAT number and name, with review.

Rows naming the same organisation (same VAT, or same normalised name) are one group: the first
row carries the organisation, later ones add their contacts, fees and areas, and contradicting
values are errors. The organisation's children (membership, fee, size, contact, areas) are
planned by :class:`~workbench.importing.plan.member_children.MemberChildrenPlanner`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from workbench.importing.errors import ValueParseError
from workbench.importing.fields import ImportKind
from workbench.importing.mapping import header_year
from workbench.importing.matching import MatchHow, MatchResult, OrgIndex, OrgRef, group_rows
from workbench.importing.parsing import parse_org_type
from workbench.importing.plan.base import group_members, rows_by_ids, share_values
from workbench.importing.plan.member_children import (
    CONTACT_FIELDS,
    FEE_FIELDS,
    SIZE_FIELDS,
    STORED_CHILD_COLUMNS,
    GroupState,
    MemberChildrenPlanner,
)
from workbench.importing.plan.model import (
    ImportPlan,
    PlanQuestion,
    PlanRow,
    RecordOp,
    ReviewAction,
    ReviewDecision,
    RowStatus,
    shown_value,
)
from workbench.importing.plan.values import Targets, changed_values, row_label, same_value
from workbench.models import (
    AreaParticipation,
    CompetenceArea,
    Contact,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    SizeData,
)
from workbench.rules.names import name_key
from workbench.text import fold_for_search
from workbench.translatable import Message, msg

# The organisation's own fields (a member row's root record).
ORG_FIELDS = ("name", "legal_name", "vat", "fiscal_code", "org_type", "nace", "address",
              "postcode", "city", "province", "region", "nuts2", "country", "website", "email",
              "phone")  # fmt: skip

# Where each member field lands: (model, attribute), for length limits and decimal scales.
MEMBER_TARGETS: Targets = {
    **{k: (Organisation, k) for k in ORG_FIELDS},
    "join_date": (MembershipPeriod, "join_date"),
    "leave_date": (MembershipPeriod, "leave_date"),
    "category": (MembershipPeriod, "category"),
    "fee_due": (Fee, "amount_due"),
    "fee_paid": (Fee, "amount_paid"),
    "staff_awu": (SizeData, "staff_awu"),
    "turnover": (SizeData, "turnover"),
    "balance_sheet": (SizeData, "balance_sheet"),
    "contact_first_name": (Contact, "first_name"),
    "contact_last_name": (Contact, "last_name"),
    "contact_role": (Contact, "role"),
    "contact_email": (Contact, "email"),
    "contact_phone": (Contact, "phone"),
}


# The organisation types in notes ("type university taken from the name"), translatable.
_ORG_TYPE_WORDS: dict[OrgType, Message] = {
    OrgType.COMPANY: msg("company"),
    OrgType.UNIVERSITY: msg("university"),
    OrgType.RESEARCH_ORG: msg("research_org"),
    OrgType.TECHNOLOGY_CENTRE: msg("technology_centre"),
    OrgType.PUBLIC_BODY: msg("public_body"),
    OrgType.ASSOCIATION: msg("association"),
    OrgType.FINANCIAL_INSTITUTION: msg("financial_institution"),
    OrgType.OTHER: msg("other"),
}

#: The label of every organisation record an import plans (one object, not one per row).
_ORGANISATION = msg("organisation")


@dataclass
class _OrgSnapshot:
    """Existing records of the organisations a member import touches."""

    orgs: dict[int, dict[str, Any]]
    periods: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    fees: dict[int, dict[int, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    sizes: dict[int, dict[int, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    contacts: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    areas: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    loaded: set[int] = field(default_factory=set)


class MemberPlanner(MemberChildrenPlanner):
    """Organisations with membership, fees, size data, contacts and competence areas."""

    kind = ImportKind.MEMBERS
    targets = MEMBER_TARGETS

    def plan(self) -> ImportPlan:
        self.read_rows()
        self._year_questions()
        self._check_rows()
        self.areas = self._load_areas()
        self._check_areas()
        self.snapshot = _OrgSnapshot(orgs=self._load_orgs())
        self.index = OrgIndex.build(
            OrgRef(o["id"], o["name"], o["legal_name"], o["vat"], o["city"])
            for o in self.snapshot.orgs.values()
        )
        self._group()
        groups = group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        # A known VAT number with a clearly different name is reviewed, not a silent rename.
        found = self.index.match_many(
            [self._match_query(members) for members in groups.values()], name_must_agree=True
        )
        matches = dict(zip(groups, found, strict=True))
        wanted = {m.org_id for m in matches.values() if m.org_id is not None}
        wanted |= {c.org_id for m in matches.values() for c in m.candidates}
        self._load_children(wanted)
        total = len(groups)
        for n, (leader, members) in enumerate(groups.items()):
            self._plan_group(members, matches[leader], self.decision_for(members))
            if self.progress is not None and n % 500 == 0:
                self.progress(n, total, "Comparing with the database")
        return self.result()

    # -- questions -----------------------------------------------------------------------------
    def _year_of(self, group: str, fields: Sequence[str]) -> int | None:
        """Year for fee/size figures: the year column, a year in the header, or the answer."""
        for key in fields:
            column = self.columns.get(key)
            if column is not None:
                found = header_year(column.header)
                if found is not None:
                    return found
        return self.options.fee_year if group == "fee" else self.options.size_year

    def _year_questions(self) -> None:
        self.fee_year = self._year_of("fee", FEE_FIELDS)
        self.size_year = self._year_of("size", SIZE_FIELDS)
        year_columns = {"fee": ("fee_year", "year"), "size": ("size_year", "year")}
        for group, fields, year in (
            ("fee", FEE_FIELDS, self.fee_year),
            ("size", SIZE_FIELDS, self.size_year),
        ):
            if year is not None or any(k in self.columns for k in year_columns[group]):
                continue
            if any(k in r.parsed for r in self.rows for k in fields):
                what = (
                    msg("membership fees")
                    if group == "fee"
                    else msg("staff, turnover and balance sheet")
                )
                self.ask(
                    PlanQuestion(
                        key=f"{group}_year",
                        kind="year",
                        column=None,
                        message=msg(
                            "Which year do the {what} figures refer to? The file has no year "
                            "column and the headers name no year.",
                            what=what,
                        ),
                    )
                )

    # -- row checks ----------------------------------------------------------------------------
    def _check_rows(self) -> None:
        for row in self.rows:
            parsed = row.parsed
            row.label = parsed.get("name") or parsed.get("vat") or row_label(row)
            if "name" not in parsed and "vat" not in parsed and row.status is not RowStatus.ERROR:
                self.problem(row, None, msg("the row has neither a name nor a VAT number"))
            leave, join = parsed.get("leave_date"), parsed.get("join_date")
            if leave and join and leave < join:
                self.problem(
                    row,
                    self.header("leave_date"),
                    msg(
                        "the leave date {leave} is before the join date {join}",
                        leave=leave,
                        join=join,
                    ),
                )

    def _load_areas(self) -> dict[str, dict[str, Any]]:
        table = CompetenceArea.__table__
        found: dict[str, dict[str, Any]] = {}
        for r in self.session.execute(select(table.c.id, table.c.name, table.c.code)):
            found[fold_for_search(r.name)] = {"id": r.id, "name": r.name}
            if r.code:
                found.setdefault(fold_for_search(r.code), {"id": r.id, "name": r.name})
        return found

    def _check_areas(self) -> None:
        """Turn area cells into area ids; an unknown area is an error, never created."""
        column = self.header("area")
        dated = [self.columns[k].index for k in ("area_from", "join_date") if k in self.columns]
        if (
            self.options.area_from is None
            and column is not None
            and any(
                row.values[self.columns["area"].index] is not None
                and all(row.values[j] is None for j in dated)
                for row in self.rows
            )
        ):
            self.ask(
                PlanQuestion(
                    key="area_from",
                    kind="date",
                    column=column,
                    message=msg(
                        "From which date do the competence-area memberships count? Some rows "
                        "give neither an area date nor a join date."
                    ),
                )
            )
        for row in self.rows:
            text = row.parsed.get("area")
            if text is None:
                continue
            ids, unknown = self._area_ids(text)
            if unknown:
                known = ", ".join(sorted(a["name"] for a in self.areas.values()))
                self.problem(
                    row,
                    column,
                    msg(
                        'competence area "{area}" does not exist (known: '
                        "{known}): correct the name or create the area first",
                        area=unknown,
                        known=known or msg("none yet"),
                    ),
                )
            row.parsed["area_ids"] = ids

    def _area_ids(self, text: str) -> tuple[list[int], str | None]:
        whole = self.areas.get(fold_for_search(text))
        if whole is not None:
            return [whole["id"]], None
        ids: list[int] = []
        for part in re.split(r"[;,|\n/]+", text):
            part = part.strip()
            if not part:
                continue
            found = self.areas.get(fold_for_search(part))
            if found is None:
                return [], part
            if found["id"] not in ids:
                ids.append(found["id"])
        return ids, None

    # -- existing records ----------------------------------------------------------------------
    def _load_orgs(self) -> dict[int, dict[str, Any]]:
        """Existing organisations: what matching needs plus the mapped fields (not all)."""
        table = Organisation.__table__
        wanted = {"id", "name", "legal_name", "vat", "city", "version", "is_external"}
        wanted |= {key for key in self.columns if key in ORG_FIELDS}
        columns = [table.c[name] for name in sorted(wanted)]
        result = self.session.connection().execute(select(*columns))
        keys = list(result.keys())
        shared: dict[Any, Any] = {}
        return {row.id: dict(zip(keys, share_values(row, shared), strict=True)) for row in result}

    def _load_children(self, org_ids: set[int]) -> None:
        snap = self.snapshot
        ids = org_ids - snap.loaded
        if not ids:
            return
        snap.loaded |= ids
        stored = STORED_CHILD_COLUMNS
        for p in rows_by_ids(
            self.session, MembershipPeriod, "organisation_id", ids, columns=stored[MembershipPeriod]
        ):
            snap.periods[p["organisation_id"]].append(p)
        years = {y for y in (self.fee_year, self.size_year) if y is not None}
        years |= {
            r.parsed[k]
            for r in self.rows
            for k in ("year", "fee_year", "size_year")
            if k in r.parsed
        }
        if years:
            for f in rows_by_ids(
                self.session,
                Fee,
                "organisation_id",
                ids,
                Fee.__table__.c.year.in_(sorted(years)),
                columns=stored[Fee],
            ):
                snap.fees[f["organisation_id"]][f["year"]] = f
            for s in rows_by_ids(
                self.session,
                SizeData,
                "organisation_id",
                ids,
                SizeData.__table__.c.year.in_(sorted(years)),
                columns=stored[SizeData],
            ):
                snap.sizes[s["organisation_id"]][s["year"]] = s
        if any(k in self.columns for k in CONTACT_FIELDS):
            for c in rows_by_ids(
                self.session, Contact, "organisation_id", ids, columns=stored[Contact]
            ):
                snap.contacts[c["organisation_id"]].append(c)
        if "area" in self.columns:
            for a in rows_by_ids(
                self.session,
                AreaParticipation,
                "organisation_id",
                ids,
                columns=stored[AreaParticipation],
            ):
                snap.areas[a["organisation_id"]].append(a)

    # -- grouping and matching -----------------------------------------------------------------
    def _group(self) -> None:
        live = [r for r in self.rows if r.status is not RowStatus.ERROR]
        leaders, _duplicates = group_rows(
            [(r.parsed.get("vat"), r.parsed.get("name")) for r in live]
        )
        for row, leader in zip(live, leaders, strict=True):
            row.group = live[leader].index
            if row.group != row.index:
                row.duplicate_of = self.rows[row.group].row_number

    @staticmethod
    def _match_query(members: list[PlanRow]) -> tuple[str | None, str | None]:
        """The VAT number and name a group is matched by: the first of its rows that has each."""
        vat = next((r.parsed["vat"] for r in members if "vat" in r.parsed), None)
        name = next((r.parsed["name"] for r in members if "name" in r.parsed), None)
        return vat, name

    # -- planning a group ----------------------------------------------------------------------
    def create_refused(self, group: int) -> Message | None:
        members = self.group_rows(group)
        vat = next((r.parsed["vat"] for r in members if r.parsed.get("vat")), None)
        owner = self.index.by_vat.get(str(vat).upper()) if vat else None
        if owner is None:
            return None
        return msg(
            "Row {row} cannot be a new organisation: VAT number {vat} already belongs to "
            "{name}, and a VAT number belongs to one organisation only. Choose that "
            "organisation or skip the row.",
            row=members[0].row_number,
            vat=vat,
            name=self.index.orgs[owner].name,
        )

    def decide(self, plan: ImportPlan, group: int, decision: ReviewDecision) -> None:
        members = [r for r in self.group_rows(group) if not r.problems]
        if not members:
            return
        match = members[0].match or MatchResult(MatchHow.NONE)
        if decision.org_id is not None:
            self._load_children({decision.org_id})
        for row in members:
            row.status = RowStatus.UNCHANGED
            row.notes = [n for n in row.notes if not n.startswith("decision:")]
        self._plan_group(members, match, decision)

    def _plan_group(
        self, members: list[PlanRow], match: MatchResult, decision: ReviewDecision | None
    ) -> None:
        leader = members[0]
        for row in members:
            row.match = match
            row.candidates = match.candidates
            row.decision = decision if match.how is MatchHow.REVIEW else None
            row.ops = []
            if row is not leader:
                note = msg("same organisation as row {row}", row=leader.row_number)
                if note not in row.notes:
                    row.notes.append(note)
        target: int | None = match.org_id
        if match.how is MatchHow.REVIEW:
            if (
                decision is not None
                and decision.action is ReviewAction.CREATE
                and self.create_refused(leader.group) is not None
            ):
                # "Create them all as new" (or --review create) cannot make a second owner of
                # a VAT number: the row waits for "same as" or "skip".
                decision = None
                for row in members:
                    row.decision = None
            if decision is None:
                for row in members:
                    row.status = RowStatus.REVIEW
                return
            if decision.action is ReviewAction.SKIP:
                for row in members:
                    row.status = RowStatus.SKIP
                    row.notes.append("decision: skipped")
                return
            target = decision.org_id if decision.action is ReviewAction.MERGE else None
            for row in members:
                row.notes.append(f"decision: {decision.action.value}")
        org_values = self._merge_org_values(members)
        if target is not None and match.how is MatchHow.REVIEW:
            # The user said which organisation it is, not how to spell it: the name stays.
            org_values.pop("name", None)
            org_values.pop("legal_name", None)
        live = [r for r in members if not r.problems]
        if not live:
            return
        for row in members:
            row.target_id = target
        state = GroupState()
        if target is None:
            root = self._create_org(live[0], org_values)
            live[0].ops.append(root)
            if live[0].problems:
                self.fail_group(members, live[0])
                return
        else:
            self._load_children({target})
            update = self._update_org(target, org_values, live)
            if update is not None:
                live[0].ops.append(update)
            existing = self.snapshot
            state.periods = [dict(p) for p in existing.periods.get(target, [])]
            state.fees = {y: dict(f) for y, f in existing.fees.get(target, {}).items()}
            state.sizes = {y: dict(s) for y, s in existing.sizes.get(target, {}).items()}
            state.contacts = [dict(c) for c in existing.contacts.get(target, [])]
            state.areas = [dict(a) for a in existing.areas.get(target, [])]
        for row in live:
            self.plan_children(row, state, created=target is None)
        for row in members:
            self.finish(row, root_created=target is None)

    def _merge_org_values(self, members: list[PlanRow]) -> dict[str, Any]:
        """Organisation fields of the group; a row contradicting an earlier one is an error."""
        merged: dict[str, Any] = {}
        source: dict[str, int] = {}
        for row in members:
            if row.problems:
                continue
            clash = None
            for key in ORG_FIELDS:
                value = row.parsed.get(key)
                if value is None or key not in merged:
                    continue
                same = (
                    name_key(value) == name_key(merged[key])
                    if key in ("name", "legal_name")
                    else same_value(merged[key], value)
                )
                if not same:
                    clash = key
                    break
            if clash is not None:
                self.problem(
                    row,
                    self.header(clash),
                    msg(
                        "this row repeats the organisation of row {row} with a different "
                        "value ({there} there, {here} here): make them agree",
                        row=source[clash],
                        there=shown_value(merged[clash]),
                        here=shown_value(row.parsed[clash]),
                    ),
                )
                continue
            for key in ORG_FIELDS:
                if key in row.parsed and key not in merged:
                    merged[key] = row.parsed[key]
                    source[key] = row.row_number
        return merged

    def _create_org(self, row: PlanRow, values: dict[str, Any]) -> RecordOp:
        wanted = {k: v for k, v in values.items() if v is not None}
        if "name" not in wanted:
            self.problem(
                row,
                self.header("vat"),
                msg(
                    "no organisation has VAT number {vat}: add its name to create it",
                    vat=wanted.get("vat"),
                ),
            )
            return RecordOp(Organisation, "create", wanted, _ORGANISATION)
        if "org_type" not in wanted:
            try:
                guessed = parse_org_type(wanted["name"])
            except ValueParseError:
                guessed = None
            wanted["org_type"] = OrgType(guessed) if guessed else OrgType.COMPANY
            row.notes.append(
                msg("type {type} taken from the name", type=_ORG_TYPE_WORDS[wanted["org_type"]])
                if guessed
                else msg("type not given: company assumed")
            )
        wanted.setdefault("country", self.options.default_country)
        wanted["is_external"] = False
        return RecordOp(Organisation, "create", wanted, _ORGANISATION)

    def _update_org(
        self, org_id: int, values: dict[str, Any], members: list[PlanRow]
    ) -> RecordOp | None:
        existing = self.snapshot.orgs[org_id]
        wanted = dict(values)
        for key in ("name", "legal_name"):
            # The same name spelt another way ("ALFA SRL" for "Alfa S.r.l.") is kept as stored.
            if (
                wanted.get(key)
                and existing.get(key)
                and name_key(wanted[key]) == name_key(existing[key])
            ):
                wanted.pop(key)
        if existing.get("is_external") and any("join_date" in r.parsed for r in members):
            wanted["is_external"] = False
        new, old = changed_values(existing, wanted)
        if not new:
            return None
        return RecordOp(
            Organisation, "update", new, _ORGANISATION, org_id, existing["version"], old
        )
