"""Fixtures of the report tests: the small cluster database and every report made from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.reports.small_cluster import (
    EXPECTED,
    TODAY,
    YEAR,
    Expected,
    Generated,
    build_small_cluster,
)
from workbench.db import Database, open_database


@pytest.fixture(scope="session")
def small_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "small.db"
    db = open_database(path)
    expected = build_small_cluster(db)
    EXPECTED.__dict__.update(expected.__dict__)
    db.dispose()
    return path


@pytest.fixture()
def small_db(small_db_path: Path) -> Database:
    db = open_database(small_db_path)
    yield db
    db.dispose()


@pytest.fixture()
def expected(small_db: Database) -> Expected:
    return EXPECTED


@pytest.fixture(scope="session")
def generated(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    from workbench.reports import generate_report

    folder = tmp_path_factory.mktemp("generated")
    result = Generated(folder)
    db = open_database(small_db_path)
    try:
        for kind, formats in (
            ("assessment", ("xlsx", "pdf")),
            ("members", ("xlsx", "pdf")),
            ("projects", ("xlsx", "pdf")),
            ("eccp", ("xlsx", "json")),
        ):
            for fmt in formats:
                for lang in ("en", "it"):
                    path = folder / f"{kind}-{lang}.{fmt}"
                    generate_report(
                        db,
                        kind,
                        fmt,
                        path,
                        year=YEAR,
                        lang=lang,
                        as_of=date(2024, 12, 31) if kind in ("members", "eccp") else None,
                        today=TODAY,
                    )
                    result.files[f"{kind}-{lang}.{fmt}"] = path
    finally:
        db.dispose()
    return result
