"""The member directory: the Members page's rows (or every member) on a day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.reports.kinds.base import BuildRequest, ReportKind

if TYPE_CHECKING:
    from workbench.db import Database
    from workbench.reports.model import Progress, ReportData


def build(db: Database, request: BuildRequest, progress: Progress | None) -> ReportData:
    """The directory of *request.member_ids* (None: every member) on the reference day."""
    from workbench.reports.data.directory import member_directory_data

    return member_directory_data(
        db,
        request.member_ids,
        request.lang,
        request.reference_day,
        filter_description=request.filter_description,
        today=request.today,
        progress=progress,
    )


MEMBERS = ReportKind("members", "member directory", ("xlsx", "pdf"), build)
