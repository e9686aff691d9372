"""The ECCP profile's lists: validation of each record and one read for the export.

Every record is written through the generic record services (``services.base``: create,
update, delete with versions and history); the validators below are what those calls check,
so the window, the demo and any future importer accept and refuse the same values.
:func:`read_eccp_profile` returns everything the ECCP export prints, as plain rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    ClusterProfile,
    CooperationScope,
    EccpCollaboratingCluster,
    EccpListEntry,
    EccpListKind,
    EccpMajorPlayer,
    EccpTargetCountry,
    EccpTeamRole,
)
from workbench.rules.addresses import normalise_email, normalise_url
from workbench.rules.eccp import EccpCategory, country_code, is_european
from workbench.services.base import apply_rule, require_text, unit_of_work, validator
from workbench.translatable import Message, msg

__all__ = [
    "HISTORY_ENUM_GROUPS",
    "HISTORY_LABELS",
    "EccpProfileData",
    "MajorPlayerRow",
    "TargetCountryRow",
    "list_entries",
    "read_eccp_profile",
]


#: Field labels of the ECCP records in the change history (merged into
#: ``history_text.FIELD_LABELS``, which would pass 800 lines with them).
HISTORY_LABELS: dict[str, dict[str, Message]] = {
    "cluster_profile": {"specialisation_not_covered": msg("Specialisation not covered")},
    "eccp_list_entry": {"kind": msg("List"), "value": msg("Value")},
    "eccp_major_player": {"player_type": msg("Type"), "url": msg("Link")},
    "eccp_target_country": {
        "country": msg("Country"),
        "scope": msg("Cooperation scope"),
        "missions": msg("Missions"),
        "events": msg("Events"),
        "study_visits": msg("Study visits"),
        "fairs": msg("Fairs"),
        "other_activities": msg("Other activities"),
    },
    "eccp_collaborating_cluster": {"country": msg("Country"), "url": msg("Link")},
    "eccp_team_role": {"role": msg("Role"), "person": msg("Person")},
}
#: The ECCP enums' label groups in the reports' tables (``reports.i18n``), for the history.
HISTORY_ENUM_GROUPS = {
    "EccpListKind": "eccp_list",
    "EccpCategory": "eccp_category",
    "CooperationScope": "eccp_scope",
}

# --------------------------------------------------------------------------- validators


@validator(EccpListEntry)
def _validate_entry(session: Session, entry: EccpListEntry) -> None:
    if entry.kind is None:
        raise ValidationError(msg("Choose the list the value belongs to."), "kind")
    entry.value = require_text(entry.value, "value", msg("The value"))
    with session.no_autoflush:
        clash = session.scalars(
            select(EccpListEntry).where(
                EccpListEntry.kind == entry.kind,
                func.lower(EccpListEntry.value) == entry.value.lower(),
                EccpListEntry.id != (entry.id or -1),
            )
        ).first()
    if clash is not None:
        raise ValidationError(msg("'{value}' is already in this list.", value=clash.value), "value")


@validator(EccpMajorPlayer)
def _validate_player(session: Session, player: EccpMajorPlayer) -> None:
    player.name = require_text(player.name, "name", msg("The name"))
    apply_rule(player, "url", normalise_url)
    # "not classed" is a line of the member count, not a type a player can be given
    if player.player_type in (None, EccpCategory.NOT_CLASSED):
        raise ValidationError(msg("Choose the type of organisation."), "player_type")


@validator(EccpTargetCountry)
def _validate_target(session: Session, target: EccpTargetCountry) -> None:
    apply_rule(target, "country", country_code)
    if target.country is None:
        raise ValidationError(msg("The country is required (a two-letter code)."), "country")
    if target.scope is None:  # European countries are ECCP's trans-national targets
        target.scope = (
            CooperationScope.TRANS_NATIONAL
            if is_european(target.country)
            else CooperationScope.INTERNATIONAL
        )
    for activity in ("missions", "events", "study_visits", "fairs"):
        if getattr(target, activity) is None:
            setattr(target, activity, False)
    with session.no_autoflush:
        clash = session.scalars(
            select(EccpTargetCountry.id).where(
                EccpTargetCountry.country == target.country,
                EccpTargetCountry.id != (target.id or -1),
            )
        ).first()
    if clash is not None:
        raise ValidationError(
            msg("{country} is already a target country: edit that row.", country=target.country),
            "country",
        )


@validator(EccpCollaboratingCluster)
def _validate_cluster(session: Session, cluster: EccpCollaboratingCluster) -> None:
    cluster.name = require_text(cluster.name, "name", msg("The cluster's name"))
    apply_rule(cluster, "country", country_code)
    apply_rule(cluster, "url", normalise_url)


@validator(EccpTeamRole)
def _validate_role(session: Session, role: EccpTeamRole) -> None:
    role.role = require_text(role.role, "role", msg("The role"))
    role.person = require_text(role.person, "person", msg("The person"))
    apply_rule(role, "email", normalise_email)


# --------------------------------------------------------------------------- reading


def list_entries(db: Database, kind: EccpListKind | None = None) -> list[EccpListEntry]:
    """The list entries (of one *kind*, or all), by list then in the order they were added."""
    with unit_of_work(db, write=False) as session:
        query = select(EccpListEntry)
        if kind is not None:
            query = query.where(EccpListEntry.kind == kind)
        entries = list(session.scalars(query.order_by(EccpListEntry.id)))
    order = {k: i for i, k in enumerate(EccpListKind)}
    return sorted(entries, key=lambda e: order[EccpListKind(e.kind)])


@dataclass(frozen=True)
class MajorPlayerRow:
    """A major player: name, link, ECCP type (an ``EccpCategory`` value)."""

    name: str
    url: str | None
    player_type: str


@dataclass(frozen=True)
class TargetCountryRow:
    """A target country, its scope and the activities undertaken there."""

    country: str
    scope: str
    activities: list[str]  # "missions", "events", "study_visits", "fairs" that apply
    other_activities: str | None


@dataclass
class EccpProfileData:
    """Everything the ECCP profile page asks for that the cluster keeps (not computed).

    ``lists`` has every :class:`EccpListKind` value as a key (empty lists included).
    """

    lists: dict[str, list[str]]
    specialisation_not_covered: str | None = None
    major_players: list[MajorPlayerRow] = field(default_factory=list)
    target_countries: list[TargetCountryRow] = field(default_factory=list)
    collaborating_clusters: list[dict[str, Any]] = field(default_factory=list)
    team_roles: list[dict[str, Any]] = field(default_factory=list)


_ACTIVITIES = ("missions", "events", "study_visits", "fairs")


def read_eccp_profile(db: Database) -> EccpProfileData:
    """The kept ECCP profile fields in one read-only unit of work."""
    with unit_of_work(db, write=False) as session:
        entries = session.execute(
            select(EccpListEntry.kind, EccpListEntry.value).order_by(EccpListEntry.id)
        ).all()
        not_covered = session.scalar(select(ClusterProfile.specialisation_not_covered))
        players = session.scalars(
            select(EccpMajorPlayer).order_by(EccpMajorPlayer.name, EccpMajorPlayer.id)
        ).all()
        targets = sorted(  # European (trans-national) targets first, then by country
            session.scalars(select(EccpTargetCountry)).all(),
            key=lambda t: (_value(t.scope) != CooperationScope.TRANS_NATIONAL, t.country),
        )
        clusters = session.scalars(
            select(EccpCollaboratingCluster).order_by(EccpCollaboratingCluster.name)
        ).all()
        roles = session.scalars(select(EccpTeamRole).order_by(EccpTeamRole.id)).all()
        data = EccpProfileData(
            lists={k.value: [] for k in EccpListKind},
            specialisation_not_covered=not_covered,
            major_players=[MajorPlayerRow(p.name, p.url, _value(p.player_type)) for p in players],
            target_countries=[
                TargetCountryRow(
                    t.country,
                    _value(t.scope),
                    [a for a in _ACTIVITIES if getattr(t, a)],
                    t.other_activities,
                )
                for t in targets
            ],
            collaborating_clusters=[
                {"name": c.name, "country": c.country, "url": c.url, "note": c.note}
                for c in clusters
            ],
            team_roles=[{"role": r.role, "person": r.person, "email": r.email} for r in roles],
        )
    for kind, value in entries:
        data.lists[EccpListKind(kind).value].append(value)
    return data


def _value(stored: Any) -> str:
    """A stored enum as its plain value."""
    return str(getattr(stored, "value", stored))
