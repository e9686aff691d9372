"""Dashboard: the cluster at a glance (QtCharts) and a data-quality list that opens records.

All figures are read in the background (``tasks.py``): at 10,000 members the member rows take
over a second. Charts get plain numbers; amounts are shown in thousands of euro on the axes
(chart values are floats for drawing only, the data stays Decimal).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.services.dashboard import DashboardData, load_dashboard
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_date, format_int, format_money, grouping_locale
from workbench.ui.pages.base import Page
from workbench.ui.widgets import messages
from workbench.ui.widgets.labels import org_type_label, sme_label

MAX_ITEMS_PER_GROUP = 200
#: Item data of a suspected duplicate: [(id, name)] of the organisations it looks like.
DUPLICATES_ROLE = Qt.ItemDataRole.UserRole + 1
FUNDING_ROWS = 6
PALETTE = ["#2f6f9f", "#4fa3a5", "#f0a030", "#d9534f", "#7b5ea7", "#5cb85c", "#8c8c8c", "#c07a50"]


def nice_range(largest: float, ticks: int = 5) -> float:
    """A round upper bound >= *largest* whose *ticks* ticks fall on whole, round numbers."""
    import math

    if largest <= 0:
        return float(ticks - 1)
    raw_step = largest / (ticks - 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = 10 * magnitude
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = factor * magnitude
        if candidate >= raw_step and candidate == int(candidate):
            step = candidate
            break
    return max(step, 1) * (ticks - 1)


def _value_axis(largest: float, *, counts: bool = True, ticks: int = 5) -> QValueAxis:
    """A value axis from 0 with round ticks; *counts* keeps every tick a whole number.

    The labels are "%.0f": with localised numbers (thousands separators) Qt Charts draws no
    label at all for "%d" or "%i".
    """
    axis = QValueAxis()
    axis.setLabelFormat("%.0f")
    top = nice_range(largest * 1.08, ticks)
    if counts and top < ticks - 1:
        top = ticks - 1
    axis.setRange(0, top)
    axis.setTickCount(ticks)
    return axis


def _small_labels(*axes: Any) -> None:
    for axis in axes:
        font = QFont(axis.labelsFont())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        axis.setLabelsFont(font)
        title = QFont(axis.titleFont())
        title.setPointSizeF(max(7.0, title.pointSizeF() * 0.85))
        title.setBold(False)
        axis.setTitleFont(title)


def _category_labels(card: ChartCard, names: list[str], share: float = 0.3) -> list[str]:
    """*names* elided to *share* of the card's width (full names are in the tooltips).

    Qt Charts' own truncation is switched off for these axes (it turns every name into
    "..."), so the names are elided here, keeping their beginning readable.

    Category axes need distinct labels: two names that elide alike stay apart.
    """
    font = QFont(card.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))  # as _small_labels draws them
    metrics = QFontMetrics(font)
    budget = max(70, int(card.width() * share))
    labels: list[str] = []
    for name in names:
        label = metrics.elidedText(name, Qt.TextElideMode.ElideRight, budget)
        while label in labels:
            label += "\u200b"
        labels.append(label)
    return labels


def _add_horizontal_bars(
    chart: QChart, series: QHorizontalBarSeries, categories: list[str], axis_x: QValueAxis
) -> None:
    """Put *series* on *chart*: *categories* down the left (bottom up), *axis_x* below."""
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(categories)
    # The names come elided to the card's width (_category_labels); Qt's own truncation
    # would turn them all into "..." as soon as the bar values take room at the right.
    axis_y.setTruncateLabels(False)
    _small_labels(axis_x, axis_y)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)


class ChartCard(QFrame):
    """A titled frame holding a chart, or a short message when there is nothing to chart."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("chartCard")
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("font-weight: 600;")
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundVisible(False)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        # Axis and bar labels through the locale: thousands separators, from four digits on
        # as every count in the interface (2.959 in Italian, where Qt's own would not group).
        self.chart.setLocalizeNumbers(True)
        self.chart.setLocale(grouping_locale())
        #: Redraws the chart for the new width (labels are elided to fit); set by the fillers.
        self.refill: Any = None
        self._refill_timer = QTimer(self)
        self._refill_timer.setSingleShot(True)
        self._refill_timer.setInterval(0)  # once per burst of resizes
        self._refill_timer.timeout.connect(self._on_refill)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(215)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid);")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.stack, 1)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.refill is not None:
            self._refill_timer.start()

    def _on_refill(self) -> None:
        if self.refill is not None and self.stack.currentWidget() is self.view:
            self.refill()

    def reset(self) -> None:
        """Remove series and axes (and follow a change of interface language)."""
        self.chart.setLocale(grouping_locale())
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)

    def show_empty(self, text: str) -> None:
        """Show *text* instead of the chart."""
        self.reset()
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def show_chart(self) -> None:
        """Show the chart."""
        self.stack.setCurrentWidget(self.view)


