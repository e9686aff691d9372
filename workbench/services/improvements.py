"""Silver improvement areas: record, change, clear and list the three documented improvements.

Rules (DOMAIN.md "Silver: improvement areas"; where the issue was silent they are ours):

* Silver asks for **three** areas, kept in slots 1-3 (``position``); a fourth cannot be added.
* Each area names a **Gold indicator** (one of the 31 ids) — no two slots the same indicator.
* The **baseline** (value and date, from the first Bronze benchmarking) is required; the
  action and the result may follow later, while the improvement is under way.
* A result needs its date and its action (a result without an action documents nothing), and
  the result date is not before the baseline date.

The functions address an area by its slot, so an undo can put back what a slot held whatever
id the database gives the recreated row. Every change is recorded in the history like any
record (the models are ``Versioned``); evidence files live in the database's file store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.indicators.definitions import DEFINITIONS
from workbench.models import ImprovementArea, ImprovementEvidence
from workbench.services import files
from workbench.services.base import (
    apply_values,
    check_version,
    refers_to,
    require_order,
    require_text,
    unit_of_work,
    validate,
    validator,
)
from workbench.translatable import msg

__all__ = [
    "MAX_AREAS",
    "AreaSnapshot",
    "ImprovementRow",
    "attach_evidence",
    "clear_area",
    "link_evidence",
    "list_areas",
    "remove_evidence",
    "restore_area",
    "save_area",
    "snapshot_area",
]

MAX_AREAS = 3
"""Improvement areas the Silver label asks for."""

_GOLD_IDS = frozenset(d.id for d in DEFINITIONS)
_FIELDS = (
    "indicator_id",
    "baseline_value",
    "baseline_date",
    "action",
    "result_value",
    "result_date",
    "note",
)


@dataclass(frozen=True)
class EvidenceFile:
    """An evidence file of an area: its stored file and the name it was attached under."""

    stored_file_id: int
    file_name: str
    description: str | None = None


@dataclass(frozen=True)
class ImprovementRow:
    """One recorded area, plain values (no session)."""

    id: int
    version: int
    position: int
    indicator_id: str
    baseline_value: str
    baseline_date: date
    action: str | None
    result_value: str | None
    result_date: date | None
    note: str | None
    evidence: tuple[EvidenceFile, ...] = ()

    @property
    def evidence_names(self) -> list[str]:
        """The evidence files' names, in the order they were attached."""
        return [e.file_name for e in self.evidence]

    def values(self) -> dict[str, Any]:
        """The editable fields, as :func:`save_area` takes them."""
        return {name: getattr(self, name) for name in _FIELDS}


@dataclass(frozen=True)
class AreaSnapshot:
    """What a slot holds, to put it back (undo): the fields and the evidence links."""

    values: dict[str, Any]
    evidence: tuple[EvidenceFile, ...]


# --------------------------------------------------------------------------- validation


@validator(ImprovementArea)
def _validate_area(session: Session, area: ImprovementArea) -> None:
    if not isinstance(area.position, int) or not 1 <= area.position <= MAX_AREAS:
        raise ValidationError(
            msg(
                "Silver asks for {count} improvement areas: choose slot 1 to {count} "
                "(got {value}).",
                count=MAX_AREAS,
                value=area.position,
            ),
            "position",
        )
    area.indicator_id = require_text(area.indicator_id, "indicator_id", msg("The indicator"))
    if area.indicator_id not in _GOLD_IDS:
        raise ValidationError(
            msg(
                "{value} is not a Gold indicator: choose one of the 31 Gold indicators "
                "(for example 2.5).",
                value=area.indicator_id,
            ),
            "indicator_id",
        )
    _check_indicator_free(session, area)
    area.baseline_value = require_text(
        area.baseline_value, "baseline_value", msg("The baseline value")
    )
    if area.baseline_date is None:
        raise ValidationError(msg("The baseline date is required."), "baseline_date")
    for name in ("action", "result_value", "note"):
        setattr(area, name, (getattr(area, name) or "").strip() or None)
    _check_result(area)


def _check_indicator_free(session: Session, area: ImprovementArea) -> None:
    """No two slots may improve the same indicator."""
    # No autoflush: the area being checked is not valid yet and must not reach the database.
    with session.no_autoflush:
        other = session.scalars(
            select(ImprovementArea.position).where(
                ImprovementArea.indicator_id == area.indicator_id,
                ImprovementArea.position != area.position,
            )
        ).first()
    if other is not None:
        raise ValidationError(
            msg(
                "Indicator {indicator} is already improvement area {other}: choose another "
                "indicator.",
                indicator=area.indicator_id,
                other=other,
            ),
            "indicator_id",
        )


def _check_result(area: ImprovementArea) -> None:
    if area.result_value is not None and area.result_date is None:
        raise ValidationError(msg("Give the date of the result."), "result_date")
    if area.result_date is not None and area.result_value is None:
        raise ValidationError(msg("Give the result value of that date."), "result_value")
    if area.result_value is not None and area.action is None:
        raise ValidationError(msg("Describe the action taken that led to the result."), "action")
    require_order(
        area.baseline_date,
        area.result_date,
        "result_date",
        msg("The result date is before the baseline date."),
    )


# --------------------------------------------------------------------------- reading


def _area_at(session: Session, position: int) -> ImprovementArea | None:
    return session.scalars(
        select(ImprovementArea).where(ImprovementArea.position == position)
    ).first()


