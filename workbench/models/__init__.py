"""Typed SQLAlchemy models of Cluster Workbench, re-exported from their area modules."""

from __future__ import annotations

from workbench.models.activities import Activity, ActivityParticipant
from workbench.models.attachments import OrganisationAttachment
from workbench.models.base import Base, Money, ScaledDecimal, Versioned, utcnow
from workbench.models.cluster import (
    ClusterProfile,
    GovernanceBody,
    Income,
    IndicatorEvidence,
    IndicatorThreshold,
    IndicatorValue,
    Label,
    MediaItem,
    Recognition,
    StaffMember,
    SuccessStory,
)
from workbench.models.enums import (
    ActivityType,
    BatchStatus,
    ChangeAction,
    ContactChannel,
    EnterpriseRelation,
    IncomeCategory,
    LabelLevel,
    MediaScope,
    OrgType,
    ProjectRole,
    ProjectStatus,
    SmeClass,
)
from workbench.models.files import StoredFile
from workbench.models.improvements import ImprovementArea, ImprovementEvidence
from workbench.models.organisations import (
    Contact,
    ContactLogEntry,
    Fee,
    MembershipPeriod,
    Organisation,
    SizeData,
    SizeLink,
)
from workbench.models.projects import Project, ProjectPartner, project_area, project_pillar
from workbench.models.system import AuditEntry, ImportBatch, SavedMapping
from workbench.models.taxonomy import (
    AreaParticipation,
    CompetenceArea,
    KpiValue,
    PillarObjective,
    StrategicPillar,
    area_pillar,
)

__all__ = [
    "Activity",
    "ActivityParticipant",
    "ActivityType",
    "AreaParticipation",
    "AuditEntry",
    "Base",
    "BatchStatus",
    "ChangeAction",
    "ClusterProfile",
    "CompetenceArea",
    "Contact",
    "ContactChannel",
    "ContactLogEntry",
    "EnterpriseRelation",
    "Fee",
    "GovernanceBody",
    "ImportBatch",
    "ImprovementArea",
    "ImprovementEvidence",
    "Income",
    "IncomeCategory",
    "IndicatorEvidence",
    "IndicatorThreshold",
    "IndicatorValue",
    "KpiValue",
    "Label",
    "LabelLevel",
    "MediaItem",
    "MediaScope",
    "MembershipPeriod",
    "Money",
    "OrgType",
    "Organisation",
    "OrganisationAttachment",
    "PillarObjective",
    "Project",
    "ProjectPartner",
    "ProjectRole",
    "ProjectStatus",
    "Recognition",
    "SavedMapping",
    "ScaledDecimal",
    "SizeData",
    "SizeLink",
    "SmeClass",
    "StaffMember",
    "StrategicPillar",
    "StoredFile",
    "SuccessStory",
    "Versioned",
    "area_pillar",
    "project_area",
    "project_pillar",
    "utcnow",
]
