"""The strip at the top of an analysis panel while a big analysis runs: its stage and Cancel.

Issue 10: a 1M-row group-health export was analysed for ten seconds or more behind
"Analysing gh1m.csv…", with no sign of what was happening and no way to stop it (STYLE.md:
long work runs in the background with progress and Cancel). The strip names the stage the
analysis is in; Cancel stops it at the next stage, and "Analyse again" starts it over.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels.fit_text import stack_when_narrow
from csvinspect.app.widgets.work_strip import WorkStrip


class AnalysisStrip(WorkStrip):
    """Shows "Comparing each group and token with its peers… [Cancel]" while an analysis
    runs, and "Cancelled. [Analyse again]" after the user cancelled it; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("analysisStrip", "Analyse again", 120, parent)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # stage names, never markup
        self.cancel.setToolTip("Stop this analysis; the table stays open.")
        self.bar.setRange(0, 0)  # busy: the stages take unequal, unknown times

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # In a narrow panel (800x600) the stage goes above its controls: side by side, Cancel
        # was cut off at the panel's edge.
        stack_when_narrow(self.row, self.width())

    def show_running(self) -> None:
        """An analysis started: busy, with Cancel, until its first stage is told."""
        self.show_busy("Starting the analysis…")

    def show_stage(self, stage: str) -> None:
        """The running analysis started ``stage`` ("Reconciling the totals")."""
        self.label.setText(f"{stage}…")

    def show_cancelled(self) -> None:
        """The user cancelled: nothing is shown for this table until it is analysed again."""
        self.show_stopped("The analysis was cancelled.")

    def stage(self) -> str:
        """The text shown (for tests and the screenshot check)."""
        return self.label.text()
