"""Dashboard: the cluster at a glance (charts) and a data-quality list that opens records.

All figures are read in the background (``tasks.py``): at 10,000 members the member rows take
over a second. Charts (:mod:`workbench.ui.charts`, drawn with QPainter) get plain numbers;
amounts are shown in thousands of euro (chart values are floats for drawing only, the data
stays Decimal and the tooltips show exact amounts). A bar of the members-by-type and SME
charts opens the Members page filtered to it, a year of the movements chart the members at
that year's end (:attr:`DashboardPage.sig_show_members`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.models import OrgType, SmeClass
from workbench.services.dashboard import DashboardData, load_dashboard
from workbench.ui.charts import (
    ChartData,
    ChartWidget,
    ColumnLineChart,
    HorizontalBarChart,
    Series,
    nice_range,
)
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_date, format_int, format_money
from workbench.ui.pages.base import Page, collector_paused
from workbench.ui.widgets import messages
from workbench.ui.widgets.labels import org_type_label, sme_label

MAX_ITEMS_PER_GROUP = 200
#: Item data of a suspected duplicate: [(id, name)] of the organisations it looks like.
DUPLICATES_ROLE = Qt.ItemDataRole.UserRole + 1
FUNDING_ROWS = 6
PALETTE = ["#2f6f9f", "#4fa3a5", "#f0a030", "#d9534f", "#7b5ea7", "#5cb85c", "#8c8c8c", "#c07a50"]

__all__ = ["ChartCard", "DashboardPage", "nice_range"]


def _format_count(value: float) -> str:
    """Axis ticks and bar values: whole numbers with the interface's thousands grouping."""
    return format_int(round(value))


