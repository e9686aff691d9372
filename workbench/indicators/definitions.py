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

from workbench.i18n import N_


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
        name_en: English name.
        name_it: Italian name.
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
            body's: ESCA publishes no numeric bar for these indicators); in Italian
            ``threshold_reason_it``.
    """

    id: str
    area: str
    name_en: str
    name_it: str
    levels: frozenset[str]
    bronze_area: str
    unit: str
    kind: Kind
    computed_from: str
    default_threshold: Decimal | None
    threshold_text: str
    comparison: str
    threshold_reason: str = ""
    threshold_reason_it: str = ""

    @property
    def is_silver(self) -> bool:
        """True when the indicator is also assessed for the Silver label."""
        return "silver" in self.levels

    def applies_to(self, level: str) -> bool:
        """True when the indicator counts for *level* (gold, silver or bronze)."""
        return level == "bronze" or level in self.levels

    def reason(self, lang: str = "en") -> str:
        """Why the default threshold is what it is, in *lang* ("" for public floors)."""
        return self.threshold_reason_it if lang == "it" else self.threshold_reason

    def name(self, lang: str = "en") -> str:
        """The name in *lang* ("en" or "it")."""
        return self.name_it if lang == "it" else self.name_en


_GS = frozenset({"gold", "silver"})
_G = frozenset({"gold"})
_NONE = N_("— (no default threshold)")


def _auto(
    id_: str,
    area: str,
    bronze: str,
    levels: frozenset[str],
    en: str,
    it: str,
    unit: str,
    computed_from: str,
    threshold: str | None = None,
    text: str = _NONE,
    reason: str = "",
    reason_it: str = "",
) -> IndicatorDefinition:
    return IndicatorDefinition(
        id=id_,
        area=area,
        name_en=en,
        name_it=it,
        levels=levels,
        bronze_area=bronze,
        unit=unit,
        kind=Kind.AUTO,
        computed_from=computed_from,
        default_threshold=Decimal(threshold) if threshold is not None else None,
        threshold_text=text,
        comparison=">=",
        threshold_reason=reason,
        threshold_reason_it=reason_it,
    )


def _manual(
    id_: str,
    area: str,
    bronze: str,
    levels: frozenset[str],
    en: str,
    it: str,
    computed_from: str,
    unit: str = "text",
) -> IndicatorDefinition:
    # Text-valued manual indicators are judged by hand; numeric ones may get a threshold.
    return IndicatorDefinition(
        id=id_,
        area=area,
        name_en=en,
        name_it=it,
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
        "Commitment of participants",
        "Impegno dei partecipanti",
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
        "Composition of participants",
        "Composizione dei partecipanti",
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
        "Participants involved",
        "Partecipanti coinvolti",
        "count",
        "Committed members plus every other distinct participant (member or not) of the "
        "activities of the period.",
        "15",
        N_(">= 15 participants"),
        reason=(
            "The commitment floor of 1.1.0: the participants involved are at least the committed "
            "members, so a cluster below 15 cannot show a working community."
        ),
        reason_it=(
            "La soglia di impegno dell'indicatore 1.1.0: i partecipanti coinvolti sono almeno i "
            "soci impegnati, quindi un cluster sotto 15 non mostra una comunità attiva."
        ),
    ),
    _auto(
        "1.2",
        "structure",
        "structure",
        _G,
        "Geographical concentration",
        "Concentrazione geografica",
        "%",
        "Share of members at the end of the period located in the cluster's NUTS-2 region.",
        "50",
        N_(">= 50 % in the region"),
        reason=(
            "A regional cluster has most of its members in its own region; below half, the "
            "assessor will ask whether the cluster is regional at all."
        ),
        reason_it=(
            "Un cluster regionale ha la maggior parte dei soci nella propria regione; sotto la "
            "metà, il valutatore chiederà se il cluster sia davvero regionale."
        ),
    ),
    _auto(
        "2.1",
        "governance",
        "management_governance",
        _GS,
        "Maturity of cluster management",
        "Maturità della gestione del cluster",
        "years",
        "Completed years since the founding date of the cluster organisation.",
        "3",
        N_(">= 3 years"),
        reason=(
            "Three completed years cover the two evidence years and one before them, so the "
            "evidence comes from a management already at work."
        ),
        reason_it=(
            "Tre anni completi coprono i due anni di evidenza e uno precedente, così l'evidenza "
            "viene da una gestione già all'opera."
        ),
    ),
    _auto(
        "2.2.1",
        "governance",
        "management_governance",
        _G,
        "Human resources",
        "Risorse umane",
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
        "Qualification of the team",
        "Qualificazione del team",
        "Entered: staff degrees, years of experience and languages.",
    ),
    _manual(
        "2.2.3",
        "governance",
        "management_governance",
        _G,
        "Upskilling plans",
        "Piani di aggiornamento delle competenze",
        "Entered: training plan and training days per FTE.",
    ),
    _auto(
        "2.2.4",
        "governance",
        "management_governance",
        _G,
        "Stability of staff",
        "Stabilità del personale",
        "years",
        "Average tenure of the management staff at the end of the period, with the staff "
        "turnover of the period.",
        "2",
        N_(">= 2 years"),
        reason=(
            "An average tenure of two years means the team that produced the two evidence years "
            "is still the team; lower points to a management that keeps changing."
        ),
        reason_it=(
            "Un'anzianità media di due anni significa che il team che ha prodotto i due anni di "
            "evidenza è ancora lo stesso; meno indica una gestione che cambia di continuo."
        ),
    ),
    _auto(
        "2.3",
        "governance",
        "management_governance",
        _G,
        "Stability of company participation",
        "Stabilità della partecipazione delle imprese",
        "%",
        "Share of the members of two years before the end of the period that stayed members "
        "without interruption, with joiners and leavers of the period.",
        "80",
        N_(">= 80 %"),
        reason=(
            "Four members in five staying over the two evidence years is a stable membership; "
            "lower means the cluster mostly replaces its members."
        ),
        reason_it=(
            "Quattro soci su cinque che restano nei due anni di evidenza sono una base stabile; "
            "meno significa che il cluster sostituisce gran parte dei soci."
        ),
    ),
    _manual(
        "2.4",
        "governance",
        "management_governance",
        _GS,
        "Role of stakeholders in decisions",
        "Ruolo degli stakeholder nelle decisioni",
        "Entered: governance bodies, seats by member type and meetings.",
    ),
    _auto(
        "2.5",
        "governance",
        "contacts_interaction",
        _GS,
        "Direct contacts with participants",
        "Contatti diretti con i partecipanti",
        "%",
        "Share of members at the end of the period with a logged contact in the 12 months up "
        "to that day.",
        "50",
        N_(">= 50 % contacted"),
        reason=(
            "Half of the members contacted directly at least once in twelve months: a cluster "
            "management that knows its members."
        ),
        reason_it=(
            "Metà dei soci contattati direttamente almeno una volta in dodici mesi: una gestione "
            "del cluster che conosce i propri soci."
        ),
    ),
    _auto(
        "2.6",
        "governance",
        "contacts_interaction",
        _GS,
        "Cooperation within the cluster",
        "Cooperazione all'interno del cluster",
        "count",
        "Funded or closed projects running in the period with at least two member partners "
        "(ideas and proposals are the pipeline, not counted); share of members in a project or "
        "competence area.",
        "2",
        N_(">= 2 joint projects"),
        reason=(
            "At least two funded projects run together by members show cooperation inside the "
            "cluster beyond a single flagship project."
        ),
        reason_it=(
            "Almeno due progetti finanziati svolti insieme da soci mostrano cooperazione interna "
            "oltre un singolo progetto di punta."
        ),
    ),
    _manual(
        "2.7",
        "governance",
        "management_governance",
        _GS,
        "Integration in the innovation system",
        "Integrazione nel sistema dell'innovazione",
        "Entered: recognitions, networks, MoUs and the ECCP profile.",
    ),
    _manual(
        "3.1",
        "financing",
        "financing",
        _G,
        "Financing prospects",
        "Prospettive di finanziamento",
        "Entered: secured funding as a share of the planned yearly budget.",
        unit="%",
    ),
    _auto(
        "3.2",
        "financing",
        "financing",
        _G,
        "Share of private funds",
        "Quota di fondi privati",
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
        "Strategy-building process",
        "Processo di definizione della strategia",
        "Entered: dated workshops and surveys with participants.",
    ),
    _manual(
        "4.1.2",
        "strategy",
        "services",
        _GS,
        "Documented strategy",
        "Strategia documentata",
        "Entered: strategy document, its period and approval.",
    ),
    _manual(
        "4.1.3",
        "strategy",
        "services",
        _GS,
        "Implementation plan",
        "Piano di attuazione",
        "Entered: action items per pillar with owner, budget and status.",
    ),
    _manual(
        "4.1.4",
        "strategy",
        "services",
        _GS,
        "Financial control",
        "Controllo finanziario",
        "Entered: budget against actual figures per year.",
    ),
    _manual(
        "4.1.5",
        "strategy",
        "services",
        _GS,
        "Review of strategy",
        "Revisione della strategia",
        "Entered: dated reviews of the strategy and action plan.",
    ),
    _manual(
        "4.1.6",
        "strategy",
        "services",
        _GS,
        "Performance monitoring",
        "Monitoraggio delle prestazioni",
        "Entered: KPI targets against actual values per pillar.",
    ),
    _manual(
        "4.2",
        "strategy",
        "services",
        _G,
        "Goals of the strategy",
        "Obiettivi della strategia",
        "Entered: pillars with objectives and quantified targets.",
    ),
    _auto(
        "4.3",
        "strategy",
        "services",
        _GS,
        "Activities and services",
        "Attività e servizi",
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
        "Effectiveness (satisfaction)",
        "Efficacia (soddisfazione dei soci)",
        "Entered: member survey response rate and mean score.",
    ),
    _auto(
        "4.5",
        "strategy",
        "contacts_interaction",
        _G,
        "Working groups",
        "Gruppi di lavoro",
        "count",
        "Competence areas with at least one participant and meetings in the period, with "
        "members per area.",
        "3",
        N_(">= 3 working groups"),
        reason=(
            "Three active working groups (competence areas with participants and meetings) show "
            "a cluster organised around its themes, not only its management."
        ),
        reason_it=(
            "Tre gruppi di lavoro attivi (aree di competenza con partecipanti e riunioni) "
            "mostrano un cluster organizzato intorno ai propri temi, non solo alla sua gestione."
        ),
    ),
    _manual(
        "4.6.1",
        "strategy",
        "services",
        _GS,
        "Communication",
        "Comunicazione",
        "Entered: newsletters and mailings per year (prefilled from newsletter activities).",
        unit="count",
    ),
    _manual(
        "4.6.2",
        "strategy",
        "services",
        _GS,
        "Internet presence",
        "Presenza su internet",
        "Entered: website, English version and social channels.",
    ),
    _manual(
        "5.1",
        "recognition",
        "achievements_recognition",
        _G,
        "Press and media",
        "Stampa e media",
        "Entered: media items per year by scope (prefilled from the media items recorded).",
        unit="count",
    ),
    _manual(
        "5.2",
        "recognition",
        "achievements_recognition",
        _G,
        "Success stories",
        "Storie di successo",
        "Entered: documented success stories per year (prefilled from the stories recorded).",
        unit="count",
    ),
    _manual(
        "5.3",
        "recognition",
        "achievements_recognition",
        _G,
        "Awards and other recognition",
        "Premi e altri riconoscimenti",
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
