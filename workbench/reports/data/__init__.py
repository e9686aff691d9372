"""Report data assembly: from the database (services, indicators engine) to plain tables.

Each builder returns a :class:`~workbench.reports.model.ReportData` that the renderers write
as xlsx, PDF or JSON. Builders read through the services (one unit of work per query) and the
indicators engine, and convert everything into plain values: the renderers never see an ORM
object or an engine result.

Builders, one module each:
    :func:`assessment_data` (``assessment``) - the label-assessment evidence pack for year Y,
        assembled from the section tables of ``cluster``, ``register``, ``strategy``,
        ``projects`` and ``indicators``
    :func:`member_directory_data` (``directory``) - the members shown on the Members page
    :func:`project_portfolio_data` (``portfolio``) - projects with the Projects page's filters
    :func:`eccp_data` (``eccp``) - the ECCP profile figures on a day

``common`` holds what they share (the cluster's profile, a new report, an empty report's
sentence). Which report kinds exist, and in which formats, is :mod:`workbench.reports.kinds`.
"""

from __future__ import annotations

from workbench.reports.data.assessment import assessment_data
from workbench.reports.data.directory import member_directory_data
from workbench.reports.data.eccp import eccp_data
from workbench.reports.data.portfolio import project_portfolio_data
from workbench.reports.data.projects import ProjectFilters
from workbench.reports.data.register import RegisterRow, member_register, member_registers
from workbench.reports.model import (
    Block,
    Chart,
    ChartRow,
    ColumnSpec,
    Heading,
    PageBreak,
    Paragraph,
    ReportData,
    Score,
    Section,
    Sheet,
    Table,
)

__all__ = [
    "Block",
    "Chart",
    "ChartRow",
    "ColumnSpec",
    "Heading",
    "PageBreak",
    "Paragraph",
    "ReportData",
    "Score",
    "Section",
    "Sheet",
    "Table",
    "ProjectFilters",
    "RegisterRow",
    "assessment_data",
    "eccp_data",
    "member_directory_data",
    "member_register",
    "member_registers",
    "project_portfolio_data",
]
