"""The Requests panel on seeds 002-004's request logs (issue 11): what a support engineer
sees in the cards and the filter bar."""

from __future__ import annotations

import csv
import json

from PySide6.QtWidgets import QLabel
from tests.conftest import FIXTURES

from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.core import load


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _panel(qtbot, name: str) -> RequestsPanel:
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(load(FIXTURES / name))
    return panel


def _edit(qtbot, panel: RequestsPanel, change) -> None:
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        change()
        panel.filter_bar.filter_edited.emit()  # what the bar does after the typing pause


def test_tokenopen_cards_count_failures_from_details_and_total_the_usage(qtbot):
    rows = _rows("tokenopen_usage_logs.csv")
    panel = _panel(qtbot, "tokenopen_usage_logs.csv")
    failed = sum(int(json.loads(r["Details"])["status_code"]) >= 400 for r in rows)
    assert panel.cards.card("Failures").value == str(failed)
    usage = sum(int(r["Usage"]) for r in rows)
    assert f"usage {usage:,}" in panel.cards.card("Cost").detail


def test_aize_cost_card_lists_its_components_and_provider_model_is_a_filter(qtbot):
    rows = _rows("aize_request_logs.csv")
    panel = _panel(qtbot, "aize_request_logs.csv")
    detail = panel.cards.card("Cost").detail
    assert "provider $" in detail and "markup $" in detail and "fees $" in detail
    bar = panel.filter_bar
    assert {"model", "provider_model", "call_type"} <= set(bar.dimension_boxes)
    served = rows[0]["Provider Model"]
    _edit(qtbot, panel, lambda: bar.dimension_boxes["provider_model"].setCurrentText(served))
    wanted = sum(r["Provider Model"] == served for r in rows)
    assert panel.cards.card("Requests").value == str(wanted)


def test_pooler_row_id_box_finds_one_request_and_plan_transport_route_are_filters(qtbot):
    rows = _rows("codex_pooler_request_logs.csv")
    panel = _panel(qtbot, "codex_pooler_request_logs.csv")
    bar = panel.filter_bar
    assert {"plan", "transport", "route", "account"} <= set(bar.dimension_boxes)
    titles = [label.text() for label in bar.findChildren(QLabel)]
    assert "Row ID" in titles and "Route" in titles
    _edit(qtbot, panel, lambda: bar.request_id.setText(rows[5]["id"]))
    assert panel.cards.card("Requests").value == "1"
