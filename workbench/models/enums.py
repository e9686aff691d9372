"""Enumerations stored in the database (as their string values)."""

from __future__ import annotations

import enum

# The SME enums live with the classification rule, which is pure Python; re-exported here.
from workbench.sme import EnterpriseRelation as EnterpriseRelation
from workbench.sme import SmeClass as SmeClass


class OrgType(enum.StrEnum):
    """Kind of organisation, as the ECCP profile and the label assessment count them."""

    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_ORG = "research_org"
    TECHNOLOGY_CENTRE = "technology_centre"
    PUBLIC_BODY = "public_body"
    ASSOCIATION = "association"
    FINANCIAL_INSTITUTION = "financial_institution"
    OTHER = "other"

    @property
    def is_enterprise(self) -> bool:
        """True when the EU SME definition applies (companies and banks are enterprises)."""
        return self in (OrgType.COMPANY, OrgType.FINANCIAL_INSTITUTION)

    @property
    def is_research(self) -> bool:
        """True for ECCP's "research organisations / universities / technology centres"."""
        return self in (OrgType.UNIVERSITY, OrgType.RESEARCH_ORG, OrgType.TECHNOLOGY_CENTRE)


class ProjectStatus(enum.StrEnum):
    """Pipeline of a project, from idea in a competence area to a closed funded project."""

    IDEA = "idea"
    SPECIAL = "special"
    SUBMITTED = "submitted"
    FUNDED = "funded"
    REJECTED = "rejected"
    CLOSED = "closed"


class ProjectRole(enum.StrEnum):
    """Role of the cluster or of a partner in a project."""

    COORDINATOR = "coordinator"
    PARTNER = "partner"
    ASSOCIATED = "associated"
    SUBCONTRACTOR = "subcontractor"
    THIRD_PARTY = "third_party"
    OBSERVER = "observer"


class ActivityType(enum.StrEnum):
    """Kinds of cluster activities and services."""

    NETWORKING = "networking"
    MATCHMAKING = "matchmaking"
    TRAINING = "training"
    INTERNATIONALISATION = "internationalisation"
    INFO_DAY = "info_day"
    B2B = "b2b"
    CONFERENCE = "conference"
    WORKSHOP = "workshop"
    STRATEGY = "strategy"
    NEWSLETTER = "newsletter"
    OTHER = "other"


class IncomeCategory(enum.StrEnum):
    """Income sources; the first group is private money, the second public."""

    MEMBERSHIP_FEES = "membership_fees"
    PAID_SERVICES = "paid_services"
    SPONSORSHIP = "sponsorship"
    OTHER_PRIVATE = "other_private"
    REGIONAL_GRANT = "regional_grant"
    NATIONAL_GRANT = "national_grant"
    EU_GRANT = "eu_grant"
    OTHER_PUBLIC = "other_public"

    @property
    def is_private(self) -> bool:
        """Default private/public flag for this category (the stored flag may differ)."""
        return self in (
            IncomeCategory.MEMBERSHIP_FEES,
            IncomeCategory.PAID_SERVICES,
            IncomeCategory.SPONSORSHIP,
            IncomeCategory.OTHER_PRIVATE,
        )


class LabelLevel(enum.StrEnum):
    """Cluster management excellence label levels."""

    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class MediaScope(enum.StrEnum):
    """Reach of a media item."""

    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"
    INTERNATIONAL = "international"


class ContactChannel(enum.StrEnum):
    """How a direct contact with a member happened."""

    MEETING = "meeting"
    VISIT = "visit"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    OTHER = "other"


class ChangeAction(enum.StrEnum):
    """Kind of change recorded in the history."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class BatchStatus(enum.StrEnum):
    """Life cycle of an import batch."""

    APPLIED = "applied"
    UNDONE = "undone"


class EccpListKind(enum.StrEnum):
    """The lists of values of the ECCP profile page kept in ``eccp_list_entry``."""

    SECTORAL_INDUSTRY = "sectoral_industry"
    TECHNOLOGY_FIELD = "technology_field"
    S3_PRIORITY_AREA = "s3_priority_area"
    EMERGING_INDUSTRY = "emerging_industry"
    NETWORK = "network"  # membership of networks and partnerships
    SUPPORT_SERVICE = "support_service"
    LANGUAGE = "language"  # languages spoken by the management team


class CooperationScope(enum.StrEnum):
    """ECCP's two kinds of target countries: European (trans-national) or beyond Europe."""

    TRANS_NATIONAL = "trans_national"
    INTERNATIONAL = "international"
