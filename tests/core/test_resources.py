"""workbench.resources: the one way to the program's data files (fonts, catalogues, icons)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import workbench
from workbench import resources

PACKAGE = Path(workbench.__file__).resolve().parent


def test_resources_are_files_inside_the_package() -> None:
    font = resources.resource_path("fonts", "DejaVuSans.ttf")
    assert font.is_file() and font.resolve().is_relative_to(PACKAGE / "resources")
    assert resources.resource("icons", "app.svg").read_text(encoding="utf-8").startswith("<svg")
    assert not resources.resource_path("fonts", "NoSuchFont.ttf").is_file()


def test_the_italian_catalogue_is_package_data() -> None:
    folder = resources.resource("locale", "it", "LC_MESSAGES")
    assert folder.joinpath("workbench.po").is_file() and folder.joinpath("workbench.mo").is_file()


def test_resources_in_a_zip_are_extracted_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("workbench/resources/fonts/Test.ttf", b"font bytes")
        zf.writestr("workbench/resources/locale/it/LC_MESSAGES/a.po", "")
    root = zipfile.Path(archive, "workbench/resources/")
    monkeypatch.setattr(resources, "files", lambda _name: root)
    path = resources.resource_path("fonts", "Test.ttf")
    assert isinstance(path, Path) and path.read_bytes() == b"font bytes"
    assert not resources.resource_path("fonts", "Missing.ttf").is_file()
    assert resources.resource("locale", "it", "LC_MESSAGES", "a.po").is_file()


def test_no_module_builds_its_own_path_to_the_resources() -> None:
    # One helper for the whole program: a second lookup (from __file__, the working directory
    # or an environment variable) is how the installed wheel lost its fonts before.
    pattern = re.compile(r"""["']resources["']|WORKBENCH_RESOURCES""")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.parent != PACKAGE / "resources" and pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == []
