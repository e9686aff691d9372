"""Membership fees: when a year's fee counts as paid, and what is still owed.

A fee row holds the amount due for one organisation and year and the amount paid. It is
*paid* when the amount paid covers the amount due (a zero fee is paid), *unpaid* otherwise;
an organisation without a fee row for the year has status *none*. The members table, the
lists' fee filter, the unpaid-fees view and the reminder letters all ask this rule.
"""

from __future__ import annotations

import enum
from decimal import Decimal

__all__ = [
    "FEE_NONE",
    "FEE_PAID",
    "FEE_STATUSES",
    "FEE_UNPAID",
    "FeeStatus",
    "fee_status",
    "outstanding",
]


class FeeStatus(enum.StrEnum):
    """The state of one organisation's fee for one year (equal to its plain text value)."""

    PAID = "paid"  # paid in full (or more)
    UNPAID = "unpaid"  # a fee row exists and less than the amount due was paid
    NONE = "none"  # no fee recorded for that year


FEE_PAID = FeeStatus.PAID
FEE_UNPAID = FeeStatus.UNPAID
FEE_NONE = FeeStatus.NONE
#: Every status, in the order lists sort them (what needs attention first).
FEE_STATUSES = (FEE_UNPAID, FEE_PAID, FEE_NONE)


def fee_status(amount_due: Decimal | None, amount_paid: Decimal | None) -> FeeStatus:
    """PAID when *amount_paid* covers *amount_due*, else UNPAID (None counts as 0).

    Pass the fee row's two amounts; a fee row with nothing due (amount 0) is paid: there is
    nothing left to ask for. An organisation with no fee row for the year is NONE
    (:data:`FEE_NONE`), which the caller decides.
    """
    return FEE_PAID if (amount_paid or 0) >= (amount_due or 0) else FEE_UNPAID


def outstanding(amount_due: Decimal | None, amount_paid: Decimal | None) -> Decimal:
    """What is still owed of a fee (never negative: an overpayment owes nothing)."""
    return max(Decimal(amount_due or 0) - Decimal(amount_paid or 0), Decimal(0))
