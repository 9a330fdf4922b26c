"""Group health derived from raw requests (issue 5), judged by the group-health analysis.

A user holding only a usage log gets the seed-000 view: one Group row per group and one
Token row per token under it, with success rate, errors, cost, cache figures, average
latency, first and latest time and the top failure reasons with counts. The figures are
built here, vectorised, as the analysis' ``GroupStats``/``TokenStats`` and handed to its
``analyze_stats`` so the flags and findings come out exactly as for an exported file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.health import analyze_stats
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import HealthReport
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Figures, GroupStats, ModelStats, TokenStats
from csvinspect.core.progress import IsCancelled, Progress, Stages
from csvinspect.core.requests.aggregate import (
    HEALTH_MEASURES,
    GroupFigures,
    Selection,
    by_first_row,
    first_rows,
    optional,
)
from csvinspect.core.requests.labels import Labels
from csvinspect.core.requests.outcome import CATEGORIES, status_number
from csvinspect.core.requests.records import RequestRecords

ALL_GROUPS = "(all)"
DERIVING = "Adding up each group and token"  # the first stage ``progress`` is told
NO_DETAIL = "failed, no status code or message in the export"
TOP_REASONS = 5  # per group, token and model, as the console's Failure Reason column merges


@dataclass
class DerivedHealth:
    """The analysis' report plus which request dimensions made its groups and tokens.

    ``Figures.rows`` of derived subjects hold their *failed* request rows: the rows the
    seed's flow opens next ("then open the single usage log entry to locate the request_id").
    All of a group's requests are ``RequestFilter(values={group_dimension: (name,)})``.
    """

    report: HealthReport
    group_dimension: str | None  # "group" (or "provider"); None: one group for everything
    token_dimension: str | None  # "token", "account" or "user"; None: no token rows


def derived_health(
    records: RequestRecords,
    mask: np.ndarray | None = None,
    settings: AnalysisSettings | None = None,
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
    selection: Selection | None = None,
) -> DerivedHealth:
    """Group and token figures from the requests in ``mask``, assessed with their findings.

    ``progress`` and ``is_cancelled`` as for ``analyze_stats`` (``AnalysisCancelled``).
    ``selection``: those requests as the cards and breakdowns took them (issue 10: each
    measure is then taken from the records once).
    """
    Stages(progress, is_cancelled)(DERIVING)
    if selection is None:
        selection = Selection(records, mask)
    group_dim = _first_present(records, ("group", "provider"))
    token_dim = _first_present(records, ("token", "account", "user"))
    groups, models = derive_stats(records, selection, group_dim, token_dim)
    report = analyze_stats(
        groups,
        records.currency,
        settings,
        models=models,
        progress=progress,
        is_cancelled=is_cancelled,
    )
    return DerivedHealth(report, group_dim, token_dim)


def derive_stats(
    records: RequestRecords,
    selection: Selection,
    group_dim: str | None,
    token_dim: str | None,
) -> tuple[list[GroupStats], list[ModelStats]]:
    """``GroupStats`` (with their tokens) in order of first appearance, and ``ModelStats``."""
    group_labels = records.dims[group_dim] if group_dim else Labels.missing(records.n)
    group_ids = selection.take(group_labels.codes).astype(np.int64) + 1
    n_groups = len(group_labels.names) + 1
    group_fig = selection.figures(group_ids, n_groups, measures=HEALTH_MEASURES)
    group_names = [ALL_GROUPS if group_dim is None else "(none)", *group_labels.names]
    group_reasons = _reasons(records, selection, group_ids)
    failed = selection.take(records.success) == 0

    tokens_of: dict[int, list[TokenStats]] = {}
    if token_dim is not None:
        token_labels = records.dims[token_dim]
        token_codes = selection.take(token_labels.codes).astype(np.int64) + 1
        pair = group_ids * (len(token_labels.names) + 1) + token_codes
        unique, pair_ids = np.unique(pair, return_inverse=True)
        pair_fig = selection.figures(pair_ids, len(unique), measures=HEALTH_MEASURES)
        pair_reasons = _reasons(records, selection, pair_ids)
        pair_failed = _failed_rows(selection, failed, pair_ids)
        first = first_rows(pair_ids, len(unique))
        for p, key in enumerate(unique):
            row = selection.rows[first[p]]
            token = TokenStats(
                token=token_labels.name(int(key % (len(token_labels.names) + 1)) - 1),
                user_id=records.user_id.name(int(records.user_id.codes[row])),
                username=records.dims["user"].name(int(records.dims["user"].codes[row])),
            )
            _fill(token, pair_fig, p, pair_reasons.get(p, []), pair_failed)
            tokens_of.setdefault(int(key // (len(token_labels.names) + 1)), []).append(token)

    group_failed = _failed_rows(selection, failed, group_ids)
    groups = []
    for g in by_first_row(group_ids, n_groups):
        stats = GroupStats(group=group_names[g], tokens=tokens_of.get(g, []))
        _fill(stats, group_fig, g, group_reasons.get(g, []), group_failed)
        groups.append(stats)
    return groups, _models(records, selection, failed)


def _models(records: RequestRecords, selection: Selection, failed: np.ndarray) -> list[ModelStats]:
    labels = records.dims["model"]
    if not labels.present:
        return []
    ids = selection.take(labels.codes).astype(np.int64) + 1
    n = len(labels.names) + 1
    fig = selection.figures(ids, n, measures=HEALTH_MEASURES)
    reasons = _reasons(records, selection, ids)
    failed_rows = _failed_rows(selection, failed, ids)
    models = []
    for m in np.flatnonzero(fig.requests > 0):
        stats = ModelStats(model=labels.name(int(m) - 1) or "(none)")
        _fill(stats, fig, int(m), reasons.get(int(m), []), failed_rows)
        models.append(stats)
    return models if len(models) > 1 else []


def _fill(
    stats: Figures,
    fig: GroupFigures,
    i: int,
    reasons: list[FailureReason],
    failed_rows: dict[int, np.ndarray],
) -> None:
    """Copy subject ``i``'s figures from the grouped arrays into an analysis dataclass."""
    stats.requests = int(fig.requests[i])
    stats.success = int(fig.success[i])
    stats.errors = int(fig.errors[i])
    stats.cost = optional(fig.cost[i])
    stats.cache_tokens = optional(fig.tokens_cached[i])
    # cache figures only where the export reports cached tokens at all (else unknown)
    known_cache = not np.isnan(fig.tokens_cached[i])
    stats.cache_requests = float(fig.cache_requests[i]) if known_cache else None
    stats.total_tokens = optional(fig.tokens_total[i])
    if stats.total_tokens and stats.cache_tokens is not None:
        stats.cache_hit_rate = stats.cache_tokens / stats.total_tokens
    stats.avg_latency_s = optional(fig.latency_mean[i])
    stats.start_time = optional(fig.first_time[i])
    stats.latest_time = optional(fig.latest_time[i])
    stats.failure_reasons = reasons
    if i in failed_rows:
        stats.rows = tuple(failed_rows[i].tolist())


