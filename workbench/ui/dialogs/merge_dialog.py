"""Merge two organisations that are the same one: pick the one to keep, compare, choose, merge.

The dialog shows both organisations side by side (:func:`workbench.services.merge.preview`):
per field a choice of the left or the right value, how many records of each kind each has,
and the records that can be kept only once (both have a 2024 fee, are partners of one
project ...), each with a choice of which to keep. **Merge** runs
:func:`~workbench.services.merge.merge` as one undoable edit on the window's undo stack:
Ctrl+Z puts both organisations back with every record where it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.services import history_text, merge
from workbench.services.audit import to_json_value
from workbench.services.merge import OTHER, SURVIVOR, Clash, MergePreview, MergeRecord
from workbench.ui.context import AppContext
from workbench.ui.dialogs.history_dialog import current_language, field_label
from workbench.ui.formatting import format_int
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages

LEFT, RIGHT = 0, 1
#: Fields never offered for a choice (kept as the merge computes them).
_HIDDEN_FIELDS = frozenset({"notes"})


def tr(text: str) -> str:
    """Translate *text* in the ``MergeDialog`` context."""
    return QCoreApplication.translate("MergeDialog", text)


def _value_text(table: str, field: str, value: Any) -> str:
    text = history_text.format_value(table, field, to_json_value(value), current_language())
    return text or "—"


class MergeDialog(QDialog):
    """Merge the organisations *first_id* and *second_id* into the one chosen to be kept.

    Signals:
        sig_merged(int): the id of the organisation kept, after a successful merge.
    """

    sig_merged = Signal(int)

    def __init__(
        self, ctx: AppContext, first_id: int, second_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ids = (first_id, second_id)
        self.setObjectName("MergeDialog")
        self.setWindowTitle(self.tr("Merge organisations"))
        self.setSizeGripEnabled(True)
        self.field_groups: dict[str, QButtonGroup] = {}
        self.clash_groups: list[tuple[Clash, QButtonGroup]] = []
        self.preview: MergePreview = merge.preview(ctx.db, first_id, second_id)
        self._build_ui()
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        self.resize(900, 760)

    # ------------------------------------------------------------------ layout

    def _build_ui(self) -> None:
        shown = self.preview
        left, right = shown.survivor, shown.other
        intro = QLabel(
            self.tr(
                "Both records describe one organisation. Choose the one to keep and, for each "
                "field, the value it keeps: every membership, fee, contact, participation, "
                "project partnership and attachment of the other moves to it, and the other is "
                "deleted. You can undo the merge with Ctrl+Z."
            )
        )
        intro.setWordWrap(True)
        keep_box = QGroupBox(self.tr("Keep"))
        keep_layout = QHBoxLayout(keep_box)
        self.keep_group = QButtonGroup(self)
        for side, values in ((LEFT, left), (RIGHT, right)):
            button = QRadioButton(str(values["name"]))
            self.keep_group.addButton(button, side)
            keep_layout.addWidget(button)
        self.keep_group.button(LEFT).setChecked(True)
        keep_layout.addStretch(1)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self._build_fields())
        content_layout.addWidget(self._build_counts())
        content_layout.addWidget(self._build_clashes())
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.content = content

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(keep_box)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

    def _header(self, grid: QGridLayout, *texts: str) -> None:
        for column, text in enumerate(texts):
            label = QLabel(f"<b>{_escape(text)}</b>")
            grid.addWidget(label, 0, column)

    def _build_fields(self) -> QGroupBox:
        shown = self.preview
        box = QGroupBox(self.tr("Fields: the value kept"))
        grid = QGridLayout(box)
        self._header(grid, self.tr("Field"), str(shown.survivor["name"]), str(shown.other["name"]))
        defaults = merge.default_field_sources(shown.survivor, shown.other)
        row = 1
        for name in shown.fields:
            left, right = shown.survivor.get(name), shown.other.get(name)
            if name in _HIDDEN_FIELDS or (left in (None, "") and right in (None, "")):
                continue
            group = QButtonGroup(self)
            grid.addWidget(QLabel(field_label(name, "organisation")), row, 0)
            for side, value in ((LEFT, left), (RIGHT, right)):
                button = QRadioButton(_value_text("organisation", name, value))
                button.setObjectName(f"field_{name}_{side}")
                group.addButton(button, side)
                grid.addWidget(button, row, 1 + side)
            group.button(LEFT if defaults[name] == SURVIVOR else RIGHT).setChecked(True)
            if left == right:
                for same in group.buttons():
                    same.setEnabled(False)
            self.field_groups[name] = group
            row += 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    def _build_counts(self) -> QGroupBox:
        shown = self.preview
        box = QGroupBox(self.tr("Records"))
        grid = QGridLayout(box)
        self._header(grid, self.tr("Kind"), str(shown.survivor["name"]), str(shown.other["name"]))
        row = 1
        for table, (left, right) in shown.counts.items():
            if not left and not right:
                continue
            grid.addWidget(QLabel(table_title(table)), row, 0)
            grid.addWidget(QLabel(format_int(left)), row, 1)
            grid.addWidget(QLabel(format_int(right)), row, 2)
            row += 1
        if row == 1:
            grid.addWidget(QLabel(self.tr("Neither has any records yet.")), 1, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    def _build_clashes(self) -> QGroupBox:
        shown = self.preview
        box = QGroupBox(self.tr("Records both have: the one kept"))
        grid = QGridLayout(box)
        if not shown.clashes:
            grid.addWidget(QLabel(self.tr("None: every record simply moves.")), 0, 0)
            return box
        self._header(grid, self.tr("Record"), str(shown.survivor["name"]), str(shown.other["name"]))
        for row, clash in enumerate(shown.clashes, start=1):
            key = ", ".join(
                _value_text(clash.table, k, v) if not isinstance(v, str) else v
                for k, v in clash.key_text.items()
            )
            grid.addWidget(QLabel(f"{table_title(clash.table)}: {key}"), row, 0)
            group = QButtonGroup(self)
            for side, values in ((LEFT, clash.survivor_values), (RIGHT, clash.other_values)):
                button = QRadioButton(_summary(clash.table, values, clash.key))
                button.setObjectName(f"clash_{clash.table}_{clash.survivor_row_id}_{side}")
                group.addButton(button, side)
                grid.addWidget(button, row, 1 + side)
            group.button(LEFT).setChecked(True)
            self.clash_groups.append((clash, group))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        hint = QLabel(self.tr("Blank fields of the record kept are filled from the other one."))
        hint.setStyleSheet("color: #555;")
        grid.addWidget(hint, len(shown.clashes) + 1, 0, 1, 3)
        return box

    # ------------------------------------------------------------------ choices

    def survivor_id(self) -> int:
        """The organisation chosen to be kept."""
        return self.ids[0] if self.keep_group.checkedId() == LEFT else self.ids[1]

    def choices(self) -> dict[str, Any]:
        """The merge's arguments as chosen: survivor, other, field sources and kept records."""
        keep_left = self.keep_group.checkedId() == LEFT

        def side(checked: int) -> str:
            left_kept = checked == LEFT
            return SURVIVOR if left_kept == keep_left else OTHER

        sources = {name: side(group.checkedId()) for name, group in self.field_groups.items()}
        # Clashes are keyed by the left record: when the right one is kept, by the right one.
        keep = {
            (c.table, c.survivor_row_id if keep_left else c.other_row_id): side(g.checkedId())
            for c, g in self.clash_groups
        }
        versions = (self.preview.survivor_version, self.preview.other_version)
        return {
            "survivor_id": self.ids[0] if keep_left else self.ids[1],
            "other_id": self.ids[1] if keep_left else self.ids[0],
            "field_sources": sources,
            "keep": keep,
            "expected_versions": versions if keep_left else versions[::-1],
        }

    # ------------------------------------------------------------------ merge

    def merge(self) -> bool:
        """Merge as chosen, as one undoable edit; True when merged (the dialog closes)."""
        chosen = self.choices()
        db = self.ctx.db
        names = {
            self.ids[0]: self.preview.survivor["name"],
            self.ids[1]: self.preview.other["name"],
        }
        first = {"versions": chosen.pop("expected_versions")}

        def do(cmd: ServiceCommand) -> MergeRecord:
            versions, first["versions"] = first["versions"], (None, None)
            return merge.merge(db, **chosen, expected_versions=versions)

        def undo(cmd: ServiceCommand) -> None:
            merge.unmerge(db, cmd.result)

        text = self.tr("Merge {other} into {survivor}").format(
            other=names[chosen["other_id"]], survivor=names[chosen["survivor_id"]]
        )
        try:
            push_edit(
                self.ctx.undo_stack,
                ServiceCommand(text, do, undo, bus=self.ctx.bus, table="organisation"),
            )
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return False
        self.sig_merged.emit(chosen["survivor_id"])
        self.accept()
        return True


