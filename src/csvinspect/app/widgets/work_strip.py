"""The strip over a view while long work runs: what it is doing, a bar and Cancel; once the
work stopped (cancelled, failed), why, with a button to start it again.

The load strip above a table (issue 3) and the analysis strip atop a panel (issue 10) are
this widget with their own words; each names its own object so its style sheet reaches it
and no child.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

BUSY_COLOURS = ("#eef3fb", "#9db7e0")  # background, border


class WorkStrip(QFrame):
    """Hidden until shown; ``label`` says what happens, ``bar``, ``cancel`` and ``retry``
    follow it. ``row`` lays the label and the controls side by side (a subclass may stack
    them)."""

    cancel_requested = Signal()
    retry_requested = Signal()

    def __init__(
        self, name: str, retry_text: str, bar_width: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until told how far the work is
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(bar_width)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.clicked.connect(self.cancel_requested)
        self.retry = QPushButton(retry_text, self)
        self.retry.clicked.connect(self.retry_requested)
        controls = QHBoxLayout()
        controls.addWidget(self.bar)
        controls.addWidget(self.cancel)
        controls.addWidget(self.retry)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.row.addWidget(self.label, 1)
        self.row.addLayout(controls)
        self.set_colours(BUSY_COLOURS)
        self.hide()

    def set_colours(self, colours: tuple[str, str]) -> None:
        background, border = colours
        self.setStyleSheet(
            f"#{self.objectName()} {{ background: {background}; border: 1px solid {border};"
            " border-radius: 3px; }"
        )

    def show_busy(self, text: str) -> None:
        """Work runs: ``text``, the bar and Cancel."""
        self.label.setText(text)
        self.bar.show()
        self.cancel.show()
        self.retry.hide()
        self.show()

    def show_stopped(self, text: str) -> None:
        """The work stopped: ``text`` and the button that starts it again."""
        self.label.setText(text)
        self.bar.hide()
        self.cancel.hide()
        self.retry.show()
        self.show()
