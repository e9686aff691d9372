"""The ECCP profile figures and kept fields (Excel workbook or JSON) on a day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.reports.kinds.base import BuildRequest, ReportKind

if TYPE_CHECKING:
    from workbench.db import Database
    from workbench.reports.model import Progress, ReportData


def build(db: Database, request: BuildRequest, progress: Progress | None) -> ReportData:
    """The figures on the reference day (default: the generation day)."""
    from workbench.reports.data.eccp import eccp_data

    day = request.reference_day or request.today
    return eccp_data(db, day, request.lang, today=request.today, progress=progress)


ECCP = ReportKind("eccp", "ECCP figures", ("xlsx", "json"), build)