class ChartCard(QFrame):
    """A titled frame holding a chart (which shows a short text when there is nothing to chart)."""

    def __init__(self, title: str, chart: ChartWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("chartCard")
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet("font-weight: 600;")
        self.chart = chart
        chart.format_value = _format_count
        chart.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(chart, 1)

    def show_empty(self, text: str) -> None:
        """Show *text* instead of the chart."""
        self.chart.set_empty(text)

    def show_data(self, data: ChartData) -> None:
        """Draw *data*."""
        self.chart.set_data(data)


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
        sig_show_members(dict): show the Members page with these filters (keywords of
            ``MembersPage.set_filters``, and ``as_of``): a bar of the type or SME chart, or a
            year of the movements chart, was opened.
    """

    page_id = "dashboard"
    sig_loaded = Signal()
    sig_show_members = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: DashboardData | None = None
        self._type_rows: list[OrgType] = []
        self._sme_rows: list[SmeClass | None] = []
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

        self.type_card = ChartCard(self.tr("Members by type"), HorizontalBarChart())
        self.sme_card = ChartCard(self.tr("Enterprises by SME class"), HorizontalBarChart())
        self.movement_chart = ColumnLineChart()
        self.movement_card = ChartCard(
            self.tr("Members over the last five years"), self.movement_chart
        )
        self.programme_card = ChartCard(
            self.tr("Funded projects: budget by programme (k€)"),
            HorizontalBarChart(ticks=4, counts=False),
        )
        self.pillar_card = ChartCard(
            self.tr("Funded projects: budget by pillar (k€)"),
            HorizontalBarChart(ticks=4, counts=False),
        )

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
        self.type_card.chart.sig_activated.connect(self._on_type_activated)
        self.sme_card.chart.sig_activated.connect(self._on_sme_activated)
        self.movement_chart.sig_activated.connect(self._on_year_activated)
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

        def load(state: Any) -> DashboardData:
            with collector_paused():  # see workbench.ui.pages.base
                return load_dashboard(db, today, state)

        self.ctx.tasks.run(
            load,
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
        self._type_rows = [org_type for org_type, _count in data.by_type]
        if not data.by_type:
            self.type_card.show_empty(self.tr("No members yet."))
            return
        counts = [(org_type_label(org_type), count) for org_type, count in data.by_type]
        self.type_card.show_data(
            self._count_data(self.tr("Members"), PALETTE[1], counts, set(range(len(counts))))
        )

    def _fill_sme_chart(self, data: DashboardData) -> None:
        self._sme_rows = [sme_class for sme_class, _count in data.by_sme]
        if not data.by_sme:
            self.sme_card.show_empty(self.tr("No enterprises among the members."))
            return
        counts = [
            (sme_label(sme_class) if sme_class else self.tr("No size data"), count)
            for sme_class, count in data.by_sme
        ]
        # "No size data" opens nothing: the Members page's "No SME class" also lists the
        # non-enterprises; the data-quality list names those enterprises one by one.
        openable = {i for i, sme_class in enumerate(self._sme_rows) if sme_class is not None}
        self.sme_card.show_data(
            self._count_data(self.tr("Enterprises"), PALETTE[0], counts, openable)
        )

    def _count_data(
        self, name: str, colour: str, counts: list[tuple[str, int]], openable: set[int]
    ) -> ChartData:
        """One bar per (label, count), its value at its end; *openable* rows say so on hover."""
        hint = self.tr("Click to show them on the Members page.")
        return ChartData(
            categories=[label for label, _count in counts],
            series=[
                Series(
                    name,
                    colour,
                    [float(count) for _label, count in counts],
                    [format_int(count) for _label, count in counts],
                )
            ],
            tooltips=[
                f"{label}: {format_int(count)}" + (f"\n{hint}" if index in openable else "")
                for index, (label, count) in enumerate(counts)
            ],
            activatable=openable,
        )

    def _on_type_activated(self, index: int) -> None:
        org_type: OrgType = self._type_rows[index]
        self.sig_show_members.emit(
            {"org_type": org_type, "sme_class": None, "area_id": None, "status": "active"}
        )

    def _on_sme_activated(self, index: int) -> None:
        sme_class: SmeClass | None = self._sme_rows[index]
        if sme_class is not None:
            self.sig_show_members.emit(
                {"org_type": None, "sme_class": sme_class, "area_id": None, "status": "active"}
            )

    def _fill_movement_chart(self, data: DashboardData) -> None:
        card = self.movement_card
        if not data.movements or not any(m.total_at_end or m.joined for m in data.movements):
            card.show_empty(self.tr("No membership history yet."))
            return
        joined, left, total = (
            self.tr("Joined"),
            self.tr("Left", "DashboardPage"),
            self.tr("Members at year end"),
        )
        hint = self.tr("Click to show the members at the end of that year.")
        movements = data.movements
        chart = self.movement_chart
        chart.left_title = self.tr("joined / left")
        chart.right_title = self.tr("members")
        card.show_data(
            ChartData(
                categories=[str(m.year) for m in movements],
                series=[
                    Series(joined, PALETTE[5], [float(m.joined) for m in movements]),
                    Series(left, PALETTE[3], [float(m.left) for m in movements]),
                    Series(total, PALETTE[0], [float(m.total_at_end) for m in movements]),
                ],
                tooltips=[
                    f"{m.year}\n{joined}: {format_int(m.joined)}\n{left}: {format_int(m.left)}"
                    f"\n{total}: {format_int(m.total_at_end)}\n{hint}"
                    for m in movements
                ],
                activatable=set(range(len(movements))),
            )
        )

    def _on_year_activated(self, index: int) -> None:
        """The members at the end of that year (today for the year still running)."""
        if self.data is None:
            return
        year = self.data.movements[index].year
        self.sig_show_members.emit(
            {
                "as_of": min(date(year, 12, 31), self.data.today),
                "org_type": None,
                "sme_class": None,
                "area_id": None,
                "status": "active",
            }
        )

    def _fill_funding(
        self, card: ChartCard, rows: list[tuple[str, Decimal, Decimal]], empty_text: str
    ) -> None:
        if not rows:
            card.show_empty(empty_text)
            return
        # Six rows fit the card's height: the largest five and the rest summed; the tooltip of
        # the summed row lists every one of them.
        shown = rows
        groups = [[row] for row in rows]
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
            groups = [*groups[: FUNDING_ROWS - 1], rest]
        total_name, cluster_name = self.tr("Total budget"), self.tr("Cluster budget")
        totals = [float(round(total / 1000)) for _n, total, _c in shown]
        card.show_data(
            ChartData(
                categories=[name for name, _t, _c in shown],
                series=[
                    # The k€ value at the end of each total bar; the cluster's share (the
                    # second bar) has its value in the tooltip, as two labels would crowd.
                    Series(total_name, PALETTE[0], totals, [format_int(round(t)) for t in totals]),
                    Series(
                        cluster_name,
                        PALETTE[2],
                        [float(round(cluster / 1000)) for _n, _t, cluster in shown],
                    ),
                ],
                tooltips=[
                    self._funding_tooltip(row, group, total_name, cluster_name)
                    for row, group in zip(shown, groups, strict=True)
                ],
            )
        )

    @staticmethod
    def _funding_tooltip(
        row: tuple[str, Decimal, Decimal],
        group: list[tuple[str, Decimal, Decimal]],
        total_name: str,
        cluster_name: str,
    ) -> str:
        """The exact amounts of a row: its own, or each of those it sums."""
        name, total, cluster = row
        lines = [
            name,
            f"{total_name}: {format_money(total)}",
            f"{cluster_name}: {format_money(cluster)}",
        ]
        if len(group) > 1:
            lines += [f"  {n}: {format_money(t)} / {format_money(c)}" for n, t, c in group]
        return "\n".join(lines)

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
        link = self._link_colour()
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
                    child.setForeground(0, link)
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

    def _link_colour(self) -> QColor:
        """The names' colour: the palette's link colour, a quieter blue on light palettes."""
        palette = self.palette()
        if palette.color(QPalette.ColorRole.Window).lightness() > 128:
            return QColor("#1f5f99")  # Qt's default link blue (#0000ff) shouts in a list
        return palette.color(QPalette.ColorRole.Link)

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
