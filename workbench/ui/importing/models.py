"""Table models of the Import page: file preview, column mapping, plan rows, changes, batches.

Every model here is read-only except :class:`MappingModel` (its "Import as" column); all of
them pass ``qtmodeltester``. Values from the importer are shown the way the user's locale
writes them (dates, numbers), never as Python reprs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from workbench.importing import (
    BatchRow,
    ColumnSuggestion,
    FieldChange,
    FieldSpec,
    PlanRow,
    RawTable,
    RowStatus,
    UndoConflict,
)
from workbench.importing.changes import ChangedRecord
from workbench.models import BatchStatus, OrgType
from workbench.ui.formatting import format_date, format_datetime, format_decimal, format_int
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.widgets.labels import org_type_label

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter

#: Rows of the file shown on the "Sheet and header" step.
PREVIEW_ROWS = 200

STATUS_COLOURS = {
    RowStatus.CREATE: "#2e7d32",
    RowStatus.UPDATE: "#1565c0",
    RowStatus.UNCHANGED: "#8a8a8a",
    RowStatus.REVIEW: "#e07b00",
    RowStatus.ERROR: "#c62828",
    RowStatus.SKIP: "#b0b0b0",
}
STATUS_ORDER = (
    RowStatus.CREATE,
    RowStatus.UPDATE,
    RowStatus.UNCHANGED,
    RowStatus.REVIEW,
    RowStatus.ERROR,
    RowStatus.SKIP,
)


def tr(text: str) -> str:
    """Translate *text* in the ``import_models`` context."""
    return QCoreApplication.translate("import_models", text)


def status_label(status: RowStatus | str) -> str:
    """What a row status is called in the preview."""
    return {
        RowStatus.CREATE: tr("New"),
        RowStatus.UPDATE: tr("Update"),
        RowStatus.UNCHANGED: tr("Unchanged"),
        RowStatus.REVIEW: tr("Needs review"),
        RowStatus.ERROR: tr("Error"),
        RowStatus.SKIP: tr("Skipped"),
    }.get(RowStatus(status), str(status))


_ICONS: dict[str, QIcon] = {}


def status_icon(status: RowStatus | str) -> QIcon:
    """A small coloured dot for *status* (cached)."""
    key = str(status)
    icon = _ICONS.get(key)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STATUS_COLOURS.get(RowStatus(status), "#8a8a8a")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = QIcon(pixmap)
        _ICONS[key] = icon
    return icon


def cell_text(value: Any) -> str:
    """A cell of the source file as the user would read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, datetime):
        if value.hour or value.minute or value.second:
            return format_datetime(value)
        return format_date(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)), 6, trim=True)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def value_text(value: Any) -> str:
    """A parsed or stored value (old or new side of a change); "—" for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, OrgType):
        return org_type_label(value)
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, Decimal):
        return format_decimal(value, 2, trim=True)
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)), 6, trim=True)
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    return cell_text(value)


def problem_text(problem: Any) -> str:
    """A located problem ("Row 9, column "P.IVA": ..."), translated, first letter capitalised."""
    describe = getattr(problem, "describe", None)
    text = error_text(describe() if describe is not None else problem)
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------------------------ file


class RawPreviewModel(QAbstractTableModel):
    """The first rows of a :class:`RawTable` under its headers; vertical header = row numbers."""

    def __init__(self, parent: Any = None, *, limit: int = PREVIEW_ROWS) -> None:
        super().__init__(parent)
        self.limit = limit
        self.table: RawTable | None = None
        self._rows: list[list[Any]] = []

    def set_table(self, table: RawTable | None) -> None:
        """Show *table* (None: nothing)."""
        self.beginResetModel()
        self.table = table
        self._rows = list(table.rows[: self.limit]) if table is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.isValid() or self.table is None:
            return 0
        return len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                return int(RIGHT.value)
            return int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.table.headers):
            return self.table.headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(self.table.row_numbers[section])
        return None


# ------------------------------------------------------------------------------------ mapping


@dataclass
class MappingRow:
    """One source column on the mapping step."""

    header: str
    samples: str
    suggestion: ColumnSuggestion
    field: str | None


def column_samples(table: RawTable, column: int, count: int = 3) -> str:
    """The first *count* different non-empty values of a column, joined for display."""
    seen: list[str] = []
    for row in table.rows:
        if column >= len(row):
            continue
        text = cell_text(row[column]).strip()
        if text and text not in seen:
            seen.append(text)
            if len(seen) >= count:
                break
    return " · ".join(seen)


class MappingModel(QAbstractTableModel):
    """One row per source column: header, examples, the field it is imported as, and why.

    The "Import as" column (:data:`FIELD_COLUMN`) is editable: ``setData(index, key)`` with a
    field key, or None / "" to leave the column out.

    Signals:
        sig_mapping_changed(): a field was changed.
    """

    FIELD_COLUMN = 2
    sig_mapping_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[MappingRow] = []
        self.fields: dict[str, FieldSpec] = {}

    def headers(self) -> list[str]:
        return [tr("Column in the file"), tr("Examples"), tr("Import as"), tr("Suggested because")]

    def set_rows(self, rows: Sequence[MappingRow], fields: Sequence[FieldSpec]) -> None:
        """Show *rows*; *fields* are the target fields of the import kind."""
        self.beginResetModel()
        self.rows = list(rows)
        self.fields = {spec.key: spec for spec in fields}
        self.endResetModel()

    def mapping_columns(self) -> dict[str, str]:
        """``{header: field key}`` of the mapped columns, in file order."""
        return {row.header: row.field for row in self.rows if row.field}

    def field_label(self, key: str | None) -> str:
        if not key:
            return tr("— not imported —")
        spec = self.fields.get(key)
        return field_label(spec) if spec is not None else key

    def reason_text(self, row: MappingRow) -> str:
        s = row.suggestion
        if row.field != s.field:
            return tr("changed by you") if row.field or s.field else ""
        if s.reason == "saved":
            return tr("saved mapping")
        if s.reason == "header":
            return tr("header name, {score} % sure").format(score=int(round(s.score)))
        if s.reason == "values":
            return tr("values in the column, {score} % sure").format(score=int(round(s.score)))
        return tr("no match: not imported")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.FIELD_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.header, row.samples, self.field_label(row.field), self.reason_text(row))[
                column
            ]
        if role == Qt.ItemDataRole.EditRole and column == self.FIELD_COLUMN:
            return row.field or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return row.samples
            if column == 3:
                return error_text(row.suggestion.detail) or self.reason_text(row)
            return row.header if column == 0 else None
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.EditRole
            or index.column() != self.FIELD_COLUMN
            or not 0 <= index.row() < len(self.rows)
        ):
            return False
        key = str(value) if value else None
        if key is not None and key not in self.fields:
            return False
        row = self.rows[index.row()]
        if row.field == key:
            return True
        row.field = key
        self.dataChanged.emit(
            self.index(index.row(), self.FIELD_COLUMN), self.index(index.row(), 3)
        )
        self.sig_mapping_changed.emit()
        return True

    def set_field(self, header: str, key: str | None) -> bool:
        """Import column *header* as field *key* (None: leave it out); False if unknown."""
        for i, row in enumerate(self.rows):
            if row.header == header:
                return self.setData(self.index(i, self.FIELD_COLUMN), key or "")
        return False

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self.headers()[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None


def field_label(spec: FieldSpec) -> str:
    """The translated label of an import field."""
    return QCoreApplication.translate("import_fields", spec.label)


def group_label(group: str) -> str:
    """The translated name of a group of fields ("organisation", "fee" ...)."""
    return {
        "organisation": tr("Organisation"),
        "membership": tr("Membership"),
        "year": tr("Year"),
        "fee": tr("Fee"),
        "size": tr("Size data"),
        "contact": tr("Contact person"),
        "area": tr("Competence area"),
        "project": tr("Project"),
        "partner": tr("Partner"),
        "activity": tr("Activity"),
        "participant": tr("Participant"),
    }.get(group, group.capitalize())


# ------------------------------------------------------------------------------------ plan


_RECORD_PREFIXES = (
    "membership from",
    "size data",
    "organisation",
    "contact",
    "fee",
    "area",
    "project",
    "partner",
    "activity",
    "participant",
)


def record_text(record: str) -> str:
    """The record a change belongs to, in the user's language ("Contact Mario Rossi")."""
    for prefix in _RECORD_PREFIXES:
        if record == prefix or record.startswith(prefix + " "):
            rest = record[len(prefix) :].strip()
            if prefix == "membership from":
                try:
                    rest = format_date(date.fromisoformat(rest))
                except ValueError:
                    pass
            label = {
                "membership from": tr("Membership from"),
                "size data": tr("Size data"),
                "organisation": tr("Organisation"),
                "contact": tr("Contact"),
                "fee": tr("Fee"),
                "area": tr("Area"),
                "project": tr("Project"),
                "partner": tr("Partner"),
                "activity": tr("Activity"),
                "participant": tr("Participant"),
            }[prefix]
            return f"{label} {rest}" if rest else label
    return record[:1].upper() + record[1:]


