"""Start the app: ``run_app(files)``; ``--screenshot`` renders the window to a PNG and exits.

Screenshot mode (issue 3, for the README and checks) runs offscreen, waits for the
``loads_settled`` signal rather than a fixed delay, then for the current tab's analysis panel
to show its result (issue 10: on a big export the panel was grabbed reading "computing…"),
grabs the window and writes the PNG.
It uses a throwaway settings file, so it never changes the user's recent files.
An exception nobody caught is logged and shown in the window (``app/errors.py``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csvinspect.app.errors import ErrorReporter
    from csvinspect.app.shell.main_window import MainWindow

SCREENSHOT_TIMEOUT_MS = 120_000


def _parse_size(size: str) -> tuple[int, int]:
    width, _, height = size.lower().partition("x")
    try:
        return max(int(width), 320), max(int(height), 240)
    except ValueError:
        return 1400, 900


def install_error_reporter(window: MainWindow, log_path: Path | None = None) -> ErrorReporter:
    """Route unexpected exceptions (in slots, timers, workers) to ``window.show_error``.

    Returns the installed ``ErrorReporter``; ``uninstall()`` restores the previous hook.
    """
    from csvinspect.app.errors import ErrorReporter

    reporter = ErrorReporter(log_path, window)
    reporter.error_reported.connect(window.show_error)
    reporter.install()
    return reporter


def run_app(files: list[str], screenshot: str | None = None, size: str = "1400x900") -> int:
    """Open the main window with ``files`` in tabs; return the process exit code."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from csvinspect.app.panels.analysis_panel import panel_of
    from csvinspect.app.settings import AppSettings
    from csvinspect.app.shell.main_window import MainWindow, resource_path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("csvinspect")
    app.setOrganizationName("csvinspect")
    icon = resource_path("icon.svg")
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    from csvinspect.app.errors import configure_logging

    log_path = configure_logging(to_file=not screenshot)  # headless checks: stderr only
    if not screenshot:
        window = MainWindow(AppSettings())
        reporter = install_error_reporter(window, log_path)
        window.show()
        window.open_files([f for f in files])
        code = app.exec()
        reporter.uninstall()
        return code

    with tempfile.TemporaryDirectory(prefix="csvinspect-shot-") as scratch:
        window = MainWindow(AppSettings.in_file(Path(scratch) / "settings.ini"))
        reporter = install_error_reporter(window, log_path)
        window.resize(*_parse_size(size))
        window.show()
        result = {"code": 1}

        def grab() -> None:
            app.processEvents()
            tab = window.current_tab()
            if tab is not None:
                tab.fit_columns()
            ok = window.grab().save(screenshot, "PNG")
            result["code"] = 0 if ok else 2
            if not ok:
                print(f"csvinspect: could not write {screenshot}", file=sys.stderr)
            app.quit()

        def grab_when_drawn() -> None:
            tab = window.current_tab()
            panel = panel_of(tab) if tab is not None else None
            if panel is not None and panel.busy:
                panel.analysis_shown.connect(
                    lambda: QTimer.singleShot(0, grab), Qt.ConnectionType.SingleShotConnection
                )
            else:
                QTimer.singleShot(0, grab)

        if files:
            window.loads_settled.connect(grab_when_drawn)
            window.open_files(list(files))
            QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, grab)
        else:
            QTimer.singleShot(0, grab)
        app.exec()
        reporter.uninstall()
        window.close()
        return result["code"]
