"""Horizontal bars: one row per category (names at the left, read top down), one bar per series.

Names longer than about a third of the width are elided (the tooltip has the full one); the
value texts of a series that has them are written at the end of its bars.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from workbench.ui.charts.base import ChartData, ChartWidget, axis_top, elide

#: Share of a row's height the bars take (the rest separates the rows).
ROW_FILL = 0.74
#: Tallest bar group, so that two or three rows do not turn into slabs.
MAX_GROUP_HEIGHT = 34.0


class HorizontalBarChart(ChartWidget):
    """Categories as rows of horizontal bars on a value axis from 0 (bottom)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ticks: int = 5,
        counts: bool = True,
        label_share: float = 0.32,
    ) -> None:
        """*ticks* on the value axis; *counts* keeps them whole; names take *label_share*."""
        super().__init__(parent)
        self.ticks = ticks
        self.counts = counts
        self.label_share = label_share

    def _paint_plot(self, painter: QPainter, area: QRectF, data: ChartData) -> None:
        font = self.small_font()
        metrics = QFontMetricsF(font)
        label_width = min(
            max(metrics.horizontalAdvance(name) for name in data.categories) + 2,
            max(60.0, area.width() * self.label_share),
        )
        value_width = max(
            (
                metrics.horizontalAdvance(text)
                for series in data.series
                for text in (series.value_texts or ())
            ),
            default=0.0,
        )
        top_value = axis_top(
            max(max(s.values, default=0) for s in data.series), self.ticks, counts=self.counts
        )
        # Room for the last tick label to stay inside the widget (it is centred on the line).
        last_tick = metrics.horizontalAdvance(self.format_value(top_value)) / 2
        plot = QRectF(
            area.left() + label_width + 8,
            area.top() + 2,
            0,
            area.height() - metrics.height() - 6,
        )
        plot.setRight(area.right() - max(value_width + 6, last_tick))
        if plot.width() < 20 or plot.height() < 20:
            return
        self.paint_value_grid(painter, plot, top_value, self.ticks, vertical=False)
        row_height = plot.height() / len(data.categories)
        group_height = min(row_height * ROW_FILL, MAX_GROUP_HEIGHT)
        bar_height = group_height / len(data.series)
        painter.setFont(font)
        for index, name in enumerate(data.categories):
            row_top = plot.top() + index * row_height
            self._hits.append(QRectF(area.left(), row_top, area.width(), row_height))
            painter.setPen(self.text_colour())
            label_box = QRectF(area.left(), row_top, label_width, row_height)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label_box, int(align), elide(metrics, name, label_width))
            bar_top = row_top + (row_height - group_height) / 2
            for number, series in enumerate(data.series):
                value = series.values[index]
                length = plot.width() * max(value, 0) / top_value
                bar = QRectF(plot.left(), bar_top + number * bar_height, length, bar_height - 1)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.series_colour(series, index))
                painter.drawRoundedRect(bar, 2, 2)
                if series.value_texts:
                    painter.setPen(self.text_colour())
                    text_box = QRectF(bar.right() + 4, bar.top(), value_width + 4, bar.height())
                    text_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                    painter.drawText(text_box, int(text_align), series.value_texts[index])
