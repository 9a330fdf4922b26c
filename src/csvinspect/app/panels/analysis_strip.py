"""The strip at the top of an analysis panel while a big analysis runs: its stage and Cancel.

Issue 10: a 1M-row group-health export was analysed for ten seconds or more behind
"Analysing gh1m.csv…", with no sign of what was happening and no way to stop it (STYLE.md:
long work runs in the background with progress and Cancel). The strip names the stage the
analysis is in; Cancel stops it at the next stage, and "Analyse again" starts it over.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from csvinspect.app.panels.fit_text import stack_when_narrow


class AnalysisStrip(QFrame):
    """Shows "Comparing each group and token with its peers… [Cancel]" while an analysis
    runs, and "Cancelled. [Analyse again]" after the user cancelled it; hidden otherwise."""

    cancel_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisStrip")
        self.setStyleSheet(
            "#analysisStrip { background: #eef3fb; border: 1px solid #9db7e0; border-radius: 3px; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: the stages take unequal, unknown times
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(120)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setToolTip("Stop this analysis; the table stays open.")
        self.cancel.clicked.connect(self.cancel_requested)
        self.retry = QPushButton("Analyse again", self)
        self.retry.clicked.connect(self.retry_requested)
        controls = QHBoxLayout()
        controls.addWidget(self.bar)
        controls.addWidget(self.cancel)
        controls.addWidget(self.retry)
        # In a narrow panel (800x600) the stage goes above its controls: side by side, Cancel
        # was cut off at the panel's edge.
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.addWidget(self.label, 1)
        self._layout.addLayout(controls)
        self.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        stack_when_narrow(self._layout, self.width())

    def show_running(self) -> None:
        """An analysis started: busy, with Cancel, until its first stage is told."""
        self.label.setText("Starting the analysis…")
        self.bar.show()
        self.cancel.show()
        self.retry.hide()
        self.show()

    def show_stage(self, stage: str) -> None:
        """The running analysis started ``stage`` ("Reconciling the totals")."""
        self.label.setText(f"{stage}…")

    def show_cancelled(self) -> None:
        """The user cancelled: nothing is shown for this table until it is analysed again."""
        self.label.setText("The analysis was cancelled.")
        self.bar.hide()
        self.cancel.hide()
        self.retry.show()
        self.show()

    def stage(self) -> str:
        """The text shown (for tests and the screenshot check)."""
        return self.label.text()
