"""Everything a list page can do with its list, attached to its table in one call.

A page describes its list with a :class:`ListSpec` and creates :class:`ListTools`; it then
puts ``tools.button`` (the "List" menu) in its toolbar. That gives the page:

- Export to Excel / CSV / PDF and Print: the rows, columns and order shown (filters, sort,
  hidden and moved columns as on screen, :mod:`workbench.ui.lists.shown`);
- the rows' right-click menu, built from the page's own actions (:mod:`.row_menu`);
- the column chooser on the header's right-click, and the header remembered (:mod:`.columns`);
- named filters kept in the settings (:mod:`.saved_filters`), when the page has filters;
- "Edit a field of the selected rows…", one undo step (:mod:`.bulk_edit`), when the page
  names fields for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.reports.list_export import ListTable, export_list, list_file_name
from workbench.ui import settings as prefs
from workbench.ui.i18n import ntr
from workbench.ui.lists import saved_filters
from workbench.ui.lists.bulk_edit import BulkEditDialog
from workbench.ui.lists.columns import ColumnChooser, HeaderMemory
from workbench.ui.lists.row_menu import build_row_menu, toolbar_buttons
from workbench.ui.lists.saved_filters import FilterNameDialog, SavedFilterStore
from workbench.ui.lists.shown import shown_table
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import save_file_name
from workbench.ui.widgets.record_table import FieldSpec

if TYPE_CHECKING:
    # Imported when printing: QtPrintSupport's first import makes PySide build some seventy
    # enum types (printer, dialogs), 30 ms of a list page's first visit on the UI thread.
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter


def bulk_fields(fields: Sequence[FieldSpec], names: Sequence[str]) -> list[FieldSpec]:
    """The fields of *fields* named in *names*, in that order (a page's form fields reused)."""
    by_name = {f.name: f for f in fields}
    return [by_name[n] for n in names if n in by_name]


@dataclass
class ListSpec:
    """What a page's list is, for :class:`ListTools`.

    Attributes:
        key: the page's settings key ("members"): remembered header and saved filters.
        view: the table the user sees.
        title: the list's name in files and printouts ("Members").
        description: the filters applied, in words (under the title in files); by default
            the filter widgets that are set, by their texts.
        filters: the page's filter widgets by name (no saved filters without them).
        selected_rows: the selected row objects in view order (default: the view's selection).
        bulk_model: the ORM model of the rows, for editing a field of many (None: no such
            action); rows must have ``id`` and ``version``.
        bulk_fields: the fields offered for that (FieldSpecs, like the page's forms).
        remember_header: False when the page remembers its header itself.
    """

    key: str
    view: QTableView
    title: Callable[[], str]
    description: Callable[[], str] | None = None
    filters: Callable[[], dict[str, QWidget]] | None = None
    selected_rows: Callable[[], list[Any]] | None = None
    bulk_model: type | None = None
    bulk_fields: Callable[[], Sequence[FieldSpec]] | None = None
    remember_header: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


class ListTools(QObject):
    """The list actions of one page (see the module docstring).

    Attributes: ``button`` (the "List" tool button), ``menu`` (its menu), the actions
    ``action_export_xlsx``, ``action_export_csv``, ``action_export_pdf``, ``action_print``,
    ``action_bulk_edit``, ``action_save_filters``; ``columns`` (ColumnChooser), ``header``
    (HeaderMemory or None); ``dialog`` (the dialog opened last); ``row_menu`` (the context
    menu opened last); ``last_export`` (the file exported last).
    """

    def __init__(self, page: QWidget, spec: ListSpec) -> None:
        super().__init__(page)
        self.page = page
        self.spec = spec
        self.view = spec.view
        self.settings = page.ctx.settings  # type: ignore[attr-defined]
        self.dialog: Any = None
        self.row_menu: QMenu | None = None
        self.last_export: Path | None = None
        self.store = SavedFilterStore(self.settings, spec.key)
        self.columns = ColumnChooser(self.view)
        self._build_actions()
        self.header: HeaderMemory | None = None
        if spec.remember_header:
            self.header = HeaderMemory(self.view, self.settings, spec.key)
            self.header.restore()
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_row_menu_requested)
        if spec.bulk_model is not None:
            self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._place_button()

    def _place_button(self) -> None:
        """Put the List button after the last button of the page's record toolbar."""
        buttons = toolbar_buttons(self.page)
        for layout in self.page.findChildren(QBoxLayout):
            if buttons and layout.indexOf(buttons[-1]) >= 0:
                layout.insertWidget(layout.indexOf(buttons[-1]) + 1, self.button)
                return

    # ------------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.action_export_xlsx = self._action(self.tr("Export to Excel…"), "xlsx")
        self.action_export_csv = self._action(self.tr("Export to CSV…"), "csv")
        self.action_export_pdf = self._action(self.tr("Export to PDF…"), "pdf")
        self.action_print = QAction(self.tr("Print…"), self)
        self.action_print.triggered.connect(self.open_print_dialog)
        self.action_bulk_edit = QAction(self.tr("Edit a field of the selected rows…"), self)
        self.action_bulk_edit.triggered.connect(self.open_bulk_edit)
        self.action_bulk_edit.setVisible(self.spec.bulk_model is not None)
        self.action_save_filters = QAction(self.tr("Save current filters…"), self)
        self.action_save_filters.triggered.connect(self.open_save_filters)
        self.menu = QMenu(self.page)
        self.menu.setObjectName("listMenu")
        self.menu.aboutToShow.connect(self._fill_menu)
        self.button = QToolButton(self.page)
        self.button.setText(self.tr("List"))
        self.button.setToolTip(self.tr("Export, print, columns and saved filters of this list"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self.menu)
        self._fill_menu()

    def _action(self, text: str, kind: str) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda: self.open_export_dialog(kind))
        return action

    def _fill_menu(self) -> None:
        """The List menu as things are now (saved filters change, selection changes)."""
        menu = self.menu
        menu.clear()
        menu.addActions([self.action_export_xlsx, self.action_export_csv, self.action_export_pdf])
        menu.addAction(self.action_print)
        menu.addSeparator()
        columns = menu.addMenu(self.tr("Columns"))
        columns.aboutToShow.connect(lambda: self.columns.fill(columns))
        self.columns.fill(columns)
        if self.spec.filters is not None:
            menu.addMenu(self.filters_menu(menu))
        if self.spec.bulk_model is not None:
            menu.addSeparator()
            self.action_bulk_edit.setEnabled(bool(self.selected_rows()))
            menu.addAction(self.action_bulk_edit)

    def filters_menu(self, parent: QWidget) -> QMenu:
        """The "Saved filters" menu: save the current ones, apply or delete a saved one."""
        menu = QMenu(self.tr("Saved filters"), parent)
        menu.setObjectName("savedFilters")
        menu.addAction(self.action_save_filters)
        names = self.store.names()
        if names:
            menu.addSeparator()
            for name in names:
                apply_action = menu.addAction(name.replace("&", "&&"))
                apply_action.triggered.connect(lambda _c=False, n=name: self.apply_filters(n))
            delete = menu.addMenu(self.tr("Delete a saved filter"))
            for name in names:
                action = delete.addAction(name.replace("&", "&&"))
                action.triggered.connect(lambda _c=False, n=name: self.delete_filters(n))
        return menu

    # ------------------------------------------------------------------ the list shown
    def shown(self) -> ListTable:
        """The list as shown now (see :func:`workbench.ui.lists.shown.shown_table`)."""
        labels = {
            "filters": self.tr("Filters"),
            "rows": self.tr("Rows"),
            "about": self.tr("About this list"),
            "page": self.tr("Page {page} of {pages}"),
        }
        return shown_table(self.view, self.spec.title(), self.description(), labels)

    def description(self) -> str:
        """The filters applied, in words ("" when none)."""
        if self.spec.description is not None:
            return self.spec.description()
        parts = []
        for widget in self.filter_widgets().values():
            if isinstance(widget, QComboBox) and widget.currentIndex() > 0:
                parts.append(widget.currentText())
            elif isinstance(widget, QLineEdit) and widget.text().strip():
                parts.append(self.tr("search: “{value}”").format(value=widget.text().strip()))
        return "; ".join(parts)

    def export_to(self, path: str | Path) -> None:
        """Write the list shown to *path* (format from the suffix); errors are shown.

        The rows are read at once (what is on screen now); the file is written in the
        background (a 10,000-row PDF takes a while), ``last_export`` names it when done.
        """
        table = self.shown()
        tasks = self.page.ctx.tasks  # type: ignore[attr-defined]
        if tasks is None:
            try:
                self._on_exported(export_list(table, path))
            except WorkbenchError as exc:
                self._on_export_failed(exc)
            return
        tasks.run(
            lambda _state: export_list(table, path),
            on_done=self._on_exported,
            on_error=self._on_export_failed,
            title=self.tr("Exporting the list…"),
            parent=self.page,
        )

    def _on_exported(self, written: Path) -> None:
        self.last_export = written
        prefs.save(self.settings, prefs.LIST_EXPORT_FOLDER, str(written.parent))
        self._status(self.tr("List exported to {path}").format(path=written))

    def _on_export_failed(self, exc: BaseException) -> None:
        messages.show_error(self.page, exc, self.tr("The list could not be exported"))

    def open_export_dialog(self, kind: str) -> None:
        filters = {
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
            "csv": self.tr("CSV file (*.csv)"),
            "pdf": self.tr("PDF document (*.pdf)"),
        }
        folder = prefs.load(self.settings, prefs.LIST_EXPORT_FOLDER) or str(Path.home())
        name = list_file_name(self.spec.title(), kind)
        path = save_file_name(
            self.page, self.tr("Export the list"), str(Path(folder) / name), filters[kind]
        )
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export_to(path)

    def print_to(self, printer: QPrinter) -> None:
        """Print the list shown on *printer*."""
        from workbench.ui.lists.printing import print_list

        print_list(self.shown(), printer)

    def open_print_dialog(self) -> QPrintDialog:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.page)
        dialog.accepted.connect(lambda: self.print_to(printer))
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # not exec(): the window stays responsive, tests are never blocked
        return dialog

    # ------------------------------------------------------------------ saved filters
    def filter_widgets(self) -> dict[str, QWidget]:
        return self.spec.filters() if self.spec.filters is not None else {}

    def save_filters(self, name: str) -> None:
        """Keep the current filters as *name* (replacing a filter of that name)."""
        self.store.save(name, saved_filters.capture(self.filter_widgets()))
        self._status(self.tr("Filters saved as “{name}”").format(name=name))

    def apply_filters(self, name: str) -> bool:
        """Set the filters saved as *name*; False when there is no such filter."""
        state = self.store.all().get(name)
        if state is None:
            return False
        saved_filters.apply(self.filter_widgets(), state)
        self._status(self.tr("Filters “{name}” applied").format(name=name))
        return True

    def delete_filters(self, name: str) -> None:
        self.store.delete(name)

    def open_save_filters(self) -> FilterNameDialog:
        dialog = FilterNameDialog(self.page)
        dialog.sig_accepted.connect(self.save_filters)
        self.dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ rows
    def selected_rows(self) -> list[Any]:
        if self.spec.selected_rows is not None:
            return self.spec.selected_rows()
        model = self.view.model()
        chosen = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [model.row_at(r) for r in chosen] if hasattr(model, "row_at") else []

    def open_bulk_edit(self) -> BulkEditDialog | None:
        rows = self.selected_rows()
        if self.spec.bulk_model is None or self.spec.bulk_fields is None or not rows:
            return None
        ctx = self.page.ctx  # type: ignore[attr-defined]
        dialog = BulkEditDialog(ctx, self.spec.bulk_model, rows, self.spec.bulk_fields(), self.page)
        dialog.sig_saved.connect(
            lambda n: self._status(ntr("%Ln row changed", "%Ln rows changed", int(n or 0)))
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_row_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at *pos* (view coordinates): the row there is selected first."""
        index = self.view.indexAt(pos)
        selection = self.view.selectionModel()
        if index.isValid() and not selection.isRowSelected(index.row(), index.parent()):
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.setCurrentIndex(index, flags)
        extra = [self.action_export_xlsx, self.action_export_csv, self.action_print]
        if self.spec.bulk_model is not None:
            self.action_bulk_edit.setEnabled(bool(self.selected_rows()))
            extra.append(self.action_bulk_edit)
        self.row_menu = build_row_menu(self.page, extra, exclude=[self.button])
        return self.row_menu

    def _on_row_menu_requested(self, pos: QPoint) -> None:
        self.open_row_menu(pos).popup(self.view.viewport().mapToGlobal(pos))

    def _status(self, text: str) -> None:
        signal = getattr(self.page, "sig_status", None)
        if signal is not None:
            signal.emit(text)
