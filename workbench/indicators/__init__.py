"""Label-assessment indicators: definitions, computations, thresholds, readiness, ECCP figures.

Qt-free. :func:`assess` computes the 31 Gold indicators (or the Silver / Bronze subsets) of an
assessment year from the records; :func:`eccp_figures` counts the ECCP profile composition on
a day. The rules the engine follows where the domain left a choice are in
:mod:`workbench.indicators.engine`.
"""

from __future__ import annotations

from workbench.indicators.definitions import (
    AREAS,
    AREAS_IT,
    BRONZE_AREAS,
    DEFINITIONS,
    GOLD_BAR_PCT,
    IndicatorDefinition,
    Kind,
    Status,
    definition,
    definitions_for,
)
from workbench.indicators.eccp import EccpFigures, eccp_figures
from workbench.indicators.engine import (
    Assessment,
    IndicatorResult,
    PeriodValue,
    assess,
    current_day,
)

__all__ = [
    "AREAS",
    "AREAS_IT",
    "BRONZE_AREAS",
    "DEFINITIONS",
    "GOLD_BAR_PCT",
    "Assessment",
    "EccpFigures",
    "IndicatorDefinition",
    "IndicatorResult",
    "Kind",
    "PeriodValue",
    "Status",
    "assess",
    "current_day",
    "definition",
    "definitions_for",
    "eccp_figures",
]
