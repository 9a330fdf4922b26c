"""The request-log analysis: one Qt-free function the Requests panel and the report share.

Issue 10: the request log was assembled twice, once in the app's worker (with the user's
filter, and an error from the derived health caught) and once in ``csvinspect report``.
Both now call ``analyse_requests``; the report asks for the breakdowns it prints only.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.progress import IsCancelled, Progress, Stages
from csvinspect.core.requests.derived import DerivedHealth, derived_health
from csvinspect.core.requests.filters import FilterResult, RequestFilter, apply_filter
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import RequestRecords, build_records
from csvinspect.core.requests.stats import Breakdown, RequestStats, SummaryCards
from csvinspect.core.table import Table


@dataclass(frozen=True)
class RequestAnalysis:
    """Everything shown for a request log under one filter (plain data, Qt-free).

    ``health`` is None when the group health could not be derived; ``health_error`` says why
    (the request views stay usable).
    """

    records: RequestRecords
    request_filter: RequestFilter
    filtered: FilterResult
    cards: SummaryCards
    breakdowns: dict[str, Breakdown]
    health: DerivedHealth | None
    health_error: str = ""


def analyse_requests(
    table: Table,
    settings: AnalysisSettings | None = None,
    money: MoneySettings | None = None,
    request_filter: RequestFilter | None = None,
    records: RequestRecords | None = None,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
    breakdowns: Sequence[str] | None = None,
) -> RequestAnalysis:
    """Records (built once), the filter's mask, then cards, breakdowns and derived health.

    ``money`` (quota rate, display currency) is used when the records are built, so a change
    of it needs ``records=None``. ``breakdowns`` names the breakdowns wanted (None: every one
    the export can show). Between steps ``progress`` is told the step and ``is_cancelled``
    asked whether the result is still wanted (``AnalysisCancelled`` otherwise).
    """
    stage = Stages(progress, is_cancelled)
    request_filter = request_filter or RequestFilter()
    if records is None:
        stage("Reading the requests")
        records = build_records(table, money)
    stage("Counting the requests")
    filtered = apply_filter(records, request_filter)
    stats = RequestStats(records, filtered.mask)
    # issue 10: the group health is derived on the other core while the cards and the
    # breakdowns are counted here, from the same selection (numpy lets go of the GIL): 0.1-0.2
    # s of a 1M-row log's report, whose analysis was otherwise on one core
    stage("Deriving group health")
    with ThreadPoolExecutor(1, thread_name_prefix="csvinspect-derived") as beside:
        derived = beside.submit(
            _derived, records, filtered.mask, settings, progress, is_cancelled, stats
        )
        cards = stats.cards()
        if breakdowns is None:
            tables = stats.breakdowns()
        else:
            tables = {name: stats.breakdown(name) for name in breakdowns}
        health, error = derived.result()
    return RequestAnalysis(records, request_filter, filtered, cards, tables, health, error)


def _derived(
    records: RequestRecords,
    mask: np.ndarray,
    settings: AnalysisSettings | None,
    progress: Progress | None,
    is_cancelled: IsCancelled | None,
    stats: RequestStats,
) -> tuple[DerivedHealth | None, str]:
    """The group health derived from the requests of ``mask``, or why it could not be (the
    request views stay usable)."""
    try:
        health = derived_health(
            records,
            mask,
            settings,
            progress=progress,
            is_cancelled=is_cancelled,
            selection=stats.selection,
        )
    except (ValueError, KeyError, IndexError) as exc:
        return None, f"Group health could not be derived: {exc}"
    return health, ""
