"""Issue 5 in the app: quota rate and currency, combined exports, muted account rows, and
the cache / stream filters of the Requests panel."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.modeltest import ModelTester

from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.app.settings import AppSettings
from csvinspect.app.table.table_model import MUTED_TEXT
from csvinspect.core import load_text
from csvinspect.core.requests.money import MoneySettings

LOAD_TIMEOUT_MS = 20_000
SAMPLE = "usage_logs_newapi_fork.csv"
PLAIN_LOG = """request_id,created_at,model,status_code,latency_ms,cost
a1,2026-05-06 10:00:00,gpt-4.1,200,1200,$0.01
a2,2026-05-06 11:00:00,gpt-4.1,429,300,$0.00
"""


@pytest.fixture
def two_copies(samples_dir: Path, tmp_path: Path) -> list[Path]:
    """The same usage log exported twice (yesterday's and today's overlapping exports)."""
    folder = tmp_path / "daily"
    folder.mkdir()
    copies = [folder / "2026-05-06.csv", folder / "2026-05-07.csv"]
    for copy in copies:
        shutil.copy(samples_dir / SAMPLE, copy)
    (folder / "notes.md").write_text("not an export")
    return copies


def _panel(tab) -> RequestsPanel:
    panel = tab.findChild(RequestsPanel)
    assert panel is not None
    return panel


def _open_one(qtbot, window, path: Path):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        (tab,) = window.open_files([path])
    return tab


def test_money_settings_are_remembered_across_settings_instances(tmp_path):
    path = tmp_path / "money.ini"
    assert AppSettings.in_file(path).money_settings() == MoneySettings()
    first = AppSettings.in_file(path)
    first.set_money_settings(MoneySettings(250_000, "CNY", 7.3))
    first.sync()
    again = AppSettings.in_file(path).money_settings()
    assert again == MoneySettings(quota_per_usd=250_000, display_currency="CNY", usd_rate=7.3)


def test_changing_the_quota_rate_and_currency_changes_the_cost_card(
    qtbot, window, samples_dir, tmp_path
):
    tab = _open_one(qtbot, window, samples_dir / SAMPLE)
    panel = _panel(tab)
    assert panel.cards.card("Cost").value == "$0.14"  # 69,748 quota at 500,000 per USD
    assert "500,000 = 1 USD" in panel.cards.card("Cost").tooltip
    box = panel.filter_bar.dimension_boxes["model"]
    with qtbot.waitSignal(panel.stats_updated):
        box.setCurrentText("claude-sonnet-4-5-20250929")
        panel.filter_bar.filter_edited.emit()
    assert panel.cards.card("Requests").value == "2"

    dialog = window.edit_money_settings()
    assert dialog.isVisible() and not dialog.rate.isEnabled()  # no conversion for USD
    dialog.quota.setValue(250_000)
    dialog.currency.setCurrentText("CNY")
    assert dialog.rate.isEnabled()
    dialog.rate.setValue(7.3)
    with qtbot.waitSignal(panel.stats_updated):
        dialog.accept()
    # 31,986 quota at 250,000 per USD = $0.127944, at 7.3 CNY per USD
    assert panel.cards.card("Cost").value == "¥0.93"
    assert panel.cards.card("Requests").value == "2"  # the model filter still holds
    assert "7.3 CNY/USD" in panel.cards.card("Cost").tooltip
    assert panel.health_panel.cards.card("Cost").value == "¥0.93"  # derived health too
    # remembered: a new settings object on the same file, and a newly opened log, use it
    settings_file = tmp_path / "csvinspect-test.ini"
    assert AppSettings.in_file(settings_file).money_settings().display_currency == "CNY"
    another = tmp_path / "another_log.csv"  # the same file again would only show its tab
    shutil.copy(samples_dir / SAMPLE, another)
    second = _panel(_open_one(qtbot, window, another))
    assert second.cards.card("Cost").value == "¥2.04"  # all 7 requests: 69,748 quota


def test_ui_combine_opens_one_tab_and_shows_the_duplicates_removed(qtbot, window, two_copies):
    folder = two_copies[0].parent
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab = window.open_combined([folder])  # a folder: its two exports, not notes.md
    assert window.tabs.count() == 1
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "2 files combined"
    assert tab.combine_note.isVisibleTo(tab)
    assert "7 duplicate request IDs removed" in tab.combine_note.text()
    assert "4 repeated account events removed" in tab.combine_note.text()
    assert "2026-05-06.csv 11 rows, 2026-05-07.csv 0 rows" in tab.combine_note.text()
    assert tab.table.n_rows == 11
    panel = _panel(tab)
    assert panel.cards.card("Requests").value == "7"  # as in one copy
    assert "+4 account events" in panel.cards.card("Requests").detail


def test_combined_group_health_exports_are_not_said_to_lose_request_ids(qtbot, window, demo_path):
    """Issue 10: the note said "0 duplicate request IDs removed" of exports that have none;
    it says which groups and tokens were added up, and the tooltip no request-ID rule."""
    usd = Path(__file__).resolve().parents[1] / "fixtures" / "health_usd.csv"
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab = window.open_combined([demo_path, usd])
    note = tab.combine_note
    assert "request ID" not in note.text() and "request ID" not in note.toolTip()
    assert "23 rows of a group or token an earlier file also has: kept and added up" in (
        note.text()
    )


def test_files_dropped_with_shift_are_combined_and_without_open_in_tabs(qtbot, window, two_copies):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in two_copies])

    def drop(modifiers: Qt.KeyboardModifier) -> None:
        event = QDropEvent(
            QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, modifiers
        )
        with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
            window.dropEvent(event)

    drop(Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.count() == 1
    assert "7 duplicate request IDs removed" in window.current_tab().combine_note.text()
    drop(Qt.KeyboardModifier.NoModifier)
    assert window.tabs.count() == 3
    assert not window.current_tab().combine_note.isVisibleTo(window.current_tab())


def test_combining_exports_of_different_kinds_says_why(qtbot, window, two_copies, samples_dir):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab = window.open_combined([two_copies[0], samples_dir / "team_usage_litellm.csv"])
    assert tab.table is None
    assert tab.load_strip.isVisibleTo(tab)
    assert "only exports of the same kind can be combined" in tab.load_strip.label.text()


def test_account_event_rows_are_muted_in_the_table(qtbot, window, samples_dir):
    tab = _open_one(qtbot, window, samples_dir / SAMPLE)
    model = tab.model
    type_column = tab.table.header.index("type")
    types = [model.index(r, type_column).data() for r in range(model.rowCount())]
    top_up, consume = types.index("1"), types.index("2")
    role = Qt.ItemDataRole.ForegroundRole
    assert model.index(top_up, type_column).data(role) == MUTED_TEXT
    assert model.index(consume, type_column).data(role) is None
    error = types.index("5")  # a failed request is a request: not muted (marked, issue 11)
    assert model.index(error, type_column).data(role) != MUTED_TEXT
    muted = [r for r in range(model.rowCount()) if model.is_account_row(r)]
    assert [types[r] for r in muted] == ["1", "3", "4", "4"]
    tooltip = model.headerData(top_up, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "not counted as a request" in tooltip
    ModelTester(None).check(model)
    # sorting moves the rows, the muting goes with them
    tab.sort_by([(type_column, True)])
    shown = [model.index(r, type_column).data() for r in range(model.rowCount())]
    assert [shown[r] for r in range(model.rowCount()) if model.is_account_row(r)] == [
        "4",
        "4",
        "3",
        "1",
    ]
    ModelTester(None).check(model)


def _bar_panel(qtbot, table) -> RequestsPanel:
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    with qtbot.waitSignal(panel.stats_updated):
        panel.set_table(table)
    return panel


def _choose(qtbot, panel: RequestsPanel, box, text: str):
    with qtbot.waitSignal(panel.filter_changed) as changed:
        box.setCurrentText(text)  # a committed choice re-filters at once
    return changed.args


def test_cache_and_stream_filters_narrow_the_requests(qtbot, samples_dir):
    from csvinspect.core import load

    panel = _bar_panel(qtbot, load(samples_dir / SAMPLE))
    bar = panel.filter_bar
    assert bar.cache_box.isVisibleTo(panel) and bar.stream_box.isVisibleTo(panel)
    mask, description = _choose(qtbot, panel, bar.cache_box, "Hit (cached tokens)")
    # cache_tokens 8192, 40960 and 1024: three requests read from the cache
    assert panel.cards.card("Requests").value == "3"
    assert np.flatnonzero(mask).tolist() == [0, 1, 8]
    assert description == "cache hit"
    _choose(qtbot, panel, bar.cache_box, "Miss (no cached tokens)")
    assert panel.cards.card("Requests").value == "1"  # deepseek-chat, cache_tokens 0
    _choose(qtbot, panel, bar.cache_box, "Any")
    mask, description = _choose(qtbot, panel, bar.stream_box, "Not streamed")
    assert np.flatnonzero(mask).tolist() == [3, 5]  # account rows are never requests
    assert description == "not streamed"
    mask, _ = _choose(qtbot, panel, bar.stream_box, "Streamed")
    assert panel.cards.card("Requests").value == "5"
    assert panel.warnings() == []


def test_cache_and_stream_filters_are_offered_only_when_the_export_has_them(qtbot):
    panel = _bar_panel(qtbot, load_text(PLAIN_LOG, name="plain.csv"))
    assert panel.cards.card("Requests").value == "2"
    assert not panel.filter_bar.cache_box.isVisibleTo(panel)
    assert not panel.filter_bar.stream_box.isVisibleTo(panel)
