"""The program as a packager installs it: sdist -> wheel -> a fresh virtual environment.

The source is copied out of the checkout and built with ``python -m build`` (the sdist first,
then the wheel *from the sdist*, so both must carry the package data). The wheel goes into a
new virtual environment outside the checkout with ``pip install --no-deps``; the third-party
libraries come from the environment running the tests through a ``.pth`` file (listing site
folders does not run their own ``.pth`` files, so the developer's editable install of
``workbench`` stays invisible). Every command runs with the working directory outside the
checkout and no PYTHONPATH, and the test asserts that ``workbench`` itself is imported from the
new environment: fonts, translations and icons must come from the installed package.

Slow-ish (about a minute): the build backend (setuptools) is fetched by pip for the isolated
build the first time, so pip must reach the package index (or its cache).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

import workbench

pytestmark = [pytest.mark.slow, pytest.mark.wheel]

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "workbench" / "resources"
#: What the build needs from the checkout (pyproject names README.md as the long description).
SOURCE_ITEMS = ("pyproject.toml", "README.md", "workbench")


@dataclass
class Installed:
    """A fresh virtual environment holding the built wheel."""

    venv: Path
    bin: Path
    cwd: Path
    env: dict[str, str]
    wheel: Path
    sdist: Path

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run one of the environment's programs from outside the checkout; fail on errors."""
        program = args[0] if os.path.isabs(args[0]) else str(self.bin / args[0])
        done = subprocess.run(
            [program, *args[1:]],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
        return done

    def python(self, code: str) -> dict[str, object]:
        """Run *code* with the environment's Python; it prints one JSON object."""
        done = self.run(str(self.bin / "python"), "-c", textwrap.dedent(code))
        return json.loads(done.stdout.strip().splitlines()[-1])


def _site_folders() -> list[str]:
    """The site-packages folders of the running interpreter (its third-party libraries)."""
    return [
        entry
        for entry in sys.path
        if Path(entry).name in ("site-packages", "dist-packages") and Path(entry).is_dir()
    ]


def _copy_source(target: Path) -> Path:
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in SOURCE_ITEMS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def _build(source: Path, dist: Path) -> tuple[Path, Path]:
    """``python -m build``: the sdist, then the wheel built from it; returns (sdist, wheel)."""
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 and "No module named build" in done.stderr:
        pytest.fail("the 'build' package is missing: scripts/setup.sh installs it (dev extra)")
    assert done.returncode == 0, f"build failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed-wheel")
    sdist, wheel = _build(_copy_source(base / "src"), base / "dist")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = subprocess.run(
        [str(bin_dir / "python"), "-c", where],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    cwd = base / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        WORKBENCH_DATA_DIR=str(base / "data"),
        PYTHONNOUSERSITE="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("WORKBENCH_DB", None)
    result = Installed(venv, bin_dir, cwd, env, wheel, sdist)
    # The test environment's pip installs into the new one (--python), before the .pth below
    # exists: it must not see, or touch, the developer's installed cluster-workbench.
    result.run(
        sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install",
        "--no-deps", "--no-index", "--disable-pip-version-check", "--no-warn-script-location",
        str(wheel),
    )  # fmt: skip
    Path(purelib, "_workbench_test_deps.pth").write_text(
        "\n".join(_site_folders()) + "\n", encoding="utf-8"
    )
    return result


def _resource_files() -> set[str]:
    """Every data file of ``workbench/resources`` in the checkout, as package paths."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_wheel_and_sdist_carry_fonts_translations_and_images(installed: Installed) -> None:
    expected = _resource_files()
    assert {p.rsplit(".", 1)[-1] for p in expected} >= {"ttf", "po", "mo", "svg"}
    in_wheel = set(zipfile.ZipFile(installed.wheel).namelist())
    assert expected <= in_wheel, sorted(expected - in_wheel)
    with tarfile.open(installed.sdist) as sdist:
        in_sdist = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert expected <= in_sdist, sorted(expected - in_sdist)


def test_installed_package_is_the_wheel_and_finds_its_resources(installed: Installed) -> None:
    found = installed.python(
        """
        import json, sys
        import workbench
        from workbench.reports.fonts import font_path, register_fonts
        from workbench.resources import resource_path
        from workbench.services.history_text import action_label

        register_fonts()
        print(json.dumps({
            "workbench": workbench.__file__,
            "version": workbench.__version__,
            "font": str(font_path("DejaVuSans.ttf")),
            "icon": str(resource_path("icons", "app.svg")),
            "italian": str(resource_path("locale", "it", "LC_MESSAGES", "workbench.mo")),
            "core_it": action_label("update", "it"),
            "path": sys.path,
        }))
        """
    )
    venv = str(installed.venv.resolve())
    assert str(Path(str(found["workbench"])).resolve()).startswith(venv), found["workbench"]
    assert str(ROOT) not in found["path"], "the source tree must not be importable"
    assert found["version"] == workbench.__version__
    assert str(Path(str(found["font"])).resolve()).startswith(venv)
    assert str(Path(str(found["icon"])).resolve()).startswith(venv)
    assert str(Path(str(found["italian"])).resolve()).startswith(venv)
    assert found["core_it"] == "Modificato"  # workbench.mo, read from the installed package


def test_console_and_gui_scripts_are_installed(installed: Installed) -> None:
    version = installed.run("workbench", "--version").stdout.strip()
    assert version == f"workbench {workbench.__version__}"
    assert "demo" in installed.run("workbench", "--help").stdout
    entry_points = next(
        name
        for name in zipfile.ZipFile(installed.wheel).namelist()
        if name.endswith(".dist-info/entry_points.txt")
    )
    text = zipfile.ZipFile(installed.wheel).read(entry_points).decode()
    assert "workbench = workbench.__main__:main" in text
    assert "workbench-gui = workbench.__main__:gui_main" in text
    scripts = {path.name for path in installed.bin.iterdir()}
    assert scripts & {"workbench-gui", "workbench-gui.exe"}, sorted(scripts)
    gui_version = installed.run("workbench-gui", "--version").stdout.strip()
    assert gui_version == f"workbench {workbench.__version__}"


@pytest.fixture(scope="module")
def demo_db(installed: Installed) -> Path:
    db = installed.cwd / "demo.db"
    done = installed.run("workbench", "demo", "--db", str(db))
    assert db.is_file(), done.stderr
    return db


def _pdf(path: Path) -> tuple[str, set[str]]:
    """The text of the PDF at *path* and the fonts embedded in it."""
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
    return text, embedded


@pytest.mark.parametrize(
    ("lang", "title", "other"),
    [
        ("en", "Label assessment evidence", "Evidenze per il label"),
        ("it", "Evidenze per il label", "Label assessment evidence"),
    ],
)
def test_assessment_pdf_from_the_installed_program(
    installed: Installed, demo_db: Path, lang: str, title: str, other: str
) -> None:
    out = installed.cwd / f"assessment-{lang}.pdf"
    installed.run(
        "workbench", "report", "assessment", "--db", str(demo_db), "--format", "pdf",
        "--lang", lang, "-o", str(out),
    )  # fmt: skip
    text, fonts = _pdf(out)
    assert title in text and other not in text
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts, fonts


def test_italian_screenshots_from_the_installed_window(installed: Installed, demo_db: Path) -> None:
    shots = installed.cwd / "shots-it"
    settings = installed.cwd / "settings.ini"
    # The same --screenshot run as ``workbench-gui --lang it --screenshot DIR``, with a look at
    # the window's labels while it renders (a PNG cannot be read back as text here).
    seen = installed.python(
        f"""
        import json, sys
        from workbench.ui import app

        labels = {{}}
        take = app.take_screenshots

        def spy(window, folder, *args, **kwargs):
            written = take(window, folder, *args, **kwargs)
            sidebar = window.sidebar
            labels["sidebar"] = [sidebar.item(i).text() for i in range(sidebar.count())]
            labels["menus"] = [a.text() for a in window.menuBar().actions()]
            labels["files"] = [p.name for p in written]
            return written

        app.take_screenshots = spy
        sys.argv = ["workbench-gui", "--db", {str(demo_db)!r}, "--lang", "it",
                    "--settings-file", {str(settings)!r}, "--screenshot", {str(shots)!r}]
        from workbench.__main__ import gui_main

        code = gui_main()
        print(json.dumps({{"code": code, **labels}}))
        """
    )
    assert seen["code"] == 0
    assert "Soci" in seen["sidebar"] and "Members" not in seen["sidebar"], seen["sidebar"]
    files = seen["files"]
    assert isinstance(files, list) and "members.png" in files
    assert all((shots / name).stat().st_size > 10_000 for name in files)
