"""The validators of organisations, memberships, fees, size data and contacts.

Registered with :func:`~workbench.services.base.validator` (this module is named in
``services.base.VALIDATOR_MODULES``, so every write path runs them). :class:`ValidationCache`
lets the importer and the restore check answer the validators' database questions from memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.errors import ValidationError
from workbench.models import (
    Contact,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    OrgType,
    SizeData,
    SizeLink,
)
from workbench.rules import contacts, membership
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.vat import normalise_fiscal_code, normalise_vat
from workbench.services.base import (
    apply_rule,
    in_batches,
    require_non_negative,
    require_order,
    require_range,
    require_text,
    require_year,
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


# Field names in refusals, made once: the validators run for every record an import writes.
_ORGANISATION_NAME = msg("The organisation name")
_FEE_DUE = msg("The fee due")
_FEE_PAID = msg("The amount paid")
_SIZE_FIELDS = {
    "staff_awu": msg("Staff (annual work units)"),
    "turnover": msg("Turnover"),
    "balance_sheet": msg("The balance-sheet total"),
    "public_control_pct": msg("Public control %"),
}
_CONTACT_LAST_NAME = msg("The contact's last name")


@validator(Organisation)
def _validate_organisation(session: Session, org: Organisation) -> None:
    org.name = require_text(org.name, "name", _ORGANISATION_NAME)
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
        lambda: msg(
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
    require_non_negative(fee.amount_due, "amount_due", _FEE_DUE)
    require_non_negative(fee.amount_paid, "amount_paid", _FEE_PAID)


@validator(SizeData)
def _validate_size(session: Session, size: SizeData) -> None:
    require_year(size.year)
    require_non_negative(size.staff_awu, "staff_awu", _SIZE_FIELDS["staff_awu"])
    require_non_negative(size.turnover, "turnover", _SIZE_FIELDS["turnover"])
    require_non_negative(size.balance_sheet, "balance_sheet", _SIZE_FIELDS["balance_sheet"])
    require_range(
        size.public_control_pct, 0, 100, "public_control_pct", _SIZE_FIELDS["public_control_pct"]
    )


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
    contact.last_name = require_text(contact.last_name, "last_name", _CONTACT_LAST_NAME)
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
