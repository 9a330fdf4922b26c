"""Where typed and pasted text goes: true text-entry fields, and boxes that refuse a paste.

Issue 9: Ctrl+V outside a true text-entry field always opens the clipboard as a new tab
(File > Paste as New Tab). Qt first offers the key to the focused widget
(``QEvent.ShortcutOverride``); an editable line edit claims Paste, a table, a button or a
read-only text does not, so the window's shortcut runs. ``RefusePaste`` makes a line edit
that only takes short names (the Encoding box) let the window's Paste run instead, unless
the clipboard holds something it accepts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def is_text_entry(widget: QWidget | None) -> bool:
    """An editable text field (search, filter, spin box text) where typing and Ctrl+V go."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() and widget.isEnabled()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly() and widget.isEnabled()
    return False


class RefusePaste(QObject):
    """Leaves Ctrl+V in ``field`` to the window unless ``accepts(clipboard text)``.

    For an editable combo box pass the combo: it is the focus widget and hands the key to
    its line edit itself, past any filter on the line edit.
    """

    def __init__(self, field: QWidget, accepts: Callable[[str], bool]) -> None:
        super().__init__(field)
        self._accepts = accepts
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
            and not self._accepts(QGuiApplication.clipboard().text())
        ):
            event.ignore()  # not claimed: the window's Paste as New Tab runs
            return True
        return False
