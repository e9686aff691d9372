"""Size history -> SME input: the one construction of what :func:`workbench.sme.classify` reads.

An organisation's size history is one :class:`~workbench.sme.YearFigures` per accounting year,
each with the partner and linked enterprises whose figures count towards it. The services
build it from database rows (:func:`workbench.services.members.size_history`, which the
indicators and the reports call too) and the organisation editor from the rows it is editing;
both go through :func:`year_figures`, so a year reads the same wherever it comes from.
:func:`classify_sme` then applies the stored choices (organisation type, manual override) the
same way for every caller; :class:`SmeClassifier` does it for many organisations over one
size history, each organisation and year of figures once (a report classifies 10,000 members
for its indicators and again for its registers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from workbench import sme

__all__ = [
    "SmeClassifier",
    "classify_sme",
    "linked_enterprise",
    "year_figures",
    "year_figures_of",
]

#: Stands for the reason of an override stored without one (data from before reasons were
#: required): the stored override still counts rather than failing the classification.
_UNKNOWN_REASON = "-"


def linked_enterprise(link: Mapping[Any, Any]) -> sme.LinkedEnterprise:
    """A partner or linked enterprise from a mapping of its fields (a size link row).

    Keys: ``relation`` and ``share_pct`` (required), ``staff_awu``, ``turnover``,
    ``balance_sheet``, ``name`` (optional).
    """
    return sme.LinkedEnterprise(
        relation=sme.EnterpriseRelation(link["relation"]),
        share_pct=link["share_pct"],
        staff_awu=link.get("staff_awu"),
        turnover=link.get("turnover"),
        balance_sheet=link.get("balance_sheet"),
        name=link.get("name") or "",
    )


def year_figures(
    row: Mapping[Any, Any], links: Iterable[Mapping[Any, Any]] = ()
) -> sme.YearFigures:
    """One year of size figures from a mapping of its fields (a size data row) and its links.

    Keys: ``year`` (required), ``staff_awu``, ``turnover``, ``balance_sheet``,
    ``public_control_pct`` (optional); *links* as for :func:`linked_enterprise`.
    """
    return year_figures_of(
        row["year"],
        row.get("staff_awu"),
        row.get("turnover"),
        row.get("balance_sheet"),
        row.get("public_control_pct"),
        links,
    )


def year_figures_of(
    year: int,
    staff_awu: Decimal | None,
    turnover: Decimal | None,
    balance_sheet: Decimal | None,
    public_control_pct: Decimal | None,
    links: Iterable[Mapping[Any, Any]] = (),
) -> sme.YearFigures:
    """:func:`year_figures` from the row's values in that order (a column row, no mapping).

    Both build a year here; the reader of every size row calls this one.
    """
    return sme.YearFigures(
        year=year,
        staff_awu=staff_awu,
        turnover=turnover,
        balance_sheet=balance_sheet,
        public_control_pct=public_control_pct,
        links=tuple(linked_enterprise(link) for link in links),
    )


def classify_sme(
    history: Sequence[sme.YearFigures],
    *,
    org_is_enterprise: bool,
    override: str | None,
    override_reason: str | None,
    as_of_year: int | None,
) -> sme.SmeResult:
    """SME class from a size history and the organisation's stored choices.

    *override* is the manually set class (its value, or None) and *override_reason* why; an
    override without a reason still counts (the services refuse new ones without a reason).
    """
    return sme.classify(
        history,
        org_is_enterprise=org_is_enterprise,
        override=sme.SmeClass(override) if override else None,
        override_reason=(override_reason or "").strip() or _UNKNOWN_REASON,
        as_of_year=as_of_year,
    )


class SmeClassifier:
    """:func:`classify_sme` of many organisations over one size history, each result once.

    A classification as of a year sees the figures of that year and before; two as-of years
    that see the same latest year of figures give the same result, so results are kept by
    organisation and latest year seen (with the stored choices, in case two callers read
    them apart). Whoever shares one classifier (the indicators engine and the registers of
    one report) classifies each member once.

    Args:
        history: Size history per organisation id, as :func:`workbench.services.members.
            size_history` reads it.
    """

    def __init__(self, history: Mapping[int, Sequence[sme.YearFigures]]) -> None:
        self.history = history
        self._results: dict[tuple[Any, ...], sme.SmeResult] = {}

    def has_figures(self, org_id: int) -> bool:
        """True when *org_id* has any year of size figures."""
        return bool(self.history.get(org_id))

    def classify(
        self,
        org_id: int,
        *,
        org_is_enterprise: bool,
        override: str | None,
        override_reason: str | None,
        as_of_year: int | None,
    ) -> sme.SmeResult:
        """:func:`classify_sme` of organisation *org_id* on its figures in :attr:`history`."""
        history = self.history.get(org_id, ())
        seen = max(
            (f.year for f in history if as_of_year is None or f.year <= as_of_year), default=None
        )
        key = (org_id, seen, org_is_enterprise, override, override_reason)
        result = self._results.get(key)
        if result is None:
            result = classify_sme(
                history,
                org_is_enterprise=org_is_enterprise,
                override=override,
                override_reason=override_reason,
                as_of_year=as_of_year,
            )
            self._results[key] = result
        return result