def change_field_text(change: FieldChange, labels: dict[str, str]) -> str:
    """The name of a changed attribute ("city" -> "City")."""
    if change.field in labels:
        return labels[change.field]
    return change.field.replace("_", " ").capitalize()


def row_summary(row: PlanRow, labels: dict[str, str]) -> str:
    """One line saying what happens to a plan row."""
    if row.status is RowStatus.ERROR:
        return error_text(row.problem_text())
    if row.status is RowStatus.REVIEW:
        if row.candidates:
            best = row.candidates[0]
            vat = row.parsed.get("vat")
            if vat and best.vat and str(vat).upper() == best.vat.upper():
                # Not a look-alike: the VAT number is that member's, the name another.
                return tr("VAT number of {name}, another name: decide").format(name=best.name)
            return tr("similar to {name} ({score} %): decide").format(
                name=best.name, score=int(round(best.score))
            )
        return error_text(row.match.reason) if row.match is not None else tr("decide")
    if row.status is RowStatus.SKIP:
        return tr("left out")
    if row.status is RowStatus.UNCHANGED:
        return tr("already up to date")
    if row.status is RowStatus.CREATE and row.root_op is not None:
        return tr("new record with {count} values").format(count=format_int(len(row.changes)))
    parts = []
    for change in row.changes[:2]:
        parts.append(
            f"{change_field_text(change, labels)}: {value_text(change.old)} → "
            f"{value_text(change.new)}"
        )
    text = "; ".join(parts)
    if len(row.changes) > 2:
        text += " " + tr("(+{count} more)").format(count=format_int(len(row.changes) - 2))
    return text


