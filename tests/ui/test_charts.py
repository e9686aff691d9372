"""The QPainter chart widgets: they paint the values they are given, show a tooltip per
category on hover, open a category on click or Enter, show their empty-state text, follow a
dark palette and draw sharp on a high-DPI device."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QToolTip

from workbench.ui.charts import ChartData, ColumnLineChart, HorizontalBarChart, Series, nice_range

BLUE, ORANGE = "#2f6f9f", "#f0a030"


@pytest.fixture(autouse=True)
def no_tooltip_left(qtbot: Any) -> Any:
    """Every tooltip shown is gone before the next test: a tooltip window left over offscreen
    can leave the next test's main window inactive (no keyboard focus anywhere)."""
    yield
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=5_000)


def bar_chart(qtbot: Any, values: list[float], *, openable: set[int] | None = None) -> Any:
    chart = HorizontalBarChart()
    qtbot.addWidget(chart)
    chart.resize(420, 260)
    names = [f"Row {i}" for i in range(len(values))]
    chart.set_data(
        ChartData(
            categories=names,
            series=[Series("Members", BLUE, values, [f"{v:.0f}" for v in values])],
            tooltips=[f"{n}: {v:.0f}" for n, v in zip(names, values, strict=True)],
            activatable=openable if openable is not None else set(range(len(values))),
        )
    )
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def run_of(image: QImage, y: int, colour: str) -> int:
    """How many pixels of row *y* have *colour* (the length of a bar drawn across it)."""
    target = QColor(colour)
    return sum(1 for x in range(image.width()) if _close(image.pixelColor(x, y), target))


def _close(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return (
        abs(a.red() - b.red()) <= tolerance
        and abs(a.green() - b.green()) <= tolerance
        and abs(a.blue() - b.blue()) <= tolerance
    )


def row_y(chart: Any, index: int) -> int:
    return round(chart.category_rect(index).center().y())


def test_bars_are_as_long_as_their_values(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [40, 20, 10])
    image = chart.grab().toImage()
    lengths = [run_of(image, row_y(chart, i), BLUE) for i in range(3)]
    assert lengths[0] > 100
    assert abs(lengths[0] - 2 * lengths[1]) <= 3 and abs(lengths[1] - 2 * lengths[2]) <= 3
    # The names and values are painted too: something other than the bar and the background.
    background = image.pixelColor(2, 2)
    label_pixels = [
        image.pixelColor(x, row_y(chart, 0))
        for x in range(0, round(chart.category_rect(0).left()) + 60)
    ]
    assert any(not _close(c, background, 40) for c in label_pixels)


def test_hovering_a_bar_shows_its_tooltip(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [40, 20, 10])
    where = chart.category_rect(1).center().toPoint()
    qtbot.mouseMove(chart, where)
    event = QHelpEvent(QEvent.Type.ToolTip, where, chart.mapToGlobal(where))
    QApplication.sendEvent(chart, event)
    assert QToolTip.isVisible()
    assert QToolTip.text() == "Row 1: 20"
    QToolTip.hideText()


def test_clicking_a_bar_or_pressing_enter_opens_it(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [40, 20, 10], openable={0, 2})
    opened: list[int] = []
    chart.sig_activated.connect(opened.append)
    for index in (2, 1, 0):
        qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=chart.category_rect(index).center().toPoint()
        )
    assert opened == [2, 0]  # row 1 opens nothing
    opened.clear()
    chart.setFocus()
    chart._current = None
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(chart, key)
    assert chart.current_index() == 2 and opened == [2]
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    qtbot.keyClick(chart, Qt.Key.Key_Space)
    assert opened == [2]  # row 1 is not openable from the keyboard either


def test_empty_chart_shows_its_text_and_no_bars(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [5])
    chart.set_empty("No members yet.")
    assert chart.is_empty() and chart.accessibleDescription() == "No members yet."
    image = chart.grab().toImage()
    middle = image.height() // 2
    assert run_of(image, middle, BLUE) == 0
    background = image.pixelColor(2, 2)
    band = [
        image.pixelColor(x, y) for x in range(image.width()) for y in range(middle - 8, middle + 8)
    ]
    assert sum(1 for c in band if not _close(c, background, 30)) > 20  # the text


def test_dark_palette_draws_light_text(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [40, 20])
    palette = QPalette(chart.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    image = chart.grab().toImage()
    assert chart.muted_colour().lightness() > 120
    light = [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).lightness() > 160
    ]
    assert len(light) > 30  # names, values and ticks in the light text colour


def test_high_dpi_rendering_keeps_the_geometry(qtbot: Any) -> None:
    chart = bar_chart(qtbot, [40, 20])
    normal = run_of(chart.grab().toImage(), row_y(chart, 0), BLUE)
    pixmap = QPixmap(chart.size() * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(QColor("white"))
    chart.render(pixmap)
    sharp = run_of(pixmap.toImage(), 2 * row_y(chart, 0), BLUE)
    assert abs(sharp - 2 * normal) <= 4


def test_column_chart_draws_columns_line_and_per_year_tooltips(qtbot: Any) -> None:
    chart = ColumnLineChart()
    qtbot.addWidget(chart)
    chart.resize(420, 260)
    chart.set_data(
        ChartData(
            categories=["2024", "2025"],
            series=[
                Series("Joined", BLUE, [10, 5]),
                Series("Left", ORANGE, [2, 4]),
                Series("Members", "#5cb85c", [100, 101]),
            ],
            tooltips=["2024: 10 / 2", "2025: 5 / 4"],
        )
    )
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    rect = chart.category_rect(0)
    # The 2024 "joined" column is twice as tall as 2025's.
    heights = []
    for index in (0, 1):
        band = chart.category_rect(index)
        heights.append(
            max(
                sum(
                    1 for y in range(image.height()) if _close(image.pixelColor(x, y), QColor(BLUE))
                )
                for x in range(round(band.left()), round(band.right()))
            )
        )
    assert heights[0] > 40 and abs(heights[0] - 2 * heights[1]) <= 3
    where = rect.center().toPoint()
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, where, chart.mapToGlobal(where)))
    assert QToolTip.text() == "2024: 10 / 2"
    QToolTip.hideText()
    assert chart.index_at(rect.center() + QPoint(0, 0).toPointF()) == 0


def test_nice_range() -> None:
    assert nice_range(45) == 60
    assert nice_range(117) == 120
    assert nice_range(9300) == 10_000
    assert nice_range(3) == 4
    assert nice_range(0) == 4
