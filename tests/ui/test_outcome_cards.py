"""The Requests panel tells outcomes apart (issue 11, seed 004): the rate counts finished
requests, rejected is its own Status choice, and mostly unknown outcomes show no rate."""

from __future__ import annotations

from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.core import Table, load_text

# Seed 004's columns and statuses (as tests/core/test_outcomes_honest.py builds them)
CODEX_POOLER = """id,created_at,status,pool,upstream_account,plan,model,api_key,transport,route,input_tokens,output_tokens,cached_input_tokens,estimated_cost_usd,errors
rl_01,2026-07-08T13:00:01Z,completed,main,acct-a,pro,gpt-5,pk_live_ab12,HTTP SSE,/v1/responses,1200,300,200,0.012,
rl_02,2026-07-08T13:00:02Z,completed,main,acct-a,pro,gpt-5,pk_live_ab12,HTTP SSE,/v1/responses,1200,300,200,0.012,
rl_03,2026-07-08T13:00:03Z,response.incomplete,main,acct-b,pro,gpt-5,pk_live_ab12,HTTP SSE,/v1/responses,,,,,
rl_04,2026-07-08T13:00:04Z,failed,main,acct-b,pro,gpt-5,pk_live_ab12,HTTP SSE,/v1/responses,,,,,upstream_timeout: upstream did not answer in 60s
rl_05,2026-07-08T13:00:05Z,rejected,main,,,gpt-5,pk_live_cd34,HTTP JSON,/v1/responses,,,,,model_not_allowed: requested model not allowed by key policy
rl_06,2026-07-08T13:00:06Z,in_progress,main,acct-a,pro,gpt-5,pk_live_ab12,HTTP SSE,/v1/responses,,,,,
"""  # noqa: E501


def _unknown_export(n: int = 23) -> str:
    """Seed 002's usage log whose Details JSON says no status: every outcome unknown."""
    rows = ["Time,Usage,Model,Duration,Tokens,Cost,Details"]
    for i in range(n):
        details = f'"{{""input_tokens"": {60 + i}, ""output_tokens"": 40}}"'
        time = f"2026-07-08 13:{i:02d}:00"
        rows.append(f"{time},0.10,gpt-4o-mini,{800 + i},{100 + i},$0.001,{details}")
    return "\n".join(rows) + "\n"


def _panel(qtbot, table: Table) -> RequestsPanel:
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(table)
    return panel


def test_cards_count_in_progress_beside_the_rate_and_status_box_filters_rejected(qtbot):
    panel = _panel(qtbot, load_text(CODEX_POOLER, name="codex_pooler_request_logs.csv"))
    rate = panel.cards.card("Success rate")
    assert rate.value == "60.00%"  # 3 of 5 finished; the running one is in neither
    assert "1 in progress" in rate.detail
    assert "1 in progress" in panel.cards.card("Requests").detail
    assert "1 usage unknown" in panel.cards.card("Requests").detail  # the delivered incomplete
    assert "1 rejected" in panel.cards.card("Failures").detail
    box = panel.filter_bar.status_box
    assert box.findText("rejected") >= 0 and box.findText("in progress") >= 0
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        box.setCurrentText("rejected")
        panel.filter_bar.filter_edited.emit()
    assert panel.cards.card("Requests").value == "1"
    assert panel.cards.card("Failures").value == "1"
    outcome = panel.models["outcome"]
    assert [outcome.index(r, 0).data() for r in range(outcome.rowCount())] == ["rejected"]


def test_mostly_unknown_outcomes_show_no_rate_and_no_alarm(qtbot):
    panel = _panel(qtbot, load_text(_unknown_export(), name="tokenopen_usage_logs.csv"))
    rate = panel.cards.card("Success rate")
    assert rate.value == "unknown"
    assert "23 of 23 requests have no readable outcome" in rate.detail
    assert rate.tone == "muted"
    failures = panel.cards.card("Failures")
    assert failures.tone == "muted" and failures.detail == "most outcomes unknown"  # not "good"
