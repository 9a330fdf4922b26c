"""A seed-001 JSON Lines export dropped on the window opens as a request log (issue 11)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel
from tests.conftest import FIXTURES

from csvinspect.app.panels.requests_panel import RequestsPanel

LOAD_TIMEOUT_MS = 20_000
CPAMP = FIXTURES / "cpamp_requests.jsonl"


def _drop(window, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    center = QPoint(window.width() // 2, window.height() // 2)
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(center, actions, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    QApplication.sendEvent(window, QDropEvent(QPointF(center), actions, mime, buttons, keys))


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_dropped_json_lines_open_with_the_bad_line_named_and_seed_001_filters(
    qtbot, window, column_texts
):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _drop(window, CPAMP)
    tab = window.current_tab()
    good = [json.loads(line) for line in CPAMP.read_text().splitlines() if "req_broken" not in line]
    assert tab.model.rowCount() == len(good)
    assert column_texts(tab, "usage.input_tokens")[0] == str(good[0]["usage"]["input_tokens"])
    assert tab.import_bar.delimiter.currentText() == "JSON Lines"
    banner = tab.banner.label.text()
    assert "line 18" in banner and "1 line is left out (no JSON record)" in banner
    tab.show_problems()
    problems = tab.problems.model
    assert problems.data(problems.index(0, 0)) == "18"

    panel = tab.findChild(RequestsPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.result is not None)
    bar = panel.filter_bar
    assert {"provider", "project", "account", "auth_index"} <= set(bar.dimension_boxes)
    titles = [label.text() for label in bar.findChildren(QLabel)]
    assert "Auth index" in titles and "Request / trace ID" in titles
    trace = str(good[4]["trace_id"])
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        bar.request_id.setText(trace)
        bar.filter_edited.emit()  # what the bar does after the typing pause
    assert panel.cards.card("Requests").value == "1"


def test_pasted_json_lines_open_without_the_not_a_table_question(window, open_text, column_texts):
    text = (
        '{"model": "gpt-5", "error": {"message": "Rate limited, retry later."}}\n'
        '{"model": "o3", "usage": {"output_tokens": 1.0}}\n'
    )
    tab = open_text(text)
    assert window.paste_question is None
    assert tab.table.header == ["model", "error.message", "usage.output_tokens"]
    assert column_texts(tab, "usage.output_tokens")[1] == "1.0"
