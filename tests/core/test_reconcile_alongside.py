"""The group-health analysis reconciles on a second thread beside its other stages (issue 10)
and still ends as one analysis: an error in reconciling surfaces from the analysis, and a
cancelled or failed analysis leaves no thread behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from csvinspect.core import load
from csvinspect.core.analysis import health
from csvinspect.core.analysis.health import FINDING, RECONCILING, analyze_health
from csvinspect.core.analysis.reconcile import reconcile_table
from csvinspect.core.progress import AnalysisCancelled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WAIT_S = 10  # a bound, so a reconciliation that is never stopped fails instead of hanging


@pytest.fixture
def demo(demo_path):
    return load(demo_path)


def _reconciling_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == RECONCILING]


def test_the_report_lists_the_same_mismatches_as_reconciling_alone():
    table = load(FIXTURES / "health_unreconciled.csv")
    listed = analyze_health(table).reconciliation
    assert listed == reconcile_table(table)
    assert ("default", "requests", 8790, 8800) in [
        (m.group, m.field, m.group_value, m.token_sum) for m in listed
    ]
    assert not _reconciling_threads()


def test_an_error_while_reconciling_is_the_analysis_error(demo, monkeypatch):
    def failing(table, stopped):
        raise ValueError("the Cost column cannot be summed")

    monkeypatch.setattr(health, "reconcile_table", failing)
    told: list[str] = []
    with pytest.raises(ValueError, match="cannot be summed"):
        analyze_health(demo, progress=told.append)
    assert told[-1] == RECONCILING  # it surfaced where reconciling comes, as before
    assert not _reconciling_threads()


def test_a_cancelled_analysis_stops_its_reconciliation(demo, monkeypatch):
    stopped_seen = threading.Event()

    def endless(table, stopped):  # a reconciliation that runs until it is told to stop
        for _ in range(WAIT_S * 100):
            if stopped():
                stopped_seen.set()
                raise AnalysisCancelled
            threading.Event().wait(0.01)
        return []

    monkeypatch.setattr(health, "reconcile_table", endless)
    told: list[str] = []
    with pytest.raises(AnalysisCancelled):
        analyze_health(demo, progress=told.append, is_cancelled=lambda: FINDING in told)
    assert stopped_seen.is_set() and not _reconciling_threads()

    # cancelled while the analysis waits for it, at its last stage
    told.clear()
    with pytest.raises(AnalysisCancelled):
        analyze_health(demo, progress=told.append, is_cancelled=lambda: RECONCILING in told)
    assert told[-1] == RECONCILING and not _reconciling_threads()


def test_an_error_in_the_other_stages_stops_the_reconciliation(demo, monkeypatch):
    def failing(report):
        raise RuntimeError("no findings")

    monkeypatch.setattr(health, "find_findings", failing)
    with pytest.raises(RuntimeError, match="no findings"):
        analyze_health(demo)
    assert not _reconciling_threads()
