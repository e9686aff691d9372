"""The dialog of each child row of the organisation editor, with the checks it makes first.

Each function builds the :class:`~workbench.ui.editor.row_dialog.RowDialog` of one kind of
row — a membership period, a fee, a year of size data, a contact, a competence area — from the
row edited (None: a new one) and the section's other rows, which the checks compare against
(no overlapping periods, one fee and one set of figures a year, one main contact). The rules
are the core's (:mod:`workbench.rules`); the service checks them again on Save.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QWidget

from workbench.rules import contacts, membership
from workbench.rules.addresses import normalise_email
from workbench.ui.editor.row_dialog import RowCheck, RowDialog, RowField
from workbench.ui.editor.sections import Row, tr
from workbench.ui.i18n import error_text


def date_order(start: str, end: str, message: str) -> RowCheck:
    """A check that the date *end* is not before *start* (*message* goes under *end*)."""

    def check(values: Row) -> tuple[str, str] | None:
        first, last = values.get(start), values.get(end)
        if first and last and last < first:
            return end, message
        return None

    return check


def membership_dialog(row: Row | None, others: Sequence[Row], parent: QWidget) -> RowDialog:
    """A membership period; it may not overlap *others*."""

    def no_overlap(values: Row) -> tuple[str, str] | None:
        problem = membership.overlap_problem(values, list(others))
        return None if problem is None else ("join_date", error_text(problem))

    return RowDialog(
        tr("Membership period"),
        [
            RowField("join_date", tr("Joined on"), "date_required", required=True),
            RowField("leave_date", tr("Left on"), "date"),
            RowField("leave_reason", tr("Reason for leaving")),
            RowField("category", tr("Category")),
            RowField("agreement_signed", tr("Membership agreement signed"), "bool"),
            RowField("commitment_evidence", tr("Commitment evidence"), "multiline"),
        ],
        row,
        checks=[
            date_order("join_date", "leave_date", tr("The leave date is before the join date.")),
            no_overlap,
        ],
        parent=parent,
    )


def end_membership_dialog(row: Row, parent: QWidget) -> RowDialog:
    """End the open membership period *row* (today, unless another day is typed)."""
    return RowDialog(
        tr("End membership"),
        [
            RowField(
                "leave_date", tr("Left on", "OrganisationEditor"), "date_required", required=True
            ),
            RowField("leave_reason", tr("Reason")),
        ],
        {**row, "leave_date": date.today()},
        checks=[
            date_order("join_date", "leave_date", tr("The leave date is before the join date."))
        ],
        parent=parent,
    )


def fee_dialog(row: Row | None, others: Sequence[Row], parent: QWidget) -> RowDialog:
    """A year's membership fee; *others* may not have the same year."""
    taken = {r.get("year") for r in others}

    def unique_year(values: Row) -> tuple[str, str] | None:
        if values.get("year") in taken:
            return "year", tr("There is already a fee for {year}.").format(year=values["year"])
        return None

    return RowDialog(
        tr("Membership fee"),
        [
            RowField("year", tr("Year"), "year", required=True),
            RowField("amount_due", tr("Amount due"), "money", required=True),
            RowField("amount_paid", tr("Amount paid"), "money"),
            RowField("paid_date", tr("Paid on"), "date"),
        ],
        row or {"year": date.today().year},
        checks=[unique_year],
        parent=parent,
    )


def size_dialog(row: Row | None, others: Sequence[Row], parent: QWidget) -> RowDialog:
    """A year of size data (the SME input); *others* may not have the same year."""
    taken = {r.get("year") for r in others}

    def unique_year(values: Row) -> tuple[str, str] | None:
        if values.get("year") in taken:
            return "year", tr("There are already size data for {year}.").format(year=values["year"])
        return None

    def percent(values: Row) -> tuple[str, str] | None:
        pct = values.get("public_control_pct")
        if pct is not None and not Decimal(0) <= pct <= Decimal(100):
            return "public_control_pct", tr("Type a percentage between 0 and 100.")
        return None

    return RowDialog(
        tr("Size data"),
        [
            RowField("year", tr("Year"), "year", required=True),
            RowField("staff_awu", tr("Staff (annual work units)"), "decimal"),
            RowField("turnover", tr("Turnover"), "money"),
            RowField("balance_sheet", tr("Balance-sheet total"), "money"),
            RowField("public_control_pct", tr("Held by public bodies"), "percent"),
            RowField("source", tr("Source of the figures")),
        ],
        row or {"year": date.today().year - 1},
        checks=[unique_year, percent],
        parent=parent,
    )


def contact_dialog(row: Row | None, others: Sequence[Row], parent: QWidget) -> RowDialog:
    """A contact person; at most one of them and *others* is the main contact."""

    def email(values: Row) -> tuple[str, str] | None:
        if values.get("email"):
            try:
                normalise_email(values["email"])
            except ValueError as exc:
                return "email", error_text(exc)
        return None

    def consent_date(values: Row) -> tuple[str, str] | None:
        problem = contacts.consent_problem(values.get("consent"), values.get("consent_date"))
        return None if problem is None else (problem[0], error_text(problem[1]))

    def one_main(values: Row) -> tuple[str, str] | None:
        if not values.get("is_primary"):
            return None
        problem = contacts.check_main_contacts([*others, values])
        return None if problem is None else ("is_primary", error_text(problem))

    return RowDialog(
        tr("Contact"),
        [
            RowField("first_name", tr("First name")),
            RowField("last_name", tr("Last name"), required=True),
            RowField("role", tr("Role")),
            RowField("email", tr("E-mail")),
            RowField("phone", tr("Phone")),
            RowField("is_primary", tr("Main contact"), "bool"),
            RowField("consent", tr("Agreed to be contacted and listed"), "bool"),
            RowField("consent_date", tr("Consent given on"), "date"),
            RowField("notes", tr("Notes"), "multiline"),
        ],
        row,
        checks=[email, consent_date, one_main],
        parent=parent,
    )


def area_dialog(row: Row | None, areas: Sequence[Any], parent: QWidget) -> RowDialog:
    """A participation in one of the competence *areas*."""
    choices = [(a.id, a.name) for a in areas]
    return RowDialog(
        tr("Competence area"),
        [
            RowField("area_id", tr("Competence area"), "choice", required=True, choices=choices),
            RowField("from_date", tr("From"), "date_required", required=True),
            RowField("to_date", tr("To"), "date"),
            RowField("role", tr("Role")),
        ],
        row,
        checks=[date_order("from_date", "to_date", tr("The end is before the start."))],
        parent=parent,
    )
