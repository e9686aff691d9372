"""The 31 Gold indicators of the cluster management excellence label, as data.

One :class:`IndicatorDefinition` per indicator, in the order of ``DOMAIN.md``. Names follow the
ECEI criteria 2013; 5.2 and 5.3 are inferred (the public source was cut off). Default
thresholds are reference floors from public schemes (ECCP validation, regional labels) because
the official thresholds are not public: every threshold can be replaced per cluster
(``IndicatorThreshold``), and results say whether the default was used.

Bronze reuses these rows grouped into its 6 areas (``bronze_area``); Silver uses the rows whose
``levels`` contain ``"silver"``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from workbench.i18n import N_, gettext


class Status(enum.StrEnum):
    """Outcome of an indicator for a period."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    #: A value exists but there is no criterion (the cluster cleared the threshold): shown,
    #: never passing, counted apart.
    NOT_SCORED = "not_scored"


class Kind(enum.StrEnum):
    """How an indicator gets its value."""

    AUTO = "auto"
    """Computed from the records."""
    MANUAL = "manual"
    """Entered by the user per year (value, pass/fail, note, evidence files)."""


AREAS: dict[str, str] = {
    "structure": "Structure of the cluster",
    "governance": "Cluster management and governance",
    "financing": "Financing of the cluster management",
    "strategy": "Strategy, activities and services",
    "recognition": "Achievements and recognition",
}
"""Gold areas (key -> English title), in report order."""

AREAS_IT: dict[str, str] = {
    "structure": "Struttura del cluster",
    "governance": "Gestione e governance del cluster",
    "financing": "Finanziamento della gestione del cluster",
    "strategy": "Strategia, attività e servizi",
    "recognition": "Risultati e riconoscimenti",
}

BRONZE_AREAS: dict[str, str] = {
    "structure": "Structure of the cluster",
    "management_governance": "Cluster management and governance",
    "financing": "Financing of the cluster management",
    "services": "Services",
    "contacts_interaction": "Contacts and interaction within the cluster",
    "achievements_recognition": "Achievements and recognition",
}
"""The 6 Bronze benchmarking areas (key -> English title), in report order."""

LEVELS: tuple[str, ...] = ("gold", "silver", "bronze")
GOLD_BAR_PCT = Decimal(80)
"""Share of the total score a cluster needs for the Gold label."""


@dataclass(frozen=True)
class IndicatorDefinition:
    """What one indicator is, how it is measured and its default threshold.

    Attributes:
        id: Indicator number from the ECEI criteria ("1.1.0", "2.2.4", "5.1").
        area: Gold area key: structure, governance, financing, strategy, recognition.
        name_en: English name (a catalogue msgid: :meth:`name` gives it in a language).
        levels: Label levels using the indicator: {"gold", "silver"} or {"gold"}. Bronze
            uses every indicator, grouped by ``bronze_area``.
        bronze_area: One of the keys of :data:`BRONZE_AREAS`.
        unit: Unit of the value: members, %, FTE, years, count or text.
        kind: Computed (auto) or entered (manual).
        computed_from: One English sentence saying what the value is computed from.
        default_threshold: Default threshold (in ``unit``), or None when there is none.
        threshold_text: The default threshold for people (">= 15", "manual", "—").
        comparison: ">=" (value must reach the threshold), "<=" or "none" (pass/fail is
            decided by hand; a numeric threshold does not apply).
        threshold_reason: Why the default threshold is what it is (ours, not the label
            body's: ESCA publishes no numeric bar for these indicators); a catalogue msgid.
    """

    id: str
    area: str
    name_en: str
    levels: frozenset[str]
    bronze_area: str
    unit: str
    kind: Kind
    computed_from: str
    default_threshold: Decimal | None
    threshold_text: str
    comparison: str
    threshold_reason: str = ""

    @property
    def is_silver(self) -> bool:
        """True when the indicator is also assessed for the Silver label."""
        return "silver" in self.levels

    def applies_to(self, level: str) -> bool:
        """True when the indicator counts for *level* (gold, silver or bronze)."""
        return level == "bronze" or level in self.levels

    def reason(self, lang: str = "en") -> str:
        """Why the default threshold is what it is, in *lang* ("" for public floors)."""
        return gettext(self.threshold_reason, lang) if self.threshold_reason else ""

    def name(self, lang: str = "en") -> str:
        """The name in *lang* ("en" or "it"), from the catalogue."""
        return gettext(self.name_en, lang)

    @property
    def name_it(self) -> str:
        """The Italian name (the command line's JSON gives both)."""
        return self.name("it")


_GS = frozenset({"gold", "silver"})
_G = frozenset({"gold"})
_NONE = N_("— (no default threshold)")


