"""A big group-health or usage analysis shows its stage, has Cancel, and stops when its tab
or window closes instead of running to the end (issue 10).

Closing the window during a 1M-row group-health analysis waited for all of it: the analysis
never asked whether its result was still wanted. Here an analysis' first stage blocks until
the analysis is cancelled (as a long stage would still be running), and its last stage never
returns on its own, so a close that waited for the rest of the analysis would hang.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels import analysis_worker, health_panel, requests_panel, usage_panel
from csvinspect.app.panels.analysis_panel import PANEL_OBJECT_NAME
from csvinspect.core import usage
from csvinspect.core.analysis import health
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.progress import AnalysisCancelled
from csvinspect.core.requests import analysis as request_analysis

WAIT_S = 10  # a bound on each block, so a regression fails instead of hanging the run


class Gate:
    """Wraps one analysis entry point and blocks its first stage until it is cancelled.

    ``ended`` holds how each analysis run ended: ``"shown"`` (a result) or the exception type.
    ``reached_last`` is set if a run got to its last stage, which blocks (up to ``WAIT_S``)
    as if it would never end.
    """

    def __init__(self) -> None:
        self.started = threading.Event()
        self.reached_last = threading.Event()
        self.never = threading.Event()
        self.ended: list[object] = []
        self._is_cancelled = [lambda: False]
        self._blocked = False
        self.witness = lambda: None  # asked once the blocked stage sees it was cancelled
        self.witnessed: object = None

    def entry(self, analyse):
        def recorded(*args, **kwargs):
            self._is_cancelled[0] = kwargs.get("is_cancelled") or (lambda: False)
            try:
                result = analyse(*args, **kwargs)
            except BaseException as exc:
                self.ended.append(type(exc))
                raise
            self.ended.append("shown")
            return result

        return recorded

    def first_stage(self, stage):
        def blocking(*args, **kwargs):
            if not self._blocked:  # the first run only; "Analyse again" runs through
                self._blocked = True
                self.started.set()
                is_cancelled = self._is_cancelled[0]
                for _ in range(WAIT_S * 100):  # until the panel or window lets it go
                    if is_cancelled():
                        self.witnessed = self.witness()
                        break
                    self.never.wait(0.01)
            return stage(*args, **kwargs)

        return blocking

    def last_stage(self, stage):
        def endless(*args, **kwargs):
            self.reached_last.set()
            self.never.wait(WAIT_S)
            return stage(*args, **kwargs)

        return endless


@pytest.fixture
def big(monkeypatch):
    """Every table counts as big: its analysis runs in the window's pool."""
    monkeypatch.setattr(analysis_worker, "WORKER_THRESHOLD_ROWS", 0)


@pytest.fixture
def health_gate(monkeypatch, big):
    gate = Gate()
    monkeypatch.setattr(health_panel, "analyze_health", gate.entry(health.analyze_health))
    monkeypatch.setattr(health, "stats_from_table", gate.first_stage(health.stats_from_table))
    monkeypatch.setattr(health, "reconcile_table", gate.last_stage(health.reconcile_table))
    return gate


@pytest.fixture
def usage_gate(monkeypatch, big):
    gate = Gate()
    monkeypatch.setattr(usage_panel, "analyse_usage", gate.entry(usage.analyse_usage))
    monkeypatch.setattr(usage, "usage_summary", gate.first_stage(usage.usage_summary))
    monkeypatch.setattr(usage, "_breakdown", gate.last_stage(usage._breakdown))
    return gate


def _panel(tab):
    return tab.findChild(QWidget, PANEL_OBJECT_NAME)


def _open_while_analysing(qtbot, open_files, path, gate):
    (tab,) = open_files(path)
    panel = _panel(tab)
    assert gate.started.wait(WAIT_S)
    assert panel.busy
    return tab, panel


def test_the_health_panel_names_the_stage_while_a_big_export_is_analysed(
    qtbot, window, open_files, demo_path, health_gate
):
    _tab, panel = _open_while_analysing(qtbot, open_files, demo_path, health_gate)
    qtbot.waitUntil(lambda: panel.strip.stage() == f"{health.READING_FIGURES}…")
    assert panel.strip.isVisible() and panel.strip.cancel.isVisible()
    window.close()
    assert window.error_bar.isHidden()


def test_closing_the_window_during_a_group_health_analysis_stops_it(
    qtbot, window, open_files, demo_path, health_gate
):
    _open_while_analysing(qtbot, open_files, demo_path, health_gate)
    # The GUI thread waits in close(), so the window cannot change meanwhile.
    health_gate.witness = lambda: window.isHidden()
    window.close()  # cancels, then waits for the pool: only for the stage under way
    assert health_gate.witnessed is True  # the window was gone while that stage ended
    assert window.pool.activeThreadCount() == 0
    assert health_gate.ended == [AnalysisCancelled]
    assert not health_gate.reached_last.is_set()  # the rest of the analysis never ran
    assert window.error_bar.isHidden()


