"""Reports: plain report data (``data``) and its renderers (``excel``, ``pdf``, JSON).

Entry points for the GUI and the CLI: :func:`generate_report`, or :func:`build_report` and
:func:`render_report` separately. The report kinds (key, title, formats, builder) are
registered once in :mod:`workbench.reports.kinds`; :data:`REPORT_FORMATS` is a read-only view
of their formats. Renderers import reportlab/openpyxl only when used.
"""

from __future__ import annotations

from workbench.reports.generate import (
    REPORT_FORMATS,
    ReportError,
    build_report,
    check_request,
    default_file_name,
    generate_report,
    render_report,
    write_json,
)
from workbench.reports.model import ReportData

__all__ = [
    "REPORT_FORMATS",
    "ReportData",
    "ReportError",
    "build_report",
    "check_request",
    "default_file_name",
    "generate_report",
    "render_report",
    "write_json",
]
