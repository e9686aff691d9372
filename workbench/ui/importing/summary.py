"""Step 5 of the import wizard: what the import did, the rows left out, the changed records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.importing import ImportResult, RowStatus
from workbench.ui.formatting import format_int
from workbench.ui.importing.models import (
    STATUS_COLOURS,
    ChangedRecord,
    ChangedRecordsModel,
    ErrorLine,
    ErrorLinesModel,
)
from workbench.ui.importing.steps import bold, fit_columns, hint_label, setup_table


class ImportSummaryStep(QWidget):
    """Counts, batch and backup, rows not imported (with the error report), changed records.

    Signals:
        sig_save_report(): "Save error report…" pressed.
        sig_open_record(str, int): a changed record was double-clicked (table, id).
        sig_restart(): "Import another file" pressed.
    """

    sig_save_report = Signal()
    sig_open_record = Signal(str, int)
    sig_restart = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.heading = bold(QLabel(), 3)
        self.heading.setObjectName("importResultHeading")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("importResultCounts")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.batch_label = QLabel()
        self.batch_label.setWordWrap(True)
        self.batch_label.setObjectName("importResultBatch")
        self.batch_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.errors_box = QGroupBox(self.tr("Rows not imported"))
        self.errors_model = ErrorLinesModel(self)
        self.errors_view = QTableView()
        self.errors_view.setObjectName("importErrorRows")
        self.errors_view.setModel(self.errors_model)
        setup_table(self.errors_view, selectable=False)
        self.errors_view.verticalHeader().setVisible(False)
        self.errors_view.setWordWrap(True)
        fit_columns(self.errors_view, [("fixed", 52), ("fixed", 130), ("stretch", 0)])
        self.report_button = QPushButton(self.tr("Save error report…"))
        self.report_button.setObjectName("importSaveReport")
        self.report_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.report_hint = hint_label(
            self.tr(
                "The report is an Excel file with the original columns plus “row”, “column” and "
                "“problem”: correct it and import it again."
            )
        )
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_hint, 1)
        report_row.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignTop)
        errors = QVBoxLayout(self.errors_box)
        errors.addWidget(self.errors_view, 1)
        errors.addLayout(report_row)

        self.records_box = QGroupBox(self.tr("Records created or updated"))
        self.records_model = ChangedRecordsModel(self)
        self.records_view = QTableView()
        self.records_view.setObjectName("importChangedRecords")
        self.records_view.setModel(self.records_model)
        setup_table(self.records_view)
        self.records_view.setSortingEnabled(True)
        self.records_view.verticalHeader().setVisible(False)
        fit_columns(self.records_view, [("contents", 0), ("stretch", 0), ("contents", 0)])
        records_hint = hint_label(self.tr("Double-click a record to open it."))
        records = QVBoxLayout(self.records_box)
        records.addWidget(self.records_view, 1)
        records.addWidget(records_hint)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.records_box)
        self.splitter.addWidget(self.errors_box)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.restart_button = QPushButton(self.tr("Import another file"))
        self.restart_button.setObjectName("importRestart")
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.heading)
        top.addWidget(self.counts_label)
        top.addWidget(self.batch_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.report_button.clicked.connect(self.sig_save_report)
        self.records_view.doubleClicked.connect(self._on_record_activated)
        self.records_view.activated.connect(self._on_record_activated)
        self.restart_button.clicked.connect(self.sig_restart)

    def show_result(
        self, result: ImportResult, errors: Sequence[ErrorLine], records: Sequence[ChangedRecord]
    ) -> None:
        """Show what *result* did."""
        if result.batch_id is None:
            self.heading.setText(self.tr("Nothing was written"))
            self.batch_label.setText(
                self.tr(
                    "No row creates or changes anything: they are unchanged, left for review or "
                    "have errors."
                )
            )
        else:
            self.heading.setText(self.tr("Import finished"))
            text = self.tr(
                "Recorded as import no. {batch} of {file}; it can be undone under “Past imports”."
            ).format(batch=result.batch_id, file=result.file_name)
            if result.backup is not None:
                text += " " + self.tr("A backup was taken first: {path}").format(
                    path=Path(result.backup)
                )
            self.batch_label.setText(text)

        def part(n: int, label: str, status: RowStatus | None = None) -> str:
            colour = STATUS_COLOURS[status] if status is not None and n else "palette(text)"
            return (
                f"<span style='font-size: 15pt; font-weight: 600; color: {colour}'>"
                f"{format_int(n)}</span>&nbsp;{label}"
            )

        # The count picks the plural form of the caption ("1 creato", "2 creati").
        parts = [
            part(result.created, self.tr("created", "", result.created), RowStatus.CREATE),
            part(result.updated, self.tr("updated", "", result.updated), RowStatus.UPDATE),
            part(result.unchanged, self.tr("unchanged", "", result.unchanged)),
            part(result.review, self.tr("left for review", "", result.review), RowStatus.REVIEW),
            part(result.skipped, self.tr("skipped", "", result.skipped)),
            part(result.errors, self.tr("with errors", "", result.errors), RowStatus.ERROR),
        ]
        self.counts_label.setText("&nbsp;&nbsp;&nbsp;&nbsp;".join(parts))
        self.errors_model.set_rows(errors)
        # Whole problems on as many lines as they need (a fixed height beyond a few hundred
        # rows, where measuring every row would be slow).
        vertical = self.errors_view.verticalHeader()
        vertical.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
            if len(errors) <= 300
            else QHeaderView.ResizeMode.Fixed
        )
        self.errors_box.setTitle(
            self.tr("Rows not imported ({count})").format(count=format_int(len(errors)))
        )
        self.report_button.setEnabled(bool(errors))
        self.errors_box.setVisible(bool(errors))
        self.records_model.set_rows(records)
        self.records_box.setTitle(
            self.tr("Records created or updated ({count})").format(count=format_int(len(records)))
        )
        self.records_box.setVisible(bool(records))

    def _on_record_activated(self, index: QModelIndex) -> None:
        if index.isValid() and 0 <= index.row() < len(self.records_model.rows):
            record = self.records_model.row_at(index.row())
            self.sig_open_record.emit(record.table, record.record_id)

    def open_record_at(self, row: int) -> None:
        """Open the changed record shown at *row* (as a double-click would)."""
        self._on_record_activated(self.records_model.index(row, 0))


__all__ = ["ImportSummaryStep"]
