"""Organisations and membership: CRUD with validation, "as of" queries, composition, bulk actions.

Membership is time-aware: an organisation is a member on day D when one of its membership
periods has ``join_date <= D`` and no ``leave_date`` or ``leave_date > D`` (the leave date is
the first day it is no longer a member).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from workbench import sme
from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    AreaParticipation,
    CompetenceArea,
    Contact,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    SizeData,
    SizeLink,
    SmeClass,
)
from workbench.rules import contacts, membership, size
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.fees import FeeStatus, fee_status
from workbench.rules.names import name_key
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services.base import (
    apply_rule,
    create_record,
    in_batches,
    list_records,
    require,
    require_non_negative,
    require_order,
    require_range,
    require_text,
    require_year,
    unit_of_work,
    validator,
)
from workbench.text import clean_text, fold_for_search
from workbench.translatable import msg


def search_key_for(
    name: str | None, legal_name: str | None = None, city: str | None = None, vat: str | None = None
) -> str:
    """The folded text that member search matches against (name, legal name, city, VAT)."""
    return fold_for_search(" ".join(p for p in (name, legal_name, city, vat) if p))


# --------------------------------------------------------------------------- validators


@dataclass
class ValidationCache:
    """Answers the validators' database questions from memory while many rows are written.

    The importer fills one per chunk of rows with a few set-based queries (instead of one query
    per validated record) and puts it in ``session.info[ValidationCache.KEY]``. A question the
    cache does not cover falls back to a query, so a partial cache is never wrong, only slower.
    Records created in the same flush are not in it, exactly as the query (no autoflush) would
    not see them; the database's unique constraints remain the last line of defence.

    Attributes:
        vat_owners: For each VAT number it covers, ``(id, name)`` of the stored organisation
            holding it, or None when none does.
        periods_by_org: For each organisation id it covers, its stored membership periods
            (objects with ``id``, ``join_date`` and ``leave_date``: mapped records, or the
            importer's pending values of a period it is changing in the same chunk).
        contacts_by_org: For each organisation id it covers, its stored contacts.
    """

    KEY = "validation_cache"

    vat_owners: dict[str, tuple[int, str] | None] = field(default_factory=dict)
    periods_by_org: dict[int, list[Any]] = field(default_factory=dict)
    contacts_by_org: dict[int, list[Any]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, session: Session, vats: Iterable[str], organisation_ids: Iterable[int]
    ) -> ValidationCache:
        """Cover *vats* (normalised) and the membership periods of *organisation_ids*."""
        cache = cls()
        wanted_vats = sorted(set(vats))
        for part in in_batches(wanted_vats):
            cache.vat_owners.update(dict.fromkeys(part))
            for org_id, vat, name in session.execute(
                select(Organisation.id, Organisation.vat, Organisation.name).where(
                    Organisation.vat.in_(part)
                )
            ):
                if vat is not None:  # always, given the IN; says so to the type checker
                    cache.vat_owners[vat] = (org_id, name)
        wanted_orgs = sorted(set(organisation_ids))
        for part_ids in in_batches(wanted_orgs):
            for org_id in part_ids:
                cache.periods_by_org[org_id] = []
            for period in session.scalars(
                select(MembershipPeriod).where(MembershipPeriod.organisation_id.in_(part_ids))
            ):
                cache.periods_by_org[period.organisation_id].append(period)
            for org_id in part_ids:
                cache.contacts_by_org[org_id] = []
            for contact in session.scalars(
                select(Contact).where(Contact.organisation_id.in_(part_ids))
            ):
                cache.contacts_by_org[contact.organisation_id].append(contact)
        return cache

    def use_pending_periods(self, pending: Mapping[int, Any]) -> None:
        """Check against *pending* periods (id -> values about to be written), not the stored.

        An importer that changes a stored period (a leave date) before validating a later
        period of the same organisation must have it checked as it will be, not as stored.
        """
        for periods in self.periods_by_org.values():
            periods[:] = [pending.get(p.id, p) for p in periods]


@validator(Organisation)
def _validate_organisation(session: Session, org: Organisation) -> None:
    org.name = require_text(org.name, "name", msg("The organisation name"))
    org.legal_name = clean_text(org.legal_name)
    org.city = clean_text(org.city)
    if org.org_type is None:
        org.org_type = OrgType.COMPANY
    org.country = (clean_text(org.country) or "IT").upper()
    if len(org.country) != 2:
        raise ValidationError(msg("Country must be a two-letter code such as IT or DE."), "country")
    # The rules the editor and the importer apply, with the same parameters: a value accepted
    # there is stored here in the same form (lost leading zeros restored).
    apply_rule(org, "vat", lambda v: normalise_vat(v, default_country=org.country))
    if org.vat is not None:
        _refuse_duplicate_vat(session, org)
    apply_rule(org, "fiscal_code", normalise_fiscal_code)
    apply_rule(org, "email", normalise_email)
    apply_rule(org, "website", normalise_url)
    if org.sme_override is not None and not clean_text(org.sme_override_reason):
        raise ValidationError(
            msg("Say why the SME class is set by hand (e.g. 'group figures from 2024 balance')."),
            "sme_override_reason",
        )
    org.search_key = search_key_for(org.name, org.legal_name, org.city, org.vat)


def _refuse_duplicate_vat(session: Session, org: Organisation) -> None:
    cache: ValidationCache | None = session.info.get(ValidationCache.KEY)
    if cache is not None and org.vat in cache.vat_owners:
        owner = cache.vat_owners[org.vat]
        clash_name = owner[1] if owner is not None and owner[0] != org.id else None
    else:
        with session.no_autoflush:
            clash = session.scalars(
                select(Organisation).where(
                    Organisation.vat == org.vat, Organisation.id != (org.id or -1)
                )
            ).first()
        clash_name = clash.name if clash is not None else None
    if clash_name is not None:
        raise ValidationError(
            msg(
                "VAT number {vat} already belongs to {name}: open that record instead of "
                "creating a duplicate.",
                vat=org.vat,
                name=clash_name,
            ),
            "vat",
        )


@validator(MembershipPeriod)
def _validate_membership(session: Session, period: MembershipPeriod) -> None:
    if period.join_date is None:
        raise ValidationError(msg("The join date is required."), "join_date")
    require_order(
        period.join_date,
        period.leave_date,
        "leave_date",
        msg(
            "The leave date {leave_date} is before the join date {join_date}.",
            leave_date=period.leave_date,
            join_date=period.join_date,
        ),
    )
    problem = membership.overlap_problem(period, _other_periods(session, period))
    if problem is not None:
        raise ValidationError(problem, "join_date")


def _pending(session: Session, model: type, record: Any) -> list[Any]:
    """Records of *model* added to *session* but not flushed yet, of *record*'s organisation.

    The editor saves an organisation with all its periods and contacts in one flush: each must
    be checked against the others of the same save as well as against the stored ones.
    """
    org_id = record.organisation_id
    # The relationship as set in memory, never loaded (drafts of the importer have none).
    org = getattr(record, "__dict__", {}).get("organisation")
    found: list[Any] = []
    for other in session.new:
        if not isinstance(other, model) or other is record:
            continue
        mine: Any = other
        if (org_id is not None and mine.organisation_id == org_id) or (
            org is not None and mine.__dict__.get("organisation") is org
        ):
            found.append(other)
    return found


def _other_periods(session: Session, period: MembershipPeriod) -> Sequence[Any]:
    """The organisation's periods other than *period*: stored ones and pending new ones."""
    pending = _pending(session, MembershipPeriod, period)
    cache: ValidationCache | None = session.info.get(ValidationCache.KEY)
    if period.organisation_id is None:
        return pending  # a new organisation: nothing stored yet
    if cache is not None and period.organisation_id in cache.periods_by_org:
        periods = cache.periods_by_org[period.organisation_id]
        return [p for p in periods if p.id != period.id] + pending
    with session.no_autoflush:
        stored = session.scalars(
            select(MembershipPeriod).where(
                MembershipPeriod.organisation_id == period.organisation_id,
                MembershipPeriod.id != (period.id or -1),
            )
        ).all()
    return [*stored, *pending]


@validator(Fee)
def _validate_fee(session: Session, fee: Fee) -> None:
    require_year(fee.year)
    fee.amount_due = fee.amount_due if fee.amount_due is not None else Decimal(0)
    fee.amount_paid = fee.amount_paid if fee.amount_paid is not None else Decimal(0)
    require_non_negative(fee.amount_due, "amount_due", msg("The fee due"))
    require_non_negative(fee.amount_paid, "amount_paid", msg("The amount paid"))


@validator(SizeData)
def _validate_size(session: Session, size: SizeData) -> None:
    require_year(size.year)
    require_non_negative(size.staff_awu, "staff_awu", msg("Staff (annual work units)"))
    require_non_negative(size.turnover, "turnover", msg("Turnover"))
    require_non_negative(size.balance_sheet, "balance_sheet", msg("The balance-sheet total"))
    require_range(size.public_control_pct, 0, 100, "public_control_pct", msg("Public control %"))


_SIZE_LINK_FIELDS = {
    "staff_awu": msg("staff awu"),
    "turnover": msg("turnover"),
    "balance_sheet": msg("balance sheet"),
}


@validator(SizeLink)
def _validate_size_link(session: Session, link: SizeLink) -> None:
    link.name = require_text(link.name, "name", msg("The linked enterprise's name"))
    require_range(link.share_pct, 0, 100, "share_pct", msg("The holding %"))
    for attribute in ("staff_awu", "turnover", "balance_sheet"):
        require_non_negative(getattr(link, attribute), attribute, _SIZE_LINK_FIELDS[attribute])


@validator(Contact)
def _validate_contact(session: Session, contact: Contact) -> None:
    contact.last_name = require_text(contact.last_name, "last_name", msg("The contact's last name"))
    contact.first_name = clean_text(contact.first_name)
    apply_rule(contact, "email", normalise_email)
    consent = contacts.consent_problem(contact.consent, contact.consent_date)
    if consent is not None:
        raise ValidationError(consent[1], consent[0])
    if contact.is_primary:
        main = contacts.check_main_contacts([*_other_contacts(session, contact), contact])
        if main is not None:
            raise ValidationError(main, "is_primary")


def _other_contacts(session: Session, contact: Contact) -> list[Any]:
    """The organisation's contacts other than *contact* as they will be after this flush.

    Stored rows come from the identity map with their unsaved changes (the editor may move the
    main contact from one person to another in the same save), hence the test in Python.
    """
    pending = _pending(session, Contact, contact)
    if contact.organisation_id is None:
        return pending
    cache: ValidationCache | None = session.info.get(ValidationCache.KEY)
    if cache is not None and contact.organisation_id in cache.contacts_by_org:
        cached = cache.contacts_by_org[contact.organisation_id]
        return [c for c in cached if c.id != contact.id and c not in session.deleted] + pending
    with session.no_autoflush:
        stored = session.scalars(
            select(Contact).where(
                Contact.organisation_id == contact.organisation_id,
                Contact.id != (contact.id or -1),
            )
        ).all()
    return [c for c in stored if c not in session.deleted] + pending


@validator(ContactLogEntry)
def _validate_contact_log(session: Session, entry: ContactLogEntry) -> None:
    entry.subject = require_text(entry.subject, "subject", msg("The subject"))
    if entry.contact_date is None:
        raise ValidationError(msg("The date of the contact is required."), "contact_date")


# --------------------------------------------------------------------------- membership filters


def period_during(first: date, last: date) -> ColumnElement[bool]:
    """SQL condition: the MembershipPeriod row covers a day from *first* to *last* (inclusive).

    The one "member on a day" rule (joined by then, not yet left; the leave date is the first
    day as a former member), stretched over days: :func:`period_on` is one day of it and a
    member *in a year* (:func:`member_in_year`, the fee run's members) is one on any day of it.
    """
    return and_(
        MembershipPeriod.join_date <= last,
        or_(MembershipPeriod.leave_date.is_(None), MembershipPeriod.leave_date > first),
    )


def period_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the MembershipPeriod row covers *day*; :func:`member_on` and movements."""
    return period_during(day, day)


def member_in_year(year: int) -> ColumnElement[bool]:
    """SQL condition: the Organisation row is a member on at least one day of *year*."""
    return exists().where(
        MembershipPeriod.organisation_id == Organisation.id,
        period_during(date(year, 1, 1), year_end(year)),
    )


def member_on(day: date) -> ColumnElement[bool]:
    """SQL condition: the Organisation row is a member on *day*."""
    return exists().where(MembershipPeriod.organisation_id == Organisation.id, period_on(day))


def ever_member() -> ColumnElement[bool]:
    """SQL condition: the Organisation row has at least one membership period."""
    return exists().where(MembershipPeriod.organisation_id == Organisation.id)


def year_end(year: int) -> date:
    """31 December of *year*: the reference day of yearly counts."""
    return date(year, 12, 31)


# --------------------------------------------------------------------------- organisation CRUD


def create_organisation(
    db: Database, values: dict[str, Any], *, join_date: date | None = None, **uow: Any
) -> Organisation:
    """Create an organisation; with *join_date* it also becomes a member from that day."""
    with unit_of_work(db, **uow) as session:
        org = Organisation(**values)
        from workbench.services.base import validate

        validate(session, org)
        session.add(org)
        session.flush()
        if join_date is not None:
            period = MembershipPeriod(organisation_id=org.id, join_date=join_date)
            validate(session, period)
            session.add(period)
        return org


def list_organisations(
    db: Database,
    *,
    as_of: date | None = None,
    org_type: OrgType | None = None,
    search: str | None = None,
    members_only: bool = False,
) -> list[Organisation]:
    """Organisations by name; *as_of* keeps members on that day; *search* ignores case/accents."""
    where: list[ColumnElement[bool]] = []
    if as_of is not None:
        where.append(member_on(as_of))
    elif members_only:
        where.append(ever_member())
    if org_type is not None:
        where.append(Organisation.org_type == org_type)
    if search:
        where.append(Organisation.search_key.contains(fold_for_search(search), autoescape=True))
    return list_records(db, Organisation, where=where, order_by=[Organisation.name])


def add_membership(
    db: Database, organisation_id: int, join_date: date, **values: Any
) -> MembershipPeriod:
    """Start a membership period for an organisation."""
    return create_record(
        db, MembershipPeriod, {"organisation_id": organisation_id, "join_date": join_date, **values}
    )


# --------------------------------------------------------------------------- SME classes


def size_history(
    session: Session, org_ids: Iterable[int] | None = None
) -> dict[int, list[sme.YearFigures]]:
    """Yearly size figures (with partner/linked enterprises) per organisation id, by year.

    The one reader of stored size data: services, indicators and reports classify from it.
    Plain column rows, not ORM objects: it runs over every size row of 10,000 members.
    """
    link_stmt = select(
        SizeLink.size_data_id,
        SizeLink.relation,
        SizeLink.share_pct,
        SizeLink.staff_awu,
        SizeLink.turnover,
        SizeLink.balance_sheet,
        SizeLink.name,
    )
    size_stmt = select(
        SizeData.id,
        SizeData.organisation_id,
        SizeData.year,
        SizeData.staff_awu,
        SizeData.turnover,
        SizeData.balance_sheet,
        SizeData.public_control_pct,
    ).order_by(SizeData.organisation_id, SizeData.year)
    if org_ids is not None:
        ids = list(org_ids)
        link_stmt = link_stmt.join(SizeData).where(SizeData.organisation_id.in_(ids))
        size_stmt = size_stmt.where(SizeData.organisation_id.in_(ids))
    links: dict[int, list[Mapping[Any, Any]]] = defaultdict(list)
    for link in session.execute(link_stmt).mappings():
        links[link["size_data_id"]].append(link)
    history: dict[int, list[sme.YearFigures]] = defaultdict(list)
    for row in session.execute(size_stmt).mappings():
        history[row["organisation_id"]].append(size.year_figures(row, links.get(row["id"], ())))
    return dict(history)


def classify_organisation(
    org: Organisation, history: Sequence[sme.YearFigures], as_of_year: int | None = None
) -> sme.SmeResult:
    """SME class of *org* from its size history (override and non-enterprise rules applied)."""
    return size.classify_sme(
        history,
        org_is_enterprise=OrgType(org.org_type).is_enterprise,
        override=org.sme_override,
        override_reason=org.sme_override_reason,
        as_of_year=as_of_year,
    )


def sme_results(
    db: Database, as_of_year: int | None = None, org_ids: Iterable[int] | None = None
) -> dict[int, sme.SmeResult]:
    """SME result per organisation id (all organisations, or *org_ids*)."""
    with unit_of_work(db, write=False) as session:
        history = size_history(session, org_ids)
        stmt = select(Organisation)
        if org_ids is not None:
            stmt = stmt.where(Organisation.id.in_(list(org_ids)))
        return {
            org.id: classify_organisation(org, history.get(org.id, []), as_of_year)
            for org in session.scalars(stmt)
        }


# --------------------------------------------------------------------------- yearly figures


@dataclass(frozen=True)
class YearMovement:
    """Members joining and leaving in a year, and the total on 31 December."""

    year: int
    joined: int
    left: int
    total_at_end: int


def movements(
    db: Database, years: Iterable[int], *, as_of: date | None = None
) -> list[YearMovement]:
    """Joiners, leavers and year-end totals for each of *years*.

    A re-joining organisation counts as a joiner in the year of each new period; a leaver is
    counted in the year of its leave date.

    With *as_of* (the dashboard passes today) a year still running is counted up to that day:
    a membership ending on 31 December of this year, still active today, is not a leaver yet
    (its period still covers *as_of*, :func:`period_on`), a join dated later is not a joiner
    yet, and the "year-end" total is the members on *as_of*.
    """
    result: list[YearMovement] = []
    with unit_of_work(db, write=False) as session:
        for year in years:
            first, last = date(year, 1, 1), date(year, 12, 31)
            if as_of is not None and as_of < last:
                last = max(as_of, first - timedelta(days=1))
            joined = session.scalar(
                select(func.count(func.distinct(MembershipPeriod.organisation_id))).where(
                    MembershipPeriod.join_date.between(first, last)
                )
            )
            # Left by *last*: the period's leave date falls in the year and the period no
            # longer covers *last* (the member-on-a-day rule decides what "left" means).
            left = session.scalar(
                select(func.count(func.distinct(MembershipPeriod.organisation_id))).where(
                    MembershipPeriod.leave_date.between(first, date(year, 12, 31)),
                    MembershipPeriod.join_date <= last,
                    ~period_on(last),
                )
            )
            total = session.scalar(select(func.count(Organisation.id)).where(member_on(last)))
            result.append(YearMovement(year, joined or 0, left or 0, total or 0))
    return result


@dataclass(frozen=True)
class CompositionCell:
    """Number of members of one type and SME class on a day."""

    org_type: OrgType
    sme_class: SmeClass | None
    count: int


def composition(db: Database, day: date) -> list[CompositionCell]:
    """Members on *day* counted by organisation type and SME class (class as of day's year)."""
    with unit_of_work(db, write=False) as session:
        orgs = list(session.scalars(select(Organisation).where(member_on(day))))
        history = size_history(session, [o.id for o in orgs])
    counts: Counter[tuple[OrgType, SmeClass | None]] = Counter()
    for org in orgs:
        result = classify_organisation(org, history.get(org.id, []), day.year)
        counts[(OrgType(org.org_type), result.sme_class)] += 1
    return [CompositionCell(t, c, n) for (t, c), n in sorted(counts.items(), key=_cell_order)]


def _cell_order(item: tuple[tuple[OrgType, SmeClass | None], int]) -> tuple[int, int]:
    (org_type, sme_class), _count = item
    types = list(OrgType)
    classes: list[SmeClass | None] = [*SmeClass, None]
    return types.index(org_type), classes.index(sme_class)


# --------------------------------------------------------------------------- member table rows


@dataclass
class MemberRow:
    """One line of the Members table: everything shown, filtered and sorted there."""

    id: int
    name: str
    org_type: OrgType
    sme_class: SmeClass | None
    city: str | None
    region: str | None
    vat: str | None
    member_since: date | None
    left_on: date | None
    status: str  # "active", "former" or "none" (never a member)
    areas: list[str] = field(default_factory=list)
    area_ids: set[int] = field(default_factory=set)
    fee_status: str = "none"  # "paid", "unpaid" or "none" for the fee year
    search_key: str = ""
    version: int = 1
    name_key: str = ""  # the name folded for sorting (fold_for_search); "" when not set


def member_rows(
    db: Database, *, as_of: date | None = None, fee_year: int | None = None
) -> list[MemberRow]:
    """All organisations with membership status as of *as_of* (default today), in name order.

    Built with one query per table so that 10,000 organisations load in well under a second.
    """
    day = as_of or date.today()
    year = fee_year or day.year
    with unit_of_work(db, write=False) as session:
        orgs = session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.org_type,
                Organisation.city,
                Organisation.region,
                Organisation.vat,
                Organisation.search_key,
                Organisation.version,
                Organisation.sme_override,
                Organisation.sme_override_reason,
            ).order_by(Organisation.name)
        ).all()
        periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for org_id, joined, left in session.execute(
            select(
                MembershipPeriod.organisation_id,
                MembershipPeriod.join_date,
                MembershipPeriod.leave_date,
            ).order_by(MembershipPeriod.join_date)
        ):
            periods[org_id].append((joined, left))
        areas: dict[int, dict[int, str]] = defaultdict(dict)
        for org_id, area_id, area_name in session.execute(
            select(AreaParticipation.organisation_id, CompetenceArea.id, CompetenceArea.name)
            .join(CompetenceArea)
            .where(
                AreaParticipation.from_date <= day,
                or_(AreaParticipation.to_date.is_(None), AreaParticipation.to_date > day),
            )
        ):
            areas[org_id][area_id] = area_name
        fees = {
            org_id: (due, paid)
            for org_id, due, paid in session.execute(
                select(Fee.organisation_id, Fee.amount_due, Fee.amount_paid).where(Fee.year == year)
            )
        }
        history = size_history(session)
    rows: list[MemberRow] = []
    for org_id, name, org_type, city, region, vat, key, version, override, reason in orgs:
        status, since, left_on = _membership_status(periods.get(org_id, []), day)
        kind = OrgType(org_type)
        result = size.classify_sme(
            history.get(org_id, []),
            org_is_enterprise=kind.is_enterprise,
            override=override,
            override_reason=reason,
            as_of_year=day.year,
        )
        fee = fees.get(org_id)
        rows.append(
            MemberRow(
                id=org_id,
                name=name,
                org_type=kind,
                sme_class=result.sme_class,
                city=city,
                region=region,
                vat=vat,
                member_since=since,
                left_on=left_on,
                status=status,
                areas=sorted(areas.get(org_id, {}).values()),
                area_ids=set(areas.get(org_id, {})),
                fee_status=str(FeeStatus.NONE if fee is None else fee_status(*fee)),
                search_key=key or "",
                version=version,
                name_key=fold_for_search(name),
            )
        )
    return rows


