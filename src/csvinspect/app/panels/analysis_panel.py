"""Attach the right analysis panel to a table: the registry's panel for its kind (Health for
group-health exports, Requests for request logs, Usage for usage summaries), none for CSV.

The table tab owns the table and its filtering; the panels only ask for rows. This module is
the seam between them, so the main window needs one call per (re)load::

    attach_analysis_panel(tab, table, settings, money, pool)

``host`` is the tab itself (a ``PanelHost``: ``TableTab``), whose slots the panel connects
to, or a plain ``QTabWidget`` or ``QSplitter`` (then the caller connects the panel's
``rows_requested`` itself).
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from csvinspect.app.panels.health_panel import cell_mark_map
from csvinspect.app.panels.panel import AnalysisPanel, PanelHost
from csvinspect.app.panels.registry import PANELS
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import Table

__all__ = ["PANEL_OBJECT_NAME", "attach_analysis_panel", "cell_mark_map", "panel_of"]

PANEL_OBJECT_NAME = "analysisPanel"


def panel_of(host: QWidget) -> AnalysisPanel | None:
    """The analysis panel attached to ``host``, if any."""
    found = host.findChild(QWidget, PANEL_OBJECT_NAME)
    return found if _is_panel(found) else None


def _is_panel(widget: QWidget | None) -> bool:
    return widget is not None and any(type(widget) is e.panel_type for e in PANELS.values())


def attach_analysis_panel(
    host: PanelHost | QTabWidget | QSplitter,
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    pool: QThreadPool | None = None,
) -> AnalysisPanel | None:
    """Build (or refresh) the analysis panel for ``table``'s kind and add it to ``host``.

    ``settings`` are the analysis thresholds (the app's low success rate, small sample);
    ``money`` the quota rate and display currency; ``pool`` the window's thread pool, which
    it drains on close (issue 10).

    Returns the panel, or None for kinds without one (generic CSV). Calling
    it again after a reload reuses the panel when the kind is unchanged, so the side tab
    keeps its place; a panel of another kind is removed first.
    """
    assert isinstance(host, QWidget)
    entry = PANELS.get(table.source.kind)
    existing = host.findChild(QWidget, PANEL_OBJECT_NAME)
    if existing is not None and (entry is None or type(existing) is not entry.panel_type):
        _remove(existing)
        existing = None
    if entry is None:
        return None
    if existing is None:
        panel = entry.panel_type(pool=pool)
        assert isinstance(panel, QWidget)
        panel.setObjectName(PANEL_OBJECT_NAME)
        if isinstance(host, PanelHost):
            panel.connect_host(host)
            host.add_side_panel(panel, entry.title)
        elif isinstance(host, QTabWidget):
            host.addTab(panel, entry.title)
        else:
            host.addWidget(panel)
    else:
        panel = existing
    _select(panel)
    panel.set_table(table, settings, money)
    return panel


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
