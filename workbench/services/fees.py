"""Membership fees: the yearly fee run, the unpaid fees, reminder letters' data and their log.

* :func:`plan_fee_run` / :func:`run_fees` create the year's dues for every member of the year
  (``services.members.period_during`` over the year: the one membership rule) that has no
  fee row for it yet, at an amount per membership category; the previous year's most common
  amount of each category is the default. :func:`remove_fees` takes the created rows away
  again (the window's undo of a fee run).
* :func:`fee_status` is the one "paid / unpaid / none" rule (``workbench.rules.fees``), for the
  members table, the lists' fee filter and everything else that shows a fee's state.
* :func:`unpaid_fees` lists the year's fees not paid in full; :func:`reminder_letters` and
  :func:`letterhead` give the reminder letters their plain data (the renderer is
  :mod:`workbench.reports.reminders`); :func:`log_reminders` records in each member's contact
  log that a reminder went out (channel ``reminder``, not counted as a direct contact).

Writing a member's fees or contact log also touches the organisation row (its version moves),
like the organisation editor's save does: an editor opened before on one of those members
then meets a conflict on save instead of silently writing its older child lists back.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    ClusterProfile,
    Contact,
    ContactChannel,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    utcnow,
)
from workbench.rules.contacts import EmailRecipient, email_recipient, person_name
from workbench.rules.fees import FEE_NONE, FEE_PAID, FEE_UNPAID, fee_status, outstanding
from workbench.services.base import (
    in_batches,
    require_non_negative,
    require_year,
    unit_of_work,
    validate,
)
from workbench.services.member_periods import period_during, year_end
from workbench.translatable import msg

__all__ = [
    "FEE_NONE",
    "FEE_PAID",
    "FEE_UNPAID",
    "CategoryPlan",
    "FeeRunPlan",
    "Letterhead",
    "ReminderLetter",
    "UnpaidFee",
    "fee_status",
    "letterhead",
    "log_reminders",
    "member_categories",
    "plan_fee_run",
    "remove_fees",
    "remove_log_entries",
    "reminder_letters",
    "run_fees",
    "unpaid_fees",
]


# --------------------------------------------------------------------------- the fee run


@dataclass(frozen=True)
class CategoryPlan:
    """One membership category in a fee run.

    Attributes:
        category: the category as recorded on the membership period (None: none recorded).
        to_create: members of the year in it that have no fee row for the year yet.
        already: members of the year in it that already have one (left as they are).
        default_amount: the previous year's most common amount due in the category, or None
            when nobody in it had a fee the year before.
        previous_amounts: every amount due in the category the year before, most common first.
    """

    category: str | None
    to_create: int
    already: int
    default_amount: Decimal | None
    previous_amounts: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class FeeRunPlan:
    """What a fee run for *year* would do, category by category (largest first)."""

    year: int
    categories: tuple[CategoryPlan, ...]

    @property
    def to_create(self) -> int:
        """Dues the run would create."""
        return sum(c.to_create for c in self.categories)

    @property
    def already(self) -> int:
        """Members of the year that already have a fee row for it."""
        return sum(c.already for c in self.categories)


def member_categories(session: Session, year: int) -> dict[int, str | None]:
    """Members of *year* -> their membership category that year.

    The category is that of the latest period covering a day of the year (a member who
    changed category during the year pays by the newer one).
    """
    rows = session.execute(
        select(MembershipPeriod.organisation_id, MembershipPeriod.category)
        .where(period_during(date(year, 1, 1), year_end(year)))
        .order_by(MembershipPeriod.join_date)
    )
    categories: dict[int, str | None] = {}
    for org_id, category in rows:
        categories[org_id] = (category or "").strip() or None
    return categories


def _fee_years(session: Session, year: int) -> dict[int, Decimal]:
    return {
        org_id: due
        for org_id, due in session.execute(
            select(Fee.organisation_id, Fee.amount_due).where(Fee.year == year)
        )
    }


def plan_fee_run(db: Database, year: int) -> FeeRunPlan:
    """The categories of *year*'s members with their counts and previous-year amounts."""
    require_year(year)
    with unit_of_work(db, write=False) as session:
        categories = member_categories(session, year)
        existing = _fee_years(session, year)
        previous_categories = member_categories(session, year - 1)
        previous = _fee_years(session, year - 1)
    counts: Counter[str | None] = Counter()
    already: Counter[str | None] = Counter()
    for org_id, category in categories.items():
        (already if org_id in existing else counts)[category] += 1
    amounts: dict[str | None, Counter[Decimal]] = defaultdict(Counter)
    for org_id, due in previous.items():
        amounts[previous_categories.get(org_id, categories.get(org_id))][due] += 1
    plans = []
    for category in sorted(set(counts) | set(already), key=lambda c: (-counts[c], c or "")):
        # Most common first; among equally common amounts the lower one (a safe default).
        ranked = sorted(amounts[category].items(), key=lambda item: (-item[1], item[0]))
        values = tuple(amount for amount, _n in ranked)
        plans.append(
            CategoryPlan(
                category, counts[category], already[category], values[0] if values else None, values
            )
        )
    return FeeRunPlan(year, tuple(plans))


