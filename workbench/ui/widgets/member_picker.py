"""A searchable, checkable list of organisations for picking members (areas, projects, events).

Search ignores case and accents (``muller`` finds "Müller", ``citta`` finds "Città") by matching
every typed word against ``MemberRow.search_key`` (name, legal name, city, VAT, already folded
by the service) with :func:`workbench.text.fold_for_search`. Filtering runs in Python on the
row list, so it stays instant with 10,000 organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.members import MemberRow
from workbench.text import fold_for_search
from workbench.ui.widgets.inputs import SearchLineEdit

Index = QModelIndex | QPersistentModelIndex


def member_matches(row: MemberRow, words: Sequence[str]) -> bool:
    """True when every folded word occurs in the row's search key (or folded name)."""
    key = row.search_key or fold_for_search(row.name)
    return all(word in key for word in words)


class MemberListModel(QAbstractListModel):
    """Checkable list of MemberRows; ``checked`` holds the ids ticked (also while filtered out)."""

    sig_checked_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[MemberRow] = []
        self.rows: list[MemberRow] = []
        self.checked: set[int] = set()
        self._words: list[str] = []
        self._include_all = False
        self._only_checked = False
        self._excluded: set[int] = set()

    # data in ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self.all_rows = list(rows)
        self._rebuild()

    def set_search(self, text: str) -> None:
        self._words = fold_for_search(text).split()
        self._rebuild()

    def set_include_all(self, include: bool) -> None:
        """Also list former members and organisations that never were members."""
        self._include_all = include
        self._rebuild()

    def set_only_checked(self, only: bool) -> None:
        self._only_checked = only
        self._rebuild()

    def set_excluded(self, ids: Iterable[int]) -> None:
        """Hide these organisations (e.g. already in the area)."""
        self._excluded = set(ids)
        self._rebuild()

    def set_checked(self, ids: Iterable[int]) -> None:
        self.checked = set(ids)
        if self.rows:
            self.dataChanged.emit(
                self.index(0), self.index(len(self.rows) - 1), [Qt.ItemDataRole.CheckStateRole]
            )
        self.sig_checked_changed.emit()

    def _visible(self, row: MemberRow) -> bool:
        if row.id in self._excluded:
            return False
        if self._only_checked:
            return row.id in self.checked
        if not self._include_all and row.status != "active" and row.id not in self.checked:
            return False
        return member_matches(row, self._words)

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.rows = [r for r in self.all_rows if self._visible(r)]
        self.endResetModel()

    def row_at(self, row: int) -> MemberRow:
        return self.rows[row]

    # Qt interface -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            place = row.city or ""
            if row.status == "former":
                place = (place + " · " if place else "") + self.tr("former member")
            elif row.status == "none":
                place = (place + " · " if place else "") + self.tr("not a member")
            return f"{row.name} — {place}" if place else row.name
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked if row.id in self.checked else Qt.CheckState.Unchecked
            ).value
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(p for p in (row.name, row.city, row.vat) if p)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self.rows):
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        row = self.rows[index.row()]
        if state == Qt.CheckState.Checked.value:
            self.checked.add(row.id)
        else:
            self.checked.discard(row.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.sig_checked_changed.emit()
        return True


class MemberPicker(QWidget):
    """Search box + checkable member list + "n selected" line.

    Signals:
        sig_selection_changed: the set of ticked organisations changed.
    """

    sig_selection_changed = Signal()

    def __init__(
        self,
        rows: Sequence[MemberRow] = (),
        parent: QWidget | None = None,
        *,
        checked: Iterable[int] = (),
        excluded: Iterable[int] = (),
        include_all: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model = MemberListModel(self)
        self._build_ui()
        self._connect_signals()
        self.model.set_excluded(excluded)
        self.include_all.setChecked(include_all)
        self.model.set_include_all(include_all)
        self.model.set_rows(rows)
        self.model.set_checked(checked)

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = SearchLineEdit(
            self, placeholder=self.tr("Search by name, city or VAT (accents ignored)…")
        )
        layout.addWidget(self.search)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.include_all = QCheckBox(self.tr("Include former members and non-members"), self)
        self.only_checked = QCheckBox(self.tr("Show only ticked"), self)
        self.clear_button = QPushButton(self.tr("Untick all"), self)
        self.count_label = QLabel(self)
        bottom.addWidget(self.include_all)
        bottom.addWidget(self.only_checked)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.clear_button)
        layout.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.search.sig_search.connect(self.model.set_search)
        self.include_all.toggled.connect(self.model.set_include_all)
        self.only_checked.toggled.connect(self.model.set_only_checked)
        self.clear_button.clicked.connect(lambda: self.model.set_checked(()))
        self.model.sig_checked_changed.connect(self._on_checked_changed)
        self.view.activated.connect(self._on_activated)
        self._on_checked_changed()

    def _on_activated(self, index: QModelIndex) -> None:
        # Enter / double-click ticks or unticks the row, like the space bar.
        current = self.model.data(index, Qt.ItemDataRole.CheckStateRole)
        new = (
            Qt.CheckState.Unchecked
            if current == Qt.CheckState.Checked.value
            else Qt.CheckState.Checked
        )
        self.model.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)

    def _on_checked_changed(self) -> None:
        self.count_label.setText(self.tr("Ticked: {0}").format(len(self.model.checked)))
        self.clear_button.setEnabled(bool(self.model.checked))
        self.sig_selection_changed.emit()

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self.model.set_rows(rows)

    def selected_ids(self) -> list[int]:
        """Ids of the ticked organisations, in list (name) order."""
        order = {r.id: i for i, r in enumerate(self.model.all_rows)}
        return sorted(self.model.checked, key=lambda i: order.get(i, len(order)))

    def selected_rows(self) -> list[MemberRow]:
        return [r for r in self.model.all_rows if r.id in self.model.checked]

    def set_selected_ids(self, ids: Iterable[int]) -> None:
        self.model.set_checked(ids)

    def check_visible(self, text: str) -> int:
        """Type *text* in the search box and tick every match (keyboard users, tests)."""
        self.search.setText(text)
        ids = {r.id for r in self.model.rows}
        self.model.set_checked(self.model.checked | ids)
        return len(ids)


class MemberPickerDialog(QDialog):
    """A dialog around MemberPicker; pages add their own fields into ``extra`` (e.g. a date).

    Non-blocking use: ``dialog.open()`` then react to ``accepted``.
    """

    def __init__(
        self,
        title: str,
        rows: Sequence[MemberRow],
        parent: QWidget | None = None,
        *,
        checked: Iterable[int] = (),
        excluded: Iterable[int] = (),
        prompt: str = "",
        ok_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if prompt:
            label = QLabel(prompt, self)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.picker = MemberPicker(rows, self, checked=checked, excluded=excluded)
        layout.addWidget(self.picker, 1)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        if ok_text:
            self.ok_button.setText(ok_text)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.picker.sig_selection_changed.connect(self._on_selection_changed)
        self._on_selection_changed()
        self.resize(560, 560)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _on_selection_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.picker.model.checked))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
