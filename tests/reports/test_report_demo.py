"""Every report on the demo cluster: the files agree with the services and the engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from workbench.db import open_database
from workbench.demo import build_demo
from workbench.indicators import DEFINITIONS, assess
from workbench.models import Income
from workbench.reports import generate_report
from workbench.reports.i18n import format_pct
from workbench.services import members as member_service
from workbench.services.base import unit_of_work
from workbench.services.cluster import get_profile
from workbench.services.projects import list_projects

TODAY = date(2025, 3, 15)
YEAR = 2025


@dataclass
class Demo:
    path: Path
    folder: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    db = open_database(path)
    build_demo(db, seed=2009, today=TODAY)
    for kind, fmt in (
        ("assessment", "xlsx"),
        ("assessment", "pdf"),
        ("members", "pdf"),
        ("projects", "xlsx"),
        ("eccp", "json"),
    ):
        generate_report(db, kind, fmt, folder / f"{kind}.{fmt}", year=YEAR, lang="en", today=TODAY)
    db.dispose()
    return Demo(path, folder)


def _rows(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_demo_workbook_matches_services(demo: Demo) -> None:
    db = open_database(demo.path)
    try:
        moves = {m.year: m for m in member_service.movements(db, [2023, 2024])}
        projects = list_projects(db)
        with unit_of_work(db, write=False) as session:
            income = dict(
                session.execute(
                    select(Income.year, func.sum(Income.amount))
                    .where(Income.year.in_([2023, 2024]))
                    .group_by(Income.year)
                ).all()
            )
    finally:
        db.dispose()
    book = demo.folder / "assessment.xlsx"
    for year in (2023, 2024):
        rows = _rows(book, f"Members {year}")
        assert [r[7] for r in rows[2:]].count("member") == moves[year].total_at_end
    project_rows = _rows(book, "Projects")
    header = project_rows[1]
    body = project_rows[2:]
    totals_at = next(i for i, r in enumerate(body) if r[0] == "Total")
    in_report = {r[0] for r in body[:totals_at]}
    assert in_report <= {p.acronym for p in projects}
    expected = sum(
        (p.total_budget or Decimal(0) for p in projects if p.acronym in in_report), Decimal(0)
    )
    column = header.index("Total budget")
    assert Decimal(str(body[totals_at][column])).quantize(Decimal("0.01")) == expected
    finance = _rows(book, "Finance")
    totals = next(r for r in finance if r[0] == "Total")
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in totals[2:4]] == [
        income[2023],
        income[2024],
    ]


def test_demo_pdf(demo: Demo) -> None:
    db = open_database(demo.path)
    try:
        assessment = assess(db, YEAR, today=TODAY)
        name = get_profile(db).name
    finally:
        db.dispose()
    reader = PdfReader(demo.folder / "assessment.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert name in text
    assert format_pct(assessment.readiness_pct, "en") in text
    for definition in DEFINITIONS:
        assert definition.id in text
    assert len(reader.pages) > 15
    assert "Member directory" in PdfReader(demo.folder / "members.pdf").pages[0].extract_text()


def test_demo_report_classifies_each_member_once_as_the_services_do(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One size read and one classification per member and year of figures, per report.

    The indicators and the registers share the classes; each register row's class, and the
    reason behind it, is what the services give for that member and year.
    """
    from workbench import sme
    from workbench.reports.data import member_registers
    from workbench.reports.data.indicators import read_indicators
    from workbench.services import member_sizes

    reads: list[int] = []
    calls: list[tuple[object, ...]] = []
    real_history, real_classify = member_sizes.size_history, sme.classify

    def counted_history(*args: object, **kwargs: object) -> object:
        reads.append(1)
        return real_history(*args, **kwargs)  # type: ignore[arg-type]

    def counted_classify(history: list[sme.YearFigures], **kwargs: object) -> sme.SmeResult:
        as_of = kwargs["as_of_year"]
        seen = max((f.year for f in history if as_of is None or f.year <= as_of), default=None)
        if history:
            calls.append((id(history), seen, *kwargs.values()))
        return real_classify(history, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(member_sizes, "size_history", counted_history)
    monkeypatch.setattr(member_service, "size_history", counted_history)
    monkeypatch.setattr(sme, "classify", counted_classify)
    db = open_database(demo.path)
    try:
        generate_report(db, "assessment", "xlsx", demo.folder / "once.xlsx", year=YEAR, today=TODAY)
        assert reads == [1], "the indicators and the registers read the size history once"
        assert calls and len(calls) == len(set(calls)), "a member classified twice"
        monkeypatch.undo()
        ind = read_indicators(db, YEAR, "en", "gold", TODAY)
        assert ind.sme is not None
        years = [YEAR - 2, YEAR - 1]
        shared = member_registers(db, years, sme=ind.sme)
        alone = member_registers(db, years)
        for year in years:
            services = member_service.sme_results(db, as_of_year=year)
            rows = shared[year]
            assert rows == alone[year] and len(rows) > 50
            assert sum(r.sme_class is not None for r in rows) > 20
            for row in rows:
                theirs = services[row.org_id]
                assert row.sme_class == theirs.sme_class, row.name
                if row.org_type.is_enterprise and not theirs.overridden:
                    mine = ind.sme.classify(
                        row.org_id,
                        org_is_enterprise=True,
                        override=None,
                        override_reason=None,
                        as_of_year=year,
                    )
                    assert mine == theirs and mine.reason == theirs.reason, row.name
    finally:
        db.dispose()
