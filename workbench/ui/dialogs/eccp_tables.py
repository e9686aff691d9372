"""Field specifications of the Cluster profile's ECCP tab: the lists the ECCP profile asks for.

Five :class:`~workbench.ui.widgets.record_table.RecordTable` specs: the lists of values (sectoral
industries, technology fields, S3 priority areas, emerging industries, networks, support
services, languages: one row per value), major players with their ECCP type, target countries
with their activities, collaborating clusters and the management team's roles. Validation is
the core's (:mod:`workbench.services.eccp_profile`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.models import (
    CooperationScope,
    EccpCategory,
    EccpCollaboratingCluster,
    EccpListKind,
    EccpMajorPlayer,
    EccpTargetCountry,
    EccpTeamRole,
)
from workbench.models import EccpListEntry as ListEntry
from workbench.services import base as records
from workbench.services import eccp_profile
from workbench.ui.models.table import Column
from workbench.ui.widgets.record_table import CENTER, FieldKind, FieldSpec, RecordTableSpec

ACTIVITIES = ("missions", "events", "study_visits", "fairs")


def tr(text: str) -> str:
    """Translate *text* in the ``ClusterProfilePage`` context."""
    return QCoreApplication.translate("ClusterProfilePage", text)


def list_labels() -> dict[EccpListKind, str]:
    """Translated names of the ECCP lists."""
    return {
        EccpListKind.SECTORAL_INDUSTRY: tr("Sectoral industry"),
        EccpListKind.TECHNOLOGY_FIELD: tr("Technology field"),
        EccpListKind.S3_PRIORITY_AREA: tr("S3 EU priority area"),
        EccpListKind.EMERGING_INDUSTRY: tr("Emerging industry"),
        EccpListKind.NETWORK: tr("Network or partnership"),
        EccpListKind.SUPPORT_SERVICE: tr("Support service"),
        EccpListKind.LANGUAGE: tr("Language spoken"),
    }


def category_labels() -> dict[EccpCategory, str]:
    """Translated ECCP organisation types of a major player."""
    return {
        EccpCategory.SME: tr("SME"),
        EccpCategory.LARGER_COMPANY: tr("Larger company"),
        EccpCategory.RESEARCH: tr("Research organisation / university / technology centre"),
        EccpCategory.OTHER_ACTOR: tr("Other ecosystem actor"),
    }


def scope_labels() -> dict[CooperationScope, str]:
    """Translated scopes of a target country."""
    return {
        CooperationScope.TRANS_NATIONAL: tr("Trans-national (Europe)"),
        CooperationScope.INTERNATIONAL: tr("International (beyond Europe)"),
    }


def activity_labels() -> dict[str, str]:
    """Translated activities undertaken in a target country."""
    return {
        "missions": tr("Missions"),
        "events": tr("Events"),
        "study_visits": tr("Study visits"),
        "fairs": tr("Fairs"),
    }


def _label_of(labels: dict[Any, str], value: Any) -> str:
    for key, text in labels.items():
        if str(key) == str(value):
            return text
    return "" if value is None else str(value)


def _choices(labels: dict[Any, str]) -> list[tuple[str, Any]]:
    return [(text, value) for value, text in labels.items()]


def list_entry_spec() -> RecordTableSpec:
    """The ECCP lists of values, one row per value, grouped by list."""
    kinds = list_labels()
    return RecordTableSpec(
        model=ListEntry,
        noun=tr("list value"),
        add_text=tr("Add value…"),
        fields=[
            FieldSpec("kind", tr("List"), FieldKind.CHOICE, choices=_choices(kinds)),
            FieldSpec("value", tr("Value"), placeholder=tr("e.g. Environmental Services")),
        ],
        columns=[
            Column("kind", tr("List"), lambda e: _label_of(kinds, e.kind)),
            Column("value", tr("Value"), lambda e: e.value),
        ],
        load=lambda db: eccp_profile.list_entries(db),
        label=lambda e: e.value,
        empty_text=tr(
            "No values yet: add the sectoral industries, technology fields, S3 priority areas, "
            "emerging industries, networks, support services and languages of the ECCP profile."
        ),
    )


def major_player_spec() -> RecordTableSpec:
    """Major players of the ecosystem with their ECCP type."""
    types = category_labels()
    return RecordTableSpec(
        model=EccpMajorPlayer,
        noun=tr("major player"),
        add_text=tr("Add major player…"),
        fields=[
            FieldSpec("name", tr("Name")),
            FieldSpec("player_type", tr("Type"), FieldKind.CHOICE, choices=_choices(types)),
            FieldSpec("url", tr("Link")),
        ],
        columns=[
            Column("name", tr("Name"), lambda p: p.name),
            Column("type", tr("Type"), lambda p: _label_of(types, p.player_type)),
            Column("url", tr("Link"), lambda p: p.url),
        ],
        load=lambda db: records.list_records(db, EccpMajorPlayer, order_by=[EccpMajorPlayer.name]),
        label=lambda p: p.name,
        empty_text=tr("No major players yet: name the main companies and research centres."),
    )


def target_country_spec() -> RecordTableSpec:
    """International and trans-national target countries with the activities undertaken."""
    scopes = scope_labels()
    activities = activity_labels()
    return RecordTableSpec(
        model=EccpTargetCountry,
        noun=tr("target country"),
        add_text=tr("Add target country…"),
        fields=[
            FieldSpec("country", tr("Country"), placeholder=tr("two letters, e.g. DE")),
            FieldSpec(
                "scope",
                tr("Scope"),
                FieldKind.CHOICE,
                choices=[(tr("From the country"), None), *_choices(scopes)],
                tooltip=tr("European countries are trans-national targets, others international"),
            ),
            *(FieldSpec(a, activities[a], FieldKind.BOOL) for a in ACTIVITIES),
            FieldSpec("other_activities", tr("Other activities"), FieldKind.MULTILINE),
        ],
        columns=[
            Column("country", tr("Country"), lambda c: c.country, align=CENTER),
            Column("scope", tr("Scope"), lambda c: _label_of(scopes, c.scope)),
            Column(
                "activities",
                tr("Activities"),
                lambda c: ", ".join(activities[a] for a in ACTIVITIES if getattr(c, a)),
            ),
            Column("other", tr("Other activities"), lambda c: c.other_activities),
        ],
        load=lambda db: records.list_records(
            db,
            EccpTargetCountry,
            order_by=[EccpTargetCountry.scope.desc(), EccpTargetCountry.country],
        ),
        label=lambda c: c.country,
        empty_text=tr("No target countries yet: add where the cluster runs missions and events."),
    )


def collaborating_cluster_spec() -> RecordTableSpec:
    """Other clusters the cluster collaborated with."""
    return RecordTableSpec(
        model=EccpCollaboratingCluster,
        noun=tr("collaborating cluster"),
        add_text=tr("Add cluster…"),
        fields=[
            FieldSpec("name", tr("Name")),
            FieldSpec("country", tr("Country"), placeholder=tr("two letters, e.g. DE")),
            FieldSpec("url", tr("Link")),
            FieldSpec("note", tr("Notes"), FieldKind.MULTILINE),
        ],
        columns=[
            Column("name", tr("Name"), lambda c: c.name),
            Column("country", tr("Country"), lambda c: c.country, align=CENTER),
            Column("url", tr("Link"), lambda c: c.url),
        ],
        load=lambda db: records.list_records(
            db, EccpCollaboratingCluster, order_by=[EccpCollaboratingCluster.name]
        ),
        label=lambda c: c.name,
        empty_text=tr("No collaborating clusters yet."),
    )


def team_role_spec() -> RecordTableSpec:
    """Named roles of the cluster management team."""
    roles = [
        tr("Cluster Manager"),
        tr("ECCP Responsible Person"),
        tr("Internationalisation Responsible"),
    ]
    return RecordTableSpec(
        model=EccpTeamRole,
        noun=tr("team role"),
        add_text=tr("Add role…"),
        fields=[
            FieldSpec("role", tr("Role"), FieldKind.SUGGEST, choices=[(r, r) for r in roles]),
            FieldSpec("person", tr("Person")),
            FieldSpec("email", tr("E-mail")),
        ],
        columns=[
            Column("role", tr("Role"), lambda r: r.role),
            Column("person", tr("Person"), lambda r: r.person),
            Column("email", tr("E-mail"), lambda r: r.email),
        ],
        load=lambda db: records.list_records(db, EccpTeamRole, order_by=[EccpTeamRole.id]),
        label=lambda r: f"{r.role} ({r.person})",
        empty_text=tr("No roles yet: ECCP names the cluster manager and the ECCP contact person."),
    )


def eccp_specs() -> list[tuple[str, RecordTableSpec, str]]:
    """(key, spec, tab title) of every ECCP table, in tab order."""
    return [
        ("eccp_lists", list_entry_spec(), tr("Focus, networks, services, languages")),
        ("eccp_players", major_player_spec(), tr("Major players")),
        ("eccp_countries", target_country_spec(), tr("Target countries")),
        ("eccp_clusters", collaborating_cluster_spec(), tr("Collaborating clusters")),
        ("eccp_team", team_role_spec(), tr("Management team roles")),
    ]
