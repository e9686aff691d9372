"""The desktop bundle (scripts/bundle.sh, PyInstaller) runs on its own (issue 15.2).

Builds the bundle into a temporary folder (about a minute), then runs the bundled program
from a folder outside the checkout with no Python path: the demo, the assessment PDF in
Italian and English, and the window's screenshots in Italian.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.bundle,
    pytest.mark.skipif(sys.platform == "win32", reason="the Windows build runs in its workflow"),
]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [str(ROOT / "scripts" / "bundle.sh"), "--dist", str(dist)],
        check=True,
        timeout=900,
        capture_output=True,
    )
    program = dist / "cluster-workbench" / "cluster-workbench"
    assert program.exists()
    assert list(dist.glob("cluster-workbench-*.tar.gz"))
    return program


def _run(program: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PATH"] = "/usr/bin:/bin"  # not the development environment's Python
    return subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_the_bundle_has_no_web_engine_and_carries_its_data(bundled: Path) -> None:
    internal = bundled.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    assert not any("WebEngine" in name for name in names)
    # Nor any of PySide6-Addons' chart modules: the dashboard draws its charts with QPainter.
    assert not any("QtCharts" in name or "Qt6Charts" in name for name in names)
    assert {"DejaVuSans.ttf", "app.svg", "cluster-workbench.desktop"} & names >= {
        "DejaVuSans.ttf",
        "app.svg",
    }
    assert (bundled.parent / "cluster-workbench.desktop").exists()
    assert list((internal / "workbench" / "migrations" / "versions").glob("*.py"))


def test_bundled_program_makes_the_demo_reports_and_italian_screenshots(
    bundled: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    _run(bundled, "demo", "--db", str(db), cwd=tmp_path)
    for lang, word in (("it", "Sintesi"), ("en", "Assessment year 2025")):
        pdf = tmp_path / f"assessment-{lang}.pdf"
        _run(
            bundled,
            "report",
            "assessment",
            "--db",
            str(db),
            "--year",
            "2025",
            "--lang",
            lang,
            "--format",
            "pdf",
            "-o",
            str(pdf),
            cwd=tmp_path,
        )
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages[:4])
        assert word in text
    shots = tmp_path / "shots"
    _run(
        bundled,
        "--lang",
        "it",
        "--db",
        str(db),
        "--settings-file",
        str(tmp_path / "settings.ini"),
        "--screenshot",
        str(shots),
        cwd=tmp_path,
    )
    assert (shots / "dashboard.png").stat().st_size > 10_000
    captions = (shots / "captions.txt").read_text(encoding="utf-8")
    assert "dashboard.png\tCruscotto" in captions and "Members" not in captions
