"""Members page: every organisation in a fast table with instant search, filters and bulk actions.

Rows come from ``services.members.member_rows`` (one query per table, loaded in the background)
into a :class:`RowTableModel`; search, filters and sort run in Python on the row list, so
10,000 rows filter and sort in milliseconds. The Reports page reads the current selection of
rows through :meth:`MembersPage.current_member_ids` and :meth:`MembersPage.filter_description`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.models import OrgType, SmeClass
from workbench.services import members as members_service
from workbench.services import org_records, taxonomy
from workbench.services.members import MemberRow
from workbench.text import fold_for_search
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.fees import fee_actions
from workbench.ui.formatting import format_date, format_int
from workbench.ui.lists.fee_filter import FeeFilter
from workbench.ui.lists.members_list import attach_member_list_tools, select_row_ids
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.pages.base import Page, collector_paused
from workbench.ui.pages.member_bulk import MemberBulkActions
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.inputs import OptionalDateEdit, SearchLineEdit
from workbench.ui.widgets.labels import (
    fee_status_label,
    membership_status_label,
    org_type_label,
    sme_label,
)
from workbench.ui.widgets.wrap_bar import WrapBar

_STATUS_ORDER = {"active": 0, "former": 1, "none": 2}
_FEE_ORDER = {"unpaid": 0, "paid": 1, "none": 2}
_SME_ORDER: dict[SmeClass | None, int] = {
    SmeClass.MICRO: 0,
    SmeClass.SMALL: 1,
    SmeClass.MEDIUM: 2,
    SmeClass.LARGE: 3,
}

STATUS_ACTIVE = "active"
STATUS_FORMER = "former"
STATUS_EVER = "ever"
STATUS_ALL = "all"
NO_SME = "none"


class MemberTable(QTableView):
    """The members table: Enter opens the selected organisation."""

    sig_activate = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_activate.emit()
            return
        super().keyPressEvent(event)


class MembersPage(MemberBulkActions, Page):
    """Table of organisations with search, filters, sorting, editor and bulk actions.

    Signals:
        sig_loaded: rows were (re)loaded from the database.
        sig_filter_changed: the visible rows changed (search, filter or reload).
    """

    page_id = "members"
    sig_loaded = Signal()
    sig_filter_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._query_words: list[str] = []
        self._loading = False
        self._reload_pending = False
        self._loaded_once = False
        self._areas: list[Any] = []
        self._editors: list[Any] = []
        self.model: RowTableModel[MemberRow] = RowTableModel(self._columns(), self)
        self._build_ui()
        self._connect_signals()
        self._restore_view_state()
        self.list_tools = attach_member_list_tools(self)
        self._update_bulk_actions()

    # ------------------------------------------------------------------ layout

    def title(self) -> str:
        return self.tr("Members")

    def _columns(self) -> list[Column[MemberRow]]:
        year = self._as_of().year if hasattr(self, "as_of_edit") else date.today().year
        # Labels are looked up once here: translating per cell or per sort key costs
        # hundreds of milliseconds at 10,000 rows.
        types = {t: org_type_label(t) for t in OrgType}
        type_keys = {t: label.casefold() for t, label in types.items()}
        smes: dict[SmeClass | None, str] = {c: sme_label(c) for c in SmeClass}
        statuses = {s: membership_status_label(s) for s in _STATUS_ORDER}
        fees = {f: fee_status_label(f) for f in _FEE_ORDER}
        return [
            Column(
                "name",
                self.tr("Name"),
                lambda r: r.name,
                lambda r: r.name_key or fold_for_search(r.name),
                tooltip=lambda r: r.name,  # long names are elided in the column
            ),
            Column(
                "type",
                self.tr("Type"),
                lambda r: types[r.org_type],
                lambda r: type_keys[r.org_type],
            ),
            Column(
                "sme",
                self.tr("SME class"),
                lambda r: smes.get(r.sme_class, ""),
                lambda r: _SME_ORDER.get(r.sme_class),
            ),
            Column(
                "city",
                self.tr("City"),
                lambda r: r.city,
                lambda r: r.city.casefold() if r.city else None,
            ),
            Column(
                "region",
                self.tr("Region"),
                lambda r: r.region,
                lambda r: r.region.casefold() if r.region else None,
            ),
            Column(
                "since",
                self.tr("Member since"),
                lambda r: format_date(r.member_since),
                lambda r: r.member_since,
            ),
            Column(
                "status",
                self.tr("Status"),
                lambda r: statuses.get(r.status, r.status),
                lambda r: _STATUS_ORDER.get(r.status, 9),
                tooltip=lambda r: self._status_tooltip(r),
            ),
            Column(
                "fee",
                self.tr("Fee {year}").format(year=year),
                lambda r: fees.get(r.fee_status, r.fee_status),
                lambda r: _FEE_ORDER.get(r.fee_status, 9),
            ),
            Column(
                "areas",
                self.tr("Competence areas"),
                lambda r: ", ".join(r.areas),
                lambda r: ", ".join(r.areas).casefold() if r.areas else None,
                tooltip=lambda r: "\n".join(r.areas),
            ),
        ]

    def _status_tooltip(self, row: MemberRow) -> str:
        if row.status == "former" and row.left_on:
            return self.tr("Left on {day}").format(day=format_date(row.left_on))
        return ""

    def _build_ui(self) -> None:
        self.search_edit = SearchLineEdit(placeholder=self.tr("Search name, city or VAT (Ctrl+F)"))
        self.search_edit.setMinimumWidth(260)
        self.type_combo = QComboBox()
        self.type_combo.addItem(self.tr("All types"), None)
        for org_type in OrgType:
            self.type_combo.addItem(org_type_label(org_type), org_type)
        self.sme_combo = QComboBox()
        self.sme_combo.addItem(self.tr("All SME classes"), None)
        for sme_class in SmeClass:
            self.sme_combo.addItem(sme_label(sme_class), sme_class)
        self.sme_combo.addItem(self.tr("No SME class"), NO_SME)
        self.area_combo = QComboBox()
        self.area_combo.addItem(self.tr("All areas"), None)
        self.area_combo.setMinimumContentsLength(14)
        self.area_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Active members"), STATUS_ACTIVE)
        self.status_combo.addItem(self.tr("Former members"), STATUS_FORMER)
        self.status_combo.addItem(self.tr("Active and former"), STATUS_EVER)
        self.status_combo.addItem(self.tr("All organisations"), STATUS_ALL)
        self.as_of_edit = OptionalDateEdit(allow_empty=False)
        self.as_of_edit.setToolTip(self.tr("Show membership, areas and SME class as of this day"))
        self.today_button = QToolButton()
        self.today_button.setText(self.tr("Today"))

        # Wraps on narrow windows: the search above the filters (a 1280-px laptop).
        filters = WrapBar(self)
        filters.add_group(self.search_edit, stretch=3)
        filters.add_group(self.type_combo, self.sme_combo, self.area_combo, self.status_combo)
        self.fee_filter = FeeFilter(self.ctx, self)
        filters.add_group(*self.fee_filter.widgets())
        as_of_label = QLabel(self.tr("As of"))
        as_of_label.setBuddy(self.as_of_edit)
        filters.add_group(as_of_label, self.as_of_edit, self.today_button)
        self.filter_bar = filters

        self.new_button = QPushButton(self.tr("New…"))
        self.edit_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.bulk_button = QPushButton(self.tr("Selected: actions"))
        self.bulk_menu = QMenu(self.bulk_button)
        self.action_assign = QAction(self.tr("Assign to competence area…"), self)
        self.action_remove = QAction(self.tr("Remove from competence area…"), self)
        self.action_fee = QAction(self.tr("Mark fee paid…"), self)
        self.action_end = QAction(self.tr("End membership…"), self)
        for action in (self.action_assign, self.action_remove, self.action_fee, self.action_end):
            self.bulk_menu.addAction(action)
        self.action_merge = QAction(self.tr("Merge the two selected…"), self)
        self.action_merge.setToolTip(
            self.tr("Merge two records of the same organisation into one (undoable)")
        )
        self.action_merge.setEnabled(False)
        self.addAction(self.action_merge)
        self.bulk_menu.addSeparator()
        self.bulk_menu.addAction(self.action_merge)
        self.bulk_button.setMenu(self.bulk_menu)
        self.fees_button = QPushButton(self.tr("Fees"))
        self.fees_button.setMenu(QMenu(self.fees_button))
        self.fees_button.menu().addActions(list(fee_actions(self.ctx, self)))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.bulk_button)
        actions.addWidget(self.fees_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self._build_table()

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)

    def _build_table(self) -> None:
        """The members table: row selection, movable columns, widths fitted to the labels."""
        self.table = MemberTable()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        for column, width in zip(range(9), (240, 130, 80, 115, 105, 100, 70, 80, 200), strict=True):
            self.table.setColumnWidth(column, width)
        # Columns of fixed labels as wide as their longest label in this language
        # ("Organismo di ricerca" was cut to "Organismo di ricer…").
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        labelled = {
            1: [org_type_label(t) for t in OrgType],
            2: [sme_label(c) for c in SmeClass],
            6: [membership_status_label(s) for s in _STATUS_ORDER],
            7: [fee_status_label(f) for f in _FEE_ORDER],
        }
        for column, labels in labelled.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(text) for text in labels)
            self.table.setColumnWidth(
                column, min(260, max(widest + 16, header_metrics.horizontalAdvance(title) + 28))
            )

    def _connect_signals(self) -> None:
        self.search_edit.sig_search.connect(self._on_search)
        self.search_edit.set_results(self.table, self.open_selected)
        for combo in (self.type_combo, self.sme_combo, self.area_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._on_filters_changed)
        self.fee_filter.sig_changed.connect(self._on_filters_changed)
        self.as_of_edit.sig_date_changed.connect(self._on_as_of_changed)
        self.today_button.clicked.connect(lambda: self.as_of_edit.set_date_value(date.today()))
        self.table.activated.connect(self._on_activated)
        self.table.sig_activate.connect(self.open_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_bulk_actions)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.action_assign.triggered.connect(lambda: self._on_bulk("assign"))
        self.action_remove.triggered.connect(lambda: self._on_bulk("remove"))
        self.action_fee.triggered.connect(lambda: self._on_bulk("fee"))
        self.action_end.triggered.connect(lambda: self._on_bulk("end"))
        self.action_merge.triggered.connect(self.merge_selected)
        header = self.table.horizontalHeader()
        header.sectionResized.connect(lambda *_: self._schedule_save_state())
        header.sortIndicatorChanged.connect(lambda *_: self._schedule_save_state())
        header.sectionMoved.connect(lambda *_: self._schedule_save_state())
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(400)
        self._save_timer.timeout.connect(self.save_view_state)

    # ------------------------------------------------------------------ view state

    def _restore_view_state(self) -> None:
        state = prefs.load(self.ctx.settings, prefs.PAGE_HEADER, page="members")
        header = self.table.horizontalHeader()
        if isinstance(state, QByteArray | bytes) and state:
            header.restoreState(QByteArray(state))
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _schedule_save_state(self) -> None:
        self._save_timer.start()

    def save_view_state(self) -> None:
        """Remember column widths, order and sort (called on close and after changes)."""
        prefs.save(
            self.ctx.settings,
            prefs.PAGE_HEADER,
            self.table.horizontalHeader().saveState(),
            page="members",
        )

    # ------------------------------------------------------------------ loading

    def _as_of(self) -> date:
        return self.as_of_edit.date_value(strict=False) or date.today()

    def is_loading(self) -> bool:
        """True while rows are being read in the background."""
        return self._loading

    def has_loaded(self) -> bool:
        """True once rows were loaded at least once."""
        return self._loaded_once

    def refresh(self) -> None:
        """Reload rows (in the background) keeping search, filters, sort and selection."""
        if self._loading:
            self._reload_pending = True
            return
        self._loading = True
        self._set_count_text(self.tr("Loading…"))
        day = self._as_of()
        db = self.ctx.db
        sort = self.model.sorter()

        def load(state: Any) -> tuple[list[MemberRow], list[Any], Any]:
            # Sorted here, off the UI thread: 50,000 rows took the window half a second.
            with collector_paused():  # see workbench.ui.pages.base.collector_paused
                rows = members_service.member_rows(db, as_of=day, fee_year=day.year)
                state.check_cancelled()
                sorted_by, rows = sort(rows)
                return rows, taxonomy.list_areas(db, day), sorted_by

        if self.ctx.tasks is None:
            from workbench.ui.tasks import TaskState

            try:
                self._on_loaded(load(TaskState()))
            except WorkbenchError as exc:
                self._on_load_failed(exc)
            return
        self.ctx.tasks.run(
            load,
            on_done=self._on_loaded,
            on_error=self._on_load_failed,
            on_cancelled=self._on_load_cancelled,
            title=self.tr("Loading members…"),
            parent=self,
        )

    def _on_loaded(self, result: tuple[list[MemberRow], list[Any], Any]) -> None:
        rows, areas, sorted_by = result
        self._loading = False
        selected = set(self.selected_ids())
        self._set_areas(areas)
        self.fee_filter.invalidate()
        self.model.set_rows_filtered(rows, self._predicate(), sorted_by=sorted_by)
        self._loaded_once = True
        self.select_ids(selected)
        self._after_filter()
        self.sig_loaded.emit()
        if self._reload_pending:
            self._reload_pending = False
            self.refresh()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._set_count_text("")
        messages.show_error(self, exc, self.tr("The members could not be loaded"))

    def _on_load_cancelled(self) -> None:
        self._loading = False
        self._after_filter()

    def _set_areas(self, areas: list[Any]) -> None:
        self._areas = list(areas)
        current = self.area_combo.currentData()
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        self.area_combo.addItem(self.tr("All areas"), None)
        for area in areas:
            self.area_combo.addItem(area.name, area.id)
        index = self.area_combo.findData(current) if current is not None else 0
        self.area_combo.setCurrentIndex(max(index, 0))
        self.area_combo.blockSignals(False)

    def areas(self) -> list[Any]:
        """Competence areas known to the page (AreaSummary rows)."""
        return list(self._areas)

    # ------------------------------------------------------------------ filtering

    def _predicate(self) -> Callable[[MemberRow], bool] | None:
        words = self._query_words
        org_type = self.type_combo.currentData()
        sme_class = self.sme_combo.currentData()
        area_id = self.area_combo.currentData()
        status = self.status_combo.currentData()
        checks: list[Callable[[MemberRow], bool]] = []
        if status == STATUS_ACTIVE:
            checks.append(lambda r: r.status == "active")
        elif status == STATUS_FORMER:
            checks.append(lambda r: r.status == "former")
        elif status == STATUS_EVER:
            checks.append(lambda r: r.status != "none")
        if org_type is not None:
            checks.append(lambda r: r.org_type == org_type)
        if sme_class == NO_SME:
            checks.append(lambda r: r.sme_class is None)
        elif sme_class is not None:
            checks.append(lambda r: r.sme_class == sme_class)
        if area_id is not None:
            checks.append(lambda r: area_id in r.area_ids)
        if (fee_check := self.fee_filter.predicate()) is not None:
            checks.append(fee_check)
        if len(words) == 1:
            word = words[0]
            checks.append(lambda r: word in r.search_key)
        elif words:
            checks.append(lambda r: all(w in r.search_key for w in words))
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]
        return lambda r: all(check(r) for check in checks)

    def _apply_filter(self) -> None:
        selected = set(self.selected_ids())
        self.model.set_filter(self._predicate())
        self.select_ids(selected)
        self._after_filter()

    def _after_filter(self) -> None:
        shown, total = len(self.model.rows), len(self.model.all_rows)
        if total == 0 and self._loaded_once:
            self.empty_label.setText(
                self.tr(
                    "<h3>No organisations yet</h3><p>Press <b>New…</b> (Ctrl+N) to add the "
                    "first member, or drop a spreadsheet of members on the window to import "
                    "it.</p>"
                )
            )
            self.stack.setCurrentWidget(self.empty_label)
        else:
            self.stack.setCurrentWidget(self.table)
        if not self._loaded_once:
            return
        if shown == total:
            text = self.tr("{total} organisations").format(total=format_int(total))
        else:
            text = self.tr("{shown} of {total} organisations").format(
                shown=format_int(shown), total=format_int(total)
            )
        self._set_count_text(text)
        self._update_bulk_actions()
        self.sig_filter_changed.emit()
        self.sig_status.emit(text)

    def _set_count_text(self, text: str) -> None:
        self.count_label.setText(text)

    def _on_search(self, text: str) -> None:
        self._query_words = fold_for_search(text).split()
        self._apply_filter()

    def _on_filters_changed(self, _index: int = 0) -> None:
        self._apply_filter()

    def _on_as_of_changed(self, _day: Any) -> None:
        self.model.columns = self._columns()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.columns) - 1)
        self.refresh()

    def set_search_text(self, text: str) -> None:
        """Type *text* into the search box (the table filters at once)."""
        self.search_edit.setText(text)

    def set_filters(
        self,
        *,
        org_type: OrgType | None | str = "",
        sme_class: SmeClass | str | None = "",
        area_id: int | None | str = "",
        status: str | None = None,
    ) -> None:
        """Set filters programmatically ("" leaves a filter unchanged)."""
        for combo, value in (
            (self.type_combo, org_type),
            (self.sme_combo, sme_class),
            (self.area_combo, area_id),
            (self.status_combo, status if status is not None else ""),
        ):
            if value == "" and value is not None:
                continue
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)

    def set_as_of(self, day: date) -> None:
        """Show the table as of *day* (reloads)."""
        self.as_of_edit.set_date_value(day)

    # ------------------------------------------------------------------ for the Reports page

    def current_member_ids(self) -> list[int]:
        """Ids of the organisations visible with the current search and filters, in view order."""
        return [row.id for row in self.model.rows]

    def filter_description(self) -> str:
        """The search and filters currently applied, in words (for report headers)."""
        day = format_date(self._as_of())
        status = self.status_combo.currentData()
        parts = [
            {
                STATUS_ACTIVE: self.tr("Members on {day}"),
                STATUS_FORMER: self.tr("Former members on {day}"),
                STATUS_EVER: self.tr("Active and former members on {day}"),
                STATUS_ALL: self.tr("All organisations, status on {day}"),
            }[status].format(day=day)
        ]
        if self.type_combo.currentData() is not None:
            parts.append(self.tr("type: {value}").format(value=self.type_combo.currentText()))
        if self.sme_combo.currentData() is not None:
            parts.append(self.tr("SME class: {value}").format(value=self.sme_combo.currentText()))
        if self.area_combo.currentData() is not None:
            parts.append(
                self.tr("competence area: {value}").format(value=self.area_combo.currentText())
            )
        if fees := self.fee_filter.description():
            parts.append(fees)
        text = self.search_edit.text().strip()
        if text:
            parts.append(self.tr("search: “{value}”").format(value=text))
        return "; ".join(parts)

    # ------------------------------------------------------------------ selection

    def selected_rows(self) -> list[MemberRow]:
        """Selected rows, in view order."""
        indexes = self.table.selectionModel().selectedRows()
        return [self.model.row_at(i.row()) for i in sorted(indexes, key=lambda i: i.row())]

    def selected_ids(self) -> list[int]:
        """Ids of the selected organisations."""
        return [row.id for row in self.selected_rows()]

    def select_ids(self, ids: set[int] | list[int]) -> None:
        """Select the rows of *ids* that are visible (one selection change, however many)."""
        select_row_ids(self.table, ids)

    def _update_bulk_actions(self, *_args: Any) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count >= 1)
        self.bulk_button.setEnabled(count >= 1)
        self.action_merge.setEnabled(count == 2)
        self.bulk_button.setText(
            self.tr("Selected ({count}): actions").format(count=format_int(count))
            if count
            else self.tr("Selected: actions")
        )

    # ------------------------------------------------------------------ page actions

    def focus_search(self) -> bool:
        self.search_edit.setFocus()
        self.search_edit.selectAll()
        return True

    def new_record(self) -> None:
        self.open_editor(None)

    def open_selected(self) -> None:
        """Open the organisation editor on the current row."""
        rows = self.selected_rows()
        if rows:
            self.open_editor(rows[0].id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_editor(self.model.row_at(index.row()).id)

    def open_editor(self, org_id: int | None) -> Any:
        """Open the organisation editor (non-blocking); returns the dialog."""
        from workbench.ui.editor import open_organisation_editor

        editor = open_organisation_editor(self.ctx, org_id, self)
        if editor not in self._editors:
            # Editors delete themselves when closed (WA_DeleteOnClose): forget each one when it
            # finishes, before Qt deletes it, instead of asking a deleted object whether it is
            # visible (that raised RuntimeError on the next open).
            self._editors.append(editor)
            editor.finished.connect(lambda _result, e=editor: self._forget_editor(e))
        return editor

    def _forget_editor(self, editor: Any) -> None:
        if editor in self._editors:
            self._editors.remove(editor)

    def open_editors(self) -> list[Any]:
        """Organisation editors opened from this page and not closed yet."""
        return list(self._editors)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        if len(rows) == 1:
            text = self.tr(
                "Delete {name} with its membership periods, fees, size data, contacts and "
                "area participations? Projects and activities keep its name. You can undo "
                "this with Ctrl+Z."
            ).format(name=rows[0].name)
        else:
            text = self.tr(
                "Delete {count} organisations with their membership periods, fees, size data, "
                "contacts and area participations? You can undo this with Ctrl+Z."
            ).format(count=format_int(len(rows)))
        if not messages.confirm(
            self,
            self.tr("Delete organisations"),
            text,
            yes_text=self.tr("Delete"),
            destructive=True,
        ):
            return
        self.delete_rows(rows)

    def delete_rows(self, rows: list[MemberRow]) -> None:
        """Delete the organisations of *rows* as one undoable edit (no confirmation)."""
        db = self.ctx.db
        targets = [(row.id, row.version) for row in rows]

        def do(cmd: ServiceCommand) -> list[dict]:
            if cmd.result:  # redo after undo: delete what was restored
                return [
                    org_records.delete_organisation(db, s["organisation"]["id"]) for s in cmd.result
                ]
            return [
                org_records.delete_organisation(db, org_id, expected_version=version)
                for org_id, version in targets
            ]

        def undo(cmd: ServiceCommand) -> None:
            for snap in reversed(cmd.result or []):
                org_records.restore_snapshot(db, snap)

        label = (
            rows[0].name
            if len(rows) == 1
            else self.tr("{count} organisations").format(count=format_int(len(rows)))
        )
        try:
            push_edit(
                self.ctx.undo_stack,
                ServiceCommand(
                    self.tr("Delete {what}").format(what=label),
                    do,
                    undo,
                    bus=self.ctx.bus,
                    table="organisation",
                ),
            )
        except WorkbenchError as exc:
            messages.show_error(self, exc)

    def merge_selected(self) -> Any:
        """Open the merge dialog on the two selected organisations; returns the dialog."""
        from workbench.ui.dialogs.merge_dialog import open_merge_dialog

        ids = self.selected_ids()
        if len(ids) != 2:
            return None
        return open_merge_dialog(self.ctx, ids[0], ids[1], self)

    # ------------------------------------------------------------------ Qt events

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._loaded_once and not self._loading:
            self.refresh()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_view_state()
        super().hideEvent(event)
