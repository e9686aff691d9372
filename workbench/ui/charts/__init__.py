"""Chart widgets drawn with QPainter (PySide6-Essentials only; no QtCharts).

:class:`HorizontalBarChart` (rows of bars), :class:`ColumnLineChart` (columns with a line on a
second axis); both take a :class:`ChartData` and share hover tooltips, click and keyboard
activation, legend, empty-state text and palette-aware colours (:mod:`.base`).
"""

from workbench.ui.charts.bars import HorizontalBarChart
from workbench.ui.charts.base import SERIES_COLOURS, ChartData, ChartWidget, Series, nice_range
from workbench.ui.charts.columns import ColumnLineChart

__all__ = [
    "SERIES_COLOURS",
    "ChartData",
    "ChartWidget",
    "ColumnLineChart",
    "HorizontalBarChart",
    "Series",
    "nice_range",
]
