"""The automatic indicators: which computation answers which indicator (:data:`AUTO`).

Every function takes a :class:`~.context.Context` (the loaded :class:`~.data.Snapshot` with
per-period caches) and a :class:`~.context.Period`, and returns an :class:`~.context.Outcome`:
the value, what was counted (``inputs``, ``input_ids``) and what is missing. Pass/fail is
decided by the engine from the value and the effective threshold, unless the outcome carries
its own ``rule`` (composition has two conditions). ``advice`` says, for a failing value, what
would make it pass. The manual indicators' hints are in :mod:`.hints`.

Periods: a calendar year is evaluated on 31 December with the year as its window; the
"current" period is evaluated on the current day with the 12 months up to it as its window.

The computations live in :mod:`workbench.indicators.automatic`, one module per family, each
stating the decisions it took where the domain notes leave a choice. The types they share are
in :mod:`.context` and re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.indicators.automatic.activities import activities, working_groups
from workbench.indicators.automatic.cooperation import contacts, cooperation
from workbench.indicators.automatic.finance import private_share
from workbench.indicators.automatic.membership import (
    commitment,
    composition,
    geography,
    participants,
    retention,
)
from workbench.indicators.automatic.organisation import (
    human_resources,
    maturity,
    staff_stability,
)
from workbench.indicators.context import TYPE_LABELS, Commitment, Context, Outcome, Period

__all__ = [
    "AUTO",
    "TYPE_LABELS",
    "Commitment",
    "Context",
    "Outcome",
    "Period",
]

AUTO: dict[str, Callable[[Context, Period], Outcome]] = {
    "1.1.0": commitment,
    "1.1.1": composition,
    "1.1.2": participants,
    "1.2": geography,
    "2.1": maturity,
    "2.2.1": human_resources,
    "2.2.4": staff_stability,
    "2.3": retention,
    "2.5": contacts,
    "2.6": cooperation,
    "3.2": private_share,
    "4.3": activities,
    "4.5": working_groups,
}
