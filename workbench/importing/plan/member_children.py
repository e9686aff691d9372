"""Planning what a member row adds to its organisation: membership, fee, size, contact, areas.

Each child is compared with the stored ones and with those planned by earlier rows naming the
same organisation (:class:`GroupState`): a stored record is updated, a planned one must agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from workbench.importing.plan.base import Planner
from workbench.importing.plan.model import PlanRow, RecordOp, shown_value
from workbench.importing.plan.values import changed_values, folded
from workbench.models import AreaParticipation, Base, Contact, Fee, MembershipPeriod, SizeData
from workbench.text import fold_for_search, normalise_text
from workbench.translatable import msg

FEE_FIELDS = ("fee_due", "fee_paid", "fee_paid_date")
SIZE_FIELDS = ("staff_awu", "turnover", "balance_sheet")
CONTACT_FIELDS = (
    "contact_name",
    "contact_first_name",
    "contact_last_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "contact_consent",
)
#: The stored columns of an organisation's children that planning compares or reports, and all
#: it loads of them: the keys of the ``wanted`` dictionaries below plus what identifies a
#: record (id, version, owner, year). A 50,000-member import keeps these for every matched
#: organisation while the preview is open, so free text (notes, evidence) stays in the database.
STORED_CHILD_COLUMNS: dict[type[Base], tuple[str, ...]] = {
    MembershipPeriod: ("id", "version", "organisation_id", "join_date", "leave_date", "category"),
    Fee: ("id", "version", "organisation_id", "year", "amount_due", "amount_paid", "paid_date"),
    SizeData: ("id", "version", "organisation_id", "year", *SIZE_FIELDS),
    Contact: (
        "id",
        "version",
        "organisation_id",
        "first_name",
        "last_name",
        "role",
        "email",
        "phone",
        "consent",
        "consent_date",
    ),
    AreaParticipation: ("id", "version", "organisation_id", "area_id", "from_date", "to_date"),
}


# Labels repeated on thousands of rows ("fee 2025") are one object each, not one per row.
@lru_cache(maxsize=256)
def _fee_label(year: int) -> str:
    return msg("fee {year}", year=year)


@lru_cache(maxsize=256)
def _size_label(year: int) -> str:
    return msg("size data {year}", year=year)


@lru_cache(maxsize=1024)
def _area_label(name: str) -> str:
    return msg("area {name}", name=name)


_SURNAME_PARTICLES = frozenset(
    "de di da del della dello dei degli delle dal dalla dall lo la le van von der den du mac mc "
    "st san santa".split()
)
_TITLES = frozenset(
    "dott dott.ssa dottssa dr dr. ing ing. prof prof. avv avv. arch arch. sig "
    "sig. sig.ra sigra geom geom. rag rag. mr mrs ms dott.".split()
)


def split_person_name(full: str) -> tuple[str | None, str]:
    """(first name, last name) of "Mario Rossi", "Maria Grazia De Luca", "Dott. Anna Bianchi".

    The last word is the surname, with the particles before it (De, Di, Van ...); the rest is
    the first name. A single word is a surname.
    """
    words = [
        w
        for w in normalise_text(full).split()
        if w.casefold().rstrip(".") not in _TITLES and w.casefold() not in _TITLES
    ]
    if not words:
        return None, normalise_text(full)
    if len(words) == 1:
        return None, words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold().strip("'") in _SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


@dataclass
class GroupState:
    """Children planned so far for one organisation in this import (rows repeating it)."""

    periods: list[dict[str, Any]] = field(default_factory=list)
    fees: dict[int, dict[str, Any]] = field(default_factory=dict)
    sizes: dict[int, dict[str, Any]] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)


class MemberChildrenPlanner(Planner):
    """The children of a member row's organisation (the member planner's second half)."""

    # Set by MemberPlanner.plan before any child is planned.
    fee_year: int | None
    size_year: int | None
    areas: dict[str, dict[str, Any]]

    def plan_children(self, row: PlanRow, state: GroupState, created: bool) -> None:
        self._membership(row, state, created)
        self._fee(row, state)
        self._size(row, state)
        self._contact(row, state)
        self._areas(row, state)

    def _membership(self, row: PlanRow, state: GroupState, created: bool) -> None:
        p = row.parsed
        join, leave, category = p.get("join_date"), p.get("leave_date"), p.get("category")
        if join is None and leave is None and category is None:
            if created:
                row.notes.append(msg("no join date: recorded, but not as a member"))
            return
        open_periods = [q for q in state.periods if q.get("leave_date") is None]
        if join is not None:
            same = next((q for q in state.periods if q["join_date"] == join), None)
            if same is None and len(open_periods) == 1 and not created:
                same = open_periods[0]
            if same is not None:
                self._child_update(
                    row,
                    MembershipPeriod,
                    "organisation",
                    same,
                    {"join_date": join, "leave_date": leave, "category": category},
                    msg("membership from {date}", date=same["join_date"]),
                )
                return
            if any(q["join_date"] == join for q in state.periods):
                return
            values = {"join_date": join, "leave_date": leave, "category": category}
            state.periods.append(dict(values))
            row.ops.append(
                RecordOp(
                    MembershipPeriod,
                    "create",
                    values,
                    msg("membership from {date}", date=join),
                    link="organisation",
                )
            )
            return
        if len(open_periods) == 1:
            self._child_update(
                row,
                MembershipPeriod,
                "organisation",
                open_periods[0],
                {"leave_date": leave, "category": category},
                msg("membership from {date}", date=open_periods[0]["join_date"]),
            )
            return
        column = self.header("leave_date") if leave is not None else self.header("category")
        self.problem(
            row,
            column,
            msg("the organisation has no open membership to change: add the join date"),
        )

    def _child_update(
        self,
        row: PlanRow,
        model: type[Base],
        link: str,
        existing: dict[str, Any],
        wanted: dict[str, Any],
        label: str,
        clear: frozenset[str] = frozenset(),
    ) -> None:
        """Update a stored (or earlier planned) child record; planned ones are merged."""
        new, old = changed_values(existing, wanted, clear)
        if not new:
            return
        if existing.get("id") is None:
            # Planned earlier in this import by a row naming the same organisation.
            clash = next(iter(new))
            self.problem(
                row,
                None,
                msg(
                    "{record}: {field} is {earlier} in an earlier row and {here} here: "
                    "make the rows agree",
                    record=label,
                    field=clash,
                    earlier=shown_value(existing.get(clash)),
                    here=shown_value(new[clash]),
                ),
            )
            return
        existing.update(new)
        row.ops.append(
            RecordOp(
                model, "update", new, label, existing["id"], existing.get("version"), old, link=link
            )
        )

    def _year_for(self, row: PlanRow, group: str) -> int | None:
        specific = "fee_year" if group == "fee" else "size_year"
        if specific in row.parsed:
            return int(row.parsed[specific])
        if "year" in row.parsed:
            return int(row.parsed["year"])
        return self.fee_year if group == "fee" else self.size_year

    def _fee(self, row: PlanRow, state: GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in FEE_FIELDS):
            return
        year = self._year_for(row, "fee")
        if year is None:
            if self.questions:
                row.notes.append(msg("fee waiting for the year to be chosen"))
            else:
                self.problem(
                    row, self.header("fee_year") or self.header("year"), msg("the fee has no year")
                )
            return
        existing = state.fees.get(year)
        due = p.get("fee_due")
        paid = p.get("fee_paid")
        due_now = due if due is not None else (existing or {}).get("amount_due")
        if isinstance(paid, bool):
            if paid and due_now is None:
                self.problem(
                    row,
                    self.header("fee_paid"),
                    msg("the fee is marked paid but its amount is not given"),
                )
                return
            paid = due_now if paid else Decimal("0.00")
        wanted = {"amount_due": due, "amount_paid": paid, "paid_date": p.get("fee_paid_date")}
        label = _fee_label(year)
        if existing is not None:
            self._child_update(row, Fee, "organisation", existing, wanted, label)
            return
        values = {
            "year": year,
            "amount_due": due if due is not None else Decimal("0.00"),
            "amount_paid": paid if paid is not None else Decimal("0.00"),
            "paid_date": p.get("fee_paid_date"),
        }
        state.fees[year] = dict(values)
        row.ops.append(RecordOp(Fee, "create", values, label, link="organisation"))

    def _size(self, row: PlanRow, state: GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in SIZE_FIELDS):
            return
        year = self._year_for(row, "size")
        if year is None:
            if self.questions:
                row.notes.append(msg("size data waiting for the year to be chosen"))
            else:
                self.problem(
                    row,
                    self.header("size_year") or self.header("year"),
                    msg("the size figures have no year"),
                )
            return
        wanted = {k: p.get(k) for k in SIZE_FIELDS}
        existing = state.sizes.get(year)
        label = _size_label(year)
        if existing is not None:
            self._child_update(row, SizeData, "organisation", existing, wanted, label)
            return
        values = {"year": year, **wanted, "source": f"import {self.table.file_name}"[:200]}
        state.sizes[year] = dict(values)
        row.ops.append(RecordOp(SizeData, "create", values, label, link="organisation"))

    def _contact(self, row: PlanRow, state: GroupState) -> None:
        p = row.parsed
        if not any(k in p for k in CONTACT_FIELDS):
            return
        first, last = p.get("contact_first_name"), p.get("contact_last_name")
        if last is None and "contact_name" in p:
            split_first, last = split_person_name(p["contact_name"])
            first = first or split_first
        if last is None:
            if first is not None:
                last, first = first, None
            else:
                self.problem(
                    row,
                    self.header("contact_email") or self.header("contact_role"),
                    msg("contact details without the person's name: add the name"),
                )
                return
        email = p.get("contact_email")
        wanted = {
            "first_name": first,
            "last_name": last,
            "role": p.get("contact_role"),
            "email": email,
            "phone": p.get("contact_phone"),
            "consent": p.get("contact_consent"),
        }
        person = " ".join(x for x in (first, last) if x)
        existing = self._find_contact(state.contacts, first, last, email)
        label = msg("contact {person}", person=person)
        # Consent goes with its date (rules.contacts): a file saying "yes" dates the consent
        # on the day of the import unless it was given earlier; "no" withdraws it with its date.
        clear: frozenset[str] = frozenset()
        if wanted["consent"] is True:
            wanted["consent_date"] = (existing or {}).get("consent_date") or date.today()
        elif wanted["consent"] is False:
            wanted["consent_date"] = None
            clear = frozenset({"consent_date"})
        if existing is not None:
            wanted.pop("last_name")
            if existing.get("first_name") is not None:
                wanted.pop("first_name")
            self._child_update(row, Contact, "organisation", existing, wanted, label, clear)
            return
        values = {k: v for k, v in wanted.items() if v is not None}
        values.setdefault("consent", False)
        state.contacts.append(dict(values))
        row.ops.append(RecordOp(Contact, "create", values, label, link="organisation"))

    @staticmethod
    def _find_contact(
        contacts: list[dict[str, Any]], first: str | None, last: str, email: str | None
    ) -> dict[str, Any] | None:
        if email:
            for c in contacts:
                if c.get("email") and c["email"].casefold() == email.casefold():
                    return c
        full = fold_for_search(" ".join(x for x in (first, last) if x))
        for c in contacts:
            theirs = fold_for_search(
                " ".join(x for x in (c.get("first_name"), c.get("last_name")) if x)
            )
            if theirs == full or (
                not first and folded(c.get("last_name")) == folded(last) and not c.get("email")
            ):
                return c
        return None

    def _areas(self, row: PlanRow, state: GroupState) -> None:
        ids = row.parsed.get("area_ids") or []
        if not ids:
            return
        start = row.parsed.get("area_from") or row.parsed.get("join_date") or self.options.area_from
        if start is None:
            row.notes.append(msg("areas waiting for an answer about their start date"))
            return
        for area_id in ids:
            name = next(a["name"] for a in self.areas.values() if a["id"] == area_id)
            current = [
                a
                for a in state.areas
                if a["area_id"] == area_id and (a.get("to_date") is None or a["to_date"] > start)
            ]
            if current:
                continue
            values = {"area_id": area_id, "from_date": start}
            state.areas.append(dict(values))
            row.ops.append(
                RecordOp(
                    AreaParticipation,
                    "create",
                    values,
                    _area_label(name),
                    link="organisation",
                )
            )
