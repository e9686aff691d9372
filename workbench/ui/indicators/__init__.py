"""The Indicators room: the label assessment as the Reports page's "Indicators" tab shows it.

* :mod:`.view` - :class:`~workbench.ui.indicators.view.IndicatorsView`: the level and year,
  the readiness gauge, the table, computing in the background, the selected indicator;
* :mod:`.table` - the table model (one row per indicator, coloured status icons);
* :mod:`.readiness` - the readiness gauge;
* :mod:`.look` - status names, colours and icons, thresholds and period titles as shown;
* :mod:`.details` - how the selected indicator was computed and what is missing;
* :mod:`.records_dialog` - the records a missing-input line is about;
* :mod:`.value_editor`, :mod:`.evidence`, :mod:`.thresholds` - the three editors of the
  selected indicator (manual value of a year, evidence files, the cluster's threshold);
* :mod:`.commands` - their undoable edits;
* :mod:`.improvement_areas` and :mod:`.improvement_commands` - the Silver improvement areas
  dialog and its undoable edits.

The assessment itself is Qt-free (:mod:`workbench.indicators`); these modules only show it.
``IndicatorsView`` is imported from :mod:`.view` when first asked for, so that a module needing
only :mod:`.look` (the Reports page, before its Indicators tab is shown) does not import the
whole room.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.ui.indicators.view import IndicatorsView

__all__ = ["IndicatorsView"]


def __getattr__(name: str) -> Any:
    if name == "IndicatorsView":
        from workbench.ui.indicators.view import IndicatorsView

        return IndicatorsView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
