"""The demo cluster builder: :func:`build_demo` runs the steps of :class:`DemoBuilder` in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from workbench.db import Database
from workbench.demo.cluster_activities import ActivitySteps
from workbench.demo.cluster_members import MemberSteps
from workbench.demo.cluster_profile import ProfileSteps
from workbench.demo.cluster_projects import ProjectSteps
from workbench.demo.common import DemoSummary, Progress, check_today, refuse_non_empty, summarise
from workbench.demo.eccp import add_eccp_profile


class DemoBuilder(ProfileSteps, MemberSteps, ProjectSteps, ActivitySteps):
    """Builds the demo cluster into one session; every random draw comes from ``self.rng``."""

    # ------------------------------------------------------------------ driver

    def run(self) -> None:
        steps: list[Callable[[], None]] = [
            self.profile,
            self.strategy,
            self.organisations,
            self.write_organisations,
            self.participations,
            self.contact_log,
            self.projects_,
            self.activities,
            self.finances,
            self.recognition,
        ]
        for done, step in enumerate(steps, start=1):
            step()
            self.s.flush()
            if self.progress is not None:
                self.progress(done, len(steps))


def build_demo(
    db: Database,
    *,
    seed: int = 2009,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo energy-cleantech cluster.

    Everything is written in one transaction with history (source ``demo``).

    Args:
        db: an open, empty database.
        seed: random seed; the same seed and *today* give exactly the same data.
        today: the day the demo is "as of" (default: the real today); the five years of
            history are ``today.year - 4`` to ``today.year``. Must be 2022-01-01 or later.
        progress: called as ``progress(done, total)`` after each step.

    Returns:
        Counts of what was written.

    Raises:
        WorkbenchError: if the database already holds organisations or a cluster profile.
    """
    day = check_today(today)
    with db.session_factory.begin() as session:
        session.info["source"] = "demo"
        session.info["user"] = db.user
        refuse_non_empty(session)
        builder = DemoBuilder(session, seed, day, progress)
        builder.run()
        add_eccp_profile(session)  # the ECCP profile page's lists (its own module)
        return summarise(session, day, builder.years)
