"""The demo cluster's ECCP profile: the lists and tables the ECCP profile page asks for.

Kept apart from the builder's steps (:func:`workbench.demo.cluster.build_demo` calls
:func:`add_eccp_profile` once, after the rest of the demo is written) so that the builder can
be restructured without touching this. The values are plausible for a Lombard energy-cleantech
cluster; the organisations named as major players are members of the demo cluster.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from workbench.models import (
    ClusterProfile,
    EccpCollaboratingCluster,
    EccpListEntry,
    EccpListKind,
    EccpMajorPlayer,
    EccpTargetCountry,
    EccpTeamRole,
)
from workbench.rules.eccp import EccpCategory
from workbench.services import eccp_profile  # noqa: F401 - registers the validators used below
from workbench.services.base import validate

__all__ = ["add_eccp_profile"]

_LISTS: dict[EccpListKind, tuple[str, ...]] = {
    EccpListKind.SECTORAL_INDUSTRY: (
        "Electric Power Generation and Transmission",
        "Environmental Services",
        "Water Supply and Treatment",
    ),
    EccpListKind.TECHNOLOGY_FIELD: (
        "Furnace and boiler technologies",
        "Waste to energy - other",
        "Smart grids",
        "Hydrogen and fuel cells",
    ),
    EccpListKind.S3_PRIORITY_AREA: (
        "Energy distribution",
        "Power generation / renewable sources",
        "Energy efficiency",
    ),
    EccpListKind.EMERGING_INDUSTRY: ("Digital Industries", "Environmental Industries"),
    EccpListKind.NETWORK: (
        "Vanguard Initiative (ADMA Energy pilot)",
        "International Cleantech Network",
        "Enterprise Europe Network",
    ),
    EccpListKind.SUPPORT_SERVICE: (
        "Access to public support",
        "Facilitation of collaboration",
        "Information dissemination",
        "Promotion",
        "Internationalisation support",
    ),
    EccpListKind.LANGUAGE: ("Italian", "English", "French", "German", "Spanish"),
}

_PLAYERS = (
    ("Politecnico di Milano", "https://www.polimi.it", EccpCategory.RESEARCH),
    ("RSE - Ricerca sul Sistema Energetico", "https://www.rse-web.it", EccpCategory.RESEARCH),
    ("Società Elettrica Valtellinese S.p.A.", None, EccpCategory.LARGER_COMPANY),
    ("Banca Sostenibile Italiana S.p.A.", None, EccpCategory.OTHER_ACTOR),
)

# country, missions, events, study visits, fairs, other activities
_TARGETS = (
    ("DE", True, True, False, True, None),
    ("FR", False, True, True, False, None),
    ("ES", True, False, True, False, None),
    ("CH", False, True, False, False, "Cross-border projects (Interreg Italia-Svizzera)"),
    ("US", True, False, False, True, None),
    ("JP", False, False, True, False, "Hydrogen technology scouting"),
)

_CLUSTERS = (
    ("Energy Cluster Catalonia", "ES", "https://clusterenergia.cat"),
    ("Basque Energy Cluster", "ES", "https://www.clusterenergia.com"),
    ("Cleantech Bavaria", "DE", None),
)

_ROLES = (
    ("Cluster Manager", "Giulia Ferrario"),
    ("ECCP Responsible Person", "Chiara Rota"),
    ("Internationalisation Responsible", "Davide Sironi"),
)

_NOT_COVERED = "Water-energy nexus and clean air technologies for urban areas."


def add_eccp_profile(session: Session) -> None:
    """Add the demo's ECCP profile to the cluster profile written in *session*.

    Every record passes the same validators as an edit in the window.
    """
    profile = session.get(ClusterProfile, 1)
    if profile is not None:
        profile.specialisation_not_covered = _NOT_COVERED
    records: list[object] = [
        EccpListEntry(kind=kind, value=value) for kind, values in _LISTS.items() for value in values
    ]
    records += [EccpMajorPlayer(name=n, url=u, player_type=t) for n, u, t in _PLAYERS]
    records += [
        EccpTargetCountry(
            country=country,
            scope=None,  # the validator derives trans-national / international from the country
            missions=missions,
            events=events,
            study_visits=visits,
            fairs=fairs,
            other_activities=other,
        )
        for country, missions, events, visits, fairs, other in _TARGETS
    ]
    records += [EccpCollaboratingCluster(name=n, country=c, url=u) for n, c, u in _CLUSTERS]
    records += [EccpTeamRole(role=r, person=p) for r, p in _ROLES]
    for record in records:
        session.add(record)
        validate(session, record)  # type: ignore[arg-type]
        session.flush()
