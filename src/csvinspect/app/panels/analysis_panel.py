"""Attach the right analysis panel to a table: Health for group-health exports, Requests for
request logs, Usage for usage summaries, nothing for generic CSV.

The table tab owns the table and its filtering; the panels only ask for rows. This module is
the seam between them, so the main window needs one call per (re)load::

    attach_analysis_panel(tab, table)

``host`` is the tab itself when it offers ``add_side_panel``/``show_rows``/``mark_cells``
(``TableTab``), or a plain ``QTabWidget`` or ``QSplitter`` (then the caller connects the
panel's ``rows_requested`` itself).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from csvinspect.app.panels.health_panel import CellMark, HealthPanel
from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.app.panels.usage_panel import UsagePanel
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import ReportKind, Table

PANEL_OBJECT_NAME = "analysisPanel"
PANEL_TITLES = {
    ReportKind.GROUP_HEALTH: "Health",
    ReportKind.REQUEST_LOG: "Requests",
    ReportKind.USAGE_SUMMARY: "Usage",
}


def attach_analysis_panel(
    host: QWidget,
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    pool: QThreadPool | None = None,
) -> QWidget | None:
    """Build (or refresh) the analysis panel for ``table``'s kind and add it to ``host``.

    ``settings`` are the analysis thresholds (the app's low success rate, small sample);
    ``money`` the quota rate and display currency of request logs; ``pool`` the window's
    thread pool, which it drains on close (issue 10).

    Returns the panel, or None for kinds without one (generic CSV). Calling
    it again after a reload reuses the panel when the kind is unchanged, so the side tab
    keeps its place; a panel of another kind is removed first.
    """
    kind = table.source.kind
    existing = host.findChild(QWidget, PANEL_OBJECT_NAME)
    wanted = {
        ReportKind.GROUP_HEALTH: HealthPanel,
        ReportKind.REQUEST_LOG: RequestsPanel,
        ReportKind.USAGE_SUMMARY: UsagePanel,
    }
    panel_type = wanted.get(kind)
    if existing is not None and type(existing) is not panel_type:
        _remove(existing)
        existing = None
    if panel_type is None:
        return None
    panel = existing
    if panel is None:
        panel = panel_type(pool=pool)
        panel.setObjectName(PANEL_OBJECT_NAME)
        _wire(host, panel)
        _add(host, panel, PANEL_TITLES[kind])
    _select(panel)
    if isinstance(panel, RequestsPanel | UsagePanel):
        panel.set_table(table, settings, money)
    else:
        panel.set_table(table, settings)
    return panel


def _wire(host: QWidget, panel: HealthPanel | RequestsPanel | UsagePanel) -> None:
    """Connect the panel's requests to the tab's hooks, where the host has them."""
    show_rows = getattr(host, "show_rows", None)
    if show_rows is not None:
        panel.rows_requested.connect(show_rows)
    mark_cells = getattr(host, "mark_cells", None)
    if isinstance(panel, HealthPanel) and mark_cells is not None:
        panel.cells_marked.connect(lambda marks: mark_cells(cell_mark_map(marks)))
    clear_subset = getattr(host, "clear_row_subset", None)
    if isinstance(panel, RequestsPanel) and show_rows is not None and clear_subset is not None:

        def on_filter_changed(mask: np.ndarray | None, description: str) -> None:
            if mask is None:
                clear_subset()
            else:
                show_rows(np.flatnonzero(mask), f"Requests filter: {description}")

        panel.filter_changed.connect(on_filter_changed)
    if isinstance(panel, RequestsPanel | UsagePanel):
        # The table's "×" on the filter label, Clear filters or Edit > Clear All Filters
        # clears the panel's filter too, so the cards never count rows the table no longer
        # narrows to (issue 9).
        quick_filters = getattr(host, "filters", None)
        if quick_filters is not None:
            quick_filters.subset_cleared.connect(panel.clear_filter)
        filters_cleared = getattr(host, "filters_cleared", None)
        if filters_cleared is not None:
            filters_cleared.connect(panel.clear_filter)
    # account events (top-up, manage, ...) shown muted in the table: not requests (issue 5)
    set_account_rows = getattr(getattr(host, "model", None), "set_account_rows", None)
    if isinstance(panel, RequestsPanel) and set_account_rows is not None:
        panel.account_rows_found.connect(set_account_rows)


def cell_mark_map(marks: list[CellMark]) -> dict[tuple[int, int], str]:
    """``CellMark`` list -> ``{(row, column): tooltip}`` as ``TableTab.mark_cells`` takes."""
    result: dict[tuple[int, int], str] = {}
    for mark in marks:
        key = (mark.row, mark.column)
        result[key] = f"{result[key]}\n{mark.note}" if key in result else mark.note
    return result


def _add(host: QWidget, panel: QWidget, title: str) -> None:
    add_side_panel = getattr(host, "add_side_panel", None)
    if add_side_panel is not None:
        add_side_panel(panel, title)
    elif isinstance(host, QTabWidget):
        host.addTab(panel, title)
    elif isinstance(host, QSplitter):
        host.addWidget(panel)
    else:
        raise TypeError(f"cannot place an analysis panel in a {type(host).__name__}")


def _tab_widget_of(panel: QWidget) -> QTabWidget | None:
    """The ``QTabWidget`` a panel was added to (its parent is the tab widget's stack)."""
    stack = panel.parentWidget()
    owner = stack.parentWidget() if stack is not None else None
    return owner if isinstance(owner, QTabWidget) else None


def _select(panel: QWidget) -> None:
    """Bring the panel's side tab to the front: the analysis is why the file was opened."""
    tabs = _tab_widget_of(panel)
    if tabs is not None:
        tabs.setCurrentWidget(panel)


def _remove(panel: QWidget) -> None:
    tabs = _tab_widget_of(panel)
    if tabs is not None:
        tabs.removeTab(tabs.indexOf(panel))
    panel.setParent(None)
    panel.deleteLater()
