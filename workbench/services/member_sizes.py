"""Size history and SME classes: the one reader of stored size data, and what is built on it.

Services, indicators and reports classify organisations from :func:`size_history`; the rule
itself (two-year rule, partner and linked enterprises, the manual override) is
:mod:`workbench.rules.size`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import sme
from workbench.db import Database
from workbench.models import Organisation, OrgType, SizeData, SizeLink, SmeClass
from workbench.rules import size
from workbench.services.base import unit_of_work
from workbench.services.member_periods import member_on


def size_history(
    session: Session, org_ids: Iterable[int] | None = None
) -> dict[int, list[sme.YearFigures]]:
    """Yearly size figures (with partner/linked enterprises) per organisation id, by year.

    The one reader of stored size data: services, indicators and reports classify from it.
    Plain column rows, not ORM objects: it runs over every size row of 10,000 members.
    """
    link_stmt = select(
        SizeLink.size_data_id,
        SizeLink.relation,
        SizeLink.share_pct,
        SizeLink.staff_awu,
        SizeLink.turnover,
        SizeLink.balance_sheet,
        SizeLink.name,
    )
    size_stmt = select(
        SizeData.id,
        SizeData.organisation_id,
        SizeData.year,
        SizeData.staff_awu,
        SizeData.turnover,
        SizeData.balance_sheet,
        SizeData.public_control_pct,
    ).order_by(SizeData.organisation_id, SizeData.year)
    if org_ids is not None:
        ids = list(org_ids)
        link_stmt = link_stmt.join(SizeData).where(SizeData.organisation_id.in_(ids))
        size_stmt = size_stmt.where(SizeData.organisation_id.in_(ids))
    links: dict[int, list[Mapping[Any, Any]]] = defaultdict(list)
    for link in session.execute(link_stmt).mappings():
        links[link["size_data_id"]].append(link)
    history: dict[int, list[sme.YearFigures]] = defaultdict(list)
    # Column tuples: a RowMapping lookup per field cost more than building the year.
    year_of = size.year_figures_of
    for size_id, org_id, year, staff, turnover, balance, public in session.execute(size_stmt):
        history[org_id].append(
            year_of(year, staff, turnover, balance, public, links.get(size_id, ()))
        )
    return dict(history)


def sme_classifier(db: Database) -> size.SmeClassifier:
    """The SME classes of every organisation, over their whole size history read now."""
    with unit_of_work(db, write=False) as session:
        return size.SmeClassifier(size_history(session))


def classify_organisation(
    org: Organisation, history: Sequence[sme.YearFigures], as_of_year: int | None = None
) -> sme.SmeResult:
    """SME class of *org* from its size history (override and non-enterprise rules applied)."""
    return size.classify_sme(
        history,
        org_is_enterprise=OrgType(org.org_type).is_enterprise,
        override=org.sme_override,
        override_reason=org.sme_override_reason,
        as_of_year=as_of_year,
    )


def sme_results(
    db: Database, as_of_year: int | None = None, org_ids: Iterable[int] | None = None
) -> dict[int, sme.SmeResult]:
    """SME result per organisation id (all organisations, or *org_ids*)."""
    with unit_of_work(db, write=False) as session:
        history = size_history(session, org_ids)
        stmt = select(Organisation)
        if org_ids is not None:
            stmt = stmt.where(Organisation.id.in_(list(org_ids)))
        return {
            org.id: classify_organisation(org, history.get(org.id, []), as_of_year)
            for org in session.scalars(stmt)
        }


@dataclass(frozen=True)
class CompositionCell:
    """Number of members of one type and SME class on a day."""

    org_type: OrgType
    sme_class: SmeClass | None
    count: int


def composition(db: Database, day: date) -> list[CompositionCell]:
    """Members on *day* counted by organisation type and SME class (class as of day's year)."""
    with unit_of_work(db, write=False) as session:
        orgs = list(session.scalars(select(Organisation).where(member_on(day))))
        history = size_history(session, [o.id for o in orgs])
    counts: Counter[tuple[OrgType, SmeClass | None]] = Counter()
    for org in orgs:
        result = classify_organisation(org, history.get(org.id, []), day.year)
        counts[(OrgType(org.org_type), result.sme_class)] += 1
    return [CompositionCell(t, c, n) for (t, c), n in sorted(counts.items(), key=_cell_order)]


def _cell_order(item: tuple[tuple[OrgType, SmeClass | None], int]) -> tuple[int, int]:
    (org_type, sme_class), _count = item
    types = list(OrgType)
    classes: list[SmeClass | None] = [*SmeClass, None]
    return types.index(org_type), classes.index(sme_class)
