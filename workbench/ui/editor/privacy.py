"""The personal data of one contact (GDPR): export everything held about them, or erase them.

Two buttons on the editor's Contacts tab, for a saved contact. The export writes a JSON and an
Excel file (:func:`workbench.services.privacy.export_person`); the erasure removes the person
everywhere, also from the change history, after a confirmation saying what goes — it cannot be
undone, so the undo history is cleared, and the editor reloads the organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget

from workbench.errors import WorkbenchError
from workbench.ui.context import AppContext
from workbench.ui.editor.sections import ChildSection, tr
from workbench.ui.formatting import format_int
from workbench.ui.tasks import default_runner
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import save_file_name


class PersonalData(QObject):
    """The Export and Erase buttons of the contacts *section* of *editor*.

    *is_modified* says whether the editor holds unsaved changes (an erasure then waits);
    *reload* loads the organisation again after an erasure.
    """

    def __init__(
        self,
        ctx: AppContext,
        section: ChildSection,
        editor: QWidget,
        *,
        is_modified: Callable[[], bool],
        reload: Callable[[], None],
    ) -> None:
        super().__init__(editor)
        self.ctx = ctx
        self.section = section
        self.editor = editor
        self._is_modified = is_modified
        self._reload = reload
        self.export_person_button = QPushButton(tr("Export personal data…"))
        self.export_person_button.setToolTip(
            tr("Write everything held about the selected person to a JSON and an Excel file")
        )
        self.erase_person_button = QPushButton(tr("Erase person…"))
        self.erase_person_button.setToolTip(
            tr("Remove the selected person everywhere, also from the change history")
        )
        section.buttons.addWidget(self.export_person_button)
        section.buttons.addWidget(self.erase_person_button)
        self.export_person_button.clicked.connect(self._on_export_person)
        self.erase_person_button.clicked.connect(self._on_erase_person)
        section.table.selectionModel().selectionChanged.connect(self._update_buttons)
        section.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _saved_contact(self) -> dict[str, Any] | None:
        """The selected contact when it is saved (only saved data can be exported or erased)."""
        row = self.section.current_row()
        return row if row is not None and row.get("id") is not None else None

    def _update_buttons(self, *_args: Any) -> None:
        saved = self._saved_contact() is not None
        self.export_person_button.setEnabled(saved)
        self.erase_person_button.setEnabled(saved)

    def _on_export_person(self) -> None:
        row = self._saved_contact()
        if row is None:
            return
        name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "contact"
        db_path = self.ctx.db.path
        folder = db_path.parent if db_path is not None else Path.home()
        path = save_file_name(
            self.editor,
            tr("Export personal data"),
            str(folder / f"{safe}-personal-data"),
            tr("JSON and Excel files (*.json *.xlsx)"),
        )
        if path:
            self.export_person_data(row["id"], Path(path))

    def export_person_data(self, contact_id: int, stem: Any) -> tuple[Any, Any] | None:
        """Write ``<stem>.json`` and ``<stem>.xlsx`` with all data held about the contact."""
        from workbench.services.privacy import export_person

        stem = Path(stem)
        if stem.suffix.lower() in (".json", ".xlsx"):
            stem = stem.with_suffix("")
        try:
            # export_person swaps the suffix: a placeholder keeps dots in the name ("m.rossi").
            paths = export_person(self.ctx.db, contact_id, stem.with_name(stem.name + ".x"))
        except WorkbenchError as exc:
            messages.show_error(self.editor, exc)
            return None
        except OSError as exc:
            messages.show_error(
                self.editor,
                WorkbenchError(
                    tr("The files could not be written to {folder}: {reason}").format(
                        folder=stem.parent, reason=exc.strerror or exc
                    )
                ),
            )
            return None
        messages.inform(
            self.editor,
            tr("Personal data exported"),
            tr(
                "Everything the database holds about this person (as saved) was written to:\n"
                "{json}\n{xlsx}\n\nThe files contain personal data: keep and send them "
                "securely."
            ).format(json=paths[0], xlsx=paths[1]),
        )
        return paths

    def _on_erase_person(self) -> None:
        row = self._saved_contact()
        if row is not None:
            self.erase_person(row["id"])

    def erase_person(self, contact_id: int) -> bool:
        """Erase the contact after a confirmation saying what goes; True when erased."""
        from workbench.services import privacy

        title = tr("Erase person")
        if self._is_modified():
            messages.inform(
                self.editor,
                title,
                tr(
                    "Save or discard your changes to this organisation first: after an erasure "
                    "the organisation is loaded again from the database."
                ),
            )
            return False
        try:
            data = privacy.person_data(self.ctx.db, contact_id)
        except WorkbenchError as exc:
            messages.show_error(self.editor, exc)
            return False
        text = tr(
            "Erase {name} ({organisation}) from the database?\n\n"
            "This removes:\n"
            "• the contact record: name, role, e-mail, phone, notes and consent;\n"
            "• the activity participations recorded under their e-mail or name: {activities};\n"
            "• their values in the change history: {entries} entries about this contact are "
            "blanked. One anonymous entry records that an erasure was made, by whom and when.\n\n"
            "This cannot be undone, not even with Undo: the undo history is cleared so that "
            "earlier edits cannot bring the data back. Backups made before now still contain "
            "the person until they are rotated out."
        ).format(
            name=data["person"],
            organisation=data["organisation"],
            activities=format_int(len(data["activities_attended"])),
            entries=format_int(len(data["history"])),
        )
        if not messages.confirm(
            self.editor, title, text, yes_text=tr("Erase permanently"), destructive=True
        ):
            return False
        try:
            runner = self.ctx.tasks or default_runner()  # on the one write worker, like edits
            summary = runner.write_and_wait(privacy.erase_person, self.ctx.db, contact_id)
        except WorkbenchError as exc:
            messages.show_error(self.editor, exc)
            return False
        self.ctx.undo_stack.clear()
        self.ctx.bus.announce("contact")
        self._reload()
        messages.inform(
            self.editor,
            title,
            tr(
                "{name} was erased: the contact, {activities} activity participations and their "
                "values in {entries} history entries."
            ).format(
                name=data["person"],
                activities=format_int(summary.participations_removed),
                entries=format_int(summary.history_entries_scrubbed),
            ),
        )
        return True
