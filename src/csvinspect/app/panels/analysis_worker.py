"""Analysis off the GUI thread: health reports, request cards, breakdowns, derived health.

Issue 5: "changing a filter updates the cards and breakdowns without freezing the window".
On a big table (``WORKER_THRESHOLD_ROWS``) the work runs in the window's ``QThreadPool``; each
job carries a generation number and only the newest generation's result is delivered
(STYLE.md), so a result computed for a filter the user has already changed is dropped. Small
tables are computed inline: a thread hop would only add flicker.

Issue 10: the work is handed an ``is_cancelled`` callable, true once its result can no longer
be shown (newer work was asked for, or the runner was cancelled because its panel or window
is closing); the window cancels every runner and drains its pool before it closes, so no
analysis outlives the objects it reports to. Every kind's analysis checks it between its
stages, and tells each stage to a ``progress`` callable, which the runner re-emits as
``progressed`` on the GUI thread for the panel to show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.progress import AnalysisCancelled, IsCancelled, Progress, never_cancelled
from csvinspect.core.requests.analysis import RequestAnalysis, analyse_requests
from csvinspect.core.requests.filters import RequestFilter
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import RequestRecords
from csvinspect.core.table import Table

WORKER_THRESHOLD_ROWS = 200_000
__all__ = ["AnalysisCancelled", "LatestRunner", "StatsResult", "compute_stats"]

Work = Callable[[IsCancelled, Progress], object]  # work(is_cancelled, progress) -> result

# The Requests panel's analysis is the core's (issue 10): the names the panel knows it by.
StatsResult = RequestAnalysis


def compute_stats(
    table: Table,
    records: RequestRecords | None,
    request_filter: RequestFilter,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    is_cancelled: IsCancelled = never_cancelled,
    progress: Progress | None = None,
) -> RequestAnalysis:
    """The core's ``analyse_requests`` for the panel's filter (raises ``AnalysisCancelled``)."""
    return analyse_requests(
        table,
        settings,
        money,
        request_filter,
        records,
        progress=progress,
        is_cancelled=is_cancelled,
    )


class _JobSignals(QObject):
    finished = Signal(int, object)  # generation, result
    failed = Signal(int, str)
    cancelled = Signal(int)  # the work stopped, or never started: nothing to show
    progressed = Signal(int, str)  # generation, the stage that started


class _Latest:
    """The newest generation a runner wants, shared with its jobs (plain Python, no Qt).

    A job in a worker thread reads it to answer ``is_cancelled``; it never touches the
    runner, which may be deleted by then (issue 10).
    """

    def __init__(self) -> None:
        self.generation = 0

    def is_stale(self, generation: int) -> bool:
        return generation != self.generation


class _Job(QRunnable):
    """One piece of work for the pool; it lets go of the work as soon as it starts.

    Issue 9: the work closure holds the whole table. A job kept after it ran (the pool holds
    a runnable it may not delete) kept every 1M-row table of every closed tab, 500 MB each.
    So the job drops the closure before running it and keeps no result, and the pool
    deletes the runnable when ``run`` returns (auto-delete, Qt's default).
    """

    def __init__(self, generation: int, work: Work, latest: _Latest) -> None:
        super().__init__()
        self.signals = _JobSignals()
        self._work: Work | None = work
        self._generation = generation
        self._latest = latest

    def is_cancelled(self) -> bool:
        return self._latest.is_stale(self._generation)

    def tell(self, stage: str) -> None:
        """The work's ``progress``: queued to the runner on the GUI thread."""
        self.signals.progressed.emit(self._generation, stage)

    def run(self) -> None:
        work, self._work = self._work, None
        if work is None:  # a job runs once
            return
        try:
            try:
                if self.is_cancelled():
                    self.signals.cancelled.emit(self._generation)
                    return
                result = work(self.is_cancelled, self.tell)
            except AnalysisCancelled:
                self.signals.cancelled.emit(self._generation)
                return
            except Exception as exc:
                self.signals.failed.emit(self._generation, f"{type(exc).__name__}: {exc}")
                return
            finally:
                del work
            self.signals.finished.emit(self._generation, result)
        except RuntimeError:  # the app quit while this ran and took the signals with it
            return


class LatestRunner(QObject):
    """Runs work inline (small tables) or in the pool (large); emits only the newest result.

    At most one job runs at a time and at most one waits: a filter changed five times while
    a 1M-row recompute runs starts one more job (for the last filter), not five.
    ``threshold`` is in table rows; tests lower it to exercise the worker path on a small file.
    ``pool`` is the window's pool, which the window drains when it closes; a panel made
    without one (in a test) uses Qt's global pool.
    """

    computed = Signal(object)  # the result of the newest generation
    failed = Signal(str)
    busy_changed = Signal(bool)
    progressed = Signal(str)  # the stage the newest generation's work started

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.threshold = WORKER_THRESHOLD_ROWS
        self._pool = pool
        self._latest = _Latest()
        self._running: _Job | None = None  # kept until it reports: its signals must outlive it
        self._waiting: _Job | None = None

    @property
    def generation(self) -> int:
        """The newest generation asked for; results of older ones are dropped."""
        return self._latest.generation

    def request(self, rows: int, work: Work) -> int:
        """Run ``work(is_cancelled, progress)`` for a table of ``rows`` rows; returns its
        generation. A superseded or cancelled result is dropped, and so is its progress."""
        self._latest.generation += 1
        generation = self.generation
        if rows <= self.threshold:
            self._waiting = None  # whatever waited is superseded
            try:
                result = work(never_cancelled, self.progressed.emit)
            except Exception as exc:
                self.failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                self.computed.emit(result)
            return generation
        job = _Job(generation, work, self._latest)
        job.signals.finished.connect(self._on_job_finished)
        job.signals.failed.connect(self._on_job_failed)
        job.signals.cancelled.connect(self._on_job_cancelled)
        job.signals.progressed.connect(self._on_job_progressed)
        if self._running is None:
            self.busy_changed.emit(True)
            self._start(job)
        else:
            self._waiting = job  # replaces an older waiting job, which never runs
        return generation

    @property
    def busy(self) -> bool:
        return self._running is not None

    def cancel(self) -> None:
        """Drop the waiting job and tell the running one its result is no longer wanted.

        The window calls this on every runner before it drains its pool (issue 10).
        """
        self._latest.generation += 1
        self._waiting = None

    def _start(self, job: _Job) -> None:
        self._running = job
        (self._pool or QThreadPool.globalInstance()).start(job)

    def _next(self) -> bool:
        """Start the waiting job, if any; True when one was started."""
        self._running, job, self._waiting = None, self._waiting, None
        if job is None:
            return False
        self._start(job)
        return True

    def _on_job_finished(self, generation: int, result: object) -> None:
        if not self._next():
            self.busy_changed.emit(False)
        if generation == self.generation:  # else newer work was requested: this is stale
            self.computed.emit(result)

    def _on_job_failed(self, generation: int, message: str) -> None:
        if not self._next():
            self.busy_changed.emit(False)
        if generation == self.generation:
            self.failed.emit(message)

    def _on_job_progressed(self, generation: int, stage: str) -> None:
        if generation == self.generation:
            self.progressed.emit(stage)

    def _on_job_cancelled(self, _generation: int) -> None:
        if not self._next():
            self.busy_changed.emit(False)
