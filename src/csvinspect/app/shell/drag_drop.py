"""Drag and drop onto the window: files open in tabs, a folder (or several files dropped with
Shift held) combine into one tab (issue 5), dropped text opens as pasted text would.

``MainWindow.dragEnterEvent``/``dropEvent`` hand their events here, so the rules are found
by name (issue 10) rather than inside the window class.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

if TYPE_CHECKING:
    from csvinspect.app.shell.main_window import MainWindow


def accepts(mime: QMimeData) -> bool:
    """Local files, folders or text can be dropped; anything else (a web link) cannot."""
    return any(url.isLocalFile() for url in mime.urls()) or mime.hasText()


def on_drag_enter(event: QDragEnterEvent) -> None:
    if accepts(event.mimeData()):
        event.acceptProposedAction()


def on_drop(window: MainWindow, event: QDropEvent) -> None:
    """Files open in tabs; a folder, or several files dropped with Shift, combine."""
    mime = event.mimeData()
    paths = [url.toLocalFile() for url in mime.urls() if QUrl(url).isLocalFile()]
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    if (shift and len(paths) > 1) or any(Path(p).is_dir() for p in paths):
        window.open_combined(paths)
    elif paths:
        window.open_files(paths)
    elif mime.hasText():
        window.open_text(mime.text())
    event.acceptProposedAction()
