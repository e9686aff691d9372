"""Which projects count: the one rule for money, "running projects" and the pipeline.

Used by the dashboard, the indicators (2.6), every report and the command line. Assessors read
project money as money the cluster and its members actually obtained, so:

* **Funded** means status ``funded`` or ``closed``. Only these count as running and only their
  budgets are summed into funding.
* The **pipeline** is everything else that is dated: ``idea`` → ``special`` (a special project
  of a competence area) → ``submitted`` proposals, and ``rejected`` proposals. It is shown
  apart, never added to funding.
* A project **without a start date** is listed as "no dates" and never counted as running, in
  any period.

A project runs in a period when it starts on or before the period's last day and ends (if it
has an end) on or after its first day.

Statuses are compared as text (``ProjectStatus`` is a ``StrEnum``), so this module needs neither
the models nor SQLAlchemy (the rules layer sits below both).
"""

from __future__ import annotations

from datetime import date

#: Statuses whose budgets are funding and whose projects can be "running".
FUNDED_STATUSES = frozenset({"funded", "closed"})
#: Statuses of the pipeline, in the order a project moves through them (rejected last).
PIPELINE_STATUSES = ("idea", "special", "submitted", "rejected")
#: The pipeline still in play: everything but rejected proposals.
OPEN_PIPELINE_STATUSES = frozenset({"idea", "special", "submitted"})

#: The three classes every project falls into (see :func:`project_class`).
FUNDED = "funded"
PIPELINE = "pipeline"
NO_DATES = "no_dates"


def is_funded(status: str | None) -> bool:
    """True for funded and closed projects: the only ones whose money counts."""
    return status is not None and str(status) in FUNDED_STATUSES


def is_open_pipeline(status: str | None) -> bool:
    """True for ideas, special projects and submitted proposals (dated or not)."""
    return status is not None and str(status) in OPEN_PIPELINE_STATUSES


def overlaps(start: date | None, end: date | None, first: date, last: date) -> bool:
    """True when a project dated *start*–*end* runs at some point between *first* and *last*.

    An undated project (no start) never runs; an open end runs on.
    """
    if start is None:
        return False
    return start <= last and (end is None or end >= first)


def runs_in(
    status: str | None, start: date | None, end: date | None, first: date, last: date
) -> bool:
    """True when a project is funded (or closed) and its dates overlap *first*–*last*."""
    return is_funded(status) and overlaps(start, end, first, last)


def runs_on(status: str | None, start: date | None, end: date | None, day: date) -> bool:
    """True when a project is funded (or closed) and running on *day*."""
    return runs_in(status, start, end, day, day)


def project_class(status: str | None, start: date | None) -> str:
    """FUNDED, PIPELINE or NO_DATES: undated projects are "no dates" whatever their status."""
    if start is None:
        return NO_DATES
    return FUNDED if is_funded(status) else PIPELINE


def in_pipeline(
    status: str | None, start: date | None, end: date | None, first: date, last: date
) -> bool:
    """True for a dated project that is not funded and whose dates touch *first*–*last*."""
    return project_class(status, start) == PIPELINE and overlaps(start, end, first, last)
