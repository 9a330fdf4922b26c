"""``csvinspect --version`` names the version (issue 9: no version was shown anywhere)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import csvinspect
from csvinspect.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_version_option_prints_the_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"csvinspect {csvinspect.installed_version()}\n"


def test_version_runs_without_qt():
    code = "import sys\nfrom csvinspect.cli import main\ntry:\n    main(['-V'])\n"
    code += "except SystemExit:\n    print('PySide6' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "False"


def test_the_source_version_matches_the_package_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert csvinspect.__version__ == project["version"]
