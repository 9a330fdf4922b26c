"""The welcome view shown when no export is open: Open…, Paste, the demo, recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class WelcomeView(QWidget):
    """Big, plain entry points; every one also has a menu item and a shortcut."""

    open_requested = Signal()
    paste_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFixedWidth(560)  # a fixed width lets the wrapped intro get its full height
        card.setStyleSheet("#welcomeCard { background: palette(base); border-radius: 8px; }")
        title = QLabel("<h1>csvinspect</h1>", card)
        intro = QLabel(
            "Open an export of an LLM API gateway — group health, usage or request logs — "
            "to see which group, token or model is failing and why.",
            card,
        )
        intro.setWordWrap(True)
        self.open_button = QPushButton("&Open files…   Ctrl+O", card)
        self.paste_button = QPushButton("&Paste a table from the clipboard   Ctrl+V", card)
        self.demo_button = QPushButton("Open the &demo export", card)
        for button in (self.open_button, self.paste_button, self.demo_button):
            button.setMinimumHeight(36)
        self.open_button.clicked.connect(self.open_requested)
        self.paste_button.clicked.connect(self.paste_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        hint = QLabel("…or drop CSV/TSV files anywhere on this window.", card)
        hint.setStyleSheet("color: #666;")
        self.recent_title = QLabel("<b>Recent files</b>", card)
        self._recent_box = QVBoxLayout()
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        for widget in (title, intro, self.open_button, self.paste_button, self.demo_button, hint):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.recent_title)
        layout.addLayout(self._recent_box)
        page = QWidget(self)
        centred = QVBoxLayout(page)
        centred.addStretch(1)
        centred.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        centred.addStretch(2)
        # issue 9: a QStackedWidget is as large as its largest page, so with recent files the
        # hidden welcome page held the window 545 px tall at 150% scaling and pushed the
        # status bar off a 1280x800 screen. In a scroll area it asks for almost nothing.
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def set_recent_files(self, paths: list[str]) -> None:
        while self._recent_box.count():
            item = self._recent_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.recent_title.setVisible(bool(paths))
        for path in paths[:6]:
            button = QPushButton(Path(path).name, self)
            button.setFlat(True)
            button.setToolTip(path)
            button.setStyleSheet("text-align: left; color: #1a5fb4;")
            button.clicked.connect(lambda _c=False, p=path: self.recent_requested.emit(p))
            self._recent_box.addWidget(button)
