"""The Requests panel on the new-api fork usage log (issue 5, "Views and statistics")."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSignalBlocker, Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.modeltest import ModelTester

from csvinspect.app.panels import requests_panel
from csvinspect.app.panels.analysis_panel import attach_analysis_panel
from csvinspect.app.panels.analysis_worker import compute_stats
from csvinspect.app.panels.health_panel import HealthPanel
from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.core import ReportKind, Table, load
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.stats import RequestStats


@pytest.fixture
def usage_log(samples_dir: Path) -> Table:
    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    assert table.source.kind == ReportKind.REQUEST_LOG
    return table


def _panel(qtbot, table: Table, threshold: int | None = None) -> RequestsPanel:
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    if threshold is not None:
        panel.runner.threshold = threshold
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(table)
    return panel


def _keys(panel: RequestsPanel, name: str) -> list[str]:
    model = panel.models[name]
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _edit(qtbot, panel: RequestsPanel, change) -> None:
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        change()
        panel.filter_bar.filter_edited.emit()  # what the bar does after the typing pause


def test_cards_match_the_core_and_account_events_are_not_requests(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    core = RequestStats(build_records(usage_log)).cards()
    assert panel.cards.card("Requests").value == f"{core.requests:,}"
    assert core.requests == 7  # 11 rows: top-up, manage and system rows are not requests
    assert "4 account events" in panel.cards.card("Requests").detail
    assert panel.cards.card("Failures").value == "2"
    assert panel.cards.card("Success rate").value == "71.43%"
    assert panel.cards.card("Cost").value.startswith("$")
    assert "P95" in panel.cards.card("Latency (mean)").detail


def test_status_breakdown_lists_429_and_504_and_click_shows_their_rows(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    keys = _keys(panel, "status")
    assert keys[0] == "200"
    assert any(k.startswith("429") and "Rate limit" in k for k in keys)
    assert any(k.startswith("504") and "Gateway timeout" in k for k in keys)
    assert panel.views["status"].isVisibleTo(panel)
    row = next(i for i, k in enumerate(keys) if k.startswith("429"))
    with qtbot.waitSignal(panel.filter_changed) as blocker:  # a click filters (issue 9)
        panel.views["status"].clicked.emit(panel.models["status"].index(row, 0))
    mask, label = blocker.args
    assert np.flatnonzero(mask).tolist() == [2]  # the third data row, id 918275, is the 429
    assert "429" in label


def test_breakdown_models_pass_the_model_tester_and_sort_numerically(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    model = panel.models["model"]
    ModelTester(None).check(model)
    view = panel.views["model"]
    header = view.horizontalHeader()
    for _ in range(2):  # a click sorts by average latency, a second click reverses it
        position = QPoint(header.sectionViewportPosition(5) + 5, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
    latencies = [model.breakdown_row(r).avg_latency_s for r in range(model.rowCount())]
    assert latencies == sorted(latencies, reverse=True)
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Avg ▼"
    ModelTester(None).check(model)
    # the clicked row still maps to its own requests after the sort
    first = model.breakdown_row(0)
    assert len(model.row_indices(0)) == first.requests
    _edit(qtbot, panel, lambda: panel.filter_bar.status_box.setCurrentText("5xx"))
    ModelTester(None).check(model)
    assert _keys(panel, "status") == [k for k in _keys(panel, "status") if k.startswith("5")]


def test_filter_by_model_updates_cards_breakdowns_and_reports_the_mask(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    box = panel.filter_bar.dimension_boxes["model"]
    with qtbot.waitSignal(panel.filter_changed) as changed:
        _edit(qtbot, panel, lambda: box.setCurrentText("gpt-4o-mini"))
    assert panel.cards.card("Requests").value == "2"
    assert panel.count_label.text().startswith("2 of 7")
    assert _keys(panel, "model") == ["gpt-4o-mini"]
    mask, description = changed.args
    assert int(np.count_nonzero(mask)) == 2 and "gpt-4o-mini" in description
    assert not panel.warning_label.isVisibleTo(panel)


def test_unusable_latency_filter_warns_and_leaves_the_rest_applied(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    box = panel.filter_bar.dimension_boxes["model"]
    _edit(qtbot, panel, lambda: box.setCurrentText("gpt-4o-mini"))
    _edit(qtbot, panel, lambda: panel.filter_bar.latency_min.setText("fast"))
    assert panel.warning_label.isVisibleTo(panel)
    assert any("Latency minimum 'fast'" in w for w in panel.warnings())
    assert panel.cards.card("Requests").value == "2"  # the model filter still holds

    # min above max is unusable too: the core says so, and the model filter still holds
    def min_above_max() -> None:
        panel.filter_bar.latency_min.setText("60")
        panel.filter_bar.latency_max.setText("5")

    _edit(qtbot, panel, min_above_max)
    assert any("latency range is invalid" in w for w in panel.warnings())
    assert panel.cards.card("Requests").value == "2"
    # a usable range applies: gpt-4o-mini at 3 s stays, the 62 s timeout goes
    _edit(qtbot, panel, lambda: panel.filter_bar.latency_min.setText("0"))
    assert not panel.warning_label.isVisibleTo(panel)
    assert panel.cards.card("Requests").value == "1"


def test_unknown_model_name_is_ignored_with_a_warning(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    box = panel.filter_bar.dimension_boxes["model"]
    _edit(qtbot, panel, lambda: box.setEditText("gpt-5-turbo"))
    assert any("gpt-5-turbo" in w for w in panel.warnings())
    assert panel.cards.card("Requests").value == "7"
    _edit(qtbot, panel, panel.filter_bar.reset_button.click)
    assert panel.warnings() == []


def test_large_tables_are_computed_in_a_worker_and_stale_results_dropped(
    qtbot, usage_log, monkeypatch
):
    panel = _panel(qtbot, usage_log, threshold=0)  # every table counts as large here
    assert panel.cards.card("Requests").value == "7"
    computed: list[tuple[str, ...]] = []

    def counting(table, records, request_filter, *settings, **cancel):
        computed.append(request_filter.status_classes)
        return compute_stats(table, records, request_filter, *settings, **cancel)

    monkeypatch.setattr(requests_panel, "compute_stats", counting)
    bar = panel.filter_bar
    updates: list[int] = []
    panel.stats_updated.connect(lambda: updates.append(panel.runner.generation))
    with QSignalBlocker(bar):  # three filters in quick succession, before any is done
        for status in ("2xx", "4xx", "5xx"):
            bar.status_box.setCurrentText(status)
            panel.apply_filter()
    assert panel.runner.busy
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=10_000)
    # 4xx was superseded while waiting and never computed; 2xx, stale once 5xx was asked
    # for, is cancelled (issue 10) before or while it computes, so it may not finish
    assert ("4xx",) not in computed
    assert computed[-1] == ("5xx",)
    assert len(updates) == 1  # the stale 2xx result was dropped, only 5xx was shown
    assert panel.result.request_filter.status_classes == ("5xx",)
    assert panel.cards.card("Requests").value == "1"
    assert _keys(panel, "status")[0].startswith("504")


def test_derived_group_health_tab_reuses_the_health_panel(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    health = panel.health_panel
    assert isinstance(health, HealthPanel)
    assert panel.tabs.isTabEnabled(1)
    assert health.cards.card("Requests").value == "7"
    groups = {g.name for g in health.report.groups}
    assert {"default", "vip", "svip"} <= groups
    assert not health.reconcile_title.isVisibleTo(health)  # nothing exported to reconcile
    reasons = [
        health.reason_model.index(r, 1).data() for r in range(health.reason_model.rowCount())
    ]
    assert any(r.startswith("429") for r in reasons)
    assert any(r.startswith("504") for r in reasons)


def test_derived_cache_hit_rate_card_says_which_rate_it_shows(qtbot, usage_log, demo_path):
    # issue 9: the card did not say it is cached ÷ total tokens, or what the total is
    hint = _panel(qtbot, usage_log).health_panel.cards.card("Cache hit rate").tooltip
    assert "cached tokens ÷ total tokens" in hint
    assert "input + output" in hint and "seed 000" in hint
    exported = HealthPanel()
    qtbot.addWidget(exported)
    with qtbot.waitSignal(exported.report_shown, timeout=10_000):
        exported.set_table(load(demo_path))
    assert "Cache Tokens" in exported.cards.card("Cache hit rate").tooltip


def test_cost_per_1k_tokens_keeps_its_significant_digits_and_no_requests_is_said(usage_log):
    core = RequestStats(build_records(usage_log)).cards()
    cheap = requests_panel.request_cards(replace(core, cost_per_1k_tokens=0.0042, currency="CNY"))
    cost = next(c for c in cheap if c.title == "Cost")
    assert cost.detail == "¥0.0042 per 1K tokens"  # issue 9: it read ¥0.00 or ¥0.01
    none = replace(core, requests=0, success=0, failures=0, unknown=0, success_rate=None)
    rate = next(c for c in requests_panel.request_cards(none) if c.title == "Success rate")
    assert rate.detail == "no requests"  # issue 9: "only 0 requests: a small sample"
    assert rate.tone == "muted"
    one = replace(core, requests=1, success=1, failures=0, unknown=0, success_rate=1.0)
    rate = next(c for c in requests_panel.request_cards(one) if c.title == "Success rate")
    assert rate.detail == "only 1 request: a small sample"


def test_attach_builds_a_requests_panel_for_request_logs(qtbot, usage_log):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    panel = attach_analysis_panel(tabs, usage_log)
    assert isinstance(panel, RequestsPanel)
    assert tabs.tabText(tabs.indexOf(panel)) == "Requests"
    assert panel.cards.card("Requests").value == "7"


def test_status_box_offers_the_codes_seen_and_filters_by_one(qtbot, usage_log):
    panel = _panel(qtbot, usage_log)
    box = panel.filter_bar.status_box
    items = [box.itemText(i) for i in range(box.count())]
    assert {"2xx", "4xx", "5xx", "unknown", "429", "504"} <= set(items)
    _edit(qtbot, panel, lambda: box.setCurrentText("504"))
    assert panel.cards.card("Requests").value == "1"
    assert panel.cards.card("Failures").value == "1"
    assert _keys(panel, "model") == ["gpt-4o-mini"]
    assert "status 504" in panel.filter_bar.describe()


def test_unusual_statuses_show_in_the_breakdown_and_the_status_box(qtbot, samples_dir):
    # issue 11: status_code=999 in a new-api error row used to crash the statistics
    table = load(samples_dir.parent / "requests_unusual_status.csv")
    panel = _panel(qtbot, table)
    keys = _keys(panel, "status")
    for code in ("999", "-1", "0", "1000", "99999"):
        assert any(k.startswith(f"{code} (unusual)") for k in keys), keys
    assert panel.cards.card("Failures").value == "6"
    box = panel.filter_bar.status_box
    items = [box.itemText(i) for i in range(box.count())]
    assert {"unusual", "999", "-1", "0"} <= set(items)
    _edit(qtbot, panel, lambda: box.setCurrentText("999"))
    assert panel.cards.card("Requests").value == "1"
    assert "status 999" in panel.filter_bar.describe()


def test_latency_box_reads_a_bare_number_in_the_latency_column_unit(qtbot, samples_dir):
    # issue 11: on a latency_ms log, 30000 typed in the box is 30 s, as the table shows it
    panel = _panel(qtbot, load(samples_dir / "request_events_cpa.csv"))
    bar = panel.filter_bar
    assert bar.latency_min.placeholderText() == "min ms"
    _edit(qtbot, panel, lambda: bar.latency_min.setText("30000"))
    assert not panel.warning_label.isVisibleTo(panel)
    assert panel.cards.card("Requests").value == "2"  # 41877 ms and 120004 ms
    assert "latency 30–∞ s" in bar.describe()
    _edit(qtbot, panel, lambda: bar.latency_min.setText("1min"))
    assert panel.cards.card("Requests").value == "1"


def test_derived_health_cards_rate_the_finished_requests_as_the_requests_tab_does(qtbot):
    """A request in progress has no outcome: the derived Health tab said 66.67% success and
    "33.33% of requests" failed where the Requests tab said 69.57% of finished requests."""
    fixture = Path(__file__).parent.parent / "fixtures" / "codex_pooler_request_logs.csv"
    panel = _panel(qtbot, load(fixture))
    assert panel.cards.card("Success rate").value == "69.57%"  # 16 of 23 finished
    health = panel.health_panel
    assert health.cards.card("Requests").value == "24"
    assert health.cards.card("Success rate").value == "69.57%"
    errors = health.cards.card("Errors")
    assert errors.value == "7"
    assert errors.detail == "30.43% of known outcomes"


def test_derived_time_span_card_says_the_offset_the_times_are_written_at(qtbot):
    """Seed 004 writes ``+02:00``: the card and its tooltip showed the wall clock alone."""
    fixture = Path(__file__).parent.parent / "fixtures" / "codex_pooler_request_logs.csv"
    span = _panel(qtbot, load(fixture)).health_panel.cards.card("Time span")
    assert span.detail == "2026-07-10 09:00 → 2026-07-10 09:46 +02:00"
    assert span.tooltip == "2026-07-10 09:00:00+02:00 to 2026-07-10 09:46:00+02:00"


def test_derived_cache_hit_rate_is_unknown_where_the_log_has_no_cached_tokens(qtbot, samples_dir):
    """The console paste has no cached-token column: the derived Health tab said 0.00%, the
    report "cache hit rate n/a"."""
    panel = _panel(qtbot, load(samples_dir / "console_paste_zh.tsv"))
    card = panel.health_panel.cards.card("Cache hit rate")
    assert card.value == "n/a"
    assert panel.health_panel.report.totals.cache_hit_rate is None
