"""The readiness gauge above the Indicators table."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.indicators import GOLD_BAR_PCT
from workbench.ui.formatting import format_percent
from workbench.ui.indicators.look import LINK_COLOUR, PASS_COLOUR, tr


class ReadinessBar(QWidget):
    """A progress-bar-like gauge of the readiness score.

    Gold's gauge has a mark at its bar (80 %); Silver and Bronze have no score bar, so theirs
    shows the share alone (``bar`` None), without mark or pass/fail colour.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value: Decimal | None = None
        self.bar: Decimal | None = GOLD_BAR_PCT
        self.setMinimumWidth(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: Decimal | None, bar: Decimal | None = GOLD_BAR_PCT) -> None:
        """Show *value* % against *bar* % (value None: nothing computed yet; bar None: no bar)."""
        self.value, self.bar = value, bar
        if value is None:
            self.setToolTip("")
        elif bar is None:
            self.setToolTip(
                tr("Readiness {value} — no score bar applies to this label").format(
                    value=format_percent(value)
                )
            )
        else:
            self.setToolTip(
                tr("Readiness {value} — the bar is {bar}").format(
                    value=format_percent(value), bar=format_percent(bar)
                )
            )
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, self.fontMetrics().height() + 10)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(160, self.fontMetrics().height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        palette = self.palette()
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(rect, 4, 4)
        if self.value is not None:
            share = max(0.0, min(float(self.value) / 100.0, 1.0))
            fill = QRectF(rect.left(), rect.top(), rect.width() * share, rect.height())
            if self.bar is None:
                colour = LINK_COLOUR  # nothing to reach: neither "passing" green nor amber
            else:
                colour = PASS_COLOUR if self.value >= self.bar else QColor("#c77c02")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour.lighter(135))
            painter.drawRoundedRect(fill, 4, 4)
        if self.bar is not None:
            self._paint_bar_mark(painter, rect, self.bar)
        painter.setPen(palette.text().color())
        text = format_percent(self.value) if self.value is not None else "…"
        painter.drawText(
            rect.adjusted(8, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        painter.end()

    def _paint_bar_mark(self, painter: QPainter, rect: QRectF, bar: Decimal) -> None:
        """The level's bar: a dashed line across the gauge with its percentage beside it."""
        x = rect.left() + rect.width() * float(bar) / 100.0
        painter.setPen(QPen(self.palette().text().color(), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), int(rect.top()) + 1, int(x), int(rect.bottom()) - 1)
        painter.setPen(self.palette().text().color())
        bar_text = format_percent(bar, 0)
        width = self.fontMetrics().horizontalAdvance(bar_text)
        painter.drawText(
            QRectF(x + 4, rect.top(), width + 4, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bar_text,
        )