def fee_statuses(db: Database, year: int) -> dict[int, FeeStatus]:
    """The fee status of *year* of every organisation with a fee row for it, by id.

    Organisations missing from the result have no fee recorded for *year*
    (``FeeStatus.NONE``). The rule itself is :func:`workbench.rules.fees.fee_status`.
    """
    with unit_of_work(db, write=False) as session:
        found = session.execute(
            select(Fee.organisation_id, Fee.amount_due, Fee.amount_paid).where(Fee.year == year)
        )
        return {org_id: fee_status(due, paid) for org_id, due, paid in found}


def _membership_status(
    periods: list[tuple[date, date | None]], day: date
) -> tuple[str, date | None, date | None]:
    current = [p for p in periods if p[0] <= day and (p[1] is None or p[1] > day)]
    if current:
        return "active", current[0][0], None
    past = [p for p in periods if p[0] <= day]
    if past:
        return "former", past[-1][0], past[-1][1]
    return "none", periods[0][0] if periods else None, None


# --------------------------------------------------------------------------- bulk actions


def assign_to_area(
    db: Database, org_ids: Sequence[int], area_id: int, from_date: date, role: str | None = None
) -> int:
    """Add the organisations to an area from *from_date*; those already in it are skipped.

    Returns the number of participations created.
    """
    with unit_of_work(db) as session:
        require(session, CompetenceArea, area_id)
        already = set(
            session.scalars(
                select(AreaParticipation.organisation_id).where(
                    AreaParticipation.area_id == area_id,
                    AreaParticipation.organisation_id.in_(org_ids),
                    or_(AreaParticipation.to_date.is_(None), AreaParticipation.to_date > from_date),
                )
            )
        )
        created = 0
        for org_id in org_ids:
            if org_id not in already:
                session.add(
                    AreaParticipation(
                        area_id=area_id, organisation_id=org_id, from_date=from_date, role=role
                    )
                )
                created += 1
        return created


