"""The user's low-rate threshold reaches every panel and table without losing the user's rows;
analyses run on the window's pool, which closing the window drains (issue 10)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels import analysis_worker, requests_panel
from csvinspect.app.panels.analysis_panel import PANEL_OBJECT_NAME
from csvinspect.app.settings import AppSettings
from csvinspect.app.shell import main_window
from csvinspect.app.table.table_model import LOW_RATE_TEXT
from csvinspect.core.table import RowKind


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "csvinspect-test.ini"
    # seven requests are enough for a verdict here, so the card's tone is not muted
    QSettings(str(path), QSettings.Format.IniFormat).setValue("health/min_requests", 5)
    return AppSettings.in_file(path)


def _set_threshold(window, monkeypatch, percent: float) -> None:
    """Settings > Low Success-Rate Threshold…, answered with ``percent``."""
    monkeypatch.setattr(
        main_window.QInputDialog, "getDouble", staticmethod(lambda *_a, **_k: (percent, True))
    )
    window.set_low_rate_threshold()


def _rate_tone(panel) -> str:
    return panel.cards.card("Success rate").tone


def test_the_requests_cards_follow_the_users_low_rate_threshold(
    qtbot, window, settings, open_files, samples_dir, monkeypatch
):
    settings.set_low_rate_threshold(0.90)
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")
    panel = tab.findChild(QWidget, PANEL_OBJECT_NAME)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=10_000)
    assert panel.cards.card("Success rate").value == "71.43%"
    assert _rate_tone(panel) == "alarm"  # below the user's 90%

    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        _set_threshold(window, monkeypatch, 50.0)
    assert _rate_tone(panel) == "warning"  # above the user's 50%, below healthy (98%)


def _low_rate_rows(tab) -> list[str]:
    model, table = tab.model, tab.table
    rate, token = table.header.index("Success Rate"), table.header.index("Token")
    return [
        model.index(r, token).data()
        for r in range(model.rowCount())
        if model.index(r, rate).data(Qt.ItemDataRole.ForegroundRole) == LOW_RATE_TEXT
    ]


def test_a_new_threshold_re_highlights_and_keeps_the_rows_shown(
    qtbot, window, open_files, demo_path, monkeypatch
):
    (tab,) = open_files(demo_path)
    tokens = np.flatnonzero(tab.table.row_kinds == RowKind.TOKEN)[:6]  # as a panel picks rows
    tab.show_rows(tokens, "six tokens")
    assert tab.model.rowCount() == 6
    assert _low_rate_rows(tab) == []  # every one above 80%

    _set_threshold(window, monkeypatch, 99.9)
    assert tab.model.rowCount() == 6  # the subset survives
    assert tab.rows_text() == f"Showing 6 of {tab.table.n_rows:,} rows"
    # and the rows below the user's 99.9% are highlighted now, without a reload
    assert _low_rate_rows(tab) == [
        "alice-laptop",
        "bob-ci",
        "dave-agent",
        "erin-translate",
        "frank-prod",
    ]


def test_a_new_threshold_keeps_the_requests_filter(
    qtbot, window, open_files, samples_dir, monkeypatch
):
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")
    panel = tab.findChild(QWidget, PANEL_OBJECT_NAME)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=10_000)
    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        panel.filter_bar.status_box.setCurrentText("5xx")
        panel.filter_bar.filter_edited.emit()
    narrowed = tab.model.rowCount()
    assert 0 < narrowed < tab.table.n_rows

    with qtbot.waitSignal(panel.stats_updated, timeout=10_000):
        _set_threshold(window, monkeypatch, 50.0)
    assert tab.model.rowCount() == narrowed
    assert panel.filter_bar.describe()
    assert panel.cards.card("Requests").value == "1"


def test_closing_the_window_during_a_big_analysis_drains_its_pool(
    qtbot, window, open_files, samples_dir, monkeypatch
):
    monkeypatch.setattr(analysis_worker, "WORKER_THRESHOLD_ROWS", 0)  # every table is "big"
    started, stopped = threading.Event(), threading.Event()

    def slow_stats(*_args, is_cancelled=lambda: False, **_kwargs):
        """An analysis that runs until it is told its result is no longer wanted."""
        started.set()
        while not is_cancelled() and not stopped.wait(0.01):
            pass
        raise analysis_worker.AnalysisCancelled

    monkeypatch.setattr(requests_panel, "compute_stats", slow_stats)
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")
    panel = tab.findChild(QWidget, PANEL_OBJECT_NAME)
    assert started.wait(10)
    assert panel.runner.busy
    try:
        window.close()
        idle = (
            window.pool.activeThreadCount() == 0
            and QThreadPool.globalInstance().activeThreadCount() == 0
        )
    finally:
        stopped.set()  # never leave a thread running into the next test
        QThreadPool.globalInstance().waitForDone(10_000)
    assert idle, "an analysis was still running after the window closed"
    assert not window.error_bar.isVisible()


SCREENSHOT_SCRIPT = """
import sys
import time
from PySide6.QtWidgets import QWidget
from csvinspect.app.panels import analysis_worker, requests_panel
from csvinspect.app.shell.main_window import MainWindow
from csvinspect.app.main import run_app

analysis_worker.WORKER_THRESHOLD_ROWS = 0  # the log counts as big: analysed in a worker
compute_stats = requests_panel.compute_stats

def slow_stats(*args, **kwargs):  # as long as a big log's analysis, on a small one
    time.sleep(1)
    return compute_stats(*args, **kwargs)

requests_panel.compute_stats = slow_stats
grab = MainWindow.grab

def grab_and_tell(window):
    panel = window.current_tab().findChild(QWidget, "analysisPanel")
    card = panel.cards.card("Requests")
    print("panel:", panel.count_label.text(), "|", card.value if card else "no card")
    return grab(window)

MainWindow.grab = grab_and_tell
sys.exit(run_app([sys.argv[2]], screenshot=sys.argv[1]))
"""


def test_screenshot_of_a_big_request_log_waits_for_its_panel(tmp_path, samples_dir):
    out = tmp_path / "shot.png"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            SCREENSHOT_SCRIPT,
            str(out),
            str(samples_dir / "usage_logs_newapi_fork.csv"),
        ],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Error" not in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert "panel: 7 requests" in run.stdout  # the cards were filled, not "computing…"
    assert "| 7\n" in run.stdout
    assert not QImage(str(out)).isNull()
