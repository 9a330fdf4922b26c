"""Which panel each kind of export gets: one declaration per kind (issue 10).

Adding a kind to the app is one ``PanelEntry`` here; the tab, the menus and the main window
reach the panel only through the ``AnalysisPanel`` interface (``app/panels/panel.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csvinspect.app.panels.health_panel import HealthPanel
from csvinspect.app.panels.panel import AnalysisPanel
from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.app.panels.usage_panel import UsagePanel
from csvinspect.core.registry import KINDS
from csvinspect.core.table import ReportKind


@dataclass(frozen=True)
class PanelEntry:
    """A kind's side tab: its title (the core's label of the kind, ``core/registry.py``), and the
    panel class (made with ``pool=`` the window's)."""

    title: str
    panel_type: Callable[..., AnalysisPanel]


PANELS: dict[ReportKind, PanelEntry] = {
    ReportKind.GROUP_HEALTH: PanelEntry(KINDS[ReportKind.GROUP_HEALTH].label, HealthPanel),
    ReportKind.REQUEST_LOG: PanelEntry(KINDS[ReportKind.REQUEST_LOG].label, RequestsPanel),
    ReportKind.USAGE_SUMMARY: PanelEntry(KINDS[ReportKind.USAGE_SUMMARY].label, UsagePanel),
}
