"""The editor's "Size and SME class" tab: the SME input and the class computed from it.

The size data (staff, turnover, balance sheet, public control and partner or linked
enterprises, one row a year) are a :class:`~workbench.ui.editor.sections.ChildSection`; under
them the SME class as the rule computes it from the rows as edited (Recommendation
2003/361/EC, :mod:`workbench.rules.size`) with its reason, and a class set by hand with why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench import sme
from workbench.models import OrgType, SmeClass
from workbench.rules import size
from workbench.ui.editor.sections import ChildSection, tr
from workbench.ui.widgets.forms import InlineForm
from workbench.ui.widgets.labels import sme_label


class SmeTab(QWidget):
    """The size data *section* with the SME class it gives and the class set by hand."""

    def __init__(self, section: ChildSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        layout = QVBoxLayout(self)
        layout.addWidget(section, 1)
        box = QGroupBox(tr("SME class"))
        box_layout = QVBoxLayout(box)
        self.sme_class_label = QLabel()
        self.sme_class_label.setStyleSheet("font-weight: 600; font-size: 115%;")
        self.sme_reason_label = QLabel()
        self.sme_reason_label.setWordWrap(True)
        self.sme_reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box_layout.addWidget(self.sme_class_label)
        box_layout.addWidget(self.sme_reason_label)
        self.override_combo = QComboBox()
        self.override_combo.addItem(tr("No: use the computed class"), None)
        for sme_class in SmeClass:
            self.override_combo.addItem(sme_label(sme_class), sme_class)
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(
            tr("why, e.g. group figures from the 2024 balance sheet")
        )
        self.override_form = InlineForm()
        self.override_form.add_row("sme_override", tr("Set by hand"), self.override_combo)
        self.override_form.add_row("sme_override_reason", tr("Reason"), self.override_reason)
        box_layout.addLayout(self.override_form)
        layout.addWidget(box)

    def set_override(self, values: dict[str, Any]) -> None:
        """Show the class set by hand, and why, of the organisation *values*."""
        self.override_combo.setCurrentIndex(
            max(self.override_combo.findData(values.get("sme_override")), 0)
        )
        self.override_reason.setText(values.get("sme_override_reason") or "")

    def override(self) -> dict[str, Any]:
        """The class set by hand and its reason, as the organisation's values."""
        return {
            "sme_override": self.override_combo.currentData(),
            "sme_override_reason": self.override_reason.text().strip() or None,
        }

    def result(self, org_type: OrgType | str | None) -> sme.SmeResult:
        """SME class of an organisation of *org_type* with the size rows and override as edited."""
        rows = sorted(self.section.rows(), key=lambda r: r.get("year") or 0)
        history = [size.year_figures(row, row.get("links") or ()) for row in rows]
        return size.classify_sme(
            history,
            org_is_enterprise=OrgType(org_type or OrgType.COMPANY).is_enterprise,
            override=self.override_combo.currentData(),
            override_reason=self.override_reason.text(),
            as_of_year=date.today().year,
        )

    def show_result(self, org_type: OrgType | str | None) -> None:
        """Say the class :meth:`result` gives, and why."""
        result = self.result(org_type)
        if result.sme_class is None:
            text = tr("No SME class")
        else:
            text = tr("SME class: {value}").format(value=sme_label(result.sme_class))
            if result.year:
                text += " " + tr("(figures of {year})").format(year=result.year)
        self.sme_class_label.setText(text)
        self.sme_reason_label.setText(result.reason)