def _reasons(
    records: RequestRecords, selection: Selection, ids: np.ndarray
) -> dict[int, list[FailureReason]]:
    """Top failure reasons (status, message, count) per subject id, most frequent first."""
    failed = np.flatnonzero(selection.take(records.success) == 0)
    if not len(failed):
        return {}
    rows = selection.rows[failed]
    message = records.outcomes.message
    width_msg = len(message.names) + 1
    # statuses by rank, so any number written (999, -1, 99999; issue 11) keys the same way
    written, code = np.unique(records.status_code[rows], return_inverse=True)
    width_code = len(written)
    key = (ids[failed] * width_code + code) * width_msg + (message.codes[rows] + 1)
    unique, first, counts = np.unique(key, return_index=True, return_counts=True)
    order = np.lexsort((-counts, unique // (width_code * width_msg)))
    result: dict[int, list[FailureReason]] = {}
    for u in order:
        subject = int(unique[u] // (width_code * width_msg))
        reasons = result.setdefault(subject, [])
        if len(reasons) >= TOP_REASONS:
            continue
        status = status_number(int(written[unique[u] // width_msg % width_code]))
        text = message.name(int(unique[u] % width_msg) - 1) or ("" if status else NO_DETAIL)
        category = CATEGORIES[int(records.outcomes.category[rows[first[u]]])]
        reasons.append(FailureReason(status, text, int(counts[u]), category))
    return result


def _failed_rows(
    selection: Selection, failed: np.ndarray, ids: np.ndarray
) -> dict[int, np.ndarray]:
    """Table rows of each subject's failed requests, split from one sort."""
    positions = np.flatnonzero(failed)
    if not len(positions):
        return {}
    order = np.argsort(ids[positions], kind="stable")
    sorted_ids = ids[positions][order]
    subjects, starts = np.unique(sorted_ids, return_index=True)
    parts = np.split(selection.rows[positions][order], starts[1:])
    return {int(s): part for s, part in zip(subjects, parts, strict=True)}


def _first_present(records: RequestRecords, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if records.dims[name].present), None)
