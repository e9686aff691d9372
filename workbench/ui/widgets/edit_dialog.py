"""OK/Cancel dialogs that save one record and say what went wrong.

:class:`EditDialog` saves through its ``save`` and turns ``ValidationError`` into inline
messages and ``ConflictError`` into a Reload / Overwrite / Compare question; it never blocks
(``open()``), so tests drive it like a user would, and Esc or Cancel ask about unsaved
changes. :class:`RecordDialog` is one with a single form; :func:`edit_record_dialog` one that
edits a record through an undoable update.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from workbench.errors import ConflictError, ValidationError, WorkbenchError
from workbench.services import base as records
from workbench.ui.context import AppContext
from workbench.ui.dialogs.conflict_compare import (
    CompareRow,
    choice_formatters,
    record_rows,
    resolve_conflict,
)
from workbench.ui.i18n import error_text
from workbench.ui.undo import push_edit
from workbench.ui.widgets import messages
from workbench.ui.widgets.field_editors import FieldSpec
from workbench.ui.widgets.inputs import refuse_unreadable_dates
from workbench.ui.widgets.record_edits import changed_values, resolve_id, update_command
from workbench.ui.widgets.record_form import RecordForm, error_label
from workbench.ui.write_status import saving


class EditDialog(QDialog):
    """OK/Cancel dialog that saves through :meth:`save` and shows what went wrong.

    Subclasses build their widgets into ``self.body`` (a QVBoxLayout), implement
    ``save(expected_version)`` (raise ValidationError/ConflictError/WorkbenchError; usually
    ``push_edit`` of a ServiceCommand) and optionally ``reload()`` (load the record again after
    a conflict). ``expected_version`` is the version loaded (None for new records).

    Signals:
        sig_saved: emitted with the result of ``save`` after a successful save.
    """

    sig_saved = Signal(object)

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.expected_version: int | None = None
        self.setWindowTitle(title)
        self.setModal(True)
        outer = QVBoxLayout(self)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.message = error_label(self)
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        outer.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self._on_ok)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._shown = False
        self._clean_state: Any = None

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # to implement -------------------------------------------------------------------------
    def save(self, expected_version: int | None) -> Any:
        raise NotImplementedError

    def reload(self) -> None:
        """Load the record again (after a conflict), setting ``expected_version``."""

    def conflict_rows(self) -> Sequence[CompareRow] | None:
        """After a conflict: the field-by-field comparison (None: no Compare button)."""
        return None

    def _conflict_rows(self) -> Sequence[CompareRow] | None:
        try:
            return self.conflict_rows()
        except WorkbenchError:
            return None

    def forms(self) -> list[RecordForm]:
        """Forms on this dialog, asked in order to show a field's error."""
        return [f for f in self.findChildren(RecordForm)]

    def edit_state(self) -> Any:
        """What the user can change, compared with its value at opening to find unsaved changes.

        The values of this dialog's own forms (not of dialogs opened from it); a field whose
        text cannot be read counts as changed. Subclasses with more than forms add to it.
        """
        unreadable = object()  # never equal to anything: an unreadable field is a change
        state = []
        for form in self.forms():
            if form.window() is not self:
                continue
            values: dict[str, Any] = {}
            for name, editor in form.editors.items():
                try:
                    values[name] = editor.get()
                except ValidationError:
                    values[name] = unreadable
            state.append(values)
        return state

    def is_modified(self) -> bool:
        """True when the dialog holds changes not saved yet."""
        return self._shown and self.edit_state() != self._clean_state

    def focus_first_field(self) -> None:
        """Put the cursor in the first field of the first form (where a user starts typing)."""
        forms = [f for f in self.forms() if f.window() is self]
        if forms and forms[0].editors:
            first = next(iter(forms[0].editors.values()))
            self._reveal(first.focus_widget)
            first.focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown:  # subclasses have filled their widgets by now
            self._shown = True
            self._clean_state = self.edit_state()
            self.focus_first_field()

    def reject(self) -> None:
        """Close (Esc, Cancel), asking first about unsaved changes: Save, Discard or Cancel.

        Save is OK: a value that does not pass the checks keeps the dialog open with its
        message.
        """
        if self.is_modified():
            answer = messages.ask_unsaved(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save your changes before closing?"),
            )
            if answer == messages.SAVE:
                self._on_ok()
                return
            if answer != messages.DISCARD:
                return
        super().reject()

    # behaviour ----------------------------------------------------------------------------
    def _on_ok(self) -> None:
        self._submit(self.expected_version)

    def _submit(self, expected_version: int | None) -> None:
        self.clear_errors()
        if refuse_unreadable_dates(self):
            return
        try:
            with saving([self.ok_button], self.message):
                result = self.save(expected_version)
        except ConflictError as exc:
            rows = self._conflict_rows()
            # Overwrite is versioned like any save: over exactly the version shown, else the
            # question comes again.
            shown = exc.overwrite_version(expected_version)
            resolve_conflict(
                self,
                exc,
                self._on_reload,
                lambda: self._submit(shown),
                None if rows is None else lambda: rows,
            )
            return
        except ValidationError as exc:
            self.show_validation(exc)
            return
        except WorkbenchError as exc:
            self.show_message(error_text(exc))
            return
        self.sig_saved.emit(result)
        self.accept()

    def _on_reload(self) -> None:
        try:
            self.reload()
        except WorkbenchError as exc:
            self.show_message(error_text(exc))
            return
        self._clean_state = self.edit_state()  # what is in the database now is "unchanged"

    def clear_errors(self) -> None:
        self.message.hide()
        for form in self.forms():
            form.clear_errors()

    def show_validation(self, exc: ValidationError) -> None:
        """Put *exc* next to its field, or in the message area naming the field."""
        for form in self.forms():
            if form.show_error(exc):
                form_parent = form.parentWidget()
                self._reveal(form_parent)
                return
        name = None
        for form in self.forms():
            name = name or form.label_of(exc.field)
        name = name or self.field_label(exc.field)
        self.show_message(f"{name}: {error_text(exc)}" if name else error_text(exc))

    def field_label(self, field_name: str | None) -> str | None:
        """Label of a field that is not on a RecordForm (for the message area)."""
        return field_name.replace("_", " ").capitalize() if field_name else None

    def _reveal(self, widget: QWidget | None) -> None:
        """Switch tab widgets so that *widget* is visible."""
        from PySide6.QtWidgets import QTabWidget

        while widget is not None:
            parent = widget.parentWidget()
            if parent is not None and isinstance(parent.parentWidget(), QTabWidget):
                tabs = parent.parentWidget()
                assert isinstance(tabs, QTabWidget)
                tabs.setCurrentWidget(widget)
            widget = parent

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class RecordDialog(EditDialog):
    """An EditDialog with one RecordForm, saving through a callback."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        fields: Sequence[FieldSpec],
        values: dict[str, Any] | None,
        save: Callable[[dict[str, Any], int | None], Any],
        *,
        version: int | None = None,
        reload: Callable[[], tuple[dict[str, Any], int]] | None = None,
        compare: Callable[[dict[str, Any]], Sequence[CompareRow]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, title, parent)
        self._compare = compare
        self.form = RecordForm(fields, self)
        self.body.addWidget(self.form)
        self.form.set_values(values or {})
        self.expected_version = version
        self._save = save
        self._reload = reload
        self.setMinimumWidth(460)

    def save(self, expected_version: int | None) -> Any:
        return self._save(self.form.values(), expected_version)

    def reload(self) -> None:
        if self._reload is not None:
            values, version = self._reload()
            self.form.set_values(values)
            self.expected_version = version

    def conflict_rows(self) -> Sequence[CompareRow] | None:
        return self._compare(self.form.values()) if self._compare is not None else None


def edit_record_dialog(
    ctx: AppContext,
    parent: QWidget,
    model: type,
    record: Any,
    fields: Sequence[FieldSpec],
    title: str,
    command_text: str,
) -> RecordDialog:
    """A RecordDialog editing *record*'s *fields* through an undoable update.

    After a conflict, Reload fills the form with what is in the database now (and the undo
    values become those).
    """
    names = [f.name for f in fields]

    def save(values: dict[str, Any], version: int | None) -> Any:
        if not changed_values(record, values):
            return record
        command = update_command(ctx, model, record, values, version, command_text)
        return push_edit(ctx.undo_stack, command)

    def reload() -> tuple[dict[str, Any], int]:
        table = model.__tablename__  # type: ignore[attr-defined]
        fresh: Any = records.get_record(ctx.db, model, resolve_id(ctx, table, record.id))
        for name in names:
            setattr(record, name, getattr(fresh, name))
        record.version = fresh.version
        return {n: getattr(fresh, n) for n in names}, fresh.version

    def compare(mine: dict[str, Any]) -> Sequence[CompareRow]:
        table = model.__tablename__  # type: ignore[attr-defined]
        return record_rows(
            ctx.db,
            model,
            resolve_id(ctx, table, record.id),
            {f.name: f.label for f in fields},
            {n: getattr(record, n) for n in names},
            mine,
            formatters=choice_formatters(fields),
        )

    return RecordDialog(
        ctx,
        title,
        fields,
        {n: getattr(record, n) for n in names},
        save,
        version=record.version,
        reload=reload,
        compare=compare,
        parent=parent,
    )
