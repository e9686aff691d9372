"""The members page's list as :class:`~workbench.ui.lists.list_tools.ListTools` sees it.

Kept apart from ``pages/members.py`` (already long): which widgets are its filters, which
organisation fields can be set on many rows at once, and how the rows are selected by id.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QTableView

from workbench.models import Organisation, OrgType
from workbench.ui.lists.list_tools import ListSpec, ListTools
from workbench.ui.widgets.labels import org_type_label
from workbench.ui.widgets.record_table import FieldKind, FieldSpec


def tr(text: str) -> str:
    """Translate *text* in the ``MembersList`` context."""
    return QCoreApplication.translate("MembersList", text)


def member_bulk_fields() -> list[FieldSpec]:
    """Organisation fields that make sense to set on many organisations at once."""
    return [
        FieldSpec(
            "org_type",
            tr("Type"),
            FieldKind.CHOICE,
            choices=[(org_type_label(t), t) for t in OrgType],
        ),
        FieldSpec("city", tr("City")),
        FieldSpec("province", tr("Province")),
        FieldSpec("region", tr("Region")),
        FieldSpec("country", tr("Country (two letters)"), default="IT"),
    ]


def attach_member_list_tools(page: Any) -> ListTools:
    """ListTools on the members page (which remembers its header itself)."""
    return ListTools(
        page,
        ListSpec(
            key="members",
            view=page.table,
            title=page.title,
            description=page.filter_description,
            filters=lambda: {
                "search": page.search_edit,
                "type": page.type_combo,
                "sme": page.sme_combo,
                "area": page.area_combo,
                "status": page.status_combo,
                "fee_status": page.fee_filter.status_combo,
                "fee_year": page.fee_filter.year_spin,
            },
            selected_rows=page.selected_rows,
            bulk_model=Organisation,
            bulk_fields=member_bulk_fields,
            remember_header=False,
        ),
    )


def select_row_ids(view: QTableView, ids: set[int] | list[int]) -> None:
    """Select the rows of *view*'s RowTableModel whose ``id`` is in *ids* (one change)."""
    model: Any = view.model()
    wanted = set(ids)
    selection_model = view.selectionModel()
    if not wanted:
        selection_model.clearSelection()
        return
    positions = [i for i, row in enumerate(model.rows) if row.id in wanted]
    selection = QItemSelection()
    last_column = model.columnCount() - 1
    runs: list[list[int]] = []
    for position in positions:
        if runs and position == runs[-1][1] + 1:
            runs[-1][1] = position
        else:
            runs.append([position, position])
    for first_row, last_row in runs:
        selection.select(model.index(first_row, 0), model.index(last_row, last_column))
    selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    if positions:
        first = model.index(positions[0], 0)
        selection_model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        view.scrollTo(first)
