"""Where the organisation editor used to live: it is now the room :mod:`workbench.ui.editor`.

Kept only for the main window and the Members page (``ui/main_window.py``,
``ui/pages/members.py``), which other work edits right now; import from
:mod:`workbench.ui.editor` instead, and delete this module once nothing imports it.
"""

from workbench.ui.editor.dialog import OrganisationEditor, open_organisation_editor

__all__ = ["OrganisationEditor", "open_organisation_editor"]
