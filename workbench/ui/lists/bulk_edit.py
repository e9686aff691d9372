"""Edit one field of every selected row at once, as one step of the undo stack.

The page names the fields that may be set in bulk (:class:`~workbench.ui.widgets.record_table.
FieldSpec` s, the same editors as its forms); the dialog asks which field and the new value,
and one :class:`~workbench.ui.undo.ServiceCommand` writes them all through
:func:`workbench.services.bulk_edit.set_field` (one transaction) — Ctrl+Z puts every row back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QStackedWidget, QWidget

from workbench.errors import ConflictError, WorkbenchError
from workbench.services import bulk_edit
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets.record_table import EditDialog, FieldSpec, RecordForm


def bulk_field_command(
    ctx: AppContext,
    model: type,
    rows: Sequence[Any],
    field: str,
    value: Any,
    text: str,
) -> ServiceCommand:
    """One undoable edit setting *field* = *value* on the records of *rows*.

    The first run expects each record at the version its row shows (a record changed
    meanwhile refuses the whole edit); undo writes every old value back in one transaction.
    """
    ids = [row.id for row in rows]
    versions = {row.id: row.version for row in rows if getattr(row, "version", None)}
    state: dict[str, Any] = {"first": True, "old": {}}

    def do(cmd: ServiceCommand) -> int:
        expected = versions if state["first"] else None
        state["first"] = False
        state["old"] = bulk_edit.set_field(
            ctx.db, model, ids, field, value, expected_versions=expected
        )
        return len(state["old"])

    def undo(cmd: ServiceCommand) -> None:
        bulk_edit.restore_field(ctx.db, model, field, state["old"])

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=model.__tablename__)  # type: ignore[attr-defined]


class BulkEditDialog(EditDialog):
    """Asks which field to set on the selected rows and its new value, then sets it.

    ``field_combo`` chooses the field; each field has its own one-field form in ``stack``.
    ``sig_saved`` carries the number of records changed.
    """

    def __init__(
        self,
        ctx: AppContext,
        model: type,
        rows: Sequence[Any],
        fields: Sequence[FieldSpec],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Edit a field of %Ln rows", "", len(rows)))
        self.model_class = model
        self.rows = list(rows)
        self.fields = list(fields)
        intro = QLabel(
            self.tr(
                "The value is set on all %Ln selected rows. You can undo it in one step "
                "with Ctrl+Z.",
                "",
                len(self.rows),
            ),
            self,
        )
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        chooser = QFormLayout()
        self.field_combo = QComboBox(self)
        for spec in self.fields:
            self.field_combo.addItem(spec.label, spec.name)
        chooser.addRow(self.tr("Field:"), self.field_combo)
        self.body.addLayout(chooser)
        self.stack = QStackedWidget(self)
        self.value_forms: dict[str, RecordForm] = {}
        for spec in self.fields:
            form = RecordForm([spec], self.stack)
            form.set_values({})
            self.value_forms[spec.name] = form
            self.stack.addWidget(form)
        self.body.addWidget(self.stack)
        self.field_combo.currentIndexChanged.connect(self._on_field_changed)
        self.setMinimumWidth(440)

    def _on_field_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.clear_errors()

    def forms(self) -> list[RecordForm]:
        return [self.current_form()]

    def current_field(self) -> str:
        return str(self.field_combo.currentData())

    def current_form(self) -> RecordForm:
        return self.value_forms[self.current_field()]

    def choose_field(self, name: str) -> RecordForm:
        """Switch to field *name* (for tests and callers); returns its form."""
        self.field_combo.setCurrentIndex(self.field_combo.findData(name))
        return self.current_form()

    def save(self, expected_version: int | None) -> int:
        field = self.current_field()
        value = self.current_form().values()[field]
        label = self.field_combo.currentText()
        text = self.tr("Set {field} on %Ln rows", "", len(self.rows)).format(field=label)
        command = bulk_field_command(self.ctx, self.model_class, self.rows, field, value, text)
        try:
            return int(push_edit(self.ctx.undo_stack, command))
        except ConflictError as exc:
            # Several records: "reload / overwrite" of one record does not fit; the list
            # reloads and the user sets the value again on what is there now.
            raise WorkbenchError(exc.args[0] if exc.args else str(exc)) from exc
