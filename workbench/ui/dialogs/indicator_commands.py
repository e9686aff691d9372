"""Undoable edits of the Indicators view: manual values, thresholds and evidence files.

Every edit is a :class:`~workbench.ui.undo.ServiceCommand` around the cluster services, so the
window's Undo reverts it. Evidence files are copied into an ``evidence`` folder beside a SQLite
database file (``<db folder>/evidence/<indicator>/<year>/<file>``) so that the evidence pack
travels with the database; on a server database the original path is kept. The app never
deletes a file in that folder: removing evidence (or undoing an attachment) only forgets the
link, so nothing a user attached can be lost by a click.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import IndicatorEvidence, IndicatorThreshold, IndicatorValue
from workbench.services import base as records
from workbench.services import cluster as cluster_service
from workbench.ui.context import AppContext
from workbench.ui.undo import ServiceCommand
from workbench.ui.widgets.record_table import create_command, delete_command

VALUE_TABLE = IndicatorValue.__tablename__
THRESHOLD_TABLE = IndicatorThreshold.__tablename__
EVIDENCE_TABLE = IndicatorEvidence.__tablename__
EVIDENCE_FOLDER = "evidence"


def tr(text: str) -> str:
    """Translate *text* in the ``IndicatorsView`` context."""
    return QCoreApplication.translate("IndicatorsView", text)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ManualEntry:
    """What is stored for one indicator and year (plain values, no session)."""

    value_number: Decimal | None = None
    value_text: str | None = None
    passed: bool | None = None
    note: str | None = None

    def as_values(self) -> dict[str, Any]:
        """Keyword arguments of ``set_indicator_value``."""
        return {
            "value_number": self.value_number,
            "value_text": self.value_text,
            "passed": self.passed,
            "note": self.note,
        }

    def is_empty(self) -> bool:
        """True when nothing at all is entered."""
        return (
            self.value_number is None
            and not (self.value_text or "").strip()
            and self.passed is None
            and not (self.note or "").strip()
        )


def manual_entries(db: Database, indicator_id: str) -> dict[int, ManualEntry]:
    """The entered values of *indicator_id*, by year."""
    rows = records.list_records(
        db, IndicatorValue, where=[IndicatorValue.indicator_id == indicator_id]
    )
    return {
        r.year: ManualEntry(r.value_number, r.value_text, r.passed, r.note) for r in rows
    }


def threshold_row(db: Database, indicator_id: str) -> IndicatorThreshold | None:
    """The cluster's own threshold of *indicator_id*, or None when the default applies."""
    rows = records.list_records(
        db, IndicatorThreshold, where=[IndicatorThreshold.indicator_id == indicator_id]
    )
    return rows[0] if rows else None


def evidence_rows(db: Database, indicator_id: str, years: list[int]) -> list[IndicatorEvidence]:
    """Evidence files of *indicator_id* for *years*, by year then name."""
    return records.list_records(
        db,
        IndicatorEvidence,
        where=[IndicatorEvidence.indicator_id == indicator_id, IndicatorEvidence.year.in_(years)],
        order_by=[IndicatorEvidence.year, IndicatorEvidence.file_name, IndicatorEvidence.id],
    )


# --------------------------------------------------------------------------- manual values


def _delete_value(db: Database, indicator_id: str, year: int) -> None:
    rows = records.list_records(
        db,
        IndicatorValue,
        where=[IndicatorValue.indicator_id == indicator_id, IndicatorValue.year == year],
    )
    for row in rows:
        records.delete_record(db, IndicatorValue, row.id)


def _write_value(db: Database, indicator_id: str, year: int, entry: ManualEntry | None) -> None:
    if entry is None:
        _delete_value(db, indicator_id, year)
    else:
        cluster_service.set_indicator_value(db, indicator_id, year, **entry.as_values())


