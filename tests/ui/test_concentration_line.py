"""Issue 11, item 6 in the app: the Requests panel says, beside its cards, whether failures
concentrate on one account or API key, and it follows the panel's filter."""

from __future__ import annotations

from csvinspect.app.panels.requests_panel import RequestsPanel

LOAD_TIMEOUT_MS = 20_000
HEADER = "row_id,created_at,status,upstream_account,model,api_key,errors\n"


def _row(i: int, account: str, key: str, failed: bool) -> str:
    status, errors = ("failed", "upstream_timeout") if failed else ("completed", "")
    return f"rq_{i:03d},2026-07-08 13:{i:02d}:00,{status},{account},gpt-5,{key},{errors}\n"


def test_the_panel_names_the_account_failures_concentrate_on(qtbot, window, tmp_path):
    accounts = ["codex-alice", "codex-bob", "codex-carol", "codex-dave"]
    rows = [(i, accounts[i % 4], ["ci", "web", "batch"][i % 3]) for i in range(40)]
    failing = {i for i, account, _ in rows if account == "codex-bob"}  # 10 of 40 requests
    path = tmp_path / "request_logs.csv"
    path.write_text(
        HEADER + "".join(_row(i, a, k, i in failing) for i, a, k in rows), encoding="utf-8"
    )
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        (tab,) = window.open_files([path])
    panel = tab.findChild(RequestsPanel)
    assert panel.concentration_label.isVisibleTo(panel)
    assert panel.concentration_label.text() == (
        f"• Failures concentrate on account codex-bob: {len(failing)} of {len(failing)}"
        f" failures (100%), {len(failing) / len(rows):.0%} of requests"
    )
    # filtered to codex-bob alone, every request is on one account: nothing to compare
    with qtbot.waitSignal(panel.stats_updated, timeout=LOAD_TIMEOUT_MS):
        panel.filter_bar.dimension_boxes["account"].setCurrentText("codex-bob")
        panel.filter_bar.filter_edited.emit()  # what the bar does after the typing pause
    assert panel.result.cards.requests == len(failing)
    assert "Failures concentrate on account" not in panel.concentration_label.text()
