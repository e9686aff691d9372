"""The fee rule: whether an organisation's fee for a year is paid, unpaid or not recorded.

One home for "paid / unpaid for year Y": the members table, its fee filter and any list of
unpaid fees call :func:`fee_status` (on the amounts) or ``services.members.fee_statuses``
(on the database), never a comparison of their own.
"""

from __future__ import annotations

import enum
from decimal import Decimal


class FeeStatus(enum.StrEnum):
    """The state of one organisation's fee for one year."""

    PAID = "paid"  # paid in full (or more)
    UNPAID = "unpaid"  # a fee row exists and less than the amount due was paid
    NONE = "none"  # no fee recorded for that year


def fee_status(amount_due: Decimal | None, amount_paid: Decimal | None) -> FeeStatus:
    """PAID when *amount_paid* covers *amount_due*, else UNPAID (a missing amount counts 0).

    A fee row with nothing due (amount 0) is paid: there is nothing left to ask for.
    """
    due = amount_due if amount_due is not None else Decimal(0)
    paid = amount_paid if amount_paid is not None else Decimal(0)
    return FeeStatus.PAID if paid >= due else FeeStatus.UNPAID
