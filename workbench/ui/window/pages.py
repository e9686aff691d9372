"""The sidebar's pages: where each one comes from, and what stands in for one that failed.

Pages are created the first time they are shown (fast start with 10,000 members):
:data:`PAGE_SPECS` names each page's module and class, imported then. A page that raises while
it loads or starts is replaced by :class:`PageFailedPage`, which says so; the rest of the
window keeps working.

A page whose module needs a heavy part of the Qt-free core (the Import page: the importer,
SQLAlchemy's bulk paths, openpyxl and numpy, 0.6-0.9 s to import; the Reports page: the
indicator engine) names it in
:attr:`PageSpec.preload`; its first visit imports that on a background task (:func:`import_core`,
nothing there touches Qt: the layer contract says so) while :class:`PageLoading` stands in,
then builds the page on the UI thread.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from workbench.ui.context import AppContext
from workbench.ui.pages.base import Page


@dataclass(frozen=True)
class PageSpec:
    """Where a sidebar page comes from."""

    page_id: str
    module: str
    class_name: str
    #: Name of the sidebar icon in ``workbench/resources/icons`` (``workbench.ui.icons``).
    icon: str
    #: The table whose records this page's editor opens (``open_record(record_id)``).
    opens: str | None = None
    #: Qt-free core modules the page's module imports, imported off the UI thread first.
    preload: tuple[str, ...] = ()

    def preloaded(self) -> bool:
        """Whether every module of :attr:`preload` is imported already."""
        return all(name in sys.modules for name in self.preload)


PAGE_SPECS = (
    PageSpec(
        "dashboard",
        "workbench.ui.pages.dashboard",
        "DashboardPage",
        "dashboard",
    ),
    PageSpec(
        "members",
        "workbench.ui.pages.members",
        "MembersPage",
        "members",
    ),
    PageSpec(
        "areas",
        "workbench.ui.pages.areas",
        "AreasPage",
        "areas",
        opens="competence_area",
    ),
    PageSpec(
        "pillars",
        "workbench.ui.pages.pillars",
        "PillarsPage",
        "pillars",
        opens="strategic_pillar",
    ),
    PageSpec(
        "projects",
        "workbench.ui.pages.projects",
        "ProjectsPage",
        "projects",
        opens="project",
    ),
    PageSpec(
        "activities",
        "workbench.ui.pages.activities",
        "ActivitiesPage",
        "activities",
        opens="activity",
    ),
    PageSpec(
        "cluster_profile",
        "workbench.ui.pages.cluster_profile",
        "ClusterProfilePage",
        "cluster_profile",
    ),
    PageSpec(
        "reports",
        "workbench.ui.pages.reports",
        "ReportsPage",
        "reports",
        preload=("workbench.indicators", "workbench.reports.generate"),
    ),
    PageSpec(
        "import",
        "workbench.ui.importing.page",
        "ImportPage",
        "import",
        preload=("workbench.importing",),
    ),
)


def import_core(_state: Any, names: tuple[str, ...]) -> None:
    """Import the Qt-free modules *names* (a background task: no widget, no Qt)."""
    for name in names:
        importlib.import_module(name)


class PageLoading(QWidget):
    """Stands in for a page while what it needs is imported in the background."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageLoading")
        self.label = QLabel(self.tr("Loading {title}…").format(title=title))
        self.label.setObjectName("pageLoadingLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addStretch(2)


class PageFailedPage(Page):
    """Stands in for a page that failed to load or start: a defect, reported, never hidden.

    Every page ships with the program, so this only appears when one raised; the rest of the
    window keeps working and the details are in the log file.
    """

    def __init__(
        self,
        ctx: AppContext,
        spec: PageSpec,
        title: str,
        error: BaseException,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.page_id = spec.page_id
        self._title = title
        self.error = error
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        heading = self.tr("The {title} page could not be loaded").format(title=title)
        body = self.tr(
            "The page failed to start ({kind}). The details were written to the log file; "
            "the rest of the program works normally."
        ).format(kind=type(error).__name__)
        heading_label = QLabel(f"<h2>{heading}</h2>")
        heading_label.setWordWrap(True)
        body_label = QLabel(body)
        body_label.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(heading_label)
        text.addWidget(body_label)
        text.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)
        box = QWidget()
        box.setMaximumWidth(760)
        box.setLayout(row)
        outer = QHBoxLayout()
        outer.addWidget(box, 1)
        outer.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addLayout(outer)
        layout.addStretch(1)

    def title(self) -> str:
        return self._title
