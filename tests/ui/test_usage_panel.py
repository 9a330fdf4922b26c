"""The Usage panel on usage summaries (LiteLLM team usage; seed 003's usage analytics)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from csvinspect.app.panels.analysis_panel import attach_analysis_panel
from csvinspect.app.panels.breakdown_model import ALARM
from csvinspect.app.panels.usage_panel import UsagePanel
from csvinspect.core import ReportKind, Table, load, load_text
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.summaries import usage_summary

# Day 1 is 150 of 200 successful (75%); team "a" spends far more than the others.
LOW_DAY = """Date,Team,Spend ($),Requests,Successful Requests,Failed Requests,Total Tokens
2026-05-01,a,100.00,100,50,50,1000
2026-05-01,b,1.00,100,100,0,1000
2026-05-02,a,120.00,100,100,0,1000
2026-05-02,c,1.50,100,99,1,1000
2026-05-03,d,2.00,100,100,0,1000
"""
SPEND, SUCCESS, TOKENS = 4, 3, 7  # model columns (the view shows Spend second)
LOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def litellm(samples_dir: Path) -> Table:
    table = load(samples_dir / "team_usage_litellm.csv")
    assert table.source.kind == ReportKind.USAGE_SUMMARY
    return table


def _panel(qtbot, table: Table, settings: AnalysisSettings | None = None) -> UsagePanel:
    panel = UsagePanel()
    qtbot.addWidget(panel)
    panel.resize(640, 1000)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(table, settings)
    return panel


def _keys(panel: UsagePanel, name: str) -> list[str]:
    model = panel.models[name]
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _click(qtbot, panel: UsagePanel, name: str, key: str):
    view, model = panel.views[name], panel.models[name]
    index = model.index(_keys(panel, name).index(key), 0)
    with qtbot.waitSignal(panel.rows_requested, timeout=5_000) as blocker:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    return blocker.args


def test_cards_show_the_core_request_total_and_the_dollar_spend(qtbot, litellm):
    panel = _panel(qtbot, litellm)
    totals = usage_summary(litellm).totals()
    assert panel.cards.card("Requests").value == fmt.count(totals.requests) == "121,527"
    assert panel.cards.card("Successful").value == "120,521"
    assert panel.cards.card("Failed").value == "1,006"
    assert panel.cards.card("Success rate").value == "99.17%"
    assert panel.cards.card("Spend").value == "$6,317.35"
    assert panel.cards.card("Tokens").value == "2,071,475,184"
    assert "completion 62,535,859" in panel.cards.card("Tokens").detail
    assert panel.cards.card("Cost per 1K tokens").value == "$0.003050"
    assert panel.cards.card("Date span").value == "2026-05-01 – 2026-05-05"
    assert panel.cards.card("Date span").detail == "5 days"


def test_clicking_a_day_row_emits_that_days_rows(qtbot, litellm):
    panel = _panel(qtbot, litellm)
    assert _keys(panel, "day") == [f"2026-05-0{d}" for d in range(1, 6)]
    rows, label = _click(qtbot, panel, "day", "2026-05-03")
    dates = litellm.columns[0].text.to_pylist()
    assert sorted(np.asarray(rows).tolist()) == [5, 6]
    assert {dates[r] for r in rows} == {"2026-05-03"}
    assert label == "Day: 2026-05-03"


def test_breakdowns_sort_by_spend_and_tokens_and_still_click_right(qtbot, litellm, qtmodeltester):
    panel = _panel(qtbot, litellm)
    model = panel.models["day"]
    qtmodeltester.check(model)
    panel.views["day"].sortByColumn(SPEND, Qt.SortOrder.DescendingOrder)
    assert _keys(panel, "day")[0] == "2026-05-03"
    assert model.index(0, SPEND).data() == "$2,490.00"
    qtmodeltester.check(model)
    panel.views["day"].sortByColumn(TOKENS, Qt.SortOrder.AscendingOrder)
    assert _keys(panel, "day")[0] == "2026-05-04"  # 108.4M tokens, the fewest
    qtmodeltester.check(model)
    rows, _ = _click(qtbot, panel, "day", "2026-05-04")
    assert sorted(np.asarray(rows).tolist()) == [7, 8]


def test_team_breakdown_flags_the_team_spending_far_above_its_peers(qtbot, litellm):
    panel = _panel(qtbot, litellm)
    assert panel._titles["group"].text() == "Team"
    model = panel.models["group"]
    keys = _keys(panel, "group")
    assert keys[:3] == ["ml-research", "support-bot", "ml-research, EU"]
    big, normal = keys.index("ml-research"), keys.index("support-bot")
    fg = Qt.ItemDataRole.ForegroundRole
    assert model.index(big, SPEND).data() == "$5,663.24"
    assert model.index(big, SPEND).data(fg) == ALARM
    assert model.index(normal, SPEND).data(fg) is None
    assert "median of $312.44" in model.index(big, 0).data(Qt.ItemDataRole.ToolTipRole)
    # 36,831 of 36,838: not rounded up to a clean 100%
    assert model.index(normal, SUCCESS).data() == "99.98%"
    rows, label = _click(qtbot, panel, "group", "ml-research, EU")
    assert np.asarray(rows).tolist() == [7] and label == "Team: ml-research, EU"


def test_low_success_rows_follow_the_configured_threshold(qtbot):
    table = load_text(LOW_DAY)
    fg = Qt.ItemDataRole.ForegroundRole
    panel = _panel(qtbot, table, AnalysisSettings(low_success_rate=0.80))
    day = _keys(panel, "day").index("2026-05-01")
    assert panel.models["day"].index(day, SUCCESS).data() == "75.00%"
    assert panel.models["day"].index(day, SUCCESS).data(fg) == ALARM
    assert panel.cards.card("Success rate").value == "89.80%"
    lenient = _panel(qtbot, table, AnalysisSettings(low_success_rate=0.70))
    assert lenient.models["day"].index(day, SUCCESS).data(fg) != ALARM


def test_attach_adds_a_usage_tab_for_usage_summaries(qtbot, litellm):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    panel = attach_analysis_panel(tabs, litellm)
    assert isinstance(panel, UsagePanel)
    assert tabs.tabText(tabs.indexOf(panel)) == "Usage"
    assert panel.cards.card("Requests").value == "121,527"


def test_a_day_click_in_the_window_filters_the_table(qtbot, window, samples_dir):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        window.open_files([samples_dir / "team_usage_litellm.csv"])
    tab = window.current_tab()
    panel = tab.findChild(UsagePanel)
    assert panel is not None and tab.side.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.analysis is not None)
    _click(qtbot, panel, "day", "2026-05-01")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)


def test_a_team_click_counts_the_cards_over_that_teams_rows(qtbot, window, samples_dir):
    """Issue 9: the table followed a breakdown click while the cards kept every row, so a
    finance reader could take the export's spend for the team's."""
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        window.open_files([samples_dir / "team_usage_litellm.csv"])
    tab = window.current_tab()
    panel = tab.findChild(UsagePanel)
    qtbot.waitUntil(lambda: panel.analysis is not None)
    team = panel.models["group"].index(_keys(panel, "group").index("ml-research"), 0)
    team_requests = panel.models["group"].index(team.row(), 1).data()
    rows, _ = _click(qtbot, panel, "group", "ml-research")
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(rows))
    assert panel.cards.card("Requests").value == team_requests != "121,527"
    assert panel.cards.card("Spend").value == "$5,663.24"
    assert panel.count_label.text().startswith("Cards for Team: ml-research only")
    assert "of $6,317.35" in panel.count_label.text()
    # the table's × shows every row again, and the cards count them all
    with qtbot.waitSignal(panel.stats_updated, timeout=5_000):
        qtbot.mouseClick(tab.filters.subset, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == tab.table.n_rows
    assert panel.cards.card("Requests").value == "121,527"
    assert not panel.count_label.text().startswith("Cards for")
    # so does Edit > Clear All Filters after another click
    _click(qtbot, panel, "group", "support-bot")
    assert panel.cards.card("Requests").value != "121,527"
    tab.area.setFocus()
    with qtbot.waitSignal(panel.stats_updated, timeout=5_000):
        qtbot.keyClick(
            tab.area,
            Qt.Key.Key_X,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert panel.cards.card("Requests").value == "121,527"


def test_the_panel_and_the_report_run_one_usage_analysis(qtbot, litellm, monkeypatch):
    # issue 10: the report assembled its own usage figures and lacked the panel's flags.
    import csvinspect.app.panels.usage_panel as usage_panel
    import csvinspect.core.registry as registry
    from csvinspect.core.report import build_report
    from csvinspect.core.usage import analyse_usage

    calls: list[str] = []

    def spy(name: str):
        def analyse(*args, **kwargs):
            calls.append(name)
            return analyse_usage(*args, **kwargs)

        return analyse

    assert registry.KINDS[ReportKind.USAGE_SUMMARY].analyse is analyse_usage
    assert usage_panel.analyse_usage is analyse_usage
    monkeypatch.setattr(usage_panel, "analyse_usage", spy("panel"))
    monkeypatch.setattr(registry, "analyse_usage", spy("report"))
    _panel(qtbot, litellm)
    build_report(litellm)
    assert calls == ["panel", "report"]


def test_the_report_flags_the_rows_the_panel_highlights(qtbot, litellm):
    from csvinspect.core.report import build_report

    panel = _panel(qtbot, litellm)
    report = build_report(litellm)
    usage, currency = report["usage"], report["totals"]["currency"]
    for name, model in panel.models.items():
        shown = {key: model.row_flags(r) for r, key in enumerate(_keys(panel, name))}
        rows = usage.get(f"by_{name}", [])  # the panel keeps empty tables for absent dimensions
        assert {row["key"]: tuple(row["flags"]) for row in rows} == shown
    big = next(row for row in usage["by_group"] if row["key"] == "ml-research")
    assert big["flags"] == ["cost_outlier"]
    model = panel.models["group"]
    tip = model.index(_keys(panel, "group").index("ml-research"), 0).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert big["peer_cost"] == 312.44
    assert f"median of {fmt.money(big['peer_cost'], currency)}" in tip