def table_title(table: str) -> str:
    """What the records of *table* are called in the merge dialog."""
    titles = {
        "membership_period": tr("Membership periods"),
        "fee": tr("Fees"),
        "size_data": tr("Size data"),
        "contact": tr("Contacts"),
        "contact_log": tr("Contact log"),
        "area_participation": tr("Competence areas"),
        "project_partner": tr("Project partnerships"),
        "activity_participant": tr("Activity participations"),
        "organisation_attachment": tr("Attachments"),
    }
    return titles.get(table, table.replace("_", " "))


def _summary(table: str, values: dict[str, Any], key: dict[str, Any], limit: int = 90) -> str:
    """The non-empty fields of a record, "Field: value", for choosing which one to keep."""
    parts = [
        f"{field_label(name, table)}: {_value_text(table, name, value)}"
        for name, value in values.items()
        if name not in key and not name.endswith("_id") and value not in (None, "", False)
    ]
    text = "; ".join(parts) or "—"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_merge_dialog(
    ctx: AppContext, first_id: int, second_id: int, parent: QWidget | None = None
) -> MergeDialog | None:
    """Open the merge dialog on two organisations without blocking; None if it cannot open."""
    try:
        dialog = MergeDialog(ctx, first_id, second_id, parent)
    except WorkbenchError as exc:
        messages.show_error(parent, exc)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
