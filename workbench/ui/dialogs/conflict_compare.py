"""After a save conflict: compare, field by field, what you opened, what is saved now, and yours.

When someone else saved a record after it was opened here, the editors ask *Reload their
version*, *Overwrite with mine* or *Compare…* (:func:`resolve_conflict`). Compare opens
:class:`ConflictCompareDialog`: one row per field with the value when the record was opened,
the value now in the database (with who changed it and when, from the history) and the value
in the editor. Cells the other person changed and cells changed here are tinted; a field both
changed differently is marked. From there the user reloads, overwrites, or goes back to the
question.

The helpers building the rows (:func:`compare_values`, :func:`record_rows`,
:func:`organisation_rows`) read the database through the services; the dialog only shows them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.db import Database
from workbench.errors import ConflictError, WorkbenchError
from workbench.models import OrgType, SmeClass
from workbench.services import audit
from workbench.services import base as records
from workbench.ui.formatting import format_date, format_datetime, format_decimal
from workbench.ui.i18n import error_text
from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.widgets import messages
from workbench.ui.widgets.labels import org_type_label, sme_label

Index = QModelIndex | QPersistentModelIndex
Formatter = Callable[[Any], str]

THEIRS_COLOUR = "#fde7c2"  # amber: changed by the other person
MINE_COLOUR = "#d6e6fb"  # blue: changed here
CLASH_COLOUR = "#b3261e"  # red text: both changed the field differently


def tr(text: str) -> str:
    """Translate *text* in the ``ConflictCompare`` context."""
    return QCoreApplication.translate("ConflictCompare", text)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class CompareRow:
    """One field of the comparison, as displayed texts.

    Attributes:
        key: field name ("city", or a section such as "contacts").
        label: translated field label.
        opened: value when the record was opened here.
        theirs: value saved in the database now.
        mine: value in the editor.
        changed_by: who changed the field and when ("anna, 12/05/2025 10:42"), if known.
    """

    key: str
    label: str
    opened: str
    theirs: str
    mine: str
    changed_by: str = ""

    @property
    def theirs_changed(self) -> bool:
        return self.theirs != self.opened

    @property
    def mine_changed(self) -> bool:
        return self.mine != self.opened

    @property
    def clash(self) -> bool:
        """Both changed the field, to different values."""
        return self.theirs_changed and self.mine_changed and self.theirs != self.mine

    @property
    def differs(self) -> bool:
        return self.theirs_changed or self.mine_changed


def display_value(value: Any) -> str:
    """A stored value as the editors show it (dates and numbers in the locale's format)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, OrgType):
        return org_type_label(value)
    if isinstance(value, SmeClass):
        return sme_label(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_datetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_decimal(value, 2)
    if isinstance(value, list | tuple | set):
        return ", ".join(display_value(v) for v in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def last_changes(db: Database, table_name: str, record_id: int, limit: int = 300) -> dict[str, str]:
    """Who last changed each field of a record and when: {field: "anna, 12/05/2025 10:42"}.

    The key ``""`` holds the newest entry of any kind (for values without a field of their own).
    """
    entries = audit.last_changes_by_field(db, table_name, record_id, limit)
    found: dict[str, str] = {}
    for field, user, at in entries:
        text = who_when(user, at)
        found.setdefault("", text)
        if field:
            found.setdefault(field, text)
    return found


def who_when(user: str | None, at: datetime | None) -> str:
    """Who and when as one text: "anna, 12/05/2025 10:42" (local time)."""
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return ", ".join(p for p in (user or "", format_datetime(at)) if p)


def compare_values(
    labels: Mapping[str, str],
    opened: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine: Mapping[str, Any],
    *,
    who: Mapping[str, str] | None = None,
    formatters: Mapping[str, Formatter] | None = None,
) -> list[CompareRow]:
    """One CompareRow per key of *labels*, in that order.

    *who* gives "who, when" by field (shown only where the saved value changed); *formatters*
    turn particular values into text (e.g. an area id into its name).
    """
    who = who or {}
    formatters = formatters or {}
    rows = []
    for key, label in labels.items():
        fmt = formatters.get(key, display_value)
        row = CompareRow(
            key,
            label,
            fmt(opened.get(key)),
            fmt(theirs.get(key)),
            fmt(mine.get(key)),
        )
        if row.theirs_changed:
            row = CompareRow(row.key, row.label, row.opened, row.theirs, row.mine, who.get(key, ""))
        rows.append(row)
    return rows


def record_rows(
    db: Database,
    model: Any,
    record_id: int,
    labels: Mapping[str, str],
    opened: Mapping[str, Any],
    mine: Mapping[str, Any],
    *,
    formatters: Mapping[str, Formatter] | None = None,
) -> list[CompareRow]:
    """Compare one record's fields with what is saved now (one read plus its history)."""
    fresh = records.get_record(db, model, record_id)
    theirs = {key: getattr(fresh, key, None) for key in labels}
    who = last_changes(db, model.__tablename__, record_id)
    return compare_values(labels, opened, theirs, mine, who=who, formatters=formatters)


def choice_formatters(fields: Sequence[Any]) -> dict[str, Formatter]:
    """Formatters showing the choice text of fields with ``choices`` ((text, value) pairs)."""
    found: dict[str, Formatter] = {}
    for spec in fields:
        choices = getattr(spec, "choices", None)
        if not choices:
            continue
        found[spec.name] = _choice_text({_plain(value): str(text) for text, value in choices})
    return found


def _choice_text(texts: dict[str, str]) -> Formatter:
    def text_of(value: Any) -> str:
        return "" if value is None else texts.get(_plain(value), display_value(value))

    return text_of


def _plain(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


#: Fields summarising a child row of an organisation, per snapshot section.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "memberships": ("join_date", "leave_date", "category", "leave_reason"),
    "fees": ("year", "amount_due", "amount_paid", "paid_date"),
    "size_data": ("year", "staff_awu", "turnover", "balance_sheet", "public_control_pct"),
    "contacts": ("first_name", "last_name", "role"),
    "contact_log": ("contact_date", "subject"),
    "area_participations": ("area_id", "from_date", "to_date", "role"),
}


def _section_text(
    key: str, rows: Sequence[Mapping[str, Any]], formatters: Mapping[str, Formatter]
) -> str:
    fields = SECTION_FIELDS.get(key, ())
    parts = []
    for row in rows:
        values = [formatters.get(f, display_value)(row.get(f)) for f in fields]
        parts.append(" ".join(v for v in values if v))
    return "\n".join(sorted(parts))


def organisation_rows(
    db: Database,
    opened: Mapping[str, Any],
    mine: Mapping[str, Any],
    labels: Mapping[str, str],
    section_titles: Mapping[str, str],
    *,
    formatters: Mapping[str, Formatter] | None = None,
) -> list[CompareRow]:
    """Compare an organisation editor's snapshots with the one saved now.

    *opened* and *mine* are snapshots (see ``org_records``); *labels* names the organisation's
    fields, *section_titles* its child sections (one row each, summarising their rows).
    """
    from workbench.services import org_records

    formatters = formatters or {}
    org_id = opened["organisation"]["id"]
    theirs = org_records.load_snapshot(db, org_id)
    who = last_changes(db, "organisation", org_id)
    rows = compare_values(
        labels,
        opened["organisation"],
        theirs["organisation"],
        mine["organisation"],
        who=who,
        formatters=formatters,
    )
    history = org_records.organisation_history(db, theirs, limit=300)
    for key, title in section_titles.items():
        model: Any = org_records.CHILDREN[key][0]
        entry = next((e for e in history if e.table_name == model.__tablename__), None)
        row = CompareRow(
            key,
            title,
            _section_text(key, opened.get(key) or [], formatters),
            _section_text(key, theirs.get(key) or [], formatters),
            _section_text(key, mine.get(key) or [], formatters),
        )
        if row.theirs_changed and entry is not None:
            row = CompareRow(
                row.key, row.label, row.opened, row.theirs, row.mine, who_when(entry.user, entry.at)
            )
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- model


class CompareModel(RowTableModel[CompareRow]):
    """The comparison table: changed cells tinted, clashing fields in bold red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("field", tr("Field"), lambda r: r.label),
                Column("opened", tr("When you opened it"), lambda r: r.opened),
                Column("theirs", tr("Saved now (theirs)"), lambda r: r.theirs),
                Column("who", tr("Changed by"), lambda r: r.changed_by),
                Column("mine", tr("Yours"), lambda r: r.mine),
            ],
            parent,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()].key
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in ("theirs", "who") and row.theirs_changed:
                return QBrush(QColor(THEIRS_COLOUR))
            if key == "mine" and row.mine_changed:
                return QBrush(QColor(MINE_COLOUR))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key in ("theirs", "who") and row.theirs_changed:
                return QBrush(QColor("#1f1f1f"))
            if key == "mine" and row.mine_changed:
                return QBrush(QColor("#1f1f1f"))
            if key == "field" and row.clash:
                return QBrush(QColor(CLASH_COLOUR))
            return None
        if role == Qt.ItemDataRole.FontRole and key == "field" and row.clash:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self.columns[index.column()].value(row)
            if key == "field" and row.clash:
                return tr("Both of you changed this field, to different values.")
            return value or None
        return super().data(index, role)


# --------------------------------------------------------------------------- dialog

RELOAD = "reload"
OVERWRITE = "overwrite"


class ConflictCompareDialog(QDialog):
    """Shows the comparison; the user reloads, overwrites or goes back to the question.

    ``decision`` is ``"reload"``, ``"overwrite"`` or ``""`` (back) once the dialog closed.
    """

    def __init__(
        self,
        rows: Sequence[CompareRow],
        message: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.all_rows = list(rows)
        self.decision = ""
        self.setObjectName("ConflictCompareDialog")
        self.setWindowTitle(tr("Compare your changes with theirs"))
        self.setSizeGripEnabled(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32)
        )
        heading = QLabel(f"<b>{_escape(message)}</b>")
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explain = QLabel(
            tr(
                "Reload shows their version (your changes here are dropped). Overwrite saves "
                "every value of the Yours column, also over fields that only they changed."
            )
        )
        explain.setWordWrap(True)
        top_text = QVBoxLayout()
        top_text.addWidget(heading)
        top_text.addWidget(explain)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(top_text, 1)

        self.model = CompareModel(self)
        self.view = QTableView()
        self.view.setObjectName("compareTable")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 10)
        self.view.setWordWrap(True)
        self.view.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        self.view.setShowGrid(True)
        header = self.view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.sectionResized.connect(lambda *_args: self.view.resizeRowsToContents())

        self.only_changes = QCheckBox(tr("Show only the fields that differ"))
        self.only_changes.setChecked(True)
        swatch = '<span style="background:{}">&nbsp;&nbsp;&nbsp;&nbsp;</span> {}'
        legend = QLabel(
            " &nbsp;&nbsp; ".join(
                [
                    swatch.format(THEIRS_COLOUR, _escape(tr("changed by them"))),
                    swatch.format(MINE_COLOUR, _escape(tr("changed by you"))),
                    f'<b style="color:{CLASH_COLOUR}">{_escape(tr("Field"))}</b> '
                    + _escape(tr("changed by both, differently")),
                ]
            )
        )
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.only_changes)
        legend_row.addStretch(1)
        legend_row.addWidget(legend)

        self.buttons = QDialogButtonBox()
        self.reload_button = self.buttons.addButton(
            tr("Reload their version"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.overwrite_button = self.buttons.addButton(
            tr("Overwrite with mine"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.back_button = self.buttons.addButton(
            tr("Back"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.back_button.setDefault(True)
        self.reload_button.setAutoDefault(False)
        self.overwrite_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(legend_row)
        layout.addWidget(self.buttons)

        self.reload_button.clicked.connect(lambda: self._decide(RELOAD))
        self.overwrite_button.clicked.connect(lambda: self._decide(OVERWRITE))
        self.back_button.clicked.connect(self.reject)
        self.only_changes.toggled.connect(lambda _on: self._show_rows())
        self._show_rows()
        self.back_button.setFocus()
        self.resize(1040, 440)

    def _show_rows(self) -> None:
        only = self.only_changes.isChecked()
        self.model.set_rows([r for r in self.all_rows if r.differs or not only])
        header = self.view.horizontalHeader()
        self.view.resizeColumnToContents(0)
        header.resizeSection(0, min(max(header.sectionSize(0) + 12, 120), 220))
        for column, width in ((1, 230), (2, 230), (3, 170)):
            header.resizeSection(column, width)
        self.view.resizeRowsToContents()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.view.resizeRowsToContents()  # wrapped texts need the final column widths

    def rows(self) -> list[CompareRow]:
        """The rows shown."""
        return list(self.model.rows)

    def row(self, key: str) -> CompareRow:
        """The comparison of field *key* (tests)."""
        return next(r for r in self.all_rows if r.key == key)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- the question


def resolve_conflict(
    parent: QWidget,
    exc: ConflictError,
    on_reload: Callable[[], Any],
    on_overwrite: Callable[[], Any],
    rows: Callable[[], Sequence[CompareRow] | None] | None = None,
) -> ConflictCompareDialog | None:
    """Ask what to do after *exc*: Reload, Overwrite, or (with *rows*) Compare first.

    Reload and Overwrite call their callback at once. Compare opens the comparison without
    blocking and returns it (also kept as ``parent.compare_dialog``); its Reload / Overwrite
    buttons call the same callbacks, and Back (or closing it) asks the question again.
    """
    text = error_text(exc)
    if exc.changes:
        text += "\n\n" + "\n".join(error_text(change) for change in exc.changes)
    options = [tr("Reload their version"), tr("Overwrite with mine")]
    if rows is not None:
        options.append(tr("Compare…"))
    answer = messages.choose(parent, tr("Changed by someone else"), text, options)
    if answer == 0:
        on_reload()
    elif answer == 1:
        on_overwrite()
    elif answer == 2 and rows is not None:
        try:
            compared = rows()
        except WorkbenchError as error:
            messages.show_error(parent, error)
            return None
        if compared is None:
            return None
        dialog = ConflictCompareDialog(compared, error_text(exc), parent)

        def finished(_result: int) -> None:
            decision = dialog.decision
            if decision == RELOAD:
                on_reload()
            elif decision == OVERWRITE:
                on_overwrite()
            else:
                resolve_conflict(parent, exc, on_reload, on_overwrite, lambda: compared)

        dialog.finished.connect(finished)
        parent.compare_dialog = dialog  # type: ignore[attr-defined]  # for tests and focus
        dialog.open()
        return dialog
    return None


__all__ = [
    "CompareModel",
    "choice_formatters",
    "CompareRow",
    "ConflictCompareDialog",
    "compare_values",
    "display_value",
    "last_changes",
    "organisation_rows",
    "record_rows",
    "resolve_conflict",
]
