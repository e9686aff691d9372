"""Projects with partners, areas and pillars; portfolio filters and totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    CompetenceArea,
    Project,
    ProjectPartner,
    ProjectStatus,
    StrategicPillar,
)
from workbench.rules import projects as project_rules
from workbench.services.base import (
    refers_to,
    require,
    require_non_negative,
    require_order,
    require_text,
    unit_of_work,
    validate,
    validator,
)
from workbench.text import clean_text
from workbench.translatable import msg


@validator(Project)
def _validate_project(session: Session, project: Project) -> None:
    project.acronym = require_text(project.acronym, "acronym", msg("The project acronym"))
    project.title = clean_text(project.title)
    project.programme = clean_text(project.programme)
    require_order(
        project.start_date,
        project.end_date,
        "end_date",
        msg(
            "The end date {end} is before the start date {start}.",
            end=project.end_date,
            start=project.start_date,
        ),
    )
    for attribute, what in (
        ("total_budget", msg("The total budget")),
        ("cluster_budget", msg("The cluster budget")),
        ("eu_contribution", msg("The EU/public contribution")),
    ):
        require_non_negative(getattr(project, attribute), attribute, what)
    total = project.total_budget
    if total is not None and project.cluster_budget is not None and project.cluster_budget > total:
        raise ValidationError(
            msg(
                "The cluster budget ({cluster_budget}) is larger than the total budget ({total}).",
                cluster_budget=project.cluster_budget,
                total=total,
            ),
            "cluster_budget",
        )
    if (
        total is not None
        and project.eu_contribution is not None
        and project.eu_contribution > total
    ):
        raise ValidationError(
            msg(
                "The EU/public contribution ({contribution}) is larger than the total budget "
                "({total}).",
                contribution=project.eu_contribution,
                total=total,
            ),
            "eu_contribution",
        )


@validator(ProjectPartner)
def _validate_partner(session: Session, partner: ProjectPartner) -> None:
    partner.external_name = clean_text(partner.external_name)
    if not refers_to(partner, "organisation") and not partner.external_name:
        raise ValidationError(
            msg("Pick a member or type the external partner's name."), "external_name"
        )
    require_non_negative(partner.budget, "budget", msg("The partner budget"))
    require_non_negative(partner.contribution, "contribution", msg("The partner contribution"))


@dataclass(frozen=True)
class PartnerInput:
    """A partner as entered in the project editor."""

    organisation_id: int | None = None
    external_name: str | None = None
    external_country: str | None = None
    role: str = "partner"
    budget: Decimal | None = None
    contribution: Decimal | None = None


def save_project(
    db: Database,
    values: dict[str, Any],
    *,
    project_id: int | None = None,
    partners: Sequence[PartnerInput] | None = None,
    area_ids: Sequence[int] | None = None,
    pillar_ids: Sequence[int] | None = None,
    expected_version: int | None = None,
    **uow: Any,
) -> Project:
    """Create (no *project_id*) or update a project with its partners, areas and pillars.

    Lists given as None are left unchanged; given lists replace the current ones.
    """
    from workbench.services.base import apply_values, check_version

    with unit_of_work(db, **uow) as session:
        if project_id is None:
            project = Project()
            session.add(project)
        else:
            project = require(session, Project, project_id)
            check_version(session, project, expected_version)
        apply_values(project, values)
        validate(session, project)
        if area_ids is not None:
            project.areas = [require(session, CompetenceArea, i) for i in area_ids]
        if pillar_ids is not None:
            project.pillars = [require(session, StrategicPillar, i) for i in pillar_ids]
        if partners is not None:
            project.partners.clear()
            session.flush()
            for p in partners:
                partner = ProjectPartner(
                    organisation_id=p.organisation_id,
                    external_name=p.external_name,
                    external_country=p.external_country,
                    role=p.role,
                    budget=p.budget,
                    contribution=p.contribution,
                )
                validate(session, partner)
                project.partners.append(partner)
        session.flush()
        return project


def load_project(db: Database, project_id: int) -> Project:
    """One project with partners (and their organisations), areas and pillars loaded."""
    with unit_of_work(db, write=False) as session:
        project = session.scalars(
            select(Project).where(Project.id == project_id).options(*_full_options())
        ).first()
        if project is None:
            require(session, Project, project_id)
        assert project is not None
        return project


def _full_options() -> list[Any]:
    return [
        selectinload(Project.partners).selectinload(ProjectPartner.organisation),
        selectinload(Project.areas),
        selectinload(Project.pillars),
    ]


def list_projects(
    db: Database,
    *,
    programme: str | None = None,
    status: ProjectStatus | None = None,
    pillar_id: int | None = None,
    year: int | None = None,
) -> list[Project]:
    """Projects with partners, areas and pillars loaded, newest start first.

    *year* keeps projects running at some point in that calendar year (undated projects are
    kept only without a year filter).
    """
    stmt = select(Project).options(*_full_options())
    if programme:
        stmt = stmt.where(Project.programme == programme)
    if status:
        stmt = stmt.where(Project.status == status)
    if pillar_id:
        stmt = stmt.where(Project.pillars.any(StrategicPillar.id == pillar_id))
    if year:
        first, last = date(year, 1, 1), date(year, 12, 31)
        stmt = stmt.where(
            Project.start_date <= last, or_(Project.end_date.is_(None), Project.end_date >= first)
        )
    stmt = stmt.order_by(Project.start_date.desc().nulls_last(), Project.acronym)
    with unit_of_work(db, write=False) as session:
        return list(session.scalars(stmt).unique())


@dataclass(frozen=True)
class PortfolioTotals:
    """Sums over a list of projects: money of the funded ones only (None amounts count as 0).

    ``count`` is every project of the list, split into the three classes of
    :func:`workbench.rules.projects.project_class`: ``funded`` (funded or closed, dated),
    ``pipeline`` (idea, special, submitted, rejected; dated) and ``no_dates`` (no start date,
    whatever the status). The money figures sum the funded class alone: proposals, ideas and
    undated projects are never added to funding.
    """

    count: int
    total_budget: Decimal
    cluster_budget: Decimal
    eu_contribution: Decimal
    funded: int = 0
    pipeline: int = 0
    no_dates: int = 0


def totals(projects: Sequence[Project]) -> PortfolioTotals:
    """Budget totals of the funded projects among *projects*, and how many fall in each class."""
    classes = [project_rules.project_class(p.status, p.start_date) for p in projects]
    funded = [p for p, kind in zip(projects, classes, strict=True) if kind == project_rules.FUNDED]

    def total(attribute: str) -> Decimal:
        return sum((getattr(p, attribute) or Decimal(0) for p in funded), Decimal(0))

    return PortfolioTotals(
        len(projects),
        total("total_budget"),
        total("cluster_budget"),
        total("eu_contribution"),
        funded=len(funded),
        pipeline=classes.count(project_rules.PIPELINE),
        no_dates=classes.count(project_rules.NO_DATES),
    )


def projects_of_organisation(db: Database, organisation_id: int) -> list[tuple[Project, str]]:
    """(project, role) pairs in which an organisation is a partner."""
    with unit_of_work(db, write=False) as session:
        rows = session.execute(
            select(Project, ProjectPartner.role)
            .join(ProjectPartner)
            .where(ProjectPartner.organisation_id == organisation_id)
            .order_by(Project.start_date.desc().nulls_last())
        ).all()
        return [(p, str(role)) for p, role in rows]


def programmes(db: Database) -> list[str]:
    """Distinct programme names in use, sorted."""
    with unit_of_work(db, write=False) as session:
        return sorted(p for p in session.scalars(select(Project.programme).distinct()) if p)