def remove_from_area(db: Database, org_ids: Sequence[int], area_id: int, to_date: date) -> int:
    """End the organisations' open participation in an area on *to_date*; returns how many."""
    with unit_of_work(db) as session:
        open_rows = session.scalars(
            select(AreaParticipation).where(
                AreaParticipation.area_id == area_id,
                AreaParticipation.organisation_id.in_(org_ids),
                AreaParticipation.to_date.is_(None),
            )
        ).all()
        for row in open_rows:
            if to_date < row.from_date:
                raise ValidationError(
                    msg(
                        "{name} joined the area on {from_date}, after {to_date}: "
                        "choose a later end date.",
                        name=row.organisation.name,
                        from_date=row.from_date,
                        to_date=to_date,
                    ),
                    "to_date",
                )
            row.to_date = to_date
        return len(open_rows)


def mark_fee_paid(
    db: Database,
    org_ids: Sequence[int],
    year: int,
    paid_date: date,
    default_due: Decimal | None = None,
) -> int:
    """Mark the year's fee paid in full for each organisation (creating the fee row if needed).

    A missing fee row is created with *default_due* (or 0). Returns the number changed.
    """
    require_year(year)
    with unit_of_work(db) as session:
        fees = {
            f.organisation_id: f
            for f in session.scalars(
                select(Fee).where(Fee.year == year, Fee.organisation_id.in_(org_ids))
            )
        }
        changed = 0
        for org_id in org_ids:
            fee = fees.get(org_id)
            if fee is None:
                due = default_due or Decimal(0)
                fee = Fee(organisation_id=org_id, year=year, amount_due=due)
                session.add(fee)
            if fee.amount_paid != fee.amount_due or fee.paid_date is None:
                fee.amount_paid = fee.amount_due
                fee.paid_date = paid_date
                changed += 1
        return changed


