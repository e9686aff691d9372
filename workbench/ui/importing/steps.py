"""The first three steps of the import wizard: file, sheet and header, column mapping.

Each step is a plain widget that shows what the page gives it and says what the user did
through signals; reading files, suggesting mappings and planning happen in the page
(:mod:`workbench.ui.importing.page`), in the background.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import ColumnSuggestion, FieldSpec, ImportKind, RawTable
from workbench.ui import icons
from workbench.ui.formatting import format_int
from workbench.ui.i18n import error_text
from workbench.ui.importing.models import (
    PREVIEW_ROWS,
    MappingModel,
    MappingRow,
    RawPreviewModel,
    column_samples,
    field_label,
    group_label,
)
from workbench.ui.widgets.forms import ERROR_STYLE

#: File name endings the wizard accepts (the readers decide by content as well).
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt")
KIND_ORDER = (ImportKind.MEMBERS, ImportKind.PROJECTS, ImportKind.ACTIVITIES, ImportKind.CORDIS)
HINT_STYLE = "color: palette(placeholder-text);"


def file_filter(title: str) -> str:
    """A QFileDialog filter for the spreadsheets the importer reads."""
    return f"{title} ({' '.join('*' + s for s in SUFFIXES)})"


def local_file(event: Any) -> Path | None:
    """The first local spreadsheet file of a drag or drop event, or None."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SUFFIXES:
                return path
    return None


def bold(label: QLabel, size_delta: float = 0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if size_delta:
        font.setPointSizeF(font.pointSizeF() + size_delta)
    label.setFont(font)
    return label


def hint_label(text: str = "") -> QLabel:
    """A grey, wrapping explanation."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label() -> QLabel:
    """A red message, hidden while empty; its text can be selected and copied."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE.replace("font-size: 90%;", ""))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("importError")
    label.setVisible(False)
    return label


def fit_columns(view: QTableView, modes: Sequence[tuple[str, int]]) -> None:
    """Size the columns of *view*: ("fixed", width), ("contents", minimum) or ("stretch", 0)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(24)
    for column, (mode, width) in enumerate(modes):
        if mode == "stretch":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif mode == "contents":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(column, width)


def set_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def setup_table(view: QTableView, *, selectable: bool = True) -> None:
    """The house style of read-only tables on the import page."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.SingleSelection
        if selectable
        else QAbstractItemView.SelectionMode.NoSelection
    )
    if not selectable:
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


# ------------------------------------------------------------------------------------ step 1


