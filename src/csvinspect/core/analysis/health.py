"""Group health: totals, per-group and per-token assessment, reasons, findings.

Entry points: ``analyze_health(table)`` for a group-health export, and
``analyze_stats(groups, currency)`` for figures built elsewhere (issue 5 derives group and
token figures from raw requests and gets the same flags and findings from here). Both tell
``progress`` each stage and stop with ``AnalysisCancelled`` between stages once
``is_cancelled()`` is true (issue 10: closing the window waited for a 1M-row analysis).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from csvinspect.core.analysis.alongside import Alongside
from csvinspect.core.analysis.findings import find_findings
from csvinspect.core.analysis.from_table import currency_of, stats_from_table
from csvinspect.core.analysis.group_columns import GroupColumns, GroupList
from csvinspect.core.analysis.peers import BELOW_GROUP, assess
from csvinspect.core.analysis.reconcile import reconcile_table
from csvinspect.core.analysis.results import (
    HealthReport,
    ModelHealth,
    ReasonTotal,
    Totals,
)
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Figures, GroupStats, ModelStats, combine, gc_paused
from csvinspect.core.analysis.token_columns import TokenColumns
from csvinspect.core.memory import release_freed
from csvinspect.core.progress import IsCancelled, Progress, Stages
from csvinspect.core.table import Table

# The stages ``progress`` is told, in the user's words (the Health panel shows them).
READING_FIGURES = "Reading the groups and tokens"
ASSESSING = "Comparing each group and token with its peers"
FINDING = "Finding what to check first"
RECONCILING = "Reconciling the totals"


def analyze_health(
    table: Table,
    settings: AnalysisSettings | None = None,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> HealthReport:
    """Analyse a group-health export: figures from its rows, then reconciliation.

    ``progress`` is told each stage as it starts; ``is_cancelled`` is asked between stages,
    and once it is true the analysis raises ``AnalysisCancelled``.
    """
    settings = settings or AnalysisSettings()
    stage = Stages(progress, is_cancelled)
    stage(READING_FIGURES)
    groups = stats_from_table(table)
    release_freed()  # issue 10: each stage's temporaries go back before the next one's come
    stage(ASSESSING)
    # issue 10: reconciliation reads only the table, so it runs on the other core meanwhile
    with Alongside(lambda stopped: reconcile_table(table, stopped), RECONCILING) as reconciled:
        with gc_paused():
            report = _analyze(groups, currency_of(table), settings, None, stage)
        release_freed()
        stage(RECONCILING)
        report.reconciliation = reconciled.result(stage.check)
    release_freed()
    return report


def analyze_stats(
    groups: Sequence[GroupStats],
    currency: str | None = None,
    settings: AnalysisSettings | None = None,
    *,
    models: Sequence[ModelStats] | None = None,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> HealthReport:
    """Assess groups and their tokens against their peers and derive the findings.

    ``models`` is optional; without it, per-model figures are summed from tokens that
    name a model (a model column), and the "only one model fails" check needs two or more.
    ``progress`` and ``is_cancelled`` as for ``analyze_health``.
    """
    settings = settings or AnalysisSettings()
    stage = Stages(progress, is_cancelled)
    stage(ASSESSING)
    columns = GroupColumns.from_stats(groups)
    with gc_paused():
        return _analyze(columns, currency, settings, models, stage)


def _analyze(
    groups: GroupColumns,
    currency: str | None,
    settings: AnalysisSettings,
    models: Sequence[ModelStats] | None,
    stage: Stages,
) -> HealthReport:
    groups.assess(settings, _RATE_FLAGS)
    groups.tokens.assess(settings, BELOW_GROUP)  # each token against the rest of its group
    model_stats = list(models) if models is not None else _models_from_tokens(groups.tokens)
    model_healths = [
        ModelHealth(m, a)
        for m, a in zip(model_stats, assess(model_stats, settings, spending=False), strict=True)
    ]
    report = HealthReport(
        totals=totals_of(groups, currency),
        groups=GroupList(groups),
        failure_reasons=reason_totals(groups),
        findings=[],
        models=model_healths,
        settings=settings,
    )
    stage(FINDING)
    report.findings = find_findings(report)
    return report


# a group with tokens keeps only these flags: its cost, cache and latency are its tokens'
_RATE_FLAGS = frozenset({"low_success", "below_peers", "small_sample"})


def totals_of(groups: GroupColumns, currency: str | None) -> Totals:
    """Totals over groups: each Group row already sums its tokens, so count groups only.

    ``combine`` over the groups' figures, read from the columns (issue 10): the same sums
    in the same order, ``math.fsum`` for money and cache figures.
    """
    f = groups.figures
    requests, success, errors = groups.counts()
    counted = ~np.isnan(requests)
    total = int(requests[counted].sum()) if counted.any() else 0
    succeeded = int(success[counted].sum()) if counted.any() else 0
    failed = int(errors[counted].sum()) if counted.any() else 0
    decided = succeeded + failed  # issue 11: in progress or unknown counts in neither
    cache_requests = _fsum(f["cache_requests"])
    hit_rate = _cache_hit_rate(f)
    raw_requests = f["requests"]
    latency = f["avg_latency_s"]
    weighted = ~np.isnan(latency) & ~np.isnan(raw_requests) & (raw_requests != 0)
    avg_latency = None
    if weighted.any():
        weight = raw_requests[weighted]
        avg_latency = math.fsum((latency[weighted] * weight).tolist()) / int(weight.sum())
    return Totals(
        requests=total,
        success=succeeded,
        errors=failed,
        success_rate=succeeded / decided if decided else None,
        cost=_fsum(f["cost"]),
        currency=currency,
        cache_hit_rate=hit_rate,
        cache_request_share=(
            None if cache_requests is None or not total else cache_requests / total
        ),
        avg_latency_s=avg_latency,
        start_time=_extreme(f["start_time"], np.min),
        latest_time=_extreme(f["latest_time"], np.max),
    )


def _cache_hit_rate(f: dict[str, np.ndarray]) -> float | None:
    """The cache hit rate as ``combine`` makes it: through each group's implied total
    tokens; groups whose total or cached tokens are unknown add no tokens."""
    cached, total, hit = f["cache_tokens"], f["total_tokens"], f["cache_hit_rate"]
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(
            np.isnan(total),
            np.where(~np.isnan(cached) & ~np.isnan(hit) & (hit != 0), cached / hit, np.nan),
            total,
        )
    known = ~np.isnan(implied) & (implied != 0) & ~np.isnan(cached)
    if known.any():
        return math.fsum(cached[known].tolist()) / math.fsum(implied[known].tolist())
    return 0.0 if (~np.isnan(hit)).any() else None


def _fsum(values: np.ndarray) -> float | None:
    present = values[~np.isnan(values)]
    return math.fsum(present.tolist()) if len(present) else None


def _extreme(values: np.ndarray, pick: Callable[[np.ndarray], np.floating]) -> float | None:
    present = values[~np.isnan(values)]
    return float(pick(present)) if len(present) else None


def reason_totals(groups: GroupColumns) -> list[ReasonTotal]:
    """Failure reasons summed across groups, most frequent first.

    Seed 000: "Handle the most frequent error first". A reason is the same reason in two
    groups when its status and message match (case and spacing aside). Read from the
    reason columns (issue 10): each reason's groups in group order.
    """
    reasons = groups.reasons
    # each (reason, group) pair once, by reason then group
    order = np.lexsort((reasons.group, reasons.key))
    key, group = reasons.key[order], reasons.group[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (key[1:] != key[:-1]) | (group[1:] != group[:-1])
    key, group = key[first], group[first]
    bounds = np.searchsorted(key, np.arange(len(reasons.keys) + 1)).tolist()
    totals = []
    for item, count in reasons.merged_at(np.ones(len(reasons), dtype=bool)):
        reason = reasons.items[item]
        k = int(reasons.key[item])
        members = group[bounds[k] : bounds[k + 1]].tolist()
        totals.append(
            ReasonTotal(
                reason.status,
                reason.message,
                count,
                reason.category,
                tuple(groups.names[g] for g in members),
                tuple(groups.reason_rows(members)),
            )
        )
    return totals


def _models_from_tokens(tokens: TokenColumns) -> list[ModelStats]:
    by_model: dict[str, list[Figures]] = {}
    for i in tokens.with_model():
        by_model.setdefault(tokens.model[i], []).append(tokens.stats(i))
    models = []
    for name, parts in by_model.items():
        merged = combine(parts)
        stats = ModelStats(model=name)
        for attr in Figures.__slots__:
            setattr(stats, attr, getattr(merged, attr))
        models.append(stats)
    return models if len(models) > 1 else []