def end_membership(
    db: Database, org_ids: Sequence[int], leave_date: date, reason: str | None = None
) -> int:
    """Close the open membership period of each organisation on *leave_date*; returns how many.

    Raises ValidationError (and changes nothing) if a period started after *leave_date*.
    """
    with unit_of_work(db) as session:
        periods = session.scalars(
            select(MembershipPeriod).where(
                MembershipPeriod.organisation_id.in_(org_ids),
                MembershipPeriod.leave_date.is_(None),
            )
        ).all()
        for period in periods:
            if leave_date < period.join_date:
                raise ValidationError(
                    msg(
                        "{name} joined on {join_date}, after the leave date {leave_date}: "
                        "choose a later date.",
                        name=period.organisation.name,
                        join_date=period.join_date,
                        leave_date=leave_date,
                    ),
                    "leave_date",
                )
            period.leave_date = leave_date
            period.leave_reason = reason
        return len(periods)


def duplicate_name_groups(db: Database) -> list[list[int]]:
    """Groups of organisation ids with the same name key (suspected duplicates).

    The key is the importer's (:func:`workbench.rules.names.name_key`), so what the dashboard
    suspects is what an import would match: "Alfa Società Cooperativa" and "Alfa".
    """
    with unit_of_work(db, write=False) as session:
        rows = session.execute(select(Organisation.id, Organisation.name)).all()
    groups: dict[str, list[int]] = defaultdict(list)
    for org_id, name in rows:
        groups[name_key(name)].append(org_id)
    return [ids for ids in groups.values() if len(ids) > 1]


__all__ = [
    "CompositionCell",
    "MemberRow",
    "YearMovement",
    "add_membership",
    "and_",
    "assign_to_area",
    "classify_organisation",
    "composition",
    "create_organisation",
    "duplicate_name_groups",
    "end_membership",
    "ever_member",
    "list_organisations",
    "fee_statuses",
    "mark_fee_paid",
    "member_in_year",
    "member_on",
    "period_during",
    "member_rows",
    "movements",
    "remove_from_area",
    "search_key_for",
    "size_history",
    "sme_results",
    "year_end",
]
