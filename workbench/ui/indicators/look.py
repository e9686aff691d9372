"""How the Indicators room shows a verdict: status names, colours and icons, thresholds, periods.

Small helpers shared by the table, the details and the editors of the room. Every text is
translated with :func:`tr`, in the ``IndicatorsView`` context the strings had from the start.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from workbench.indicators import Assessment, IndicatorResult, Status
from workbench.translatable import Message
from workbench.ui.formatting import format_date, format_decimal
from workbench.ui.i18n import error_text
from workbench.ui.widgets.inputs import DecimalEdit

PASS_COLOUR = QColor("#1b7f3b")
FAIL_COLOUR = QColor("#b3261e")
UNKNOWN_COLOUR = QColor("#7a7a7a")
NOT_SCORED_COLOUR = QColor("#5a6f8a")
LINK_COLOUR = QColor("#1a5fb4")


def tr(text: str) -> str:
    """Translate *text* in the ``IndicatorsView`` context."""
    return QCoreApplication.translate("IndicatorsView", text)


def ui_language() -> str:
    """The language the interface is shown in (indicator names exist in en and it)."""
    return "it" if QLocale().language() == QLocale.Language.Italian else "en"


# --------------------------------------------------------------------------- status look


def status_text(status: Status) -> str:
    """Translated name of a status."""
    return {
        Status.PASS: tr("Pass"),
        Status.FAIL: tr("Fail"),
        Status.UNKNOWN: tr("Unknown"),
        Status.NOT_SCORED: tr("Not scored"),
    }[status]


def status_colour(status: Status) -> QColor:
    """Colour of a status (green, red, grey; slate for "not scored")."""
    return {
        Status.PASS: PASS_COLOUR,
        Status.FAIL: FAIL_COLOUR,
        Status.UNKNOWN: UNKNOWN_COLOUR,
        Status.NOT_SCORED: NOT_SCORED_COLOUR,
    }[status]


_ICONS: dict[tuple[Status, int], QIcon] = {}


def status_icon(status: Status, size: int = 14) -> QIcon:
    """A filled circle with a tick, a cross or a question mark, in the status colour."""
    key = (status, size)
    if key in _ICONS:
        return _ICONS[key]
    scale = 2
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_colour(status))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    pen = QPen(QColor("white"), max(1.6, size / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    s = float(size)
    if status is Status.PASS:
        painter.drawLine(QPointF(s * 0.28, s * 0.52), QPointF(s * 0.43, s * 0.70))
        painter.drawLine(QPointF(s * 0.43, s * 0.70), QPointF(s * 0.74, s * 0.32))
    elif status is Status.FAIL:
        painter.drawLine(QPointF(s * 0.32, s * 0.32), QPointF(s * 0.68, s * 0.68))
        painter.drawLine(QPointF(s * 0.68, s * 0.32), QPointF(s * 0.32, s * 0.68))
    elif status is Status.NOT_SCORED:
        painter.drawLine(QPointF(s * 0.30, s * 0.5), QPointF(s * 0.70, s * 0.5))  # a dash
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.75))
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, s, s), Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    icon = QIcon(pixmap)
    _ICONS[key] = icon
    return icon


def unit_text(unit: str) -> str:
    """The unit shown after a threshold ("" for plain counts and texts)."""
    return {"%": "%", "FTE": tr("FTE"), "years": tr("years"), "members": tr("members")}.get(
        unit, ""
    )


class NumberEdit(DecimalEdit):
    """A DecimalEdit that shows 15 rather than 15.00 (thresholds and counts)."""

    def set_value(self, value: Decimal | int | None) -> None:
        """Show *value* without trailing zero decimals (None: empty)."""
        self.setText(format_decimal(value, self.places, trim=True) if value is not None else "")


def id_sort_key(indicator_id: str) -> tuple[int, ...]:
    """Sort key putting "4.1.10" after "4.1.9": compare the numbers, not the text."""
    return tuple(int(part) if part.isdigit() else 0 for part in indicator_id.split("."))


def threshold_display(result: IndicatorResult) -> str:
    """The threshold as the table shows it, with the "(default)" marker."""
    d = result.definition
    if d.comparison == "none":
        return tr("judged by hand")
    if result.threshold_is_default:
        if result.threshold is None:
            return tr("— (no default)")
        return tr("{threshold} (default)").format(threshold=error_text(Message(d.threshold_text)))
    if result.threshold is None:
        return tr("none: not scored")
    return error_text(result.threshold_text)


def period_titles(assessment: Assessment | None, year: int, *, short: bool = False) -> list[str]:
    """Titles of the three periods (*short*: the current one without its day)."""
    labels = assessment.periods if assessment is not None else [str(year - 2), str(year - 1), ""]
    titles = labels[:2]
    day = assessment.current_day if assessment is not None else None
    if day is not None and not short:
        titles.append(tr("Current ({day})").format(day=format_date(day)))
    else:
        titles.append(tr("Current"))
    return titles
