"""The editor's Identity tab: name, type, VAT and fiscal codes, addresses, contacts, notes.

The fields are laid out in two columns of :class:`~workbench.ui.widgets.forms.InlineForm`
(each shows its message under the field); the editor reads and checks them
(:mod:`workbench.ui.editor.dialog`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from workbench.models import OrgType
from workbench.ui.editor.sections import tr
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.labels import org_type_label

#: Identity fields in the order of the form's left and right columns (labels: identity_labels).
IDENTITY_LEFT = (
    "name",
    "legal_name",
    "org_type",
    "vat",
    "fiscal_code",
    "nace",
    "website",
    "email",
    "phone",
)
IDENTITY_RIGHT = (
    "address",
    "postcode",
    "city",
    "province",
    "region",
    "nuts2",
    "country",
    "is_external",
)


def identity_labels() -> dict[str, str]:
    """The label of each identity field ("Name *": the name is required)."""
    return {
        "name": tr("Name *"),
        "legal_name": tr("Legal name"),
        "org_type": tr("Type"),
        "vat": tr("VAT number"),
        "fiscal_code": tr("Fiscal code"),
        "nace": tr("NACE code"),
        "website": tr("Website"),
        "email": tr("E-mail"),
        "phone": tr("Phone"),
        "address": tr("Address"),
        "postcode": tr("Postcode"),
        "city": tr("City"),
        "province": tr("Province"),
        "region": tr("Region"),
        "nuts2": tr("NUTS-2 region"),
        "country": tr("Country"),
        "is_external": tr("External"),
    }


class IdentityTab(QWidget):
    """The identity fields (``fields``: key -> widget) in two forms, and the notes under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        labels = identity_labels()
        self.fields: dict[str, QWidget] = {}
        self.left_form = InlineForm()
        self.right_form = InlineForm()
        for keys, form in ((IDENTITY_LEFT, self.left_form), (IDENTITY_RIGHT, self.right_form)):
            for key in keys:
                widget = _field_widget(key)
                self.fields[key] = widget
                form.add_row(key, labels[key], widget)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(80)
        self.notes_edit.setTabChangesFocus(True)  # Tab moves on; notes need no tab characters
        self.notes_form = InlineForm()
        self.notes_form.add_row("notes", tr("Notes"), self.notes_edit)
        grid = QGridLayout(self)
        grid.addLayout(self.left_form, 0, 0)
        grid.addLayout(self.right_form, 0, 1)
        grid.addLayout(self.notes_form, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(24)
        grid.setRowStretch(2, 1)

    def forms(self) -> list[InlineForm]:
        """The forms of the tab, in reading order."""
        return [self.left_form, self.right_form, self.notes_form]


def _field_widget(key: str) -> QWidget:
    """The input of the identity field *key*: a type list, the External box, or a line."""
    if key == "org_type":
        combo = QComboBox()
        for org_type in OrgType:
            combo.addItem(org_type_label(org_type), org_type)
        return combo
    if key == "is_external":
        return QCheckBox(tr("not a member: met in projects or activities"))
    edit = QLineEdit()
    if key == "country":
        edit.setMaxLength(2)
        edit.setPlaceholderText("IT")
    if key == "vat":
        edit.setPlaceholderText(tr("e.g. IT01234567897"))
    if key == "website":
        edit.setPlaceholderText("www.example.it")
    return edit