class ImportDropZone(QFrame):
    """A dashed area saying files can be dropped (here or anywhere on the window).

    Signals:
        sig_dropped(str): a spreadsheet file was dropped here.
    """

    sig_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDropZone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(96)
        self._style(False)
        icon = QLabel()
        icon.setPixmap(icons.icon("import").pixmap(28, 28))
        text = bold(QLabel(self.tr("Drop a spreadsheet here, or anywhere on the window")))
        formats = hint_label(
            self.tr(
                "Excel (.xlsx, .xlsm, .xls, .xlsb), LibreOffice (.ods), CSV and text files (.csv, "
                ".tsv, .txt). Nothing is written until you have seen the preview."
            )
        )
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(text)
        column.addWidget(formats)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(14)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(column, 1)

    def _style(self, hover: bool) -> None:
        colour = "palette(highlight)" if hover else "palette(mid)"
        self.setStyleSheet(
            f"QFrame#importDropZone {{ border: 2px dashed {colour}; border-radius: 6px; }}"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if local_file(event) is not None:
            event.acceptProposedAction()
            self._style(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._style(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._style(False)
        path = local_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.sig_dropped.emit(str(path))


class ImportFileStep(QWidget):
    """Step 1: what the file holds and which file.

    Signals:
        sig_kind_changed(str): another kind of import was chosen.
        sig_browse(int): "Choose…" pressed for file 0 (the file) or 1 (CORDIS organization.csv).
        sig_dropped(str): a file was dropped on the drop zone.
        sig_submit(): Enter pressed in a file name.
    """

    sig_kind_changed = Signal(str)
    sig_browse = Signal(int)
    sig_dropped = Signal(str)
    sig_submit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()
        self._on_kind_toggled()

    def kind_titles(self) -> dict[ImportKind, tuple[str, str]]:
        """(title, description) of each kind of import."""
        return {
            ImportKind.MEMBERS: (
                self.tr("Members"),
                self.tr(
                    "Organisations with membership dates, fees, size data, contact people and "
                    "competence areas."
                ),
            ),
            ImportKind.PROJECTS: (
                self.tr("Projects"),
                self.tr("Projects with programme, dates, budgets and partners."),
            ),
            ImportKind.ACTIVITIES: (
                self.tr("Activities"),
                self.tr("Events and other activities with their participants."),
            ),
            ImportKind.CORDIS: (
                self.tr("Our members' EU projects from CORDIS"),
                self.tr(
                    "The CORDIS project.csv and organization.csv files: the projects in which "
                    "members take part, with all partners."
                ),
            ),
        }

    def _build_ui(self) -> None:
        heading = bold(QLabel(self.tr("What does the file hold?")))
        self.kind_group = QButtonGroup(self)
        kinds = QGridLayout()
        kinds.setHorizontalSpacing(12)
        kinds.setVerticalSpacing(4)
        kinds.setColumnStretch(1, 1)
        self.kind_buttons: dict[ImportKind, QRadioButton] = {}
        for i, kind in enumerate(KIND_ORDER):
            title, description = self.kind_titles()[kind]
            button = QRadioButton(title)
            button.setObjectName(f"kind_{kind.value}")
            self.kind_group.addButton(button, i)
            self.kind_buttons[kind] = button
            kinds.addWidget(button, i, 0, Qt.AlignmentFlag.AlignVCenter)
            kinds.addWidget(hint_label(description), i, 1, Qt.AlignmentFlag.AlignVCenter)
        self.kind_buttons[ImportKind.MEMBERS].setChecked(True)

        self.path_label = bold(QLabel(self.tr("File")))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("Choose a file or drop it here"))
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.org_label = bold(QLabel(self.tr("Participants file (organization.csv)")))
        self.org_edit = QLineEdit()
        self.org_edit.setObjectName("importOrgPath")
        self.org_edit.setPlaceholderText(self.tr("organization.csv from the same CORDIS download"))
        self.org_browse_button = QPushButton(self.tr("Choose…"))
        files = QGridLayout()
        files.setHorizontalSpacing(8)
        files.setVerticalSpacing(6)
        files.setColumnStretch(1, 1)
        files.addWidget(self.path_label, 0, 0)
        files.addWidget(self.path_edit, 0, 1)
        files.addWidget(self.browse_button, 0, 2)
        files.addWidget(self.org_label, 1, 0)
        files.addWidget(self.org_edit, 1, 1)
        files.addWidget(self.org_browse_button, 1, 2)

        self.drop_zone = ImportDropZone()
        self.error_label = error_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(kinds)
        layout.addSpacing(6)
        layout.addLayout(files)
        layout.addWidget(self.error_label)
        layout.addWidget(self.drop_zone)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.kind_group.idToggled.connect(self._on_kind_toggled)
        self.browse_button.clicked.connect(lambda: self.sig_browse.emit(0))
        self.org_browse_button.clicked.connect(lambda: self.sig_browse.emit(1))
        self.drop_zone.sig_dropped.connect(self.sig_dropped)
        self.path_edit.returnPressed.connect(self.sig_submit)
        self.org_edit.returnPressed.connect(self.sig_submit)
        self.path_edit.textEdited.connect(lambda _t: self.show_error(None))
        self.org_edit.textEdited.connect(lambda _t: self.show_error(None))

    def _on_kind_toggled(self, *_args: Any) -> None:
        cordis = self.kind() is ImportKind.CORDIS
        self.path_label.setText(
            self.tr("Projects file (project.csv)") if cordis else self.tr("File")
        )
        for widget in (self.org_label, self.org_edit, self.org_browse_button):
            widget.setVisible(cordis)
        if _args and not _args[-1]:
            return  # the button that was switched off
        self.sig_kind_changed.emit(self.kind().value)

    def kind(self) -> ImportKind:
        """The kind of import chosen."""
        index = self.kind_group.checkedId()
        return KIND_ORDER[index] if 0 <= index < len(KIND_ORDER) else ImportKind.MEMBERS

    def set_kind(self, kind: ImportKind | str) -> None:
        """Choose the kind of import."""
        self.kind_buttons[ImportKind(kind)].setChecked(True)

    def path(self) -> str:
        return self.path_edit.text().strip()

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))

    def org_path(self) -> str:
        return self.org_edit.text().strip()

    def set_org_path(self, path: str | Path) -> None:
        self.org_edit.setText(str(path))

    def show_error(self, text: str | None) -> None:
        """Show why the file cannot be imported (None hides the message)."""
        set_error(self.error_label, text)

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() else ""


