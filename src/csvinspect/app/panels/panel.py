"""The typed seam between a table tab and the analysis panel beside it (issue 10).

``AnalysisPanel`` is what every kind's panel offers (Health, Requests, Usage); ``PanelHost``
what a panel may ask of the tab it sits in. Before issue 10 the panels were told apart with
``isinstance`` and the tab was reached with ``getattr`` by method name, so a renamed method
failed silently; now a type checker sees both sides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import numpy as np
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.row_marks import RequestRowMarks
from csvinspect.core.table import Table


@runtime_checkable
class PanelHost(Protocol):
    """The tab beside a panel (``TableTab``): it shows rows, marks cells, mutes rows."""

    subset_cleared: SignalInstance  # the table's row subset was cleared (its "×")
    filters_cleared: SignalInstance  # every filter was cleared (Edit > Clear All Filters)

    def show_rows(self, rows: np.ndarray, label: str) -> None: ...

    def clear_row_subset(self) -> None: ...

    def mark_cells(self, marks: Mapping[tuple[int, int], str]) -> None: ...

    def mute_rows(self, rows: np.ndarray | None) -> None: ...

    def mark_requests(self, marks: RequestRowMarks | None) -> None: ...

    def add_side_panel(self, widget: QWidget, title: str) -> int: ...


class AnalysisPanel(Protocol):
    """One kind's panel: analyses a table in the background and shows the result."""

    rows_requested: SignalInstance  # (np.ndarray of table rows, label for the banner)
    analysis_shown: SignalInstance  # a result, or why there is none, is on screen

    @property
    def busy(self) -> bool:
        """True while an analysis runs whose result the panel will show."""
        ...

    def set_table(
        self,
        table: Table,
        settings: AnalysisSettings | None = None,
        money: MoneySettings | None = None,
    ) -> None:
        """Analyse ``table`` with the user's thresholds and money settings, then show it."""
        ...

    def set_settings(self, settings: AnalysisSettings) -> None:
        """The user changed a threshold: show the same table and filter with it."""
        ...

    def set_money(self, money: MoneySettings) -> None:
        """The user changed the quota rate or display currency."""
        ...

    def clear_filter(self) -> None:
        """The table's filter was cleared: count every row again."""
        ...

    def connect_host(self, host: PanelHost) -> None:
        """Connect this panel's requests (rows to show, cells to mark) to the tab's slots."""
        ...
