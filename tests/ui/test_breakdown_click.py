"""A click on a breakdown row filters the cards and breakdowns too, not only the table
(issue 9): it sets the matching control of the filter bar, and Reset clears it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from csvinspect.app.panels.requests_panel import RequestsPanel
from csvinspect.core import ReportKind, Table, load


@pytest.fixture
def usage_log(samples_dir: Path) -> Table:
    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    assert table.source.kind == ReportKind.REQUEST_LOG
    return table


@pytest.fixture
def panel(qtbot, usage_log) -> RequestsPanel:
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(usage_log)
    return panel


def _click(qtbot, panel: RequestsPanel, name: str, key: str):
    model = panel.models[name]
    keys = [model.index(r, 0).data() for r in range(model.rowCount())]
    row = next(i for i, k in enumerate(keys) if k.startswith(key))
    with qtbot.waitSignal(panel.filter_changed, timeout=10_000) as changed:
        panel.views[name].clicked.emit(model.index(row, 0))
    return changed.args


def _keys(panel: RequestsPanel, name: str) -> list[str]:
    model = panel.models[name]
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_model_row_click_filters_cards_breakdowns_and_table(qtbot, panel):
    assert panel.cards.card("Requests").value == "7"
    mask, description = _click(qtbot, panel, "model", "gpt-4o-mini")
    assert int(np.count_nonzero(mask)) == 2  # the table shows the same two requests
    assert panel.cards.card("Requests").value == "2"
    assert _keys(panel, "model") == ["gpt-4o-mini"]
    # what is filtered is said where the user looks: the bar, the count and the banner text
    assert panel.filter_bar.dimension_boxes["model"].currentText() == "gpt-4o-mini"
    assert panel.count_label.text().startswith("2 of 7")
    assert "Model = gpt-4o-mini (Reset clears it)" in panel.count_label.text()
    assert "Model = gpt-4o-mini" in description
    # Reset clears it: every request counts again and the table is whole
    with qtbot.waitSignal(panel.filter_changed, timeout=10_000) as cleared:
        panel.filter_bar.reset_button.click()
    assert cleared.args[0] is None
    assert panel.cards.card("Requests").value == "7"


def test_hour_row_click_filters_to_that_hour(qtbot, panel):
    hours = _keys(panel, "hour")
    assert hours, "the sample log has request times"
    mask, description = _click(qtbot, panel, "hour", hours[0])
    assert hours[0] in description
    model = panel.models["hour"]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [hours[0]]
    assert panel.cards.card("Requests").value == str(int(np.count_nonzero(mask)))
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.filter_bar.reset_button.click()
    assert panel.filter_bar.time_box.count() == 4  # the clicked hour is gone from the list


def test_clearing_the_tables_filter_label_clears_the_panels_filter(
    qtbot, window, open_files, samples_dir
):
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")
    panel = tab.findChild(RequestsPanel)
    qtbot.waitUntil(lambda: panel.result is not None)
    _click(qtbot, panel, "model", "gpt-4o-mini")
    assert tab.model.rowCount() == 2
    assert tab.filters.subset.isVisibleTo(tab)  # the table says it is filtered, with an ×
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        qtbot.mouseClick(tab.filters.subset, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == tab.table.n_rows
    assert panel.cards.card("Requests").value == "7"
    assert panel.filter_bar.dimension_boxes["model"].currentText() in ("", "Any")


def test_clear_all_filters_from_the_menu_clears_the_panels_filter(
    qtbot, window, open_files, samples_dir
):
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")
    panel = tab.findChild(RequestsPanel)
    qtbot.waitUntil(lambda: panel.result is not None)
    _click(qtbot, panel, "model", "gpt-4o-mini")
    assert panel.cards.card("Requests").value == "2"
    tab.area.setFocus()
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        qtbot.keyClick(
            tab.area,
            Qt.Key.Key_X,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert tab.model.rowCount() == tab.table.n_rows
    assert panel.cards.card("Requests").value == "7"
    assert not panel.filter_bar.describe()


@pytest.mark.parametrize(("code", "row"), [("999", 1), ("-1", 2), ("0", 3)])
def test_unusual_status_row_click_filters_to_its_request(qtbot, samples_dir, code, row):
    # issue 11: statuses outside 100-599 are rows of their own and filter like any other
    panel = RequestsPanel()
    qtbot.addWidget(panel)
    panel.resize(540, 900)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.set_table(load(samples_dir.parent / "requests_unusual_status.csv"))
    mask, _ = _click(qtbot, panel, "status", f"{code} (unusual)")
    assert np.flatnonzero(mask).tolist() == [row]
    assert panel.cards.card("Requests").value == "1"
    assert panel.filter_bar.status_box.currentText() == code
