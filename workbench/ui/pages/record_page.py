"""Scaffolding shared by the pages that list records behind New…/Edit…/Delete buttons.

``RecordPage`` is the toolbar, its wiring and the dialog bookkeeping (areas, pillars);
``RecordTablePage`` adds the single searchable table of the activities and projects pages,
whose rows are read in the background (:meth:`RecordTablePage.is_loading`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.services.changes import Changes
from workbench.text import fold_for_search
from workbench.ui.context import AppContext
from workbench.ui.lists.columns import columns_remembered
from workbench.ui.lists.list_tools import ListTools
from workbench.ui.models.table import RowTableModel
from workbench.ui.pages.base import Page, collector_paused
from workbench.ui.widgets import messages
from workbench.ui.widgets.inputs import SearchLineEdit
from workbench.ui.widgets.record_table import (
    EditDialog,
    fit_columns,
    make_table_view,
    select_by_id,
    selected_row,
    set_empty_text,
)

DialogT = TypeVar("DialogT", bound=QDialog)
EditorT = TypeVar("EditorT", bound=EditDialog)


class RecordPage(Page):
    """A page whose main table holds records that New…, Edit… and Delete act on.

    The constructor builds the page (``_build_ui()``, ``_connect_signals()``, ``refresh()``).
    Subclasses set ``watched_tables`` (tables whose changes trigger ``refresh()``; "" stands
    for any change) and implement ``open_new()``, ``edit_selected()`` and ``delete_current()``.
    ``self.dialog`` is the dialog opened last (tests reach into it).
    """

    watched_tables: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: Any = None
        self._build_ui()
        self._connect_signals()
        self.list_tools = self._make_list_tools()
        self.refresh()

    def _build_ui(self) -> None:
        raise NotImplementedError

    def _connect_signals(self) -> None:
        raise NotImplementedError

    def _make_list_tools(self) -> ListTools | None:
        """Export, print, columns, saved filters and row menu of the main list (None: none)."""
        return None

    def open_new(self) -> Any:
        """Open the editor of a new record and return it."""
        raise NotImplementedError

    def edit_selected(self) -> Any:
        """Open the editor of the selected record and return it (None without a selection)."""
        raise NotImplementedError

    def delete_current(self) -> bool:
        """Delete the selected record after confirmation; True when deleted."""
        raise NotImplementedError

    def new_record(self) -> None:
        self.open_new()

    def delete_selected(self) -> None:
        self.delete_current()

    # ------------------------------------------------------------------ building blocks
    def _record_buttons_bar(self, new_text: str) -> QHBoxLayout:
        """A toolbar row of ``new_button`` (says *new_text*), ``edit_button``, ``delete_button``."""
        bar = QHBoxLayout()
        self.new_button = QPushButton(new_text, self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        for button in (self.new_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        return bar

    def _record_buttons_and_summary_bar(self, new_text: str) -> QHBoxLayout:
        """The record buttons, then ``summary_label`` at the right end of the row."""
        bar = self._record_buttons_bar(new_text)
        bar.addStretch(1)
        self.summary_label = QLabel(self)
        bar.addWidget(self.summary_label)
        return bar

    def _add_master_detail(
        self, layout: QVBoxLayout, model: RowTableModel[Any], empty_text: str
    ) -> tuple[QSplitter, QTableView, QHBoxLayout]:
        """Append a vertical splitter to *layout*: the records table above a detail row.

        The table shows *model* (*empty_text* while empty); table and row share the height
        2 : 3. The caller fills the returned row layout (no margins). Returns
        (splitter, view, row layout).
        """
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        view = make_table_view(model, splitter)
        set_empty_text(view, empty_text)
        splitter.addWidget(view)
        detail = QWidget(splitter)
        detail_layout = QHBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        return splitter, view, detail_layout

    def _connect_record_signals(self, view: QTableView) -> None:
        """Wire the record buttons, double-click on *view* (edits) and the data-changed bus."""
        self.new_button.clicked.connect(self.open_new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_current)
        view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.ctx.bus.sig_changed.connect(self._on_data_changed)

    def open_record(self, record_id: int) -> None:
        """Show record *record_id* and open its editor.

        For records named elsewhere (History, indicators, import results): the main window
        routes here the records of the table in the page's ``PageSpec.opens``.
        """
        raise NotImplementedError

    def _open_listed(self, view: QTableView, record_id: int) -> None:
        """Select record *record_id* in *view* (reloading once if needed) and edit it.

        For records opened from elsewhere (History, the bus's ``sig_open_record``).
        """
        if not select_by_id(view, record_id):
            self.refresh()
            if not select_by_id(view, record_id):
                return
        self.edit_selected()

    def _enable_record_buttons(self, has_selection: bool) -> None:
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(*self.watched_tables):
            self.refresh()

    def _show_records(self, view: QTableView, rows: list[Any], keep: Any) -> None:
        """Fill *view* with *rows*, selecting *keep* again when it is among them, else row 0.

        Columns are fitted to their contents on the first non-empty fill only.
        """
        model = view.model()
        assert isinstance(model, RowTableModel)
        first = not model.all_rows
        model.set_rows(rows)
        if first and rows and not columns_remembered(view):
            fit_columns(view)
        if not (keep and select_by_id(view, keep.id)) and rows:
            view.selectRow(0)

    def _open(self, dialog: DialogT) -> DialogT:
        """Remember *dialog* as ``self.dialog``, open it (window-modal) and return it."""
        self.dialog = dialog
        dialog.open()
        return dialog


class RecordTablePage(RecordPage):
    """A ``RecordPage`` listing its records in one filtered, searchable table.

    Attributes: ``search`` (the search box), ``model`` and ``view`` (the table),
    ``empty_label`` (shown over the empty table). Subclasses implement ``_row_loader()``
    (a function reading the records the filters select), ``_search_fields(row)`` (the texts
    the search box looks in), ``record_label(row)`` (how messages name a record),
    ``_apply_search()`` and ``open_record()``; they set ``column_max_width`` (widest column
    on the first fill).

    Rows are read on a background task (``ctx.tasks``) so that a first visit or a filter
    change never holds the window while the database answers; ``is_loading()`` is True until
    the newest read is shown (an older one that finishes later is dropped).
    """

    column_max_width = 360
    model: RowTableModel[Any]
    _loads_started = 0
    _loads_shown = 0
    _open_after_load: int | None = None  # a record to edit once the rows being read are shown
    _select_after_load: int | None = None  # a record to select then (one just saved)

    def _row_loader(self) -> Callable[[], list[Any]]:
        """A function that reads the rows the filters select now.

        Called on the UI thread: it reads the filter widgets there and returns a closure the
        background task runs (it must not touch widgets).
        """
        raise NotImplementedError

    def _search_fields(self, row: Any) -> Iterable[str | None]:
        raise NotImplementedError

    def record_label(self, row: Any) -> str:
        raise NotImplementedError

    def _apply_search(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ building blocks
    def _add_search(self, bar: QHBoxLayout, placeholder: str, min_width: int) -> None:
        """Append a gap and ``self.search`` (taking the spare width) to *bar*."""
        bar.addSpacing(16)
        self.search = SearchLineEdit(self, placeholder=placeholder)
        self.search.setMinimumWidth(min_width)
        bar.addWidget(self.search, 1)

    def _add_table(self, layout: QVBoxLayout, model: RowTableModel[Any], empty_text: str) -> None:
        """Append ``self.view`` showing *model* to *layout*, with ``empty_label`` over it."""
        self.view = make_table_view(model, self)
        self.empty_label = set_empty_text(self.view, empty_text)
        layout.addWidget(self.view, 1)

    def _connect_table_signals(self) -> None:
        """Wire the record buttons, the table selection, the search box and the bus."""
        self._connect_record_signals(self.view)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.search.sig_search.connect(lambda _t: self._apply_search())
        self.search.set_results(self.view, self.edit_selected)

    # ------------------------------------------------------------------ behaviour
    def focus_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def is_loading(self) -> bool:
        """True while the newest read of the rows has not been shown yet."""
        return self._loads_shown != self._loads_started

    def _on_filter_changed(self, _index: int) -> None:
        self._load_rows()

    def _load_rows(self) -> None:
        """Read the rows in the background, then show them (:meth:`_show_rows`).

        Without a task runner (``ctx.tasks`` None) they are read here and now.
        """
        load = self._row_loader()
        self._loads_started += 1
        number = self._loads_started
        if not self.model.all_rows:
            self.empty_label.setText(self.tr("Loading…"))
        if self.ctx.tasks is None:
            try:
                self._on_rows_read(number, load())
            except WorkbenchError as exc:
                self._on_rows_failed(number, exc)
            return

        def read(_state: Any) -> list[Any]:
            with collector_paused():
                return load()

        self.ctx.tasks.run(
            read,
            on_done=lambda rows: self._on_rows_read(number, rows),
            on_error=lambda exc: self._on_rows_failed(number, exc),
            show_progress=False,
            parent=self,
        )

    def _on_rows_read(self, number: int, rows: list[Any]) -> None:
        if not shiboken6.isValid(self) or number != self._loads_started:
            return  # the page was closed, or a newer read is on its way
        self._loads_shown = number
        self._show_rows(rows)

    def _on_rows_failed(self, number: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or number != self._loads_started:
            return
        self._loads_shown = number
        self._open_after_load = None
        self._apply_search()  # the empty text says what the filters select, not "Loading…"
        messages.show_error(self, exc)

    def _show_rows(self, rows: list[Any]) -> None:
        """Show *rows* through the search, keeping the selection.

        Columns are fitted on the first non-empty load, the second one taking the spare
        width.
        """
        selected = selected_row(self.view)
        first = not self.model.all_rows
        self.model.set_rows(rows)
        if first and rows and not columns_remembered(self.view):
            fit_columns(self.view, self.column_max_width, stretch=1, stretch_min=260)
        self._apply_search()
        keep, self._select_after_load = self._select_after_load, None
        if keep is not None or selected is not None:
            select_by_id(self.view, keep if keep is not None else selected.id)
        self._update_buttons()
        record_id, self._open_after_load = self._open_after_load, None
        if record_id is not None and select_by_id(self.view, record_id):
            self.edit_selected()

    def _open_listed(self, view: QTableView, record_id: int) -> None:
        """Select record *record_id* and edit it, once the rows being read are shown.

        A record not among the rows shown is looked for again after one reload.
        """
        if not self.is_loading() and select_by_id(view, record_id):
            self.edit_selected()
            return
        self._open_after_load = record_id
        if not self.is_loading():
            self._load_rows()

    def _filter_by_search(self) -> bool:
        """Show only rows whose ``_search_fields`` hold every word typed; True if any typed.

        Case and accents are folded on both sides.
        """
        words = fold_for_search(self.search.text()).split()
        if not words:
            self.model.set_filter(None)
            return False

        def matches(row: Any) -> bool:
            key = fold_for_search(" ".join(filter(None, self._search_fields(row))))
            return all(w in key for w in words)

        self.model.set_filter(matches)
        return True

    def _update_buttons(self) -> None:
        self._enable_record_buttons(selected_row(self.view) is not None)

    def _open_editor(self, dialog: EditorT) -> EditorT:
        """``_open`` *dialog*, selecting and announcing the record it saves."""
        dialog.sig_saved.connect(self._on_saved)
        return self._open(dialog)

    def _on_saved(self, record: Any) -> None:
        if record is not None:
            if self.is_loading() or not select_by_id(self.view, record.id):
                self._select_after_load = record.id  # a new record: in the rows being read
            self.sig_status.emit(self.tr("Saved {0}").format(self.record_label(record)))