# ------------------------------------------------------------------------------------ step 2


class ImportTableStep(QWidget):
    """Step 2: the sheet, the header row found, the reader's notes and the first rows.

    Signals:
        sig_sheet_changed(int, str): another sheet was chosen for file *index*.
        sig_header_changed(int, int): the user says the column titles of file *index* are on
            that row (numbered as in the spreadsheet; 0: the file has no header row).
    """

    sig_sheet_changed = Signal(int, str)
    sig_header_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tables: list[RawTable] = []
        self.chosen: list[bool] = []
        self.current = 0
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.file_combo = QComboBox()
        self.file_combo.setObjectName("importFileShown")
        self.file_label = bold(QLabel(), 1)
        self.sheet_label = QLabel(self.tr("Sheet"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.sheet_combo.setMinimumWidth(180)
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.file_label)
        top.addWidget(self.file_combo)
        top.addSpacing(16)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        top.addSpacing(16)
        self.header_row_label = QLabel(self.tr("Header row"))
        self.header_row_spin = QSpinBox()
        self.header_row_spin.setObjectName("importHeaderRowSpin")
        # 0 means "no header row"; the value changes only when the user is done typing.
        self.header_row_spin.setSpecialValueText(self.tr("none"))
        self.header_row_spin.setKeyboardTracking(False)
        self.header_row_spin.setToolTip(
            self.tr(
                "The row holding the column titles, as the spreadsheet numbers it. Change it when "
                "the row found automatically is not the right one."
            )
        )
        self.header_row_label.setBuddy(self.header_row_spin)
        top.addWidget(self.header_row_label)
        top.addWidget(self.header_row_spin)
        top.addStretch(1)

        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.header_label.setObjectName("importHeaderRow")
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setObjectName("importNotes")
        self.notes_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label = error_label()

        self.model = RawPreviewModel(self)
        self.view = QTableView()
        self.view.setObjectName("importRawPreview")
        self.view.setModel(self.model)
        setup_table(self.view, selectable=False)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.verticalHeader().setVisible(True)
        self.view.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.count_label = hint_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.header_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.file_combo.currentIndexChanged.connect(self._on_file_shown)
        self.sheet_combo.activated.connect(self._on_sheet_activated)
        self.header_row_spin.valueChanged.connect(self._on_header_row_changed)

    def set_tables(
        self, tables: Sequence[RawTable], labels: Sequence[str] = (), chosen: Sequence[bool] = ()
    ) -> None:
        """Show the files read (one, or CORDIS's two, named by *labels*).

        *chosen* says, per file, whether its header row was chosen by hand (not detected).
        """
        self.tables = list(tables)
        self.chosen = [
            bool(chosen[i]) if i < len(chosen) else False for i in range(len(self.tables))
        ]
        blocker = QSignalBlocker(self.file_combo)
        self.file_combo.clear()
        for i, table in enumerate(self.tables):
            label = labels[i] if i < len(labels) else table.file_name
            self.file_combo.addItem(label, i)
        del blocker
        several = len(self.tables) > 1
        self.file_combo.setVisible(several)
        self.file_label.setVisible(not several)
        self.current = min(self.current, len(self.tables) - 1) if self.tables else 0
        self.file_combo.setCurrentIndex(self.current)
        self.show_error(None)
        self._show(self.current)

    def _on_file_shown(self, index: int) -> None:
        if 0 <= index < len(self.tables):
            self.current = index
            self._show(index)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.tables):
            self.model.set_table(None)
            return
        table = self.tables[index]
        self.file_label.setText(table.file_name)
        blocker = QSignalBlocker(self.sheet_combo)
        self.sheet_combo.clear()
        for name in table.sheets:
            self.sheet_combo.addItem(name, name)
        if table.sheet_name is not None:
            self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(table.sheet_name), 0))
        del blocker
        has_sheets = bool(table.sheets)
        self.sheet_label.setVisible(has_sheets)
        self.sheet_combo.setVisible(has_sheets)
        self.sheet_combo.setEnabled(len(table.sheets) > 1)
        self.sheet_combo.setToolTip(
            "" if len(table.sheets) > 1 else self.tr("The workbook has only this sheet.")
        )
        self._show_header_row(table)
        chosen = self.chosen[index] if index < len(self.chosen) else False
        if table.header_row_index is None and chosen:
            text = self.tr(
                "<b>No header row</b>, as chosen: the columns are named by their "
                "letter (Column A, Column B …). Map them on the next step."
            )
        elif table.header_row_index is None:
            text = self.tr(
                "<b>No header row was found:</b> the columns are named by their "
                "letter (Column A, Column B …). Map them on the next step. If the "
                "titles are on a row, set the header row above."
            )
        elif chosen:
            text = self.tr(
                "<b>Column headers on row {row}</b>, as chosen: {count} columns."
            ).format(row=table.header_row_index + 1, count=format_int(len(table.headers)))
        else:
            text = self.tr(
                "<b>Column headers on row {row}</b>, found automatically: {count} columns."
            ).format(row=table.header_row_index + 1, count=format_int(len(table.headers)))
            if table.header_row_index > 0:
                text += " " + self.tr("The rows above it (titles, blank rows) are not imported.")
        self.header_label.setText(text)
        notes = [error_text(n) for n in table.notes if not n.startswith("The header is on row")]
        if notes:
            items = "".join(f"<li>{_html(n)}</li>" for n in notes)
            self.notes_label.setText(
                self.tr("Read with these notes:") + f"<ul style='margin: 0 0 0 -20px'>{items}</ul>"
            )
        self.notes_label.setVisible(bool(notes))
        self.model.set_table(table)
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            self.view.resizeColumnToContents(column)
            width = header.sectionSize(column)
            header.resizeSection(column, max(80, min(width + 12, 260)))
        total = len(table.rows)
        if total > PREVIEW_ROWS:
            self.count_label.setText(
                self.tr(
                    "The first {shown} of {total} data rows are shown; all of them are imported."
                ).format(shown=format_int(PREVIEW_ROWS), total=format_int(total))
            )
        else:
            self.count_label.setText(
                self.tr(
                    "{total} data rows; the numbers on the left are the rows of the file."
                ).format(total=format_int(total))
            )

    def _show_header_row(self, table: RawTable) -> None:
        """Put the table's header row in the spin box without announcing a change."""
        blocker = QSignalBlocker(self.header_row_spin)
        last = max(table.row_numbers, default=1)
        self.header_row_spin.setRange(0, max(last, (table.header_row_index or 0) + 1))
        self.header_row_spin.setValue(
            0 if table.header_row_index is None else table.header_row_index + 1
        )
        del blocker

    def _on_header_row_changed(self, row: int) -> None:
        table = self.tables[self.current] if self.tables else None
        current = (
            None if table is None or table.header_row_index is None else table.header_row_index + 1
        )
        if table is not None and row != (current or 0):
            self.sig_header_changed.emit(self.current, row)

    def choose_header_row(self, row: int) -> None:
        """Say, as the user would, that the column titles are on *row* (0: none)."""
        self.header_row_spin.setValue(row)

    def _on_sheet_activated(self, index: int) -> None:
        name = self.sheet_combo.itemData(index)
        table = self.tables[self.current] if self.tables else None
        if name and table is not None and name != table.sheet_name:
            self.sig_sheet_changed.emit(self.current, str(name))

    def choose_sheet(self, name: str) -> None:
        """Choose sheet *name* as the user would."""
        index = self.sheet_combo.findData(name)
        if index >= 0:
            self.sheet_combo.setCurrentIndex(index)
            self._on_sheet_activated(index)

    def show_error(self, text: str | None) -> None:
        set_error(self.error_label, text)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------------------ step 3


