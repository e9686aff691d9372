"""Translated display names of stored values (organisation types, SME classes, statuses).

Stored enum values are English identifiers; what users read comes from here, so that every
page, filter and report preview says the same thing in the user's language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workbench.models import OrgType, SmeClass


def tr(text: str) -> str:
    """Translate *text* in the ``labels`` context."""
    return QCoreApplication.translate("labels", text)


def org_type_label(value: OrgType | str | None) -> str:
    """Display name of an organisation type."""
    if value is None:
        return ""
    labels = {
        OrgType.COMPANY: tr("Company"),
        OrgType.UNIVERSITY: tr("University"),
        OrgType.RESEARCH_ORG: tr("Research organisation"),
        OrgType.TECHNOLOGY_CENTRE: tr("Technology centre"),
        OrgType.PUBLIC_BODY: tr("Public body"),
        OrgType.ASSOCIATION: tr("Association"),
        OrgType.FINANCIAL_INSTITUTION: tr("Financial institution"),
        OrgType.OTHER: tr("Other"),
    }
    return labels.get(OrgType(value), str(value))


def sme_label(value: SmeClass | str | None) -> str:
    """Display name of an SME class ("" when there is none)."""
    if not value:
        return ""
    labels = {
        SmeClass.MICRO: tr("Micro"),
        SmeClass.SMALL: tr("Small"),
        SmeClass.MEDIUM: tr("Medium"),
        SmeClass.LARGE: tr("Large"),
    }
    return labels.get(SmeClass(value), str(value))


def membership_status_label(value: str) -> str:
    """Display name of a membership status (active, former, none)."""
    return {
        "active": tr("Active"),
        "former": tr("Former"),
        "none": tr("Not a member"),
    }.get(value, value)


def fee_status_label(value: str) -> str:
    """Display name of a fee status (paid, unpaid, none)."""
    return {"paid": tr("Paid"), "unpaid": tr("Unpaid"), "none": tr("No fee")}.get(value, value)