def _check_amounts(
    categories: Iterable[str | None], amounts: Mapping[str | None, Decimal | None]
) -> None:
    for category in categories:
        amount = amounts.get(category)
        name = category or msg("(no category)")
        if amount is None:
            raise ValidationError(
                msg("Type the fee for the category “{category}”.", category=name),
                f"amount:{category or ''}",
            )
        require_non_negative(amount, f"amount:{category or ''}", msg("The fee due"))


def _touch_organisations(session: Session, org_ids: Sequence[int]) -> None:
    """Move the version of each organisation (see the module doc: open editors conflict).

    Through the ORM, so that the window's version watch knows the versions this left. Call it
    before adding or deleting the children: loading with pending changes would flush them
    once per batch.
    """
    now = utcnow()
    with session.no_autoflush:
        for batch in in_batches(list(org_ids)):
            for org in session.scalars(select(Organisation).where(Organisation.id.in_(batch))):
                org.updated_at = now


def run_fees(
    db: Database, year: int, amounts: Mapping[str | None, Decimal | None], *, source: str = "app"
) -> list[int]:
    """Create *year*'s due for every member of the year without one; returns the fee ids.

    *amounts* maps each category of the plan (None: no category) to its amount due. Members
    that already have a fee row for the year are left as they are. ValidationError (and
    nothing written) when a category with members to bill has no amount or a negative one.
    """
    require_year(year)
    with unit_of_work(db, source=source) as session:
        categories = member_categories(session, year)
        existing = _fee_years(session, year)
        wanted = {o: c for o, c in categories.items() if o not in existing}
        _check_amounts(set(wanted.values()), amounts)
        _touch_organisations(session, sorted(wanted))
        fees = []
        for org_id, category in wanted.items():
            fee = Fee(
                organisation_id=org_id,
                year=year,
                amount_due=amounts[category],
                amount_paid=Decimal(0),
            )
            validate(session, fee)
            session.add(fee)
            fees.append(fee)
        session.flush()
        return [fee.id for fee in fees]


def remove_fees(db: Database, fee_ids: Sequence[int], *, source: str = "undo") -> int:
    """Delete the fee rows *fee_ids* (a fee run being undone); returns how many were there.

    Each row goes through the ORM, so the window's version watch refuses (ConflictError) to
    delete a fee someone changed since the run, e.g. marked paid.
    """
    with unit_of_work(db, source=source) as session:
        found: list[Fee] = []
        for batch in in_batches(list(fee_ids)):
            found.extend(session.scalars(select(Fee).where(Fee.id.in_(batch))))
        _touch_organisations(session, sorted({f.organisation_id for f in found}))
        for fee in found:
            session.delete(fee)
        return len(found)


