"""The global change history (View > History…): every recorded change, newest first, filtered.

Filters (record kind, user, source, date range, import batch, a name: the record's own or the
organisation, project, activity it belongs to) are applied in SQL by
``services.history_search``, and at most :data:`ROW_LIMIT` entries are loaded, so a database
with 100,000 history entries opens as fast as one with a hundred; a note says when older
entries are left out. **Export to CSV** writes *all* matching entries (not only those shown),
with the columns of the table. Double-clicking a row asks the main window to open the record
(``sig_open_record``); a contact, fee, membership ... opens its organisation, a project partner
its project.

The formatting helpers at the top are Qt-free apart from the translated labels, so the export
can run on a background worker.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from workbench.db import Database
from workbench.errors import WorkbenchError
from workbench.services import history_search, history_text
from workbench.services.history_search import (
    HistoryFilters,
    HistoryPage,
    HistoryRow,
    filter_choices,
    iter_history,
    record_to_open,
)
from workbench.services.privacy import ERASED_LABEL
from workbench.text import escape_formula
from workbench.ui import settings as prefs
from workbench.ui.context import AppContext
from workbench.ui.formatting import format_datetime, format_int
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import save_file_name
from workbench.ui.widgets.inputs import OptionalDateEdit
from workbench.ui.widgets.record_table import make_table_view, selected_row, set_empty_text

#: At most this many entries are shown; narrower filters reach older ones.
ROW_LIMIT = 5000
#: Characters of a value shown in a cell (the tooltip has the whole value).
CELL_CHARS = 160

_CONTEXT = "HistoryDialog"


def tr(text: str) -> str:
    """Translate *text* in the ``HistoryDialog`` context."""
    return QCoreApplication.translate(_CONTEXT, text)


# --------------------------------------------------------------------------- labels


def kind_labels() -> dict[str, str]:
    """Translated names of the record kinds (table names) that have a history."""
    return {
        "organisation": tr("Organisation"),
        "membership_period": tr("Membership period"),
        "fee": tr("Membership fee"),
        "size_data": tr("Size data"),
        "size_link": tr("Linked enterprise"),
        "contact": tr("Contact"),
        "contact_log": tr("Contact log entry"),
        "area_participation": tr("Area participation"),
        "competence_area": tr("Competence area"),
        "strategic_pillar": tr("Strategic pillar"),
        "pillar_objective": tr("Pillar objective"),
        "kpi_value": tr("KPI value"),
        "project": tr("Project"),
        "project_partner": tr("Project partner"),
        "activity": tr("Activity"),
        "activity_participant": tr("Activity participant"),
        "cluster_profile": tr("Cluster profile"),
        "staff_member": tr("Staff member"),
        "income": tr("Income"),
        "label": tr("Label"),
        "governance_body": tr("Governance body"),
        "media_item": tr("Media item"),
        "success_story": tr("Success story"),
        "recognition": tr("Recognition"),
        "indicator_value": tr("Indicator value"),
        "indicator_threshold": tr("Indicator threshold"),
        "indicator_evidence": tr("Indicator evidence"),
        "improvement_area": tr("Silver improvement area"),
        "improvement_evidence": tr("Improvement-area evidence"),
        "stored_file": tr("Stored file"),
    }


def source_labels() -> dict[str, str]:
    """Translated names of what caused a change."""
    return {
        "app": tr("Window"),
        "import": tr("Import"),
        "undo": tr("Undo"),
        "merge": tr("Merge"),
        "privacy": tr("Privacy (erasure)"),
        "demo": tr("Demo data"),
        "cli": tr("Command line"),
    }


def action_labels() -> dict[str, str]:
    """Translated names of the kinds of change."""
    return {"create": tr("Created"), "update": tr("Changed"), "delete": tr("Deleted")}


def kind_label(table_name: str) -> str:
    """Display name of a record kind ("organisation" -> "Organisation")."""
    return kind_labels().get(table_name) or _humanise(table_name)


def current_language() -> str:
    """The interface language ("it" or "en") that readable history is written in."""
    return "it" if QLocale().language() == QLocale.Language.Italian else "en"


def field_label(field: str | None, table: str | None = None) -> str:
    """Display name of a field in the interface language (labels declared in the core)."""
    return history_text.field_label(table, field, current_language())


def _humanise(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def readable_value(text: str | None, table: str | None = None, field: str | None = None) -> str:
    """A stored JSON value as people read it, in the interface language.

    Strings lose their quotes, null becomes empty, booleans Yes/No, ISO dates dd/mm/yyyy, and
    whole records (created/deleted) "Field: value" pairs (see ``services.history_text``).
    """
    if text is None or text == "":
        return ""
    return history_text.format_json(text, table, current_language(), field=field)


def _cell(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


# --------------------------------------------------------------------------- query


def load_history(
    db: Database, filters: HistoryFilters, limit: int | None = None, lang: str | None = None
) -> HistoryPage:
    """The newest *limit* (default ROW_LIMIT) entries matching *filters*, and how many match.

    The rows carry their readable texts in *lang* (default: the interface language); the
    query is ``services.history_search.load_history``.
    """
    return history_search.load_history(
        db, filters, ROW_LIMIT if limit is None else limit, lang or current_language()
    )


def history_columns() -> list[Column[HistoryRow]]:
    """The columns of the table and of the CSV export."""
    kinds = kind_labels()
    sources = source_labels()
    actions = action_labels()

    def record(row: HistoryRow) -> str:
        if row.record_label == ERASED_LABEL:
            return tr("(person erased on request)")
        return row.record_text or row.record_label or f"#{row.record_id}"

    return [
        Column(
            "at",
            tr("Time"),
            lambda r: format_datetime(r.at),
            sort_key=lambda r: (r.at, r.id),
            tooltip=lambda r: r.local_time.strftime("%Y-%m-%d %H:%M:%S"),
        ),
        Column("user", tr("User"), lambda r: r.user),
        Column(
            "source",
            tr("Source"),
            lambda r: (
                sources.get(r.source, r.source) + ("" if r.batch_id is None else f" #{r.batch_id}")
            ),
            tooltip=lambda r: (
                "" if r.batch_id is None else tr("Import batch {id}").format(id=r.batch_id)
            ),
        ),
        Column("action", tr("Action"), lambda r: actions.get(r.action, r.action)),
        Column(
            "kind", tr("Record kind"), lambda r: kinds.get(r.table_name) or _humanise(r.table_name)
        ),
        Column("record", tr("Record"), record, tooltip=lambda r: f"{record(r)} (#{r.record_id})"),
        Column("field", tr("Field"), lambda r: r.field_text),
        Column(
            "old",
            tr("Before"),
            lambda r: _cell(r.old_text),
            tooltip=lambda r: r.old_text[:2000],
        ),
        Column(
            "new",
            tr("After"),
            lambda r: _cell(r.new_text),
            tooltip=lambda r: r.new_text[:2000],
        ),
    ]


def write_history_csv(
    db: Database,
    filters: HistoryFilters,
    path: Path,
    progress: Callable[[int, int, str], None] | None = None,
    lang: str | None = None,
) -> int:
    """Write every entry matching *filters* to *path* (UTF-8 CSV); returns how many.

    The columns are those of the table; the time is local, as ``YYYY-MM-DD HH:MM:SS``; values
    are complete (not cut as in the table cells).
    """
    columns = history_columns()
    lang = lang or current_language()
    text_of: dict[str, Callable[[HistoryRow], str]] = {
        "at": lambda r: r.local_time.strftime("%Y-%m-%d %H:%M:%S"),
        "old": lambda r: r.old_text,
        "new": lambda r: r.new_text,
    }
    written = 0
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.title for c in columns])
            for row in iter_history(db, filters, lang=lang):
                cells = (text_of[c.key](row) if c.key in text_of else c.value(row) for c in columns)
                writer.writerow([escape_formula(str(cell)) for cell in cells])
                written += 1
                if progress is not None and written % 2000 == 0:
                    text = tr("{count} entries written").format(count=format_int(written))
                    progress(written, 0, text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return written


# --------------------------------------------------------------------------- dialog


class HistoryDialog(QDialog):
    """The global history: filters on top, the entries, a note, Export to CSV.

    Not modal: records opened from it appear beside it, and it follows changes made meanwhile.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page = HistoryPage([], 0)
        self._fitted = False
        self.row_limit = ROW_LIMIT
        self._choices_stale = False
        self.last_export: Path | None = None
        self.setObjectName("HistoryDialog")
        self.setWindowTitle(self.tr("History"))
        self.setSizeGripEnabled(True)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(250)
        self._reload_timer.timeout.connect(self.reload)
        self._build_ui()
        self._connect_signals()
        self.resize(1240, 680)
        self.refresh_choices()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Name, e.g. Alfa S.r.l., Rossi or SMARTGRID"))
        self.search_edit.setToolTip(
            self.tr(
                "Finds the changes of the records with this name and of what belongs to them: "
                "an organisation's fees, memberships, size data, contacts…, a project's "
                "partners, an activity's participants"
            )
        )
        self.kind_combo = QComboBox()
        self.user_combo = QComboBox()
        self.source_combo = QComboBox()
        self.batch_combo = QComboBox()
        self.batch_combo.setMinimumContentsLength(24)
        self.batch_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for combo in (self.kind_combo, self.user_combo, self.source_combo):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.since_edit = OptionalDateEdit()
        self.until_edit = OptionalDateEdit()
        for edit in (self.since_edit, self.until_edit):
            edit.setMinimumWidth(130)
        self.clear_button = QPushButton(self.tr("Clear filters"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        def add(row: int, column: int, text: str, widget: QWidget, span: int = 1) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, column + 1, 1, span)

        add(0, 0, self.tr("Re&cord:"), self.search_edit, 3)
        add(0, 4, self.tr("&Kind:"), self.kind_combo)
        add(0, 6, self.tr("&User:"), self.user_combo)
        add(1, 0, self.tr("&From:"), self.since_edit)
        add(1, 2, self.tr("&To:"), self.until_edit)
        add(1, 4, self.tr("&Source:"), self.source_combo)
        add(1, 6, self.tr("Import &batch:"), self.batch_combo)
        grid.addWidget(self.clear_button, 1, 8)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        grid.setColumnStretch(7, 1)

        self.model: RowTableModel[HistoryRow] = RowTableModel(history_columns(), self)
        self.view = make_table_view(self.model, self)
        self.view.setObjectName("historyTable")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.empty_label = set_empty_text(self.view, self.tr("No changes match these filters."))
        header = self.view.horizontalHeader()
        for key, width in (
            ("at", 124),
            ("user", 80),
            ("source", 96),
            ("action", 74),
            ("kind", 128),
            ("record", 200),
            ("field", 100),
            ("old", 170),
            ("new", 170),
        ):
            header.resizeSection(self._column(key), width)

        self.note_label = QLabel()
        self.note_label.setObjectName("historyNote")
        self.note_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        style = self.style()
        self.open_button = QPushButton(self.tr("Open record"))
        self.refresh_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), self.tr("Refresh")
        )
        self.export_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
            self.tr("Export to CSV…"),
        )
        self.export_button.setToolTip(
            self.tr("Write every change that matches the filters to a CSV file")
        )
        for button in (
            self.clear_button,
            self.open_button,
            self.refresh_button,
            self.export_button,
        ):
            button.setAutoDefault(False)  # Enter in the search field must not press them
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def _fit_columns(self) -> None:
        """Columns as wide as their contents (sampled rows), within a cap per column.

        Translated texts vary: "Dati dimensionali 2024 di Alfa S.r.l." is a third longer than
        "Size data 2024 of Alfa S.r.l.", so the record column is fitted too, not English-sized.
        """
        self._fitted = True
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(200)
        for key, cap in (
            ("user", 190),
            ("source", 190),
            ("action", 190),
            ("kind", 190),
            ("field", 190),
            ("record", 340),
        ):
            column = self._column(key)
            self.view.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column) + 6, cap))

    def _column(self, key: str) -> int:
        return next(i for i, c in enumerate(self.model.columns) if c.key == key)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(lambda _t: self._reload_timer.start())
        for combo in (self.kind_combo, self.user_combo, self.source_combo, self.batch_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.since_edit.sig_date_changed.connect(lambda _d: self.reload())
        self.until_edit.sig_date_changed.connect(lambda _d: self.reload())
        self.clear_button.clicked.connect(self.clear_filters)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.open_button.clicked.connect(self.open_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export)
        self.buttons.rejected.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search_edit.setFocus)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ filters

    def refresh_choices(self) -> None:
        """Fill the filter combos from the history, keeping what is selected."""
        self._choices_stale = False
        try:
            choices = filter_choices(self.ctx.db)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return
        kinds = kind_labels()
        sources = source_labels()
        self._fill(
            self.kind_combo,
            self.tr("All kinds"),
            sorted(
                ((kinds.get(t) or kind_label(t), t) for t in choices.tables),
                key=lambda item: item[0].casefold(),
            ),
        )
        self._fill(self.user_combo, self.tr("All users"), [(u, u) for u in choices.users])
        self._fill(
            self.source_combo,
            self.tr("All sources"),
            [(sources.get(s, s), s) for s in choices.sources],
        )
        statuses = {"undone": self.tr("undone")}
        batches = []
        for batch_id, file_name, started, status in choices.batches:
            text = f"#{batch_id} {file_name}"
            if started is not None:
                if started.tzinfo is None:
                    started = started.replace(tzinfo=UTC)
                text += f" — {format_datetime(started)}"
            if status in statuses:
                text += f" ({statuses[status]})"
            batches.append((text, batch_id))
        self._fill(self.batch_combo, self.tr("Any (or none)"), batches)

    @staticmethod
    def _fill(combo: QComboBox, any_text: str, items: Sequence[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, None)
        for text, value in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)

    def filters(self) -> HistoryFilters:
        """The filters as set in the dialog."""
        return HistoryFilters(
            table=self.kind_combo.currentData(),
            user=self.user_combo.currentData(),
            source=self.source_combo.currentData(),
            since=self.since_edit.date_value(strict=False),
            until=self.until_edit.date_value(strict=False),
            batch_id=self.batch_combo.currentData(),
            text=self.search_edit.text(),
        )

    def set_filters(self, filters: HistoryFilters) -> None:
        """Show *filters* in the widgets and reload once.

        Values missing from a combo are added (e.g. a batch imported after the dialog opened).
        """
        widgets: list[QWidget] = [
            self.kind_combo,
            self.user_combo,
            self.source_combo,
            self.batch_combo,
            self.since_edit,
            self.until_edit,
            self.search_edit,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            if any(
                value is not None and combo.findData(value) < 0
                for combo, value in self._combo_values(filters)
            ):
                self.refresh_choices()
            for combo, value in self._combo_values(filters):
                index = combo.findData(value) if value is not None else 0
                if index < 0:
                    combo.addItem(str(value), value)
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
            self.since_edit.set_date_value(filters.since)
            self.until_edit.set_date_value(filters.until)
            self.search_edit.setText(filters.text)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.reload()

    def _combo_values(self, filters: HistoryFilters) -> list[tuple[QComboBox, Any]]:
        return [
            (self.kind_combo, filters.table),
            (self.user_combo, filters.user),
            (self.source_combo, filters.source),
            (self.batch_combo, filters.batch_id),
        ]

    def clear_filters(self) -> None:
        """Show everything again (the newest entries)."""
        self.set_filters(HistoryFilters())

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        """Query the history with the current filters (the newest ROW_LIMIT entries)."""
        self._reload_timer.stop()
        if self._choices_stale:
            self.refresh_choices()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.page = load_history(self.ctx.db, self.filters(), self.row_limit)
        except WorkbenchError as exc:
            QApplication.restoreOverrideCursor()
            messages.show_error(self, exc)
            return
        QApplication.restoreOverrideCursor()
        selected: HistoryRow | None = selected_row(self.view)
        self.model.set_rows(self.page.rows)
        if not self._fitted and self.page.rows:
            self._fit_columns()
        if selected is not None:
            for position, row in enumerate(self.model.rows):
                if row.id == selected.id:
                    self.view.selectRow(position)
                    break
        self._update_note()

    def refresh(self) -> None:
        """Reload the filter choices and the entries (F5)."""
        self.refresh_choices()
        self.reload()

    def _on_data_changed(self, _changes: object) -> None:
        # A change may bring a new user, kind, source or batch: refresh the combos as well.
        self._choices_stale = True
        if self.isVisible():
            self._reload_timer.start()

    def _update_note(self) -> None:
        page = self.page
        filtered = not self.filters().is_empty()
        if page.truncated:
            template = (
                self.tr(
                    "Showing the newest {shown} of {total} matching changes. Narrow the filters "
                    "to see older ones; Export to CSV writes all of them."
                )
                if filtered
                else self.tr(
                    "Showing the newest {shown} of {total} changes. Use the filters to see older "
                    "ones; Export to CSV writes all of them."
                )
            )
            text = template.format(shown=format_int(len(page.rows)), total=format_int(page.total))
        elif filtered:
            text = self.tr("{count} changes match the filters.").format(
                count=format_int(page.total)
            )
        else:
            text = self.tr("{count} changes recorded.").format(count=format_int(page.total))
        self.note_label.setText(text)
        self.export_button.setEnabled(page.total > 0)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(selected_row(self.view) is not None)

    def rows(self) -> list[HistoryRow]:
        """The entries shown, in display order."""
        return list(self.model.rows)

    # ------------------------------------------------------------------ actions

    def open_selected(self) -> bool:
        """Ask the window to open the record of the selected entry; True when asked."""
        row: HistoryRow | None = selected_row(self.view)
        if row is None:
            return False
        return self.open_row(row)

    def open_row(self, row: HistoryRow) -> bool:
        """Emit ``sig_open_record`` for *row*'s record (or its owner); False if it is gone."""
        try:
            target = record_to_open(self.ctx.db, row.table_name, row.record_id)
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        if target is None:
            messages.inform(
                self,
                self.tr("History"),
                self.tr("{kind} “{record}” no longer exists: it was deleted.").format(
                    kind=kind_label(row.table_name), record=row.record_label or row.record_id
                ),
            )
            return False
        self.ctx.bus.sig_open_record.emit(*target)
        return True

    def _on_export(self) -> None:
        folder = Path(self.ctx.db.path).parent if self.ctx.db.path is not None else Path.home()
        suggestion = folder / f"history-{date.today():%Y%m%d}.csv"
        path = save_file_name(
            self, self.tr("Export the history"), str(suggestion), self.tr("CSV files (*.csv)")
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != ".csv":
                target = target.with_name(target.name + ".csv")
            self.export_csv(target)

    def export_csv(self, path: Path) -> None:
        """Write every entry matching the filters to *path* (in the background)."""
        db, filters, lang = self.ctx.db, self.filters(), current_language()

        def done(count: int) -> None:
            self.last_export = path
            messages.inform(
                self,
                self.tr("History exported"),
                self.tr("{count} changes written to {path}.").format(
                    count=format_int(count), path=path
                ),
            )

        if self.ctx.tasks is None:
            try:
                done(write_history_csv(db, filters, path, lang=lang))
            except (OSError, WorkbenchError) as exc:
                messages.show_error(self, exc)
            return
        self.ctx.tasks.run(
            lambda state: write_history_csv(db, filters, path, state.callback(), lang),
            on_done=done,
            on_error=lambda exc: messages.show_error(
                self,
                exc
                if isinstance(exc, WorkbenchError)
                else WorkbenchError(
                    self.tr("The history could not be written to {path}: {error}").format(
                        path=path, error=exc
                    )
                ),
            ),
            title=self.tr("Exporting the history…"),
            parent=self,
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._reload_timer.stop()
        prefs.save(self.ctx.settings, prefs.HISTORY_GEOMETRY, self.saveGeometry())
        super().closeEvent(event)


def open_history_dialog(
    ctx: AppContext, parent: QWidget | None = None, filters: HistoryFilters | None = None
) -> HistoryDialog:
    """Show the history window (one per main window; an open one is raised and refreshed)."""
    existing = parent.findChild(HistoryDialog) if parent is not None else None
    if isinstance(existing, HistoryDialog):
        existing.refresh()
        if filters is not None:
            existing.set_filters(filters)
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = HistoryDialog(ctx, parent)
    geometry = prefs.load(ctx.settings, prefs.HISTORY_GEOMETRY)
    if geometry:
        dialog.restoreGeometry(geometry)
    if filters is not None:
        dialog.set_filters(filters)
    dialog.show()
    return dialog


__all__ = [
    "ROW_LIMIT",
    "HistoryDialog",
    "HistoryFilters",
    "HistoryRow",
    "filter_choices",
    "history_columns",
    "load_history",
    "open_history_dialog",
    "readable_value",
    "record_to_open",
    "write_history_csv",
]
