"""The Requests panel and ``csvinspect report`` read a request log through one analysis.

Issue 10: the request log was assembled twice, so the panel and the report could disagree.
Both now call the core's ``analyse_requests``; a change to it shows in both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.core.loader import load
from csvinspect.core.report import build_report
from csvinspect.core.requests import analysis
from csvinspect.core.table import ReportKind


def test_panel_and_report_both_use_the_core_request_analysis(qtbot, samples_dir: Path, monkeypatch):
    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    assert table.source.kind == ReportKind.REQUEST_LOG
    calls: list[str] = []
    real = analysis.derived_health

    def counted(*args, **kwargs):
        calls.append("derived")
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis, "derived_health", counted)
    report = build_report(table)
    assert calls == ["derived"]
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(table)
    assert calls == ["derived", "derived"]
    # the same figures: the panel's card and the report's total
    assert panel.cards.card("Requests").value == str(report["totals"]["requests"])


def test_an_analysis_failure_shows_in_the_panel_and_names_itself_in_the_report(
    qtbot, samples_dir: Path, monkeypatch
):
    table = load(samples_dir / "usage_logs_newapi_fork.csv")

    def broken(*_args, **_kwargs):
        raise ValueError("no groups")

    monkeypatch.setattr(analysis, "derived_health", broken)
    with pytest.raises(ValueError, match="Group health could not be derived: no groups"):
        build_report(table)
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(table)
    assert panel.result is not None
    assert panel.result.health_error == "Group health could not be derived: no groups"
    assert panel.cards.card("Requests").value == "7"


def test_the_side_tabs_are_titled_with_the_cores_labels_of_the_kinds():
    from csvinspect.app.panels.registry import PANELS
    from csvinspect.core.registry import KINDS

    assert {kind: entry.title for kind, entry in PANELS.items()} == {
        kind: KINDS[kind].label for kind in PANELS
    }
    assert [entry.title for entry in PANELS.values()] == ["Health", "Requests", "Usage"]
