"""The project portfolio, with the Projects page's filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.reports.kinds.base import BuildRequest, ReportKind

if TYPE_CHECKING:
    from workbench.db import Database
    from workbench.reports.model import Progress, ReportData


def build(db: Database, request: BuildRequest, progress: Progress | None) -> ReportData:
    """The portfolio of *request.project_filters* (None: the projects running in the year)."""
    from workbench.reports.data.portfolio import project_portfolio_data
    from workbench.reports.data.projects import ProjectFilters

    filters = request.project_filters
    if filters is None:
        filters = ProjectFilters(year=request.year)
    return project_portfolio_data(db, request.lang, filters, today=request.today, progress=progress)


PROJECTS = ReportKind("projects", "project portfolio", ("xlsx", "pdf"), build)
