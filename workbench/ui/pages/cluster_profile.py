"""Cluster profile: the cluster organisation itself and the simple tables the label needs.

Tabs: Profile (one form), then Staff, Income, Labels, Governance bodies, Media, Success
stories and Recognitions, each a :class:`~workbench.ui.widgets.record_table.RecordTable`, and
ECCP profile: the lists and tables the ECCP profile page asks for, one RecordTable each in
tabs of their own (:mod:`workbench.ui.dialogs.eccp_tables`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import ConflictError, ValidationError, WorkbenchError
from workbench.models import ClusterProfile
from workbench.services import base as records
from workbench.services import cluster as cluster_service
from workbench.services.changes import Changes
from workbench.ui.context import AppContext
from workbench.ui.dialogs.conflict_compare import CompareRow, resolve_conflict
from workbench.ui.dialogs.eccp_tables import eccp_specs
from workbench.ui.dialogs.profile_tables import (
    governance_spec,
    income_spec,
    label_spec,
    media_spec,
    profile_fields,
    recognition_spec,
    staff_spec,
    story_spec,
)
from workbench.ui.dialogs.record_commands import form_rows
from workbench.ui.i18n import error_text
from workbench.ui.pages.base import Page
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets.record_table import (
    RecordForm,
    RecordTable,
    RecordTableSpec,
    changed_values,
    show_error,
    snapshot,
)

PROFILE_TABLE = ClusterProfile.__tablename__


def profile_command(
    ctx: AppContext,
    old: dict[str, Any] | None,
    new: dict[str, Any],
    expected_version: int | None,
    text: str,
) -> ServiceCommand:
    """Undoable save of the profile (undo of the first save deletes the profile row)."""
    first: dict[str, int | None] = {"version": expected_version}

    def do(cmd: ServiceCommand) -> Any:
        version, first["version"] = first["version"], None
        return cluster_service.save_profile(ctx.db, new, expected_version=version)

    def undo(cmd: ServiceCommand) -> None:
        if old is None:
            records.delete_record(ctx.db, ClusterProfile, cluster_service.PROFILE_ID)
        else:
            cluster_service.save_profile(ctx.db, old)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=PROFILE_TABLE)


class LazyTables(Mapping[str, RecordTable]):
    """The page's tables by key, each built by *build(key)* the first time it is asked for."""

    def __init__(self, keys: list[str], build: Callable[[str], RecordTable]) -> None:
        self._keys = list(keys)
        self._build = build
        self._built: dict[str, RecordTable] = {}

    def __getitem__(self, key: str) -> RecordTable:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._built:
            self._built[key] = self._build(key)
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> list[RecordTable]:
        """The tables built so far."""
        return list(self._built.values())


