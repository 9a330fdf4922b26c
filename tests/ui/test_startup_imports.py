"""Start-up pays only for what the window needs (issue 10).

pyarrow imports pandas (about 190 ms, and nothing here uses it) the first time any Arrow
array is built, so no module may build one at import time, and the window must not build one
before a file is opened. Checked in a fresh interpreter, as ``test_no_qt`` checks Qt.
"""

import os
import subprocess
import sys


def _fresh(code: str, tmp_path) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return out.stdout.strip()


def test_opening_the_window_does_not_import_pandas(tmp_path):
    code = (
        "import sys\n"
        "import csvinspect.cli, csvinspect.app.shell.main_window\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from csvinspect.app.shell.main_window import MainWindow\n"
        "from csvinspect.app.settings import AppSettings\n"
        "app = QApplication([])\n"
        "window = MainWindow(AppSettings.in_file(Path('settings.ini')))\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print('pandas' in sys.modules)\n"
    )
    assert _fresh(code, tmp_path) == "False"


def test_the_command_line_starts_without_loading_the_core(tmp_path):
    """``csvinspect --help`` and the app's argument parsing need neither Arrow nor numpy."""
    code = (
        "import sys\n"
        "import csvinspect.cli\n"
        "print(sorted({'pandas', 'pyarrow', 'numpy', 'PySide6'} & set(sys.modules)))\n"
    )
    assert _fresh(code, tmp_path) == "[]"