class ImportMappingStep(QWidget):
    """Step 3: one row per column of the file with the field it is imported as.

    Signals:
        sig_changed(): the mapping changed (the page checks it again).
        sig_reset(): "Back to the suggestions" pressed.
    """

    sig_changed = Signal()
    sig_reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setObjectName("importMappingInfo")
        self.saved_banner = QLabel()
        self.saved_banner.setWordWrap(True)
        self.saved_banner.setObjectName("importSavedMapping")
        self.saved_banner.setStyleSheet(
            "QLabel#importSavedMapping { background: rgba(46, 125, 50, 0.10); "
            "border: 1px solid rgba(46, 125, 50, 0.45); border-radius: 4px; padding: 6px 8px; }"
        )
        self.model = MappingModel(self)
        self.view = QTableView()
        self.view.setObjectName("importMapping")
        self.view.setModel(self.model)
        setup_table(self.view, selectable=False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(
            max(QComboBox().sizeHint().height() + 8, self.view.fontMetrics().height() + 12)
        )
        self.problem_label = error_label()
        self.reset_button = QPushButton(self.tr("Back to the suggestions"))
        self.hint = hint_label(
            self.tr(
                "Columns set to “not imported” are left out. The mapping is remembered for files "
                "with the same columns."
            )
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.reset_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(self.saved_banner)
        layout.addWidget(self.info_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.model.sig_mapping_changed.connect(self.sig_changed)
        self.reset_button.clicked.connect(self.sig_reset)

    def set_columns(
        self,
        table: RawTable,
        columns: Sequence[ColumnSuggestion],
        fields: Sequence[FieldSpec],
        *,
        saved: bool,
        kind_title: str,
    ) -> None:
        """Show the suggestion for *table* (*saved*: a saved mapping was re-applied)."""
        rows = []
        for j, suggestion in enumerate(columns):
            rows.append(
                MappingRow(
                    suggestion.header, column_samples(table, j), suggestion, suggestion.field
                )
            )
        self.model.set_rows(rows, fields)
        self.combos = {}
        for i, row in enumerate(rows):
            combo = self._combo(fields, row.field)
            combo.setObjectName(f"field_{i}")
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, r=i: self.model.setData(
                    self.model.index(r, MappingModel.FIELD_COLUMN), c.currentData()
                )
            )
            self.view.setIndexWidget(self.model.index(i, MappingModel.FIELD_COLUMN), combo)
            self.combos[row.header] = combo
        mapped = sum(1 for r in rows if r.field)
        if saved:
            self.saved_banner.setText(
                self.tr(
                    "✓ The mapping you saved for files with these columns was applied "
                    "automatically. Check it and change any column if needed."
                )
            )
        self.saved_banner.setVisible(saved)
        self.info_label.setText(
            self.tr(
                "Importing <b>{kind}</b> from <b>{file}</b>: {mapped} of {total} columns were "
                "matched to a field from their header or their values. Check each one; a column "
                "can be imported as one field only."
            ).format(
                kind=_html(kind_title),
                file=_html(table.file_name),
                mapped=format_int(mapped),
                total=format_int(len(rows)),
            )
        )
        view = self.view
        view.setColumnWidth(0, 190)
        view.setColumnWidth(1, 300)
        view.setColumnWidth(2, 280)

    def _combo(self, fields: Sequence[FieldSpec], current: str | None) -> QComboBox:
        combo = QComboBox()
        combo.setMaxVisibleItems(24)
        combo.addItem(self.tr("— not imported —"), "")
        group = None
        for spec in fields:
            if spec.group != group:
                group = spec.group
                combo.insertSeparator(combo.count())
                combo.addItem(group_label(group).upper(), None)
                item = combo.model().item(combo.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                font = QFont(combo.font())
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() - 1)
                item.setFont(font)
            combo.addItem(field_label(spec), spec.key)
            combo.setItemData(combo.count() - 1, field_label(spec), Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(current or ""), 0))
        return combo

    def combo_for(self, header: str) -> QComboBox:
        """The "Import as" combo of column *header*."""
        return self.combos[header]

    def set_field(self, header: str, key: str | None) -> None:
        """Import column *header* as *key* (None: not imported), as the user would."""
        combo = self.combos[header]
        combo.setCurrentIndex(combo.findData(key or ""))

    def show_problem(self, text: str | None) -> None:
        set_error(self.problem_label, text)

    def problem_text(self) -> str:
        return self.problem_label.text() if self.problem_label.isVisible() else ""
