"""Analyses run on the window's pool, which closing the window drains (issue 10)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels import analysis_worker, requests_panel
from csvinspect.app.panels.analysis_panel import PANEL_OBJECT_NAME


def test_closing_the_window_during_a_big_analysis_drains_its_pool(
    qtbot, window, open_files, samples_dir, monkeypatch
):
    monkeypatch.setattr(analysis_worker, "WORKER_THRESHOLD_ROWS", 0)  # every table is "big"
    started, stopped = threading.Event(), threading.Event()

    def slow_stats(*_args, is_cancelled=lambda: False):
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