# --------------------------------------------------------------------------- unpaid fees


@dataclass(frozen=True)
class UnpaidFee:
    """One fee of the year not paid in full, with what a reminder needs to know."""

    organisation_id: int
    name: str
    year: int
    category: str | None
    amount_due: Decimal
    amount_paid: Decimal
    outstanding: Decimal
    recipient: EmailRecipient
    last_reminder: date | None
    reminders: int


def _contacts_by_org(session: Session, org_ids: Sequence[int]) -> dict[int, list[Contact]]:
    found: dict[int, list[Contact]] = defaultdict(list)
    for batch in in_batches(list(org_ids)):
        for contact in session.scalars(
            select(Contact).where(Contact.organisation_id.in_(batch)).order_by(Contact.id)
        ):
            found[contact.organisation_id].append(contact)
    return found


def _reminders_by_org(session: Session, org_ids: Sequence[int]) -> dict[int, tuple[date, int]]:
    found: dict[int, tuple[date, int]] = {}
    for batch in in_batches(list(org_ids)):
        for org_id, last, count in session.execute(
            select(
                ContactLogEntry.organisation_id,
                func.max(ContactLogEntry.contact_date),
                func.count(ContactLogEntry.id),
            )
            .where(
                ContactLogEntry.organisation_id.in_(batch),
                ContactLogEntry.channel == ContactChannel.REMINDER,
            )
            .group_by(ContactLogEntry.organisation_id)
        ):
            found[org_id] = (last, count)
    return found


def unpaid_fees(db: Database, year: int) -> list[UnpaidFee]:
    """The fees of *year* not paid in full (:func:`fee_status`), in name order."""
    require_year(year)
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(Fee, Organisation.name, Organisation.email)
            .join(Organisation, Organisation.id == Fee.organisation_id)
            .where(Fee.year == year, Fee.amount_paid < Fee.amount_due)
            .order_by(Organisation.name, Organisation.id)
        ).all()
        org_ids = [fee.organisation_id for fee, _n, _e in rows]
        people = _contacts_by_org(session, org_ids)
        reminders = _reminders_by_org(session, org_ids)
        categories = member_categories(session, year)
        result = []
        for fee, name, email in rows:
            if fee_status(fee.amount_due, fee.amount_paid) != FEE_UNPAID:
                continue
            last, count = reminders.get(fee.organisation_id, (None, 0))
            result.append(
                UnpaidFee(
                    organisation_id=fee.organisation_id,
                    name=name,
                    year=year,
                    category=categories.get(fee.organisation_id),
                    amount_due=fee.amount_due,
                    amount_paid=fee.amount_paid,
                    outstanding=outstanding(fee.amount_due, fee.amount_paid),
                    recipient=email_recipient(people.get(fee.organisation_id, []), name, email),
                    last_reminder=last,
                    reminders=count,
                )
            )
        return result


# --------------------------------------------------------------------------- reminder letters


@dataclass(frozen=True)
class Letterhead:
    """The cluster as its letters present it (from the cluster profile)."""

    name: str
    legal_name: str | None = None
    address: str | None = None
    email: str | None = None
    website: str | None = None
    vat: str | None = None
    logo_path: str | None = None  # only a logo file that exists


@dataclass(frozen=True)
class ReminderLetter:
    """Everything one reminder letter says about its member (plain data for the renderer)."""

    organisation_id: int
    name: str
    legal_name: str | None
    attention: str | None  # a consenting contact's name (main contact first), or None
    address_lines: tuple[str, ...]
    year: int
    amount_due: Decimal
    amount_paid: Decimal
    outstanding: Decimal
    recipient: EmailRecipient