class PlanRowsModel(RowTableModel[PlanRow]):
    """The rows of the preview with a coloured status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    "row", tr("Row"), lambda r: str(r.row_number), lambda r: r.row_number, RIGHT
                ),
                Column(
                    "status",
                    tr("Status"),
                    lambda r: status_label(r.status),
                    lambda r: STATUS_ORDER.index(r.status),
                ),
                Column(
                    "record",
                    tr("Record"),
                    lambda r: error_text(r.label),
                    tooltip=lambda r: error_text(r.label),
                ),
                Column(
                    "what",
                    tr("What happens"),
                    lambda r: row_summary(r, self.labels),
                    tooltip=lambda r: row_summary(r, self.labels),
                ),
            ],
            parent,
        )
        self.labels: dict[str, str] = {}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DecorationRole
            and index.isValid()
            and index.column() == 1
            and 0 <= index.row() < len(self.rows)
        ):
            return status_icon(self.rows[index.row()].status)
        return super().data(index, role)

    def refresh_rows(self) -> None:
        """The rows' statuses changed in place (a review decision): show them again."""
        self._rebuild()


class ChangesModel(RowTableModel[FieldChange]):
    """Field-level changes of one plan row: record, field, before → after."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    "record",
                    tr("Record"),
                    lambda c: record_text(c.record),
                    tooltip=lambda c: record_text(c.record),
                ),
                Column("field", tr("Field"), lambda c: change_field_text(c, self.labels)),
                Column(
                    "old",
                    tr("Before"),
                    lambda c: value_text(c.old),
                    tooltip=lambda c: value_text(c.old),
                ),
                Column("arrow", "", lambda _c: "→", align=CENTER),
                Column(
                    "new",
                    tr("After"),
                    lambda c: value_text(c.new),
                    tooltip=lambda c: value_text(c.new),
                ),
            ],
            parent,
        )
        self.labels: dict[str, str] = {}


# ------------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class ErrorLine:
    """A row that was not imported, for the summary."""

    row_number: int
    columns: str
    problem: str
    refused: bool


class ErrorLinesModel(RowTableModel[ErrorLine]):
    """Rows not imported: row, columns, problem."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    "row", tr("Row"), lambda e: str(e.row_number), lambda e: e.row_number, RIGHT
                ),
                Column("column", tr("Column"), lambda e: e.columns),
                Column(
                    "problem",
                    tr("Problem"),
                    lambda e: (
                        e.problem + (" " + tr("(refused while writing)") if e.refused else "")
                    ),
                    tooltip=lambda e: e.problem,
                ),
            ],
            parent,
        )


def table_label(table: str) -> str:
    """What a kind of record is called."""
    return {
        "organisation": tr("Organisation"),
        "project": tr("Project"),
        "activity": tr("Activity"),
    }.get(table, table.replace("_", " ").capitalize())


