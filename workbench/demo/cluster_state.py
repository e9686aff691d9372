"""The demo builder's shared state and the plans it keeps of organisations and staff."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from workbench import sme
from workbench.demo.common import YEARS_OF_HISTORY, Progress
from workbench.demo.generators import day_between
from workbench.demo.names import Place
from workbench.models import (
    CompetenceArea,
    Organisation,
    OrgType,
    Project,
    StrategicPillar,
)


@dataclass
class Period:
    """A planned membership period (join, leave, why, category, agreement signed)."""

    join: date
    leave: date | None = None
    reason: str | None = None
    category: str = "ordinario"
    signed: bool = True


@dataclass
class OrgSpec:
    """A planned organisation; ``org`` is the record once it is written."""

    name: str
    org_type: OrgType
    place: Place
    legal_name: str | None = None
    pattern: str | None = None  # size pattern: a class value, a SIZE_SERIES key or None (no data)
    has_vat: bool = True
    domain: str | None = None
    address: str | None = None
    nace: str | None = None
    founder: bool = False
    periods: list[Period] = field(default_factory=list)
    propensity: float = 1.0  # how often the organisation takes part in activities
    org: Organisation | None = None
    figures: list[sme.YearFigures] = field(default_factory=list)

    def member_on(self, day: date) -> bool:
        return any(p.join <= day and (p.leave is None or p.leave > day) for p in self.periods)

    def member_in_year(self, year: int) -> bool:
        first, last = date(year, 1, 1), date(year, 12, 31)
        return any(p.join <= last and (p.leave is None or p.leave > first) for p in self.periods)

    @property
    def first_join(self) -> date:
        return self.periods[0].join

    @property
    def last_leave(self) -> date | None:
        return self.periods[-1].leave


@dataclass(frozen=True)
class StaffSpec:
    """A member of the cluster organisation's staff, as the profile step plans it."""

    name: str
    role: str
    fte: str
    start: date
    end: date | None
    degree: str
    experience: int
    languages: str
    training: str


class ClusterState:
    """What the demo builder's steps share: the session, the one ``rng``, the plans made so far.

    Each group of steps (``cluster_profile``, ``cluster_members``, ``cluster_projects``,
    ``cluster_activities``) subclasses this; :class:`workbench.demo.cluster.DemoBuilder` joins
    them and runs them in order. Every random draw comes from ``self.rng``, so the order of the
    steps and of the draws inside them is what makes a seed give the same data.
    """

    def __init__(self, session: Session, seed: int, today: date, progress: Progress | None) -> None:
        self.s = session
        self.rng = random.Random(seed)
        self.today = today
        self.year = today.year
        self.years = list(range(self.year - YEARS_OF_HISTORY + 1, self.year + 1))
        self.progress = progress
        self.used_vats: set[str] = set()
        self.used_codes: set[str] = set()
        self.used_names: set[str] = set()
        self.specs: list[OrgSpec] = []
        self.areas: dict[str, CompetenceArea] = {}
        self.pillars: dict[str, StrategicPillar] = {}
        self.staff: list[StaffSpec] = []
        self.projects: list[Project] = []
        self.fees_paid: dict[int, Decimal] = {}

    def _day(
        self, year: int, start: tuple[int, int] = (1, 1), end: tuple[int, int] = (12, 31)
    ) -> date:
        """A random day of *year*, never after today."""
        first = date(year, *start)
        last = min(date(year, *end), self.today)
        return day_between(self.rng, first, last)

    def _members_on(self, day: date) -> list[OrgSpec]:
        return [s for s in self.specs if s.member_on(day)]
