"""``packaging/check-system-deps.sh``, the check ``make run`` does before the first window.

Issue 9: a Debian machine with libxcb-cursor0 but without libxcb-icccm4 or libxcb-keysyms1 got
past the old one-library check, and Qt aborted blaming xcb-cursor. These tests run the script
against a fake machine: fake ``ldd``, ``dpkg-query``, ``fc-list``, ``id`` and ``apt-get`` on
PATH, and a fake PySide6 folder holding the xcb plugin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "packaging" / "check-system-deps.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the script is bash")

_FAKES = {
    # Lists as "not found" the sonames in FAKE_NOT_FOUND, until fake apt-get has installed.
    "ldd": """#!/bin/sh
[ -e "$FAKE_STATE/installed" ] && exit 0
for so in $FAKE_NOT_FOUND; do printf '\\t%s => not found\\n' "$so"; done
""",
    # `-W -f=FMT PKG`: "ii " unless PKG is in FAKE_DPKG_MISSING; `-W -f=FMT`: what is provided.
    "dpkg-query": """#!/bin/sh
shift 2
if [ $# -eq 0 ]; then
  for p in $FAKE_PROVIDED; do echo "ii  $p"; done
  exit 0
fi
for p in $FAKE_DPKG_MISSING; do
  [ "$p" = "$1" ] && { echo "dpkg-query: no packages found matching $1" >&2; exit 1; }
done
printf 'ii '
""",
    "fc-list": """#!/bin/sh
[ -n "$FAKE_ZH_FONT" ] && echo "$FAKE_ZH_FONT"
exit 0
""",
    "id": """#!/bin/sh
echo "$FAKE_UID"
""",
    "apt-get": """#!/bin/sh
echo "$*" >> "$FAKE_STATE/apt-get.log"
case "$1" in install) touch "$FAKE_STATE/installed" ;; esac
""",
}


@pytest.fixture
def machine(tmp_path):
    """Runs the check on a fake machine; keyword arguments say what that machine lacks."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in _FAKES.items():
        path = bin_dir / name
        path.write_text(text)
        path.chmod(0o755)
    pyside = tmp_path / "PySide6"
    (pyside / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (pyside / "Qt" / "lib").mkdir(parents=True)
    (pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so").touch()
    (pyside / "Qt" / "lib" / "libQt6XcbQpa.so.6").touch()

    def run(not_found="", dpkg_missing="", provided="", zh_font="Noto Sans CJK SC", uid="1000"):
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "CSVINSPECT_PYSIDE6_DIR": str(pyside),
            "FAKE_STATE": str(tmp_path),
            "FAKE_NOT_FOUND": not_found,
            "FAKE_DPKG_MISSING": dpkg_missing,
            "FAKE_PROVIDED": provided,
            "FAKE_ZH_FONT": zh_font,
            "FAKE_UID": uid,
        }
        return subprocess.run(
            ["bash", str(CHECK), "python3"], env=env, capture_output=True, text=True, timeout=60
        )

    run.apt_log = tmp_path / "apt-get.log"
    return run


def test_the_bug_machine_names_every_missing_package_and_the_command(machine):
    # libxcb-cursor0 present; icccm and keysyms unresolved by the plugin; xinerama and the CJK
    # font absent: the old check saw libxcb-cursor and went on to Qt's abort.
    result = machine(
        not_found="libxcb-icccm.so.4 libxcb-keysyms.so.1",
        dpkg_missing="libxcb-icccm4 libxcb-keysyms1 libxcb-xinerama0 fonts-noto-cjk",
        zh_font="",
    )
    assert result.returncode == 1
    command = next(line for line in result.stderr.splitlines() if "apt-get install" in line)
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-xinerama0", "fonts-noto-cjk"):
        assert package in command
    assert "libxcb-cursor0" not in command
    assert "cannot load without libxcb-icccm.so.4 libxcb-keysyms.so.1" in result.stderr
    assert "not started" in result.stderr


def test_only_the_chinese_font_missing_still_starts_the_app(machine):
    result = machine(zh_font="")
    assert result.returncode == 0
    assert "fonts-noto-cjk  (no font for Chinese text" in result.stderr
    assert "Starting anyway." in result.stderr


def test_another_chinese_font_is_enough(machine):
    result = machine(dpkg_missing="fonts-noto-cjk", zh_font="WenQuanYi Zen Hei")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_renamed_package_that_provides_the_name_counts_as_installed(machine):
    # Debian's t64 transition: libglib2.0-0t64 provides libglib2.0-0.
    result = machine(dpkg_missing="libglib2.0-0", provided="libglib2.0-0")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_complete_machine_is_silent(machine):
    result = machine()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_as_root_it_installs_the_list_then_starts(machine):
    result = machine(not_found="libxcb-icccm.so.4", dpkg_missing="libxcb-icccm4", uid="0")
    assert result.returncode == 0, result.stderr
    assert "Installing what Qt needs" in result.stderr
    install = next(
        line for line in machine.apt_log.read_text().splitlines() if line.startswith("install")
    )
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-xinerama0", "fonts-noto-cjk"):
        assert package in install.split()


def test_a_missing_package_the_plugin_does_not_link_is_named_but_the_app_starts(machine):
    # Qt may load libxcb-xinerama at run time rather than link it: worth naming, not fatal.
    result = machine(dpkg_missing="libxcb-xinerama0")
    assert result.returncode == 0
    assert "apt-get install -y --no-install-recommends libxcb-xinerama0" in result.stderr
    assert "if the window does not open, install them first" in result.stderr