class ChangedRecordsModel(RowTableModel[ChangedRecord]):
    """Records created or updated by the import (double-click opens one)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("what", tr("Record"), lambda r: table_label(r.table)),
                Column("name", tr("Name"), lambda r: r.label, tooltip=lambda r: r.label),
                Column(
                    "how", tr("Change"), lambda r: tr("created") if r.created else tr("updated")
                ),
            ],
            parent,
        )


def batch_status_text(batch: BatchRow) -> str:
    """The batch's state: "Applied", or "Undone on …"."""
    if batch.status == BatchStatus.UNDONE or batch.undone_at is not None:
        when = format_datetime(batch.undone_at) if batch.undone_at else ""
        return tr("Undone {when}").format(when=when).strip()
    return tr("Applied")


def kind_label(kind: str) -> str:
    """What an import kind is called in the list of past imports."""
    return {
        "members": tr("Members"),
        "projects": tr("Projects"),
        "activities": tr("Activities"),
        "cordis": tr("CORDIS"),
    }.get(kind, kind)


class BatchesModel(RowTableModel[BatchRow]):
    """Past imports, newest first; undone ones in grey."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("id", tr("No."), lambda b: str(b.id), lambda b: b.id, RIGHT),
                Column(
                    "when",
                    tr("When"),
                    lambda b: format_datetime(b.started_at),
                    lambda b: b.started_at,
                ),
                Column(
                    "file",
                    tr("File"),
                    lambda b: b.file_name + (f" · {b.sheet_name}" if b.sheet_name else ""),
                    tooltip=lambda b: b.file_name,
                ),
                Column("kind", tr("Kind"), lambda b: kind_label(b.kind)),
                Column("user", tr("User"), lambda b: b.user),
                Column(
                    "created",
                    tr("New"),
                    lambda b: format_int(b.created),
                    lambda b: b.created,
                    RIGHT,
                ),
                Column(
                    "updated",
                    tr("Updated"),
                    lambda b: format_int(b.updated),
                    lambda b: b.updated,
                    RIGHT,
                ),
                Column(
                    "unchanged",
                    tr("Unchanged"),
                    lambda b: format_int(b.unchanged),
                    lambda b: b.unchanged,
                    RIGHT,
                ),
                Column(
                    "review",
                    tr("Left out"),
                    lambda b: format_int(b.review),
                    lambda b: b.review,
                    RIGHT,
                ),
                Column(
                    "errors",
                    tr("Errors"),
                    lambda b: format_int(b.errors),
                    lambda b: b.errors,
                    RIGHT,
                ),
                Column("status", tr("Status"), batch_status_text),
            ],
            parent,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and self.rows[index.row()].undone_at is not None
        ):
            return QBrush(QColor("#8a8a8a"))
        return super().data(index, role)


def conflict_kind_text(kind: str) -> str:
    return {
        "edited": tr("edited after the import"),
        "deleted": tr("deleted after the import"),
        "referenced": tr("used by a record added later"),
    }.get(kind, kind)


class ConflictsModel(RowTableModel[UndoConflict]):
    """What undoing a batch would overwrite or delete."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(
                    "record",
                    tr("Record"),
                    lambda c: f"{table_label(c.table)}: {c.label or '#' + str(c.record_id)}",
                    tooltip=lambda c: c.detail,
                ),
                Column(
                    "field",
                    tr("Field"),
                    lambda c: (
                        (self.labels.get(c.field) or c.field.replace("_", " ").capitalize())
                        if c.field
                        else tr("whole record")
                    ),
                ),
                Column(
                    "what",
                    tr("What happened"),
                    lambda c: conflict_kind_text(c.kind),
                    tooltip=lambda c: c.detail,
                ),
                Column("by", tr("By"), lambda c: c.by or ""),
                Column(
                    "when",
                    tr("When"),
                    lambda c: format_datetime(c.at) if c.at else "",
                    lambda c: c.at,
                ),
            ],
            parent,
        )
        self.labels: dict[str, str] = {}


__all__ = [
    "BatchesModel",
    "ChangedRecord",
    "ChangedRecordsModel",
    "ChangesModel",
    "ConflictsModel",
    "ErrorLine",
    "ErrorLinesModel",
    "MappingModel",
    "MappingRow",
    "PlanRowsModel",
    "RawPreviewModel",
    "cell_text",
    "column_samples",
    "field_label",
    "group_label",
    "problem_text",
    "row_summary",
    "status_icon",
    "status_label",
    "value_text",
]