def test_closing_the_tab_during_a_group_health_analysis_stops_it(
    qtbot, window, open_files, demo_path, health_gate
):
    tab, _panel = _open_while_analysing(qtbot, open_files, demo_path, health_gate)
    window.close_tab(window.tabs.indexOf(tab))
    assert window.pool.waitForDone(WAIT_S * 1000)
    assert health_gate.ended == [AnalysisCancelled]
    assert not health_gate.reached_last.is_set()
    assert window.error_bar.isHidden()


def test_cancel_stops_the_health_analysis_and_analyse_again_shows_it(
    qtbot, window, open_files, demo_path, health_gate
):
    _tab, panel = _open_while_analysing(qtbot, open_files, demo_path, health_gate)
    QTest.mouseClick(panel.strip.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_S * 1000)
    assert health_gate.ended == [AnalysisCancelled]
    assert panel.strip.stage() == "The analysis was cancelled."
    assert "not analysed" in panel.status_label.text()
    assert "failed" not in panel.status_label.text()  # a cancel is not an error
    assert not panel.findings.cards() and not panel.copy_button.isEnabled()
    assert window.error_bar.isHidden()

    health_gate.never.set()  # from now on every stage runs through
    with qtbot.waitSignal(panel.report_shown, timeout=WAIT_S * 1000):
        QTest.mouseClick(panel.strip.retry, Qt.MouseButton.LeftButton)
    assert health_gate.ended == [AnalysisCancelled, "shown"]
    assert panel.findings.cards() and not panel.strip.isVisible()


def test_a_superseded_health_analysis_is_dropped_without_an_error(
    qtbot, window, open_files, demo_path, health_gate
):
    _tab, panel = _open_while_analysing(qtbot, open_files, demo_path, health_gate)
    health_gate.never.set()
    with qtbot.waitSignal(panel.report_shown, timeout=WAIT_S * 1000):
        panel.set_settings(AnalysisSettings(low_success_rate=0.95))  # the user's new threshold
    assert health_gate.ended == [AnalysisCancelled, "shown"]
    assert "claude-max" in panel.cards.card("Success rate").detail  # below 95%: the new one
    assert window.error_bar.isHidden()


def test_closing_the_window_during_a_usage_analysis_stops_it(
    qtbot, window, open_files, samples_dir, usage_gate
):
    _open_while_analysing(qtbot, open_files, samples_dir / "team_usage_litellm.csv", usage_gate)
    window.close()
    assert window.pool.activeThreadCount() == 0
    assert usage_gate.ended == [AnalysisCancelled]
    assert not usage_gate.reached_last.is_set()
    assert window.error_bar.isHidden()


def test_cancel_stops_the_usage_analysis(qtbot, window, open_files, samples_dir, usage_gate):
    _tab, panel = _open_while_analysing(
        qtbot, open_files, samples_dir / "team_usage_litellm.csv", usage_gate
    )
    qtbot.waitUntil(lambda: panel.strip.stage() == f"{usage.ADDING_UP}…")  # the stage shows
    with qtbot.waitSignal(panel.stats_updated, timeout=WAIT_S * 1000):
        QTest.mouseClick(panel.strip.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_S * 1000)
    assert usage_gate.ended == [AnalysisCancelled]
    assert panel.count_label.text() == "Not counted: the analysis was cancelled."
    assert panel.cards.card("Requests") is None  # no cards that pass for a count
    assert panel.strip.retry.isVisible()
    assert window.error_bar.isHidden()


def test_the_requests_panel_names_the_stage_of_a_big_logs_analysis(
    qtbot, window, open_files, samples_dir, monkeypatch, big
):
    gate = Gate()
    monkeypatch.setattr(requests_panel, "compute_stats", gate.entry(requests_panel.compute_stats))
    monkeypatch.setattr(
        request_analysis, "build_records", gate.first_stage(request_analysis.build_records)
    )
    _tab, panel = _open_while_analysing(
        qtbot, open_files, samples_dir / "usage_logs_newapi_fork.csv", gate
    )
    qtbot.waitUntil(lambda: panel.count_label.text() == "computing: Reading the requests…")
    window.close()
    assert gate.ended == [AnalysisCancelled]
    assert window.error_bar.isHidden()


def test_the_strip_keeps_cancel_inside_a_narrow_panel(qtbot):
    """At 800x600 the Health panel is about 220 px wide: side by side with the stage, Cancel
    was cut off at its edge. The stage goes above the bar and Cancel there."""
    from csvinspect.app.panels.analysis_strip import AnalysisStrip

    strip = AnalysisStrip()
    qtbot.addWidget(strip)
    strip.show_running()
    strip.show_stage("Reconciling the totals")
    strip.resize(220, 100)
    with qtbot.waitExposed(strip):
        strip.show()
    qtbot.waitUntil(lambda: strip.cancel.geometry().right() < strip.width())
    assert strip.cancel.geometry().left() >= 0
    assert strip.label.geometry().bottom() <= strip.cancel.geometry().top()
