"""Planning an activity import: activities by date and title, with their participants."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from workbench.importing.fields import ImportKind
from workbench.importing.matching import OrgIndex, OrgRef
from workbench.importing.plan.base import Planner, group_members, rows_by_ids
from workbench.importing.plan.model import ImportPlan, PlanRow, RecordOp, RowStatus, shown_value
from workbench.importing.plan.values import Targets, changed_values, folded, same_value
from workbench.models import Activity, ActivityParticipant, Organisation
from workbench.text import fold_for_search
from workbench.translatable import msg

# Where each activity field lands: (model, attribute), for length limits.
ACTIVITY_TARGETS: Targets = {
    "title": (Activity, "title"),
    "location": (Activity, "location"),
    "participant_org": (ActivityParticipant, "external_organisation"),
    "participant_name": (ActivityParticipant, "person_name"),
    "participant_email": (ActivityParticipant, "email"),
}

ACTIVITY_FIELDS = ("start_date", "end_date", "title", "activity_type", "location")
PARTICIPANT_FIELDS = (
    "participant_org",
    "participant_vat",
    "participant_name",
    "participant_first_name",
    "participant_last_name",
    "participant_email",
)


class ActivityPlanner(Planner):
    """Activities (one row per activity, or one row per participant)."""

    kind = ImportKind.ACTIVITIES
    targets = ACTIVITY_TARGETS

    def plan(self) -> ImportPlan:
        self.read_rows()
        table = Activity.__table__
        self.activities = {r.id: dict(r._mapping) for r in self.session.execute(select(table))}
        self.by_key: dict[tuple[date, str], list[int]] = defaultdict(list)
        for a in self.activities.values():
            self.by_key[(a["start_date"], fold_for_search(a["title"]))].append(a["id"])
        org = Organisation.__table__
        self.index = OrgIndex.build(
            OrgRef(r.id, r.name, r.legal_name, r.vat, r.city)
            for r in self.session.execute(
                select(org.c.id, org.c.name, org.c.legal_name, org.c.vat, org.c.city)
            )
        )
        first: dict[tuple[date, str], int] = {}
        for row in self.rows:
            p = row.parsed
            row.label = f"{p.get('start_date') or ''} {p.get('title') or ''}".strip()
            if row.status is RowStatus.ERROR:
                continue
            if "start_date" not in p or "title" not in p:
                no_date = "start_date" not in p
                self.problem(
                    row,
                    self.header("start_date" if no_date else "title"),
                    msg("the activity has no date")
                    if no_date
                    else msg("the activity has no title"),
                )
                continue
            key = (p["start_date"], fold_for_search(p["title"]))
            row.group = first.setdefault(key, row.index)
            if row.group != row.index:
                row.duplicate_of = self.rows[row.group].row_number
        groups = group_members(r for r in self.rows if r.status is not RowStatus.ERROR)
        targets: dict[int, int | None] = {}
        for leader, members in groups.items():
            p = members[0].parsed
            found = self.by_key.get((p["start_date"], fold_for_search(p["title"])), [])
            targets[leader] = found[0] if len(found) == 1 else None
            if len(found) > 1:
                self.problem(
                    members[0],
                    self.header("title"),
                    msg("several activities have this date and title: edit them first"),
                )
        existing: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for part in rows_by_ids(
            self.session,
            ActivityParticipant,
            "activity_id",
            [t for t in targets.values() if t is not None],
        ):
            existing[part["activity_id"]].append(part)
        for leader, members in groups.items():
            self._plan_activity(members, targets[leader], existing)
        return self.result()

    def _plan_activity(
        self, members: list[PlanRow], target: int | None, existing: dict[int, list[dict[str, Any]]]
    ) -> None:
        leader = members[0]
        if leader.problems:
            self.fail_group(members, leader)
            return
        values: dict[str, Any] = {}
        for row in members:
            row.target_id = target
            if row is not leader:
                row.notes.append(msg("same activity as row {row}", row=leader.row_number))
            for key in ACTIVITY_FIELDS:
                value = row.parsed.get(key)
                if value is None:
                    continue
                if key in values and not same_value(values[key], value):
                    self.problem(
                        row,
                        self.header(key),
                        msg(
                            "row {row} gives {there} for the same activity, this row {here}: "
                            "make them agree",
                            row=leader.row_number,
                            there=shown_value(values[key]),
                            here=shown_value(value),
                        ),
                    )
                    break
                values.setdefault(key, value)
        live = [r for r in members if not r.problems]
        if not live:
            return
        if target is None:
            live[0].ops.append(
                RecordOp(
                    Activity, "create", dict(values), msg("activity {title}", title=values["title"])
                )
            )
        else:
            new, old = changed_values(self.activities[target], values)
            if new:
                live[0].ops.append(
                    RecordOp(
                        Activity,
                        "update",
                        new,
                        msg("activity {title}", title=values["title"]),
                        target,
                        self.activities[target]["version"],
                        old,
                    )
                )
        people = [dict(p) for p in existing.get(target, [])] if target else []
        for row in live:
            self._participant(row, people)
        for row in members:
            self.finish(row, root_created=target is None)

    def _participant(self, row: PlanRow, people: list[dict[str, Any]]) -> None:
        p = row.parsed
        if not any(k in p for k in PARTICIPANT_FIELDS):
            return
        person = (
            p.get("participant_name")
            or " ".join(
                x for x in (p.get("participant_first_name"), p.get("participant_last_name")) if x
            )
            or None
        )
        org_name = p.get("participant_org")
        org_id = None
        if org_name or p.get("participant_vat"):
            found = self.index.match(p.get("participant_vat"), org_name, fuzzy=False)
            org_id = found.org_id
        if org_id is None and not org_name and not person:
            self.problem(
                row,
                self.header("participant_email") or self.header("participant_vat"),
                msg("a participant needs a person's name or an organisation"),
            )
            return
        email = p.get("participant_email")
        for other in people:
            if email and other.get("email") and other["email"].casefold() == email.casefold():
                return
            same_org = (
                other.get("organisation_id") == org_id
                if org_id is not None
                else folded(other.get("external_organisation")) == folded(org_name)
            )
            if same_org and folded(other.get("person_name")) == folded(person):
                if email and not other.get("email") and other.get("id"):
                    row.ops.append(
                        RecordOp(
                            ActivityParticipant,
                            "update",
                            {"email": email},
                            msg("participant {name}", name=person or org_name),
                            other["id"],
                            other.get("version"),
                            {"email": None},
                            link="activity",
                        )
                    )
                    other["email"] = email
                return
        values: dict[str, Any] = {"person_name": person, "email": email}
        if org_id is not None:
            values["organisation_id"] = org_id
            row.notes.append(msg("participant linked to {name}", name=self.index.orgs[org_id].name))
        else:
            values["external_organisation"] = org_name
        values = {k: v for k, v in values.items() if v is not None}
        people.append(
            {
                "organisation_id": org_id,
                "external_organisation": org_name,
                "person_name": person,
                "email": email,
            }
        )
        row.ops.append(
            RecordOp(
                ActivityParticipant,
                "create",
                values,
                msg("participant {name}", name=person or org_name),
                link="activity",
            )
        )
