"""Every kind's analysis tells its stages and stops between them once it is cancelled.

Issue 10: only the request-log analysis did; closing the window during a 1M-row group-health
analysis waited for the whole of it. A stage's name is what the panel shows while it runs.
"""

from __future__ import annotations

import threading

import pytest

from csvinspect.core import load
from csvinspect.core.analysis.health import (
    ASSESSING,
    FINDING,
    READING_FIGURES,
    RECONCILING,
    analyze_health,
)
from csvinspect.core.progress import AnalysisCancelled
from csvinspect.core.requests.analysis import analyse_requests
from csvinspect.core.requests.derived import DERIVING
from csvinspect.core.usage import ADDING_UP, analyse_usage, breaking_down

HEALTH_STAGES = [READING_FIGURES, ASSESSING, FINDING, RECONCILING]


class Told:
    """A ``progress`` that keeps the stages it is told, and an ``is_cancelled`` that turns
    true once ``cancel_after`` stages were told (as a user pressing Cancel meanwhile)."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.stages: list[str] = []
        self.cancel_after = cancel_after

    def progress(self, stage: str) -> None:
        self.stages.append(stage)

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.stages) >= self.cancel_after


@pytest.fixture
def demo(demo_path):
    return load(demo_path)


def test_the_group_health_analysis_tells_each_stage(demo):
    told = Told()
    report = analyze_health(demo, progress=told.progress, is_cancelled=told.is_cancelled)
    assert told.stages == HEALTH_STAGES
    untold = analyze_health(demo)  # the same findings as without progress
    assert [f.summary for f in report.findings] == [f.summary for f in untold.findings]


@pytest.mark.parametrize("cancel_after", range(len(HEALTH_STAGES)))
def test_a_cancelled_group_health_analysis_stops_at_the_next_stage(demo, cancel_after):
    told = Told(cancel_after)
    with pytest.raises(AnalysisCancelled):
        analyze_health(demo, progress=told.progress, is_cancelled=told.is_cancelled)
    assert told.stages == HEALTH_STAGES[:cancel_after]  # nothing after the cancel was begun


def test_the_usage_analysis_tells_each_stage_and_stops_when_cancelled(samples_dir):
    table = load(samples_dir / "team_usage_litellm.csv")
    told = Told()
    analysis = analyse_usage(table, progress=told.progress, is_cancelled=told.is_cancelled)
    assert told.stages[:2] == [ADDING_UP, breaking_down("day")]
    assert told.stages[2:] == [breaking_down(d) for d in analysis.breakdowns if d != "day"]
    assert len(told.stages) > 2  # a breakdown per dimension, each a stage

    for cancel_after in range(len(told.stages)):
        stopped = Told(cancel_after)
        with pytest.raises(AnalysisCancelled):
            analyse_usage(table, progress=stopped.progress, is_cancelled=stopped.is_cancelled)
        assert stopped.stages == told.stages[:cancel_after]


def test_a_request_logs_derived_health_tells_its_stages_and_stops_when_cancelled(samples_dir):
    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    told = Told()
    analyse_requests(table, progress=told.progress, is_cancelled=told.is_cancelled)
    derived = told.stages[told.stages.index("Deriving group health") :]
    assert derived == ["Deriving group health", DERIVING, ASSESSING, FINDING]

    stopped = Told(told.stages.index(ASSESSING))  # cancelled while it adds up the groups
    with pytest.raises(AnalysisCancelled):  # not shown as "could not be derived"
        analyse_requests(table, progress=stopped.progress, is_cancelled=stopped.is_cancelled)
    assert stopped.stages[-1] == DERIVING
    # the health is derived on a thread of its own beside the cards: none is left running
    assert not [t for t in threading.enumerate() if t.name.startswith("csvinspect-derived")]