def _evidence_of(session: Session, area_id: int) -> list[ImprovementEvidence]:
    return list(
        session.scalars(
            select(ImprovementEvidence)
            .where(ImprovementEvidence.improvement_area_id == area_id)
            .order_by(ImprovementEvidence.id)
        )
    )


def _row(session: Session, area: ImprovementArea) -> ImprovementRow:
    evidence = tuple(
        EvidenceFile(e.stored_file_id, e.file_name, e.description)
        for e in _evidence_of(session, area.id)
    )
    return ImprovementRow(
        id=area.id,
        version=area.version,
        position=area.position,
        indicator_id=area.indicator_id,
        baseline_value=area.baseline_value,
        baseline_date=area.baseline_date,
        action=area.action,
        result_value=area.result_value,
        result_date=area.result_date,
        note=area.note,
        evidence=evidence,
    )


def list_areas(db: Database) -> list[ImprovementRow]:
    """The recorded areas by slot, each with its evidence files."""
    with unit_of_work(db, write=False) as session:
        areas = session.scalars(select(ImprovementArea).order_by(ImprovementArea.position))
        return [_row(session, a) for a in areas]


def snapshot_area(db: Database, position: int) -> AreaSnapshot | None:
    """What slot *position* holds (None: empty), to restore it with :func:`restore_area`."""
    with unit_of_work(db, write=False) as session:
        area = _area_at(session, position)
        if area is None:
            return None
        row = _row(session, area)
        return AreaSnapshot(row.values(), row.evidence)


# --------------------------------------------------------------------------- writing


def save_area(
    db: Database,
    position: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> ImprovementRow:
    """Record (or change) the area in slot *position*; returns it.

    Raises:
        ValidationError: a rule of the module docstring is broken (nothing is written).
        ConflictError: the area changed since *expected_version*.
    """
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ValueError(f"not improvement-area fields: {sorted(unknown)}")
    with unit_of_work(db) as session:
        area = _area_at(session, position)
        if area is None:
            area = ImprovementArea(position=position)
            session.add(area)
        else:
            check_version(session, area, expected_version)
        apply_values(area, values)
        validate(session, area)
        session.flush()
        return _row(session, area)


def clear_area(db: Database, position: int) -> None:
    """Empty slot *position*: the area and its evidence links go (the stored files stay)."""
    with unit_of_work(db) as session:
        area = _area_at(session, position)
        if area is None:
            return
        # Deleted one by one (not by the database's cascade) so the history records each link.
        for link in _evidence_of(session, area.id):
            session.delete(link)
        session.flush()
        session.delete(area)


def restore_area(db: Database, position: int, snapshot: AreaSnapshot | None) -> None:
    """Make slot *position* hold exactly *snapshot* (None: empty), in one unit of work."""
    with unit_of_work(db) as session:
        area = _area_at(session, position)
        if area is not None:
            for link in _evidence_of(session, area.id):
                session.delete(link)
            session.flush()
            session.delete(area)
            session.flush()
        if snapshot is None:
            return
        area = ImprovementArea(position=position)
        apply_values(area, snapshot.values)
        validate(session, area)
        session.add(area)
        session.flush()
        for evidence in snapshot.evidence:
            _add_link(session, area.id, evidence)


def _add_link(session: Session, area_id: int, evidence: EvidenceFile) -> ImprovementEvidence:
    link = ImprovementEvidence(
        improvement_area_id=area_id,
        stored_file_id=evidence.stored_file_id,
        file_name=evidence.file_name,
        description=(evidence.description or "").strip() or None,
    )
    validate(session, link)
    session.add(link)
    session.flush()
    return link


def _require_area(session: Session, position: int) -> ImprovementArea:
    area = _area_at(session, position)
    if area is None:
        raise ValidationError(
            msg("Save improvement area {position} before attaching evidence.", position=position),
            "position",
        )
    return area


def attach_evidence(
    db: Database, position: int, file_name: str, content: bytes, description: str | None = None
) -> EvidenceFile:
    """Store *content* and attach it to the area in slot *position*, in one unit of work.

    Raises:
        ValidationError: the slot is empty, or the file is over the size limit.
    """
    with unit_of_work(db) as session:
        area = _require_area(session, position)
        stored = files.add_file(session, file_name, content, db.user)
        evidence = EvidenceFile(stored.id, file_name, description)
        _add_link(session, area.id, evidence)
        return evidence


def link_evidence(db: Database, position: int, evidence: EvidenceFile) -> None:
    """Attach an already stored file to the area in slot *position* (redo of an attach)."""
    with unit_of_work(db) as session:
        _add_link(session, _require_area(session, position).id, evidence)


def remove_evidence(db: Database, position: int, stored_file_id: int) -> None:
    """Forget the link from slot *position* to a stored file (the file stays in the store)."""
    with unit_of_work(db) as session:
        area = _area_at(session, position)
        if area is None:
            return
        for link in _evidence_of(session, area.id):
            if link.stored_file_id == stored_file_id:
                session.delete(link)
                return


@validator(ImprovementEvidence)
def _validate_evidence(session: Session, evidence: ImprovementEvidence) -> None:
    evidence.file_name = require_text(evidence.file_name, "file_name", msg("The file name"))
    if not refers_to(evidence, "stored_file"):
        raise ValidationError(msg("Choose the evidence file to attach."), "stored_file_id")
