"""Group health: totals, per-group and per-token assessment, reasons, findings.

Entry points: ``analyze_health(table)`` for a group-health export, and
``analyze_stats(groups, currency)`` for figures built elsewhere (issue 5 derives group and
token figures from raw requests and gets the same flags and findings from here). Both tell
``progress`` each stage and stop with ``AnalysisCancelled`` between stages once
``is_cancelled()`` is true (issue 10: closing the window waited for a 1M-row analysis).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from csvinspect.core.analysis.alongside import Alongside
from csvinspect.core.analysis.findings import find_findings
from csvinspect.core.analysis.from_table import currency_of, stats_from_table
from csvinspect.core.analysis.peers import BELOW_GROUP, assess
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.reconcile import reconcile_table
from csvinspect.core.analysis.results import (
    GroupHealth,
    HealthReport,
    ModelHealth,
    ReasonTotal,
    Totals,
)
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import (
    Figures,
    GroupStats,
    ModelStats,
    Rows,
    combine,
    gc_paused,
)
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
    groups, tokens = stats_from_table(table)
    release_freed()  # issue 10: each stage's temporaries go back before the next one's come
    stage(ASSESSING)
    # issue 10: reconciliation reads only the table, so it runs on the other core meanwhile
    with Alongside(lambda stopped: reconcile_table(table, stopped), RECONCILING) as reconciled:
        with gc_paused():
            report = _analyze(groups, tokens, currency_of(table), settings, None, stage)
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
    tokens = TokenColumns.from_stats([g.tokens for g in groups])
    with gc_paused():
        return _analyze(groups, tokens, currency, settings, models, stage)


def _analyze(
    groups: Sequence[GroupStats],
    tokens: TokenColumns,
    currency: str | None,
    settings: AnalysisSettings,
    models: Sequence[ModelStats] | None,
    stage: Stages,
) -> HealthReport:
    group_assessments = assess(groups, settings)
    tokens.assess(settings, BELOW_GROUP)  # each token against the rest of its group
    healths: list[GroupHealth] = []
    for g, (group, assessment) in enumerate(zip(groups, group_assessments, strict=True)):
        judged = tokens.group(g)
        if judged:  # a group's cost, cache and latency are judged through its tokens
            assessment.flags = tuple(f for f in assessment.flags if f in _RATE_FLAGS)
        healths.append(GroupHealth(group, assessment, _resolve_counts(group), judged))

    model_stats = list(models) if models is not None else _models_from_tokens(tokens)
    model_healths = [
        ModelHealth(m, a)
        for m, a in zip(model_stats, assess(model_stats, settings, spending=False), strict=True)
    ]
    reasons = reason_totals(healths)
    report = HealthReport(
        totals=totals_of(groups, currency),
        groups=healths,
        failure_reasons=reasons,
        findings=[],
        models=model_healths,
        settings=settings,
    )
    stage(FINDING)
    report.findings = find_findings(report)
    return report


_RATE_FLAGS = frozenset({"low_success", "below_peers", "small_sample"})


def totals_of(groups: Sequence[Figures], currency: str | None) -> Totals:
    """Totals over groups: each Group row already sums its tokens, so count groups only."""
    merged = combine(groups, detail=False)
    requests = merged.requests or 0
    return Totals(
        requests=requests,
        success=merged.success or 0,
        errors=merged.errors or 0,
        success_rate=(merged.success or 0) / requests if requests else None,
        cost=merged.cost,
        currency=currency,
        cache_hit_rate=merged.cache_hit_rate,
        cache_request_share=merged.cache_request_share,
        avg_latency_s=merged.avg_latency_s,
        start_time=merged.start_time,
        latest_time=merged.latest_time,
    )


def reason_totals(groups: Sequence[GroupHealth]) -> list[ReasonTotal]:
    """Failure reasons summed across groups, most frequent first.

    Seed 000: "Handle the most frequent error first". A reason is the same reason in two
    groups when its status and message match (case and spacing aside).
    """
    first: dict[tuple[int | None, str], FailureReason] = {}
    counts: dict[tuple[int | None, str], int | None] = {}
    names: dict[tuple[int | None, str], dict[str, None]] = {}  # ordered sets
    rows: dict[tuple[int | None, str], list[int]] = {}
    for group in groups:
        row = group.stats.row
        for reason in group.failure_reasons:
            key = reason.key
            first.setdefault(key, reason)
            if reason.count is not None:
                counts[key] = (counts.get(key) or 0) + reason.count
            else:
                counts.setdefault(key, None)
            seen = names.setdefault(key, {})
            if group.name not in seen:
                seen[group.name] = None
                rows.setdefault(key, []).extend(_listed(group.stats.rows) if row is None else [row])
    totals = [
        ReasonTotal(
            reason.status,
            reason.message,
            counts[key],
            reason.category,
            tuple(names[key]),
            tuple(rows[key]),
        )
        for key, reason in first.items()
    ]
    return sorted(totals, key=lambda r: -(r.count or 0))


def _listed(rows: Rows) -> list[int]:
    return rows.tolist() if isinstance(rows, np.ndarray) else list(rows)


def _resolve_counts(group: GroupStats) -> list[FailureReason]:
    """A lone reason written without a count accounts for all of the group's errors."""
    reasons = list(group.failure_reasons)
    counts = group.counts()
    if len(reasons) == 1 and reasons[0].count is None and counts is not None and counts[2]:
        reasons[0] = replace(reasons[0], count=counts[2])
    return reasons


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