def _show_counts(card: ChartCard, name: str, colour: str, counts: list[tuple[str, int]]) -> None:
    """Show *counts* (label, count; at least one, listed top down) as labelled bars on *card*."""
    card.reset()
    card.refill = lambda: _show_counts(card, name, colour, counts)
    card.view.setToolTip("\n".join(f"{label}: {format_int(count)}" for label, count in counts))
    bar_set = QBarSet(name)
    bar_set.setColor(QColor(colour))
    bar_set.setLabelColor(QColor("#333333"))
    for _label, count in reversed(counts):
        bar_set.append(count)
    series = QHorizontalBarSeries()
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    axis_x = _value_axis(max(count for _label, count in counts) * 1.1)
    labels = _category_labels(card, [label for label, _count in reversed(counts)])
    _add_horizontal_bars(card.chart, series, labels, axis_x)
    card.chart.legend().setVisible(False)
    card.show_chart()


class StatCard(QFrame):
    """A big number with a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value_label = QLabel("—")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value_label.setFont(font)
        # No word wrap: wrapped labels make the scroll area's height depend on its width,
        # which shows a needless vertical scroll bar. Texts are kept short instead.
        self.caption_label = QLabel(caption)
        self.detail_label = QLabel()
        self.detail_label.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)

    def set(
        self,
        value: str,
        caption: str | None = None,
        detail: str = "",
        detail_colour: str | None = None,
    ) -> None:
        """Show *value* (and optionally a new caption and a detail line in a colour)."""
        self.value_label.setText(value)
        if caption is not None:
            self.caption_label.setText(caption)
        self.detail_label.setText(detail)
        self.detail_label.setStyleSheet(
            f"color: {detail_colour}; font-weight: 600;"
            if detail_colour
            else "color: palette(mid);"
        )
        self.detail_label.setVisible(bool(detail))


class DashboardPage(Page):
    """Charts and the data-quality list.

    Signals:
        sig_loaded: the figures were loaded and drawn.
    """

    page_id = "dashboard"
    sig_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: DashboardData | None = None
        self._loading = False
        self._reload_pending = False
        self._build_ui()
        self._connect_signals()

    def title(self) -> str:
        return self.tr("Dashboard")

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.members_card = StatCard(self.tr("members today"))
        self.joined_card = StatCard(self.tr("joined this year"))
        self.left_card = StatCard(self.tr("left this year"))
        self.projects_card = StatCard(self.tr("funded projects"))
        self.label_card = StatCard(self.tr("cluster label"))
        cards = QHBoxLayout()
        for card in (self.members_card, self.joined_card, self.left_card, self.projects_card):
            cards.addWidget(card, 2)
        cards.addWidget(self.label_card, 3)
        self.label_card.setMinimumWidth(220)

        self.type_card = ChartCard(self.tr("Members by type"))
        self.sme_card = ChartCard(self.tr("Enterprises by SME class"))
        self.movement_card = ChartCard(self.tr("Members over the last five years"))
        self.programme_card = ChartCard(self.tr("Funded projects: budget by programme (k€)"))
        self.pillar_card = ChartCard(self.tr("Funded projects: budget by pillar (k€)"))

        quality = QFrame()
        quality.setFrameShape(QFrame.Shape.StyledPanel)
        quality_layout = QVBoxLayout(quality)
        quality_title = QLabel(self.tr("Data to complete"))
        quality_title.setStyleSheet("font-weight: 600;")
        self.quality_hint = QLabel(self.tr("Click a name to open the record."))
        self.quality_hint.setStyleSheet("color: palette(mid);")
        self.quality_tree = QTreeWidget()
        self.quality_tree.setHeaderHidden(True)
        self.quality_tree.setMinimumHeight(160)
        self.quality_tree.setUniformRowHeights(True)
        quality_layout.addWidget(quality_title)
        quality_layout.addWidget(self.quality_hint)
        quality_layout.addWidget(self.quality_tree, 1)
        self.quality_frame = quality

        grid = QGridLayout()
        grid.addWidget(self.type_card, 0, 0)
        grid.addWidget(self.sme_card, 0, 1)
        grid.addWidget(self.movement_card, 0, 2)
        grid.addWidget(self.programme_card, 1, 0)
        grid.addWidget(self.pillar_card, 1, 1)
        grid.addWidget(quality, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)

        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: palette(mid);")
        content = QWidget()
        column_layout = QVBoxLayout(content)
        column_layout.addWidget(self.status_label)
        column_layout.addLayout(cards)
        column_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _connect_signals(self) -> None:
        self.quality_tree.itemClicked.connect(self._on_item_clicked)
        self.quality_tree.itemActivated.connect(self._on_item_clicked)
        self.quality_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.quality_tree.customContextMenuRequested.connect(self._on_quality_menu)

    # ------------------------------------------------------------------ loading

    def is_loading(self) -> bool:
        """True while figures are being read."""
        return self._loading

    def refresh(self) -> None:
        if self._loading:
            self._reload_pending = True
            return
        self._loading = True
        self.status_label.setText(self.tr("Reading figures…"))
        db, today = self.ctx.db, date.today()
        if self.ctx.tasks is None:
            self._on_loaded(load_dashboard(db, today))
            return
        self.ctx.tasks.run(
            lambda state: load_dashboard(db, today, state),
            on_done=self._on_loaded,
            on_error=self._on_failed,
            on_cancelled=self._on_cancelled,
            title=self.tr("Reading the dashboard figures…"),
            parent=self,
            show_progress=False,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._loading = False
        self.status_label.setText("")
        messages.show_error(self, exc, self.tr("The dashboard could not be loaded"))

    def _on_cancelled(self) -> None:
        self._loading = False
        self.status_label.setText("")

    def _on_loaded(self, data: DashboardData) -> None:
        self._loading = False
        self.data = data
        self._fill_cards(data)
        self._fill_type_chart(data)
        self._fill_sme_chart(data)
        self._fill_movement_chart(data)
        self._fill_funding(
            self.programme_card, data.by_programme, self.tr("No funded projects yet.")
        )
        self._fill_funding(
            self.pillar_card,
            data.by_pillar,
            self.tr("No funded project is linked to a strategic pillar yet."),
        )
        self._fill_quality(data)
        self.status_label.setText(
            self.tr("Figures as of {day}.").format(day=format_date(data.today))
        )
        self.sig_loaded.emit()
        if self._reload_pending:
            self._reload_pending = False
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.data is None and not self._loading:
            self.refresh()

    # ------------------------------------------------------------------ drawing

    def _fill_cards(self, data: DashboardData) -> None:
        this_year = data.movements[-1] if data.movements else None
        self.members_card.set(format_int(data.members_now))
        self.joined_card.set(
            format_int(this_year.joined if this_year else 0),
            self.tr("joined in {year}").format(year=data.today.year),
        )
        self.left_card.set(
            format_int(this_year.left if this_year else 0),
            self.tr("left in {year}").format(year=data.today.year),
        )
        self.projects_card.set(
            format_int(data.funded_projects),
            detail=self.tr("{count} running today, {pipeline} in the pipeline").format(
                count=format_int(data.running_projects),
                pipeline=format_int(data.pipeline_projects),
            ),
        )
        if data.labels:
            label = data.labels[0]
            level = str(label.level).capitalize()
            level = {
                "Gold": self.tr("Gold"),
                "Silver": self.tr("Silver"),
                "Bronze": self.tr("Bronze"),
            }.get(level, level)
            caption = self.tr("{body} label").format(body=label.body)
            if label.valid_until:
                days = (label.valid_until - data.today).days
                caption = self.tr("{body} label, valid until {day}").format(
                    body=label.body, day=format_date(label.valid_until)
                )
                detail = self.tr("{days} days left").format(days=format_int(days))
                colour = "#b3261e" if days < 90 else ("#b07d00" if days < 180 else "#2e7d32")
            else:
                detail, colour = self.tr("no expiry date recorded"), None
            self.label_card.set(level, caption, detail, detail_colour=colour)
        else:
            self.label_card.set(
                "—",
                self.tr("cluster label"),
                self.tr("No valid label: record it on the Cluster profile page."),
            )

    def _fill_type_chart(self, data: DashboardData) -> None:
        if not data.by_type:
            self.type_card.show_empty(self.tr("No members yet."))
            return
        counts = [(org_type_label(org_type), count) for org_type, count in data.by_type]
        _show_counts(self.type_card, self.tr("Members"), PALETTE[1], counts)

    def _fill_sme_chart(self, data: DashboardData) -> None:
        if not data.by_sme:
            self.sme_card.show_empty(self.tr("No enterprises among the members."))
            return
        counts = [
            (sme_label(sme_class) if sme_class else self.tr("No size data"), count)
            for sme_class, count in data.by_sme
        ]
        _show_counts(self.sme_card, self.tr("Enterprises"), PALETTE[0], counts)

    def _fill_movement_chart(self, data: DashboardData) -> None:
        card = self.movement_card
        if not data.movements or not any(m.total_at_end or m.joined for m in data.movements):
            card.show_empty(self.tr("No membership history yet."))
            return
        card.reset()
        joined = QBarSet(self.tr("Joined"))
        left = QBarSet(self.tr("Left"))
        joined.setColor(QColor(PALETTE[5]))
        left.setColor(QColor(PALETTE[3]))
        total = QLineSeries()
        total.setName(self.tr("Members at year end"))
        total.setColor(QColor(PALETTE[0]))
        pen = total.pen()
        pen.setWidth(3)
        total.setPen(pen)
        categories = []
        for index, movement in enumerate(data.movements):
            categories.append(str(movement.year))
            joined.append(movement.joined)
            left.append(movement.left)
            total.append(index, movement.total_at_end)
        bars = QBarSeries()
        bars.append(joined)
        bars.append(left)
        card.chart.addSeries(bars)
        card.chart.addSeries(total)
        axis_x = QBarCategoryAxis()
        axis_x.append(categories)
        axis_bars = _value_axis(max(max(m.joined, m.left) for m in data.movements))
        axis_bars.setTitleText(self.tr("joined / left"))
        axis_total = _value_axis(max(m.total_at_end for m in data.movements))
        axis_total.setTitleText(self.tr("members"))
        _small_labels(axis_x, axis_bars, axis_total)
        card.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        card.chart.addAxis(axis_bars, Qt.AlignmentFlag.AlignLeft)
        card.chart.addAxis(axis_total, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_bars)
        total.attachAxis(axis_x)
        total.attachAxis(axis_total)
        card.chart.legend().setVisible(True)
        card.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        card.show_chart()

    def _fill_funding(
        self, card: ChartCard, rows: list[tuple[str, Decimal, Decimal]], empty_text: str
    ) -> None:
        if not rows:
            card.show_empty(empty_text)
            return
        card.reset()
        card.refill = lambda: self._fill_funding(card, rows, empty_text)
        # Six rows fit the card's height (Qt Charts hides the names of crowded rows): the
        # largest five and the rest summed; the tooltip lists every one.
        shown = rows
        if len(rows) > FUNDING_ROWS:
            rest = rows[FUNDING_ROWS - 1 :]
            shown = [
                *rows[: FUNDING_ROWS - 1],
                (
                    self.tr("Others ({count})").format(count=format_int(len(rest))),
                    sum((t for _n, t, _c in rest), Decimal(0)),
                    sum((c for _n, _t, c in rest), Decimal(0)),
                ),
            ]
        total_set = QBarSet(self.tr("Total budget"))
        cluster_set = QBarSet(self.tr("Cluster budget"))
        total_set.setColor(QColor(PALETTE[0]))
        cluster_set.setColor(QColor(PALETTE[2]))
        for _name, total, cluster_share in reversed(shown):
            total_set.append(float(round(total / 1000)))
            cluster_set.append(float(round(cluster_share / 1000)))
        # Names elided to the card's width, not cut at a fixed length; full ones in the tooltip.
        categories = _category_labels(card, [name for name, _t, _c in reversed(shown)])
        series = QHorizontalBarSeries()
        series.append(total_set)
        series.append(cluster_set)
        total_set.setLabelColor(QColor("#333333"))
        # The cluster's share is the thin second bar: its value in the tooltip only, as two
        # labels per row would overlap at this height.
        cluster_set.setLabelColor(QColor(0, 0, 0, 0))
        series.setBarWidth(0.85)
        series.setLabelsVisible(True)  # the k€ value at the end of each total bar
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(6)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        axis_x = _value_axis(
            float(max(t for _n, t, _c in shown) / 1000) * 1.15, counts=False, ticks=4
        )
        _add_horizontal_bars(card.chart, series, categories, axis_x)
        card.chart.legend().setVisible(True)
        tooltip = "\n".join(
            f"{name}: {format_money(total)} / {format_money(cluster_share)}"
            for name, total, cluster_share in rows
        )
        card.view.setToolTip(tooltip)
        card.show_chart()

    def _fill_quality(self, data: DashboardData) -> None:
        tree = self.quality_tree
        tree.clear()
        groups = [
            (self.tr("Enterprises without size data"), [[i] for i in data.no_size]),
            (self.tr("Members in no competence area"), [[i] for i in data.no_area]),
            (self.tr("Enterprises without VAT number"), [[i] for i in data.no_vat]),
            (self.tr("Suspected duplicates"), data.duplicates),
        ]
        total = 0
        for title, entries in groups:
            count = sum(len(e) for e in entries)
            total += count
            group = QTreeWidgetItem([f"{title} ({format_int(count)})"])
            group.setToolTip(0, group.text(0))  # the narrow card may elide it
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            shown = 0
            for entry in entries:
                for item in entry:
                    if shown >= MAX_ITEMS_PER_GROUP:
                        break
                    text = item.name
                    if len(entry) > 1:
                        others = ", ".join(o.name for o in entry if o is not item)
                        text = self.tr("{name} (like {others})").format(
                            name=item.name, others=others
                        )
                    child = QTreeWidgetItem([text])
                    child.setData(0, Qt.ItemDataRole.UserRole, item.org_id)
                    if len(entry) > 1:  # a suspected duplicate: offer to merge it (menu)
                        alike = [(o.org_id, o.name) for o in entry if o is not item]
                        child.setData(0, DUPLICATES_ROLE, alike)
                    child.setToolTip(0, self.tr("Open {name}").format(name=item.name))
                    child.setForeground(0, QColor("#1f5f99"))
                    group.addChild(child)
                    shown += 1
            if count > shown:
                more = QTreeWidgetItem(
                    [
                        self.tr("… and {count} more: use the Members page filters").format(
                            count=format_int(count - shown)
                        )
                    ]
                )
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.addChild(more)
            group.setExpanded(0 < count <= 12)
        if total == 0:
            done = QTreeWidgetItem([self.tr("Nothing to complete: the records look good.")])
            done.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(done)

    def quality_items(self) -> list[QTreeWidgetItem]:
        """Every item of the data-quality list that opens a record."""
        found: list[QTreeWidgetItem] = []
        for top in range(self.quality_tree.topLevelItemCount()):
            group = self.quality_tree.topLevelItem(top)
            if group is None:
                continue
            for index in range(group.childCount()):
                child = group.child(index)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) is not None:
                    found.append(child)
        return found

    def merge_actions(self, item: QTreeWidgetItem) -> list[QAction]:
        """The "Merge with …" actions of a suspected duplicate (none for other items)."""
        from workbench.ui.dialogs.merge_dialog import open_merge_dialog

        org_id = item.data(0, Qt.ItemDataRole.UserRole)
        actions = []
        for other_id, other_name in item.data(0, DUPLICATES_ROLE) or []:
            action = QAction(self.tr("Merge with {name}…").format(name=other_name), self)
            action.triggered.connect(
                lambda _checked=False, a=int(org_id), b=int(other_id): open_merge_dialog(
                    self.ctx, a, b, self
                )
            )
            actions.append(action)
        return actions

    def _on_quality_menu(self, position: Any) -> None:
        item = self.quality_tree.itemAt(position)
        actions = self.merge_actions(item) if item is not None else []
        if actions:
            menu = QMenu(self)
            menu.addActions(actions)
            menu.exec(self.quality_tree.viewport().mapToGlobal(position))

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        org_id = item.data(0, Qt.ItemDataRole.UserRole)
        if org_id is not None:
            self.ctx.bus.sig_open_record.emit("organisation", int(org_id))