def _auto(
    id_: str,
    area: str,
    bronze: str,
    levels: frozenset[str],
    en: str,
    unit: str,
    computed_from: str,
    threshold: str | None = None,
    text: str = _NONE,
    reason: str = "",
) -> IndicatorDefinition:
    return IndicatorDefinition(
        id=id_,
        area=area,
        name_en=en,
        levels=levels,
        bronze_area=bronze,
        unit=unit,
        kind=Kind.AUTO,
        computed_from=computed_from,
        default_threshold=Decimal(threshold) if threshold is not None else None,
        threshold_text=text,
        comparison=">=",
        threshold_reason=reason,
    )


def _manual(
    id_: str,
    area: str,
    bronze: str,
    levels: frozenset[str],
    en: str,
    computed_from: str,
    unit: str = "text",
) -> IndicatorDefinition:
    # Text-valued manual indicators are judged by hand; numeric ones may get a threshold.
    return IndicatorDefinition(
        id=id_,
        area=area,
        name_en=en,
        levels=levels,
        bronze_area=bronze,
        unit=unit,
        kind=Kind.MANUAL,
        computed_from=computed_from,
        default_threshold=None,
        threshold_text=N_("manual"),
        comparison="none" if unit == "text" else ">=",
    )


DEFINITIONS: tuple[IndicatorDefinition, ...] = (
    _auto(
        "1.1.0",
        "structure",
        "structure",
        _GS,
        N_("Commitment of participants"),
        "members",
        "Members during the period with a signed membership agreement or a paid fee for the year.",
        "15",
        N_(">= 15"),
    ),
    _auto(
        "1.1.1",
        "structure",
        "structure",
        _GS,
        N_("Composition of participants"),
        "%",
        "Members at the end of the period by organisation type and SME class (two-year rule); "
        "the value is the share of companies.",
        "50",
        N_(">= 2 types, >= 50 % companies"),
    ),
    _auto(
        "1.1.2",
        "structure",
        "structure",
        _GS,
        N_("Participants involved"),
        "count",
        "Committed members plus every other distinct participant (member or not) of the "
        "activities of the period.",
        "15",
        N_(">= 15 participants"),
        reason=(
            N_(
                "The commitment floor of 1.1.0: the participants involved are at least the "
                "committed "
                "members, so a cluster below 15 cannot show a working community."
            )
        ),
    ),
    _auto(
        "1.2",
        "structure",
        "structure",
        _G,
        N_("Geographical concentration"),
        "%",
        "Share of members at the end of the period located in the cluster's NUTS-2 region.",
        "50",
        N_(">= 50 % in the region"),
        reason=(
            N_(
                "A regional cluster has most of its members in its own region; below half, the "
                "assessor will ask whether the cluster is regional at all."
            )
        ),
    ),
    _auto(
        "2.1",
        "governance",
        "management_governance",
        _GS,
        N_("Maturity of cluster management"),
        "years",
        "Completed years since the founding date of the cluster organisation.",
        "3",
        N_(">= 3 years"),
        reason=(
            N_(
                "Three completed years cover the two evidence years and one before them, so the "
                "evidence comes from a management already at work."
            )
        ),
    ),
    _auto(
        "2.2.1",
        "governance",
        "management_governance",
        _G,
        N_("Human resources"),
        "FTE",
        "Sum of the FTE of the management staff employed at the end of the period.",
        "0.5",
        N_(">= 0.5 FTE"),
    ),
    _manual(
        "2.2.2",
        "governance",
        "management_governance",
        _GS,
        N_("Qualification of the team"),
        "Entered: staff degrees, years of experience and languages.",
    ),
    _manual(
        "2.2.3",
        "governance",
        "management_governance",
        _G,
        N_("Upskilling plans"),
        "Entered: training plan and training days per FTE.",
    ),
    _auto(
        "2.2.4",
        "governance",
        "management_governance",
        _G,
        N_("Stability of staff"),
        "years",
        "Average tenure of the management staff at the end of the period, with the staff "
        "turnover of the period.",
        "2",
        N_(">= 2 years"),
        reason=(
            N_(
                "An average tenure of two years means the team that produced the two evidence "
                "years "
                "is still the team; lower points to a management that keeps changing."
            )
        ),
    ),
    _auto(
        "2.3",
        "governance",
        "management_governance",
        _G,
        N_("Stability of company participation"),
        "%",
        "Share of the members of two years before the end of the period that stayed members "
        "without interruption, with joiners and leavers of the period.",
        "80",
        N_(">= 80 %"),
        reason=(
            N_(
                "Four members in five staying over the two evidence years is a stable membership; "
                "lower means the cluster mostly replaces its members."
            )
        ),
    ),
    _manual(
        "2.4",
        "governance",
        "management_governance",
        _GS,
        N_("Role of stakeholders in decisions"),
        "Entered: governance bodies, seats by member type and meetings.",
    ),
    _auto(
        "2.5",
        "governance",
        "contacts_interaction",
        _GS,
        N_("Direct contacts with participants"),
        "%",
        "Share of members at the end of the period with a logged contact in the 12 months up "
        "to that day.",
        "50",
        N_(">= 50 % contacted"),
        reason=(
            N_(
                "Half of the members contacted directly at least once in twelve months: a cluster "
                "management that knows its members."
            )
        ),
    ),
    _auto(
        "2.6",
        "governance",
        "contacts_interaction",
        _GS,
        N_("Cooperation within the cluster"),
        "count",
        "Funded or closed projects running in the period with at least two member partners "
        "(ideas and proposals are the pipeline, not counted); share of members in a project or "
        "competence area.",
        "2",
        N_(">= 2 joint projects"),
        reason=(
            N_(
                "At least two funded projects run together by members show cooperation inside the "
                "cluster beyond a single flagship project."
            )
        ),
    ),
    _manual(
        "2.7",
        "governance",
        "management_governance",
        _GS,
        N_("Integration in the innovation system"),
        "Entered: recognitions, networks, MoUs and the ECCP profile.",
    ),
    _manual(
        "3.1",
        "financing",
        "financing",
        _G,
        N_("Financing prospects"),
        "Entered: secured funding as a share of the planned yearly budget.",
        unit="%",
    ),
    _auto(
        "3.2",
        "financing",
        "financing",
        _G,
        N_("Share of private funds"),
        "%",
        "Private income divided by total income of the year (the EU average public share is "
        "about 45 %).",
        "50",
        N_(">= 50 %"),
    ),
    _manual(
        "4.1.1",
        "strategy",
        "services",
        _GS,
        N_("Strategy-building process"),
        "Entered: dated workshops and surveys with participants.",
    ),
    _manual(
        "4.1.2",
        "strategy",
        "services",
        _GS,
        N_("Documented strategy"),
        "Entered: strategy document, its period and approval.",
    ),
    _manual(
        "4.1.3",
        "strategy",
        "services",
        _GS,
        N_("Implementation plan"),
        "Entered: action items per pillar with owner, budget and status.",
    ),
    _manual(
        "4.1.4",
        "strategy",
        "services",
        _GS,
        N_("Financial control"),
        "Entered: budget against actual figures per year.",
    ),
    _manual(
        "4.1.5",
        "strategy",
        "services",
        _GS,
        N_("Review of strategy"),
        "Entered: dated reviews of the strategy and action plan.",
    ),
    _manual(
        "4.1.6",
        "strategy",
        "services",
        _GS,
        N_("Performance monitoring"),
        "Entered: KPI targets against actual values per pillar.",
    ),
    _manual(
        "4.2",
        "strategy",
        "services",
        _G,
        N_("Goals of the strategy"),
        "Entered: pillars with objectives and quantified targets.",
    ),
    _auto(
        "4.3",
        "strategy",
        "services",
        _GS,
        N_("Activities and services"),
        "count",
        "Activities held in the period, by type, and the share of members taking part in at "
        "least one.",
        "3",
        N_(">= 3 activities"),
    ),
    _manual(
        "4.4",
        "strategy",
        "services",
        _GS,
        N_("Effectiveness (satisfaction)"),
        "Entered: member survey response rate and mean score.",
    ),
    _auto(
        "4.5",
        "strategy",
        "contacts_interaction",
        _G,
        N_("Working groups"),
        "count",
        "Competence areas with at least one participant and meetings in the period, with "
        "members per area.",
        "3",
        N_(">= 3 working groups"),
        reason=(
            N_(
                "Three active working groups (competence areas with participants and meetings) "
                "show "
                "a cluster organised around its themes, not only its management."
            )
        ),
    ),
    _manual(
        "4.6.1",
        "strategy",
        "services",
        _GS,
        N_("Communication"),
        "Entered: newsletters and mailings per year (prefilled from newsletter activities).",
        unit="count",
    ),
    _manual(
        "4.6.2",
        "strategy",
        "services",
        _GS,
        N_("Internet presence"),
        "Entered: website, English version and social channels.",
    ),
    _manual(
        "5.1",
        "recognition",
        "achievements_recognition",
        _G,
        N_("Press and media"),
        "Entered: media items per year by scope (prefilled from the media items recorded).",
        unit="count",
    ),
    _manual(
        "5.2",
        "recognition",
        "achievements_recognition",
        _G,
        N_("Success stories"),
        "Entered: documented success stories per year (prefilled from the stories recorded).",
        unit="count",
    ),
    _manual(
        "5.3",
        "recognition",
        "achievements_recognition",
        _G,
        N_("Awards and other recognition"),
        "Entered: awards and recognitions per year (prefilled from the recognitions recorded).",
        unit="count",
    ),
)

_BY_ID: dict[str, IndicatorDefinition] = {d.id: d for d in DEFINITIONS}


def definition(indicator_id: str) -> IndicatorDefinition:
    """The definition of *indicator_id* ("2.2.1"); KeyError naming the id when unknown."""
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator id {indicator_id!r}") from None


def definitions_for(level: str) -> tuple[IndicatorDefinition, ...]:
    """Indicators counting for *level* ("gold": all 31, "silver": 19, "bronze": all 31)."""
    if level not in LEVELS:
        raise ValueError(f"unknown label level {level!r}: use gold, silver or bronze")
    return tuple(d for d in DEFINITIONS if d.applies_to(level))
