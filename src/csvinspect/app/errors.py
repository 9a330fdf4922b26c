"""Unexpected errors: logged, and shown in the window instead of killing it or going unseen.

PySide6 hands an exception raised in a slot to ``sys.excepthook`` and carries on; the
default hook prints a traceback to a terminal the user of a desktop app usually does not
have, so the click that failed seems to do nothing. ``ErrorReporter`` replaces the hook:
it logs the traceback (``csvinspect.log`` in the app's data folder, and stderr) and emits
``error_reported`` with one line for the window's non-modal ``ErrorBar``.
"""

from __future__ import annotations

import html
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QWidget

from csvinspect.app.widgets.banner import ERROR_COLOURS, Banner

log = logging.getLogger("csvinspect")
LOG_NAME = "csvinspect.log"


def configure_logging(to_file: bool = True) -> Path | None:
    """Log to stderr and (``to_file``) to ``csvinspect.log`` in the app's data folder;
    returns the log file's path."""
    log.setLevel(logging.INFO)
    if not any(isinstance(h, logging.StreamHandler) for h in log.handlers):
        log.addHandler(logging.StreamHandler())
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    if not to_file or not folder:
        return None
    path = Path(folder) / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)  # made when used
    except OSError:
        return None  # a read-only home: stderr still gets the traceback
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    return path


class ErrorReporter(QObject):
    """Installs itself as ``sys.excepthook``; reports each distinct unexpected error once.

    The hook may run on a worker thread; ``error_reported`` is then delivered queued to
    the window in the GUI thread.
    """

    error_reported = Signal(str, str)  # one line for the user, the full traceback

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self._previous = sys.excepthook
        self._seen: set[tuple[str, str]] = set()  # a failing paint would repeat each frame

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self._on_exception

    def uninstall(self) -> None:
        if sys.excepthook == self._on_exception:
            sys.excepthook = self._previous

    def _on_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        key = (kind.__name__, str(error))
        if key in self._seen:
            return
        self._seen.add(key)
        try:
            details = "".join(traceback.format_exception(kind, error, trace))
            log.error("Unexpected error\n%s", details.rstrip())
            where = f"; details are in {self.log_path}" if self.log_path else ""
            self.error_reported.emit(
                f"Something went wrong: {kind.__name__}: {error}. The window keeps working{where}.",
                details,
            )
        except Exception:  # the reporter itself failed: fall back to Python's own hook
            sys.__excepthook__(kind, error, trace)


class ErrorBar(Banner):
    """A dismissable red strip above the tabs; hovering shows the traceback."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("errorBar", ERROR_COLOURS, "Dismiss this message", parent=parent)
        self.label.setTextFormat(Qt.TextFormat.PlainText)

    def show_error(self, message: str, details: str = "") -> None:
        self.label.setText("⚠ " + message)
        self.setToolTip(f"<pre>{html.escape(details[-4000:])}</pre>" if details else "")
        self.show()
