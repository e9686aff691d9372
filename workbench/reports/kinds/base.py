"""What a report kind declares, and the request it is built from.

A kind (:class:`ReportKind`) is declared once, in its own module of this package, and listed
once in the registry (:data:`workbench.reports.kinds.REGISTRY`), like pretix's exporters:
its key, the words messages name it by, the formats it can be written in and the function
that builds its plain data. Nothing else keeps a list of kinds or formats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.db import Database
    from workbench.reports.model import Progress, ReportData


@dataclass(frozen=True)
class BuildRequest:
    """What a report is built from; each kind reads the fields it needs and ignores the rest.

    Attributes:
        today: the generation day (printed on the report).
        year: the year asked for (None: the kind's default).
        lang: en or it.
        as_of: the reference day asked for (member directory, ECCP figures).
        member_ids: the Members page's rows, in order (member directory).
        filter_description: the Members page's filters in words (member directory).
        project_filters: a :class:`~workbench.reports.data.ProjectFilters` (project portfolio).
        level: label level of the assessment (gold, silver or bronze).
    """

    today: date
    year: int | None = None
    lang: str = "en"
    as_of: date | None = None
    member_ids: Sequence[int] | None = None
    filter_description: str | None = None
    project_filters: Any = None
    level: str = "gold"

    @property
    def reference_day(self) -> date | None:
        """*as_of*, else 31 December of a past *year*, else None (the kind's own default)."""
        if self.as_of is None and self.year is not None and self.year < self.today.year:
            return date(self.year, 12, 31)
        return self.as_of


Builder = Callable[["Database", BuildRequest, "Progress | None"], "ReportData"]
"""``build(db, request, progress)``: the plain data of one report (``progress(done, 100)``)."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    Attributes:
        key: the name commands and settings use (``assessment``), also the file name's start.
        title: the kind in English words for messages ("member directory").
        formats: the formats it can be written in, the default first.
        build: the function that builds its data (see :data:`Builder`); it imports the data
            builders when called, so that listing the kinds stays cheap.
    """

    key: str
    title: str
    formats: tuple[str, ...]
    build: Builder = field(repr=False)
