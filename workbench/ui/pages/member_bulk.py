"""The Members page's bulk actions: one field of every selected organisation, one undo step.

A mixin of :class:`workbench.ui.pages.members.MembersPage` (moved out of members.py, which
passed 800 lines): assign to / remove from a competence area, mark a year's fee paid, end
the membership. Each asks first (unless told not to), writes through ``org_records``'
bulk snapshot so that undo puts back exactly what was there, and says what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from workbench.errors import WorkbenchError
from workbench.services import members as members_service
from workbench.services import org_records
from workbench.ui.formatting import format_date
from workbench.ui.i18n import ntr
from workbench.ui.undo import ServiceCommand, push_edit
from workbench.ui.widgets import messages

if TYPE_CHECKING:
    from workbench.ui.pages.base import Page

    _Base = Page
else:
    _Base = object


class MemberBulkActions(_Base):
    """Bulk actions on the selected rows of the Members page (a mixin of MembersPage)."""

    if TYPE_CHECKING:
        _areas: list[Any]

        def selected_ids(self) -> list[int]: ...

    def _on_bulk(self, kind: str) -> None:
        if not self.selected_ids():
            return
        from workbench.ui.dialogs.org_bulk import BulkActionDialog

        dialog = BulkActionDialog(kind, self._areas, len(self.selected_ids()), self)
        dialog.sig_accepted.connect(lambda values: self._run_bulk(kind, values))
        dialog.open()
        self._bulk_dialog = dialog

    def _run_bulk(self, kind: str, values: dict[str, Any]) -> None:
        if kind == "assign":
            self.assign_selected_to_area(values["area_id"], values["day"], confirm=False)
        elif kind == "remove":
            self.remove_selected_from_area(values["area_id"], values["day"], confirm=False)
        elif kind == "fee":
            self.mark_selected_fee_paid(values["year"], values["day"], confirm=False)
        elif kind == "end":
            self.end_selected_membership(values["day"], values.get("reason"), confirm=False)

    def _area_name(self, area_id: int) -> str:
        for area in self._areas:
            if area.id == area_id:
                return str(area.name)
        return str(area_id)

    def _bulk(
        self,
        title: str,
        question: str,
        key: str,
        action: Callable[[list[int]], int],
        done_text: Callable[[int], str],
        confirm: bool,
        **match: Any,
    ) -> int | None:
        ids = self.selected_ids()
        if not ids:
            return None
        if confirm and not messages.confirm(self, title, question):
            return None
        db = self.ctx.db

        def do(cmd: ServiceCommand) -> int:
            cmd.before = org_records.bulk_snapshot(db, key, ids, **match)  # type: ignore[attr-defined]
            return action(ids)

        def undo(cmd: ServiceCommand) -> None:
            org_records.bulk_restore(db, key, ids, cmd.before, **match)  # type: ignore[attr-defined]

        try:
            count = push_edit(
                self.ctx.undo_stack,
                ServiceCommand(title, do, undo, bus=self.ctx.bus, table="organisation"),
            )
        except WorkbenchError as exc:
            messages.show_error(self, exc)
            return None
        self.sig_status.emit(done_text(int(count)))
        return int(count)

    def assign_selected_to_area(
        self, area_id: int, from_date: date, *, confirm: bool = True
    ) -> int | None:
        """Add the selected organisations to a competence area from *from_date* (undoable)."""
        count = len(self.selected_ids())
        area = self._area_name(area_id)
        return self._bulk(
            self.tr("Assign to {area}").format(area=area),
            ntr(
                "Add %Ln organisation to “{area}” from {day}? If it is already in it, it is "
                "left as it is.",
                "Add %Ln organisations to “{area}” from {day}? Those already in it are "
                "left as they are.",
                count,
            ).format(area=area, day=format_date(from_date)),
            "area_participations",
            lambda ids: members_service.assign_to_area(self.ctx.db, ids, area_id, from_date),
            lambda n: ntr(
                "%Ln organisation added to the area.", "%Ln organisations added to the area.", n
            ),
            confirm,
            area_id=area_id,
        )

    def remove_selected_from_area(
        self, area_id: int, to_date: date, *, confirm: bool = True
    ) -> int | None:
        """End the selected organisations' participation in an area on *to_date* (undoable)."""
        count = len(self.selected_ids())
        area = self._area_name(area_id)
        return self._bulk(
            self.tr("Remove from {area}").format(area=area),
            ntr(
                "End the participation of %Ln organisation in “{area}” on {day}?",
                "End the participation of %Ln organisations in “{area}” on {day}?",
                count,
            ).format(area=area, day=format_date(to_date)),
            "area_participations",
            lambda ids: members_service.remove_from_area(self.ctx.db, ids, area_id, to_date),
            lambda n: ntr("%Ln participation ended.", "%Ln participations ended.", n),
            confirm,
            area_id=area_id,
        )

    def mark_selected_fee_paid(
        self, year: int, paid_date: date, *, confirm: bool = True
    ) -> int | None:
        """Mark the selected organisations' fee of *year* as paid in full (undoable)."""
        count = len(self.selected_ids())
        return self._bulk(
            self.tr("Mark fee {year} paid").format(year=year),
            ntr(
                "Mark the {year} fee of %Ln organisation as paid on {day}? A missing fee row "
                "is created with amount 0.",
                "Mark the {year} fee of %Ln organisations as paid on {day}? Missing fee "
                "rows are created with amount 0.",
                count,
            ).format(year=year, day=format_date(paid_date)),
            "fees",
            lambda ids: members_service.mark_fee_paid(self.ctx.db, ids, year, paid_date),
            lambda n: ntr("%Ln fee marked paid.", "%Ln fees marked paid.", n),
            confirm,
            year=year,
        )

    def end_selected_membership(
        self, leave_date: date, reason: str | None = None, *, confirm: bool = True
    ) -> int | None:
        """Close the open membership of the selected organisations on *leave_date* (undoable)."""
        count = len(self.selected_ids())
        return self._bulk(
            self.tr("End membership"),
            ntr(
                "End the membership of %Ln organisation on {day}? It stays in the database as "
                "a former member.",
                "End the membership of %Ln organisations on {day}? They stay in the "
                "database as former members.",
                count,
            ).format(day=format_date(leave_date)),
            "memberships",
            lambda ids: members_service.end_membership(self.ctx.db, ids, leave_date, reason),
            lambda n: ntr("%Ln membership ended.", "%Ln memberships ended.", n),
            confirm,
        )
