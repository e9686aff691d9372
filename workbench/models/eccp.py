"""What the ECCP cluster-organisation profile page asks for beyond the profile row.

The ECCP (European Cluster Collaboration Platform) profile lists the cluster's sectoral and
technology focus, networks, services and languages (:class:`EccpListEntry`, one row per value
of each list), its major players with their type (:class:`EccpMajorPlayer`), the countries it
targets with the activities undertaken there (:class:`EccpTargetCountry`), the clusters it
collaborated with (:class:`EccpCollaboratingCluster`) and the named roles of its management
team (:class:`EccpTeamRole`). "Areas of specialisation not covered" is a column of
:class:`~workbench.models.cluster.ClusterProfile`. The validators are in
:mod:`workbench.services.eccp_profile`.
"""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base, Versioned, enum_type
from workbench.models.enums import CooperationScope, EccpListKind
from workbench.rules.eccp import EccpCategory


class EccpListEntry(Versioned, Base):
    """One value of one of the ECCP profile's lists (e.g. a sectoral industry)."""

    __tablename__ = "eccp_list_entry"

    kind: Mapped[EccpListKind] = mapped_column(enum_type(EccpListKind), index=True)
    value: Mapped[str] = mapped_column(String(300))


class EccpMajorPlayer(Versioned, Base):
    """A major player of the cluster's ecosystem with its ECCP organisation type."""

    __tablename__ = "eccp_major_player"

    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    player_type: Mapped[EccpCategory] = mapped_column(enum_type(EccpCategory))


class EccpTargetCountry(Versioned, Base):
    """A country the cluster targets, with the activities undertaken there."""

    __tablename__ = "eccp_target_country"

    country: Mapped[str] = mapped_column(String(2), unique=True)
    scope: Mapped[CooperationScope] = mapped_column(enum_type(CooperationScope))
    missions: Mapped[bool] = mapped_column(Boolean, default=False)
    events: Mapped[bool] = mapped_column(Boolean, default=False)
    study_visits: Mapped[bool] = mapped_column(Boolean, default=False)
    fairs: Mapped[bool] = mapped_column(Boolean, default=False)
    other_activities: Mapped[str | None] = mapped_column(Text)


class EccpCollaboratingCluster(Versioned, Base):
    """Another cluster organisation the cluster collaborated with."""

    __tablename__ = "eccp_collaborating_cluster"

    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    url: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)


class EccpTeamRole(Versioned, Base):
    """A named role of the cluster management team (Cluster Manager, ECCP responsible…)."""

    __tablename__ = "eccp_team_role"

    role: Mapped[str] = mapped_column(String(200))
    person: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
