"""Start-up figures for ``make bench`` (issue 10): whole-process times, each beside a baseline.

- ``import csvinspect.cli`` against a bare ``python -c pass``, both run here in turn;
- the first painted window (offscreen, the demo export opening) against a bare Qt window
  shown and painted the same way;
- the demo's table painted, after its load settles.

Each figure is the whole process from its launch to the line it prints, the best of a few
runs; nothing asserts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

# A child that shows a window and prints a line when the window first paints, then exits.
# The timing is taken by the parent, from launching the child to reading that line.
_PAINTED = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
{setup}

class _FirstPaint(QObject):
    # The first paint of any widget in the window: the window may get none, its children
    # cover it.

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and getattr(watched, "window", None):
            if watched.window() is window:
                print("painted", flush=True)
                app.exit(0)
        return False

app = QApplication.instance() or QApplication(sys.argv[:1])
window = {window}
window.resize(1400, 900)
watcher = _FirstPaint()
app.installEventFilter(watcher)
{before_show}
window.show()
app.exec()
"""

_BARE_WINDOW = _PAINTED.format(
    setup="from PySide6.QtWidgets import QWidget", window="QWidget()", before_show=""
)

_CSVINSPECT_WINDOW = _PAINTED.format(
    setup=(
        "import csvinspect.cli\n"
        "import tempfile\n"
        "from pathlib import Path\n"
        "from csvinspect.app.shell.main_window import MainWindow\n"
        "from csvinspect.app.settings import AppSettings\n"
        "scratch = tempfile.mkdtemp(prefix='csvinspect-bench-')"
    ),
    window="MainWindow(AppSettings.in_file(Path(scratch) / 'bench.ini'))",
    before_show="window.open_demo()",
)

# The demo export's table painted: the load settles, then the window is grabbed.
_DEMO_TABLE = """
import sys, tempfile
from pathlib import Path
import csvinspect.cli
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from csvinspect.app.shell.main_window import MainWindow
from csvinspect.app.settings import AppSettings

app = QApplication.instance() or QApplication(sys.argv[:1])
window = MainWindow(AppSettings.in_file(Path(tempfile.mkdtemp()) / "bench.ini"))
window.resize(1400, 900)

def grab():
    window.grab()
    print("painted", "pandas" in sys.modules, flush=True)
    app.quit()

window.loads_settled.connect(lambda: QTimer.singleShot(0, grab))
window.show()
window.open_demo()
app.exec()
"""


def _process_seconds(code: str, env: dict[str, str], repeat: int) -> tuple[float, str]:
    """Best wall time from launching ``python -c code`` to its first line of output."""
    best, line = float("inf"), ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        elapsed = time.perf_counter() - t0
        child.wait()
        if child.returncode not in (0, None):
            raise RuntimeError(f"start-up child failed ({child.returncode})")
        best = min(best, elapsed)
    return best, line


def bench_startup(line: Callable[..., None], repeat: int = 7) -> None:
    """Print the import time of the CLI and the time to the first painted window."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    print(f"start-up (whole process, best of {repeat})")
    bare, _ = _process_seconds("print('ready')", env, repeat)
    cli, _ = _process_seconds("import csvinspect.cli; print('ready')", env, repeat)
    _line_ms(line, "bare python (prints one line)", bare)
    _line_ms(line, "import csvinspect.cli", cli, bare)
    _, counted = _process_seconds(
        "import sys; base = set(sys.modules); import csvinspect.cli;"
        " print(len(set(sys.modules) - base), 'pandas' in sys.modules)",
        env,
        1,
    )
    count, pandas = counted.split()
    print(f"    ({count} modules loaded by the import; pandas among them: {pandas})")
    try:
        import PySide6  # noqa: F401
    except ImportError as exc:
        print(f"  window: skipped ({exc})")
        return
    qt_bare, _ = _process_seconds(_BARE_WINDOW, env, repeat)
    window, _ = _process_seconds(_CSVINSPECT_WINDOW, env, repeat)
    table, settled = _process_seconds(_DEMO_TABLE, env, repeat)
    _line_ms(line, "bare Qt window, first paint", qt_bare, bare)
    _line_ms(line, "csvinspect window (demo opening), first paint", window, qt_bare)
    _line_ms(line, "csvinspect demo table painted", table, qt_bare)
    print(f"    (pandas imported by then: {settled.split()[-1]})")


def _line_ms(line: Callable[..., None], label: str, seconds: float, baseline: float = 0) -> None:
    line(label, seconds * 1000, "ms", baseline=baseline * 1000 if baseline else None)
