"""The label-assessment evidence pack (Excel workbook or PDF) of assessment year Y."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.reports.kinds.base import BuildRequest, ReportKind

if TYPE_CHECKING:
    from workbench.db import Database
    from workbench.reports.model import Progress, ReportData


def build(db: Database, request: BuildRequest, progress: Progress | None) -> ReportData:
    """The evidence for *request.year* (default: this year) at *request.level*."""
    from workbench.reports.data.assessment import assessment_data

    year = request.year or request.today.year
    return assessment_data(
        db, year, request.lang, request.today, level=request.level, progress=progress
    )


ASSESSMENT = ReportKind("assessment", "label-assessment evidence", ("xlsx", "pdf"), build)
