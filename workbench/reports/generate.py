"""One entry point for every report: build the data, render it in the chosen format.

The GUI's Reports page and the ``workbench report`` command both call
:func:`generate_report` (or :func:`build_report` + :func:`render_report` to reuse the data for
several formats). Which reports exist, their formats and builders, is the registry of
:mod:`workbench.reports.kinds`. All functions are Qt-free, take a plain
``progress(done, total)`` callback (total is 100) which may raise to cancel, and never leave a
half-written file behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbench.db import Database
from workbench.errors import WorkbenchError
from workbench.reports.files import atomic_output
from workbench.reports.i18n import LANGUAGES
from workbench.reports.kinds import REGISTRY, BuildRequest, ReportKind, report_kinds
from workbench.reports.model import Progress, ReportData, scaled
from workbench.translatable import msg

#: Years a report can be asked for (the assessment engine's range too).
YEARS = range(1900, 2101)

REPORT_FORMATS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {kind.key: kind.formats for kind in report_kinds()}
)
"""Formats of each report, the default first (a read-only view of the kinds' registry)."""


class ReportError(WorkbenchError):
    """A report cannot be produced as asked (unknown report, format or language)."""


def report_kind(kind: str) -> ReportKind:
    """The registered report *kind*; ReportError when there is no report called so."""
    found = REGISTRY.get(kind)
    if found is None:
        raise ReportError(f"There is no '{kind}' report: choose one of {', '.join(REGISTRY)}.")
    return found


def check_year(year: int | None) -> None:
    """Raise ReportError naming *year* when it is outside 1900-2100 (None: the default year)."""
    if year is not None and year not in YEARS:
        raise ReportError(
            msg(
                "The year {year} is outside 1900–2100: give a four-digit year such as {example}.",
                year=year,
                example=date.today().year - 1,
            )
        )


def check_request(kind: str, fmt: str, lang: str = "en", year: int | None = None) -> None:
    """Raise ReportError when *kind* cannot be written as *fmt* in *lang* for *year*."""
    found = report_kind(kind)
    check_year(year)
    formats = found.formats
    if fmt not in formats:
        raise ReportError(
            f"The {found.title} report is available as {' or '.join(formats)}, "
            f"not {fmt}: choose --format {formats[0]}."
        )
    if lang not in LANGUAGES:
        raise ReportError(f"Reports are written in English (en) or Italian (it), not '{lang}'.")


def default_file_name(kind: str, fmt: str, *, year: int | None = None, lang: str = "en") -> str:
    """A file name such as ``assessment-2025-en.pdf``."""
    parts = [kind]
    if year is not None:
        parts.append(str(year))
    parts.append(lang)
    return "-".join(parts) + "." + fmt


def build_report(
    db: Database,
    kind: str,
    *,
    year: int | None = None,
    lang: str = "en",
    as_of: date | None = None,
    member_ids: Sequence[int] | None = None,
    filter_description: str | None = None,
    project_filters: Any = None,
    level: str = "gold",
    today: date | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """Build the plain data of report *kind* (its registered ``build``).

    Args:
        db: the open database.
        kind: a key of :data:`~workbench.reports.kinds.REGISTRY` (assessment, members,
            projects, eccp).
        year: assessment year Y (default: this year); for members and eccp without *as_of*,
            31 December of *year*; for projects, keep projects running in *year*.
        lang: en or it.
        as_of: reference day of the member directory and the ECCP figures.
        member_ids: the Members page's rows, in order (member directory only).
        filter_description: the Members page's filters in words (member directory only).
        project_filters: a :class:`~workbench.reports.data.ProjectFilters` (projects only).
        level: label level of the assessment (gold, silver or bronze).
        today: generation day (default: today).
        progress: ``progress(done, 100)``.
    """
    found = report_kind(kind)
    check_year(year)
    request = BuildRequest(
        today=today or date.today(),
        year=year,
        lang=lang,
        as_of=as_of,
        member_ids=member_ids,
        filter_description=filter_description,
        project_filters=project_filters,
        level=level,
    )
    return found.build(db, request, progress)


def render_report(
    report: ReportData, fmt: str, path: str | os.PathLike[str], progress: Progress | None = None
) -> Path:
    """Write *report* as *fmt* (xlsx, pdf or json) at *path*; returns the path."""
    check_request(report.kind, fmt, report.lang)
    if fmt == "xlsx":
        from workbench.reports.excel import write_xlsx

        return write_xlsx(report, path, progress)
    if fmt == "pdf":
        from workbench.reports.pdf import write_pdf

        return write_pdf(report, path, progress)
    return write_json(report, path)


def write_json(report: ReportData, path: str | os.PathLike[str]) -> Path:
    """Write the report's JSON payload (dates and amounts as strings), atomically."""
    from workbench.services.audit import to_json_value

    payload = report.payload or {}
    with atomic_output(path, ".json") as tmp_name:
        text = json.dumps(payload, default=to_json_value, ensure_ascii=False, indent=2)
        Path(tmp_name).write_text(text + "\n", encoding="utf-8")
    return Path(path)


def generate_report(
    db: Database,
    kind: str,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    lang: str = "en",
    as_of: date | None = None,
    member_ids: Sequence[int] | None = None,
    filter_description: str | None = None,
    project_filters: Any = None,
    level: str = "gold",
    today: date | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build report *kind* and write it as *fmt* at *path*; returns the written path.

    Progress runs 0-30 while the data is assembled and 30-100 while the file is written.
    Raises ReportError for a format the report does not have, before any work is done.
    """
    check_request(kind, fmt, lang)
    report = build_report(
        db,
        kind,
        year=year,
        lang=lang,
        as_of=as_of,
        member_ids=member_ids,
        filter_description=filter_description,
        project_filters=project_filters,
        level=level,
        today=today,
        progress=scaled(progress, 0, 30),
    )
    written = render_report(report, fmt, path, scaled(progress, 30, 100))
    if progress is not None:
        progress(100, 100)
    return written