class ClusterProfilePage(Page):
    """The cluster's own data in tabs."""

    page_id = "cluster_profile"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.profile: ClusterProfile | None = None
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def title(self) -> str:
        return self.tr("Cluster profile")

    # ------------------------------------------------------------------ layout
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)

        profile_tab = QWidget(self.tabs)
        profile_layout = QVBoxLayout(profile_tab)
        scroll = QScrollArea(profile_tab)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        holder = QWidget(scroll)
        holder_layout = QHBoxLayout(holder)
        self.form = RecordForm(profile_fields(), holder)
        self.form.setMaximumWidth(820)
        holder_layout.addWidget(self.form, 1)
        holder_layout.addStretch(0)
        scroll.setWidget(holder)
        profile_layout.addWidget(scroll, 1)
        bar = QHBoxLayout()
        self.status_label = QLabel(profile_tab)
        bar.addWidget(self.status_label, 1)
        self.revert_button = QPushButton(self.tr("Revert"), profile_tab)
        self.save_button = QPushButton(self.tr("Save profile"), profile_tab)
        self.save_button.setDefault(True)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        profile_layout.addLayout(bar)
        self.tabs.addTab(profile_tab, self.tr("Profile"))

        # Twelve tables built and read at once held the first visit for half a second: each
        # is built (and reads its records) when its tab is first shown or it is first asked for.
        self._specs: dict[str, RecordTableSpec] = {}
        self._slots: dict[str, QWidget] = {}
        for key, spec, title in (
            ("staff", staff_spec(), self.tr("Staff")),
            ("income", income_spec(), self.tr("Income")),
            ("labels", label_spec(), self.tr("Labels")),
            ("governance", governance_spec(), self.tr("Governance bodies")),
            ("media", media_spec(), self.tr("Media")),
            ("stories", story_spec(), self.tr("Success stories")),
            ("recognitions", recognition_spec(), self.tr("Recognitions")),
        ):
            self.tabs.addTab(self._slot(key, spec, self.tabs), title)
        self.eccp_tabs = QTabWidget(self.tabs)
        for key, spec, title in eccp_specs():
            self.eccp_tabs.addTab(self._slot(key, spec, self.eccp_tabs), title)
        self.tabs.addTab(self.eccp_tabs, self.tr("ECCP profile"))
        self.tables = LazyTables(list(self._specs), self._build_table)

    def _slot(self, key: str, spec: RecordTableSpec, parent: QWidget) -> QWidget:
        """The empty tab that table *key* is built into."""
        slot = QWidget(parent)
        slot_layout = QVBoxLayout(slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        self._specs[key] = spec
        self._slots[key] = slot
        return slot

    def _build_table(self, key: str) -> RecordTable:
        slot = self._slots[key]
        table = RecordTable(self.ctx, self._specs[key], slot)
        table_layout = table.layout()
        if table_layout is not None:
            table_layout.setContentsMargins(9, 9, 9, 9)
        slot_layout = slot.layout()
        assert slot_layout is not None
        slot_layout.addWidget(table)
        table.sig_status.connect(self.sig_status)
        table.refresh()
        return table

    def _on_tab_shown(self, _index: int) -> None:
        self.current_table()  # builds it

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save_profile)
        self.revert_button.clicked.connect(self._on_revert)
        self.ctx.bus.sig_changed.connect(self._on_data_changed)
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self.eccp_tabs.currentChanged.connect(self._on_tab_shown)

    def _on_data_changed(self, changes: Changes | str) -> None:
        if Changes.coerce(changes).touches(PROFILE_TABLE):
            self._load_profile()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read the profile and the tables built so far (the others read when first shown)."""
        self._load_profile()
        for table in self.tables.built():
            table.refresh()

    def _load_profile(self) -> None:
        try:
            self.profile = cluster_service.get_profile(self.ctx.db)
        except WorkbenchError as exc:
            self.status_label.setText(error_text(exc))
            return
        names = [f.name for f in self.form.fields]
        self.form.set_values({n: getattr(self.profile, n) for n in names} if self.profile else {})
        if self.profile is None:
            self.status_label.setText(
                self.tr("The profile is empty: fill it in for the ECCP profile and the reports.")
            )
        else:
            self.status_label.setText("")

    def _conflict_rows(self) -> list[CompareRow] | None:
        """Field by field: what this window opened, what is saved now, and these edits."""
        if self.profile is None:
            return None
        opened = {f.name: getattr(self.profile, f.name) for f in self.form.fields}
        return form_rows(self.ctx, ClusterProfile, self.profile.id, self.form, opened)

    def _on_revert(self) -> None:
        self._load_profile()

    def current_table(self) -> RecordTable | None:
        """The table of the tab shown (built now if it was not yet), None on the Profile tab."""
        widget = self.tabs.currentWidget()
        if widget is self.eccp_tabs:
            widget = self.eccp_tabs.currentWidget()
        key = next((k for k, slot in self._slots.items() if slot is widget), None)
        return self.tables[key] if key is not None else None

    # ------------------------------------------------------------------ actions
    def save_profile(self, *, overwrite: int | None = None) -> bool:
        """Save the Profile tab; validation messages appear under the fields.

        *overwrite*: after a conflict, the version saved now that the user chose to overwrite
        (a newer one conflicts again).
        """
        self.form.clear_errors()
        try:
            values = self.form.values()
            old = snapshot(self.profile) if self.profile else None
            if self.profile is not None and not changed_values(self.profile, values):
                self.status_label.setText(self.tr("No changes to save."))
                return True
            version = None if self.profile is None else self.profile.version
            if overwrite is not None:
                version = overwrite
            command = profile_command(
                self.ctx, old, values, version, self.tr("Edit cluster profile")
            )
            push_edit(self.ctx.undo_stack, command)
        except ConflictError as exc:
            shown = exc.overwrite_version(self.profile.version if self.profile else None)
            resolve_conflict(
                self,
                exc,
                self._load_profile,
                lambda: self.save_profile(overwrite=shown),
                self._conflict_rows,
            )
            return False
        except ValidationError as exc:
            if not self.form.show_error(exc):
                show_error(self, exc)
            self.tabs.setCurrentIndex(0)
            return False
        except WorkbenchError as exc:
            show_error(self, exc)
            return False
        self._load_profile()
        self.status_label.setText(self.tr("Profile saved."))
        self.sig_status.emit(self.tr("Cluster profile saved"))
        return True

    def new_record(self) -> None:
        table = self.current_table()
        if table is not None:
            table.add_record()

    def delete_selected(self) -> None:
        table = self.current_table()
        if table is not None:
            table.delete_selected()
