"""Undoable edits of an organisation's attachments: attach, describe, remove.

Each edit is a :class:`~workbench.ui.undo.ServiceCommand` around
:mod:`workbench.services.attachments`, pushed on the window's undo stack, so Ctrl+Z reverts it.
Stored files are never deleted: removing an attachment drops the link and its undo links the same
stored file again under the same id; redo of an attach links the file stored by the first run,
so the bytes leave the undo stack after it.
"""

from __future__ import annotations

from typing import Any

from workbench.models import OrganisationAttachment
from workbench.services import attachments
from workbench.services.attachments import AttachmentRow
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand

ATTACHMENT_TABLE = OrganisationAttachment.__tablename__


def attach_command(
    ctx: AppContext, org_id: int, file_name: str, content: bytes, text: str
) -> ServiceCommand:
    """Store *content* as *file_name* and attach it to *org_id*; undo removes the attachment."""
    pending = {"content": content}
    state: dict[str, dict[str, Any]] = {}

    def do(cmd: ServiceCommand) -> Any:
        if "content" in pending:
            return attachments.attach_content(ctx.db, org_id, file_name, pending.pop("content"))
        return attachments.restore(ctx.db, state["removed"])

    def undo(cmd: ServiceCommand) -> None:
        state["removed"] = attachments.remove(ctx.db, cmd.result.id)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=ATTACHMENT_TABLE)


def describe_command(
    ctx: AppContext, row: AttachmentRow, description: str | None, text: str
) -> ServiceCommand:
    """Change what *row* is said to be; the first run checks the version the user saw."""
    first: dict[str, int | None] = {"version": row.version}

    def write(value: str | None) -> Any:
        version, first["version"] = first["version"], None
        return attachments.set_description(ctx.db, row.id, value, expected_version=version)

    return ServiceCommand(
        text,
        lambda cmd: write(description),
        lambda cmd: write(row.description),
        bus=ctx.bus,
        table=ATTACHMENT_TABLE,
    )


def remove_command(ctx: AppContext, row: AttachmentRow, text: str) -> ServiceCommand:
    """Remove *row* (its stored file stays); undo attaches the same file again."""
    first: dict[str, int | None] = {"version": row.version}
    state: dict[str, dict[str, Any]] = {}

    def do(cmd: ServiceCommand) -> None:
        version, first["version"] = first["version"], None
        attachment_id = state["removed"]["id"] if "removed" in state else row.id
        state["removed"] = attachments.remove(ctx.db, attachment_id, expected_version=version)

    def undo(cmd: ServiceCommand) -> None:
        state["removed"]["id"] = attachments.restore(ctx.db, state["removed"]).id

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=ATTACHMENT_TABLE)
