"""The report kinds, registered once: :data:`REGISTRY` (like pretix's exporters).

Each kind has its own module (``assessment``, ``members``, ``projects``, ``eccp``) declaring a
:class:`~workbench.reports.kinds.base.ReportKind`: key, title, formats and
``build(db, request, progress)``. The command line, the Reports page and
:mod:`workbench.reports.generate` read the kinds and their formats from here. A new kind is a
new module and one more entry below.
"""

from __future__ import annotations

from workbench.reports.kinds.assessment import ASSESSMENT
from workbench.reports.kinds.base import Builder, BuildRequest, ReportKind
from workbench.reports.kinds.eccp import ECCP
from workbench.reports.kinds.members import MEMBERS
from workbench.reports.kinds.projects import PROJECTS

REGISTRY: dict[str, ReportKind] = {kind.key: kind for kind in (ASSESSMENT, MEMBERS, PROJECTS, ECCP)}
"""Every report kind by key, in the order menus and help texts list them."""


def report_kinds() -> list[ReportKind]:
    """Every report kind, in the registry's order."""
    return list(REGISTRY.values())


def formats_of(key: str) -> tuple[str, ...]:
    """The formats report *key* can be written in, the default first (KeyError if unknown)."""
    return REGISTRY[key].formats


__all__ = [
    "ASSESSMENT",
    "ECCP",
    "MEMBERS",
    "PROJECTS",
    "REGISTRY",
    "BuildRequest",
    "Builder",
    "ReportKind",
    "formats_of",
    "report_kinds",
]
