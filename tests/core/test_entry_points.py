"""The two entry points: ``workbench`` (console script) and ``workbench-gui`` (gui-script)."""

from __future__ import annotations

import importlib
import sys
import tomllib
from pathlib import Path

import pytest

from workbench import __main__ as entry

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _target(spec: str) -> object:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def test_pyproject_declares_the_console_and_the_gui_script() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    assert _target(project["scripts"]["workbench"]) is entry.main
    assert _target(project["gui-scripts"]["workbench-gui"]) is entry.gui_main


def test_the_window_entry_point_refuses_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.gui_main(["members", "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "workbench-gui only opens the window" in err and "workbench members" in err


def test_without_a_console_output_is_dropped_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    # pythonw (a Windows gui-script) starts with sys.stdout and sys.stderr set to None.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as caught:
        entry.gui_main(["--no-such-option"])  # argparse writes its usage to stderr
    assert caught.value.code == 2
    assert sys.stderr is not None and sys.stdout is not None
    sys.stdout.close()
    sys.stderr.close()
