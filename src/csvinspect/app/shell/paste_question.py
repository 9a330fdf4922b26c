"""The question asked before pasted prose opens as a table (issue 9).

The core decides (``core.reading.prose.judge_paste``); this only asks. The box is
window-modal but opened with ``open()``, so the event loop keeps running and the caller
gets the box back at once; "Open anyway" opens the text as any paste would.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "Not a table?"


class PasteQuestion(QMessageBox):
    """ "This text does not look like a table (why)", with Open anyway and Cancel."""

    def __init__(self, reason: str, open_anyway: Callable[[], None], parent: QWidget) -> None:
        super().__init__(
            QMessageBox.Icon.Question,
            TITLE,
            f"This text does not look like a table ({reason}).",
            QMessageBox.StandardButton.Cancel,
            parent,
        )
        self.setInformativeText(
            "Open it anyway to see it split as a table would be, or cancel and copy the"
            " table itself."
        )
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_button = self.addButton("Open anyway", QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._open_anyway = open_anyway
        self.buttonClicked.connect(self._on_self_button_clicked)

    def _on_self_button_clicked(self, button: object) -> None:
        if button is self.open_button:
            self._open_anyway()
