"""What an import changed, by record and name: the summary's list of links (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from workbench.db import Database
from workbench.importing.apply import ImportResult
from workbench.importing.plan.model import ImportPlan, RowStatus
from workbench.models import Activity, Organisation, Project
from workbench.services.base import in_batches, unit_of_work


@dataclass(frozen=True)
class ChangedRecord:
    """A record the import created or updated, for the summary's links."""

    table: str
    record_id: int
    label: str
    created: bool


def changed_records(db: Database, plan: ImportPlan, result: ImportResult) -> list[ChangedRecord]:
    """The records the import created or updated, with their names, for the summary."""
    updated = {r.target_id for r in plan.rows if r.status is RowStatus.UPDATE and r.target_id}
    models: dict[str, tuple[Any, ...]] = {
        "organisation": (Organisation, Organisation.name),
        "project": (Project, Project.acronym, Project.title),
        "activity": (Activity, Activity.title),
    }
    found: list[ChangedRecord] = []
    with unit_of_work(db, write=False) as session:
        for table, ids in result.changed.items():
            spec = models.get(table)
            names: dict[int, str] = {}
            if spec is not None:
                model, *columns = spec
                for part in in_batches(ids):
                    for rid, *values in session.execute(
                        select(model.id, *columns).where(model.id.in_(part))
                    ):
                        names[rid] = next((str(v) for v in values if v), f"#{rid}")
            for rid in ids:
                found.append(
                    ChangedRecord(table, rid, names.get(rid, f"#{rid}"), created=rid not in updated)
                )
    return found
