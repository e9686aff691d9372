"""The organisation editor, in one room: the dialog and each of its tabs.

* :mod:`.dialog` - :class:`~workbench.ui.editor.dialog.OrganisationEditor`: loading and
  collecting the snapshot, the checks, Save, Delete and conflicts; ``open_organisation_editor``;
* :mod:`.identity` - the Identity tab (name, type, codes, addresses, notes);
* :mod:`.sections` - the tabs of child rows (membership, fees, size data, contacts, competence
  areas): what each table shows; :mod:`.child_dialogs` - the dialog of each kind of row, on
  :mod:`.row_dialog`, the small form they share;
* :mod:`.sme_tab` - the size data (the SME input) and the SME class computed from them;
* :mod:`.read_only_tabs` - the Projects and History tabs;
* :mod:`.attachments_panel` and :mod:`.attachment_commands` - the Attachments tab and its edits;
* :mod:`.privacy` - a contact's personal data: export or erase (GDPR);
* :mod:`.commands` - the undoable save and delete of an organisation.

The rules are the core's (:mod:`workbench.rules`, :mod:`workbench.services.org_records`);
these modules only show and collect them.
"""

from workbench.ui.editor.dialog import OrganisationEditor, open_organisation_editor

__all__ = ["OrganisationEditor", "open_organisation_editor"]
