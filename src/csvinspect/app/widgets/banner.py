"""The strip shown above a table or the tabs: a message, buttons, and × to dismiss it.

The error bar, the problems banner and the font note (issue 9) are the same widget in three
colours; each names its own object so its style sheet reaches it and no child.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

WARNING_COLOURS = ("#fff4e0", "#f0b34a")  # background, border
ERROR_COLOURS = ("#fdecea", "#e0a09a")


class Banner(QFrame):
    """Hidden until shown; ``label`` holds the message, ``add_button`` adds before the ×."""

    def __init__(
        self,
        name: str,
        colours: tuple[str, str],
        dismiss_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        background, border = colours
        self.setStyleSheet(
            f"#{name} {{ background: {background}; border: 1px solid {border};"
            " border-radius: 3px; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        dismiss = QToolButton(self)
        dismiss.setText("×")
        dismiss.setAccessibleName("Dismiss")
        dismiss.setToolTip(dismiss_tip)
        dismiss.clicked.connect(self.hide)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 3, 4, 3)
        self._layout.addWidget(self.label, 1)
        self._layout.addWidget(dismiss)
        self.hide()

    def add_button(self, button: QWidget) -> None:
        """Put ``button`` after the message, before the ×."""
        self._layout.insertWidget(self._layout.count() - 1, button)
