"""Whole-cluster member lists read in one go: the register's periods, contact details.

The reports' register of members (libro soci) and member directory list every member at
once; these reads return plain column rows, not ORM objects, so that they stay fast on
10,000 members. What a row means (member on a day, SME class) is decided by
:mod:`workbench.services.members` and :mod:`workbench.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from workbench.db import Database
from workbench.models import MembershipPeriod, Organisation
from workbench.services.base import unit_of_work
from workbench.services.member_periods import period_during


def register_periods(db: Database, first: date, last: date) -> Sequence[Any]:
    """The membership periods running on some day from *first* to *last*.

    Each period is a row of ``(org_id, name, vat, fiscal_code, org_type, region, nuts2,
    sme_override, sme_override_reason, join_date, leave_date)``, ordered by join date,
    organisation name and id; a period whose leave date is *first* or earlier is not running
    (the leave date is the first day without membership). The SME classes come from
    :func:`workbench.services.members.sme_classifier` (or the indicators' snapshot).
    """
    with unit_of_work(db, write=False) as session:
        return session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.vat,
                Organisation.fiscal_code,
                Organisation.org_type,
                Organisation.region,
                Organisation.nuts2,
                Organisation.sme_override,
                Organisation.sme_override_reason,
                MembershipPeriod.join_date,
                MembershipPeriod.leave_date,
            )
            .join(MembershipPeriod, MembershipPeriod.organisation_id == Organisation.id)
            .where(period_during(first, last))
            .order_by(MembershipPeriod.join_date, Organisation.name, Organisation.id)
        ).all()


def contact_details(db: Database) -> dict[int, tuple[str | None, str | None, str | None]]:
    """``(website, email, phone)`` of every organisation, by organisation id."""
    with unit_of_work(db, write=False) as session:
        return {
            org_id: (website, email, phone)
            for org_id, website, email, phone in session.execute(
                select(
                    Organisation.id, Organisation.website, Organisation.email, Organisation.phone
                )
            )
        }