def manual_value_command(
    ctx: AppContext,
    indicator_id: str,
    year: int,
    new: ManualEntry | None,
    old: ManualEntry | None,
    text: str,
) -> ServiceCommand:
    """Save (or, with *new* None, clear) the value of *indicator_id* for *year*; undo restores."""
    db = ctx.db

    def do(cmd: ServiceCommand) -> None:
        _write_value(db, indicator_id, year, new)

    def undo(cmd: ServiceCommand) -> None:
        _write_value(db, indicator_id, year, old)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=VALUE_TABLE)


# --------------------------------------------------------------------------- thresholds


def _restore_threshold(db: Database, indicator_id: str, saved: tuple[Any, Any] | None) -> None:
    if saved is None:
        cluster_service.set_threshold(db, indicator_id, None)
        return
    value, note = saved
    if value is not None:
        cluster_service.set_threshold(db, indicator_id, value, note)
        return
    # A row without a value means "no threshold" (it still replaces the default).
    cluster_service.set_threshold(db, indicator_id, None)
    records.create_record(
        db, IndicatorThreshold, {"indicator_id": indicator_id, "value": None, "note": note}
    )


def threshold_command(
    ctx: AppContext,
    indicator_id: str,
    value: Decimal | None,
    note: str | None,
    old: IndicatorThreshold | None,
    text: str,
) -> ServiceCommand:
    """Set the cluster's threshold (*value* None: back to the default); undo restores."""
    db = ctx.db
    saved = None if old is None else (old.value, old.note)

    def do(cmd: ServiceCommand) -> None:
        if value is None:
            cluster_service.set_threshold(db, indicator_id, None)
        else:
            cluster_service.set_threshold(db, indicator_id, value, note)

    def undo(cmd: ServiceCommand) -> None:
        _restore_threshold(db, indicator_id, saved)

    return ServiceCommand(text, do, undo, bus=ctx.bus, table=THRESHOLD_TABLE)


# --------------------------------------------------------------------------- evidence


def _safe_part(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "_", text).strip("._") or "x"


def evidence_folder(db: Database) -> Path | None:
    """Where evidence files are copied: ``evidence`` beside a SQLite file, else None."""
    return db.path.parent / EVIDENCE_FOLDER if db.path is not None else None


def store_evidence_file(db: Database, source: Path, indicator_id: str, year: int) -> Path:
    """Copy *source* into the evidence folder (when there is one); returns the path to store.

    The same file attached twice is copied once; a different file with the same name gets a
    numbered name instead of replacing the first.

    Raises:
        ValidationError: the file does not exist or cannot be copied.
    """
    if not source.is_file():
        raise ValidationError(
            tr("{path} does not exist or is not a file. Choose the file again.").format(
                path=source
            ),
            "file_path",
        )
    folder = evidence_folder(db)
    if folder is None:
        return source
    target_dir = folder / _safe_part(indicator_id) / str(year)
    target = target_dir / source.name
    counter = 2
    try:
        while target.exists():
            if source.resolve() == target.resolve() or filecmp.cmp(source, target, shallow=False):
                return target
            target = target_dir / f"{source.stem} ({counter}){source.suffix}"
            counter += 1
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    except OSError as exc:
        raise ValidationError(
            tr("{name} could not be copied into {folder} ({reason}). Check that the folder is "
               "writable and that the disk is not full.").format(
                name=source.name, folder=target_dir, reason=exc.strerror or exc
            ),
            "file_path",
        ) from exc
    return target


def attach_evidence_command(
    ctx: AppContext,
    indicator_id: str,
    year: int,
    stored: Path,
    file_name: str,
    description: str | None,
    text: str,
) -> ServiceCommand:
    """Link the (already stored) evidence file *stored* to the indicator and year."""
    values = {
        "indicator_id": indicator_id,
        "year": year,
        "file_name": file_name,
        "file_path": str(stored),
        "description": (description or "").strip() or None,
    }
    return create_command(ctx, IndicatorEvidence, values, text)


def remove_evidence_command(
    ctx: AppContext, evidence: IndicatorEvidence, text: str
) -> ServiceCommand:
    """Forget an evidence link (the file itself stays where it is); undo links it again."""
    return delete_command(ctx, IndicatorEvidence, evidence, text)
