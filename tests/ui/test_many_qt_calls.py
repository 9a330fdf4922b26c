"""The app survives many Qt calls. PySide6-Essentials 6.12.0 on CPython 3.11 loses a
reference to None per call of a method returning nothing, which aborted the app after a few
hundred sorts ("Fatal Python error: none_dealloc") and made worker threads crash at random;
pyproject.toml excludes that release. Run in a fresh interpreter, as a user's session is."""

from __future__ import annotations

import os
import subprocess
import sys

MANY_CALLS = """
import csvinspect.app
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
field, thing = QLineEdit(), QObject()
for _ in range(100_000):
    field.setText("vip")
    thing.setObjectName("x")
print("still here")
"""


def test_two_hundred_thousand_qt_calls_do_not_abort_the_app():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-c", MANY_CALLS], env=env, capture_output=True, text=True, timeout=120
    )
    assert "none_dealloc" not in run.stderr
    assert run.returncode == 0, run.stderr[-2000:]
    assert "still here" in run.stdout