def letterhead(db: Database) -> Letterhead:
    """The letterhead from the cluster profile ("Cluster" before a profile is filled in)."""
    with unit_of_work(db, write=False) as session:
        profile = session.scalar(select(ClusterProfile).limit(1))
    if profile is None:
        return Letterhead("Cluster")
    logo = profile.logo_path if profile.logo_path and Path(profile.logo_path).is_file() else None
    return Letterhead(
        profile.name,
        profile.legal_name,
        profile.address,
        profile.email,
        profile.website,
        profile.vat,
        logo,
    )


def _address_lines(org: Organisation) -> tuple[str, ...]:
    town = " ".join(p for p in (org.postcode, org.city) if p)
    if org.province:
        town = f"{town} ({org.province})" if town else org.province
    lines = [org.address or "", town, org.country if org.country and org.country != "IT" else ""]
    return tuple(line for line in lines if line)


def reminder_letters(db: Database, org_ids: Sequence[int], year: int) -> list[ReminderLetter]:
    """The reminder letter data of *org_ids*' unpaid *year* fees, in the order of *org_ids*.

    Organisations whose fee is paid meanwhile (or that have none) are left out.
    """
    require_year(year)
    with unit_of_work(db, write=False) as session:
        fees: dict[int, Fee] = {}
        for batch in in_batches(list(org_ids)):
            for row in session.scalars(
                select(Fee).where(Fee.year == year, Fee.organisation_id.in_(batch))
            ):
                fees[row.organisation_id] = row
        people = _contacts_by_org(session, list(fees))
        letters = []
        for org_id in org_ids:
            fee = fees.get(org_id)
            if fee is None or fee_status(fee.amount_due, fee.amount_paid) != FEE_UNPAID:
                continue
            org = session.get(Organisation, org_id)
            if org is None:
                continue
            contacts = people.get(org_id, [])
            consenting = [c for c in contacts if c.consent]
            chosen = next((c for c in consenting if c.is_primary), None) or next(
                iter(consenting), None
            )
            letters.append(
                ReminderLetter(
                    organisation_id=org_id,
                    name=org.name,
                    legal_name=org.legal_name,
                    attention=person_name(chosen) if chosen is not None else None,
                    address_lines=_address_lines(org),
                    year=year,
                    amount_due=fee.amount_due,
                    amount_paid=fee.amount_paid,
                    outstanding=outstanding(fee.amount_due, fee.amount_paid),
                    recipient=email_recipient(contacts, org.name, org.email),
                )
            )
        return letters


# --------------------------------------------------------------------------- the contact log


def log_reminders(
    db: Database,
    org_ids: Sequence[int],
    day: date,
    subject: str,
    notes: Mapping[int, str] | None = None,
    *,
    staff_name: str | None = None,
    source: str = "app",
) -> list[int]:
    """Record in each organisation's contact log that a reminder was sent on *day*.

    One entry per organisation (channel ``reminder``), with *subject* and the organisation's
    *notes* (e.g. where the e-mail went); returns the entry ids, in the order of *org_ids*.
    """
    with unit_of_work(db, source=source) as session:
        _touch_organisations(session, sorted(set(org_ids)))
        entries = []
        for org_id in org_ids:
            entry = ContactLogEntry(
                organisation_id=org_id,
                contact_date=day,
                channel=ContactChannel.REMINDER,
                subject=subject,
                staff_name=staff_name,
                notes=(notes or {}).get(org_id),
            )
            validate(session, entry)
            session.add(entry)
            entries.append(entry)
        session.flush()
        return [entry.id for entry in entries]


def remove_log_entries(db: Database, entry_ids: Sequence[int], *, source: str = "undo") -> int:
    """Delete the contact log entries *entry_ids* (logging undone); returns how many."""
    with unit_of_work(db, source=source) as session:
        found: list[ContactLogEntry] = []
        for batch in in_batches(list(entry_ids)):
            found.extend(
                session.scalars(select(ContactLogEntry).where(ContactLogEntry.id.in_(batch)))
            )
        _touch_organisations(session, sorted({e.organisation_id for e in found}))
        for entry in found:
            session.delete(entry)
        return len(found)
