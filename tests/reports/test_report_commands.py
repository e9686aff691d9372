"""``workbench report``: formats, errors, output path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.cli import run


def test_format_not_available(
    small_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "eccp.pdf"
    code = run(["report", "eccp", "--db", str(small_db_path), "--format", "pdf", "-o", str(target)])
    assert code == 1
    err = capsys.readouterr().err
    assert "ECCP figures report is available as xlsx or json, not pdf" in err
    assert not target.exists()


def test_eccp_json(small_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "eccp.json"
    code = run(
        ["report", "eccp", "--db", str(small_db_path), "-o", str(target), "--as-of", "2024-12-31"]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == str(target.resolve())
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["day"] == "2024-12-31" and data["total_members"] == 9


def test_assessment_pdf_and_json_output(
    small_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "evidenze.pdf"
    code = run(
        [
            "report",
            "assessment",
            "--db",
            str(small_db_path),
            "--year",
            "2025",
            "--lang",
            "it",
            "-o",
            str(target),
            "--today",
            "2025-03-15",
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"path": str(target.resolve()), "report": "assessment", "format": "pdf"}
    assert "Sintesi" in PdfReader(target).pages[2].extract_text()


def test_members_and_projects(small_db_path: Path, tmp_path: Path) -> None:
    assert (
        run(["report", "members", "--db", str(small_db_path), "-o", str(tmp_path / "m.xlsx")]) == 0
    )
    assert (tmp_path / "m.xlsx").stat().st_size > 0
    code = run(
        [
            "report",
            "projects",
            "--db",
            str(small_db_path),
            "--status",
            "funded",
            "-f",
            "pdf",
            "-o",
            str(tmp_path / "p.pdf"),
        ]
    )
    assert code == 0
    assert "SMARTGRID" in "".join(p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages)


def test_bad_requests(
    small_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            [
                "report",
                "projects",
                "--db",
                str(small_db_path),
                "--status",
                "dreaming",
                "-o",
                str(tmp_path / "p.xlsx"),
            ]
        )
        == 1
    )
    assert "not a project status" in capsys.readouterr().err
    assert (
        run(
            [
                "report",
                "members",
                "--db",
                str(small_db_path),
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "m.xlsx"),
            ]
        )
        == 1
    )
    assert "does not end in .pdf" in capsys.readouterr().err
