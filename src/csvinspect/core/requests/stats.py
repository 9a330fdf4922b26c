"""Summary cards and breakdowns of a request log (seeds 001-003), for any filter mask.

``RequestStats(records, mask)`` is what the request views call after every filter change:
``cards()`` for the summary cards, ``breakdown(name)`` for one sortable table. Each breakdown
row carries the value to filter on and can hand back its row indices, so clicking it can
narrow the table to exactly those requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from csvinspect.core.requests.aggregate import GroupFigures, Selection, optional, quantiles
from csvinspect.core.requests.outcome import CATEGORIES, is_unusual, status_number
from csvinspect.core.requests.records import DIMENSIONS, NO_VALUE, OUTCOMES, RequestRecords

UNKNOWN_OUTCOME = "unknown"  # status-row category of requests whose outcome is unknown
IN_PROGRESS = "in_progress"  # status-row category of requests still running (seed 004)
BREAKDOWNS = (*DIMENSIONS, "status", "outcome", "failure_category", "hour", "day")
OUTCOME_LABELS = ("succeeded", "failed", "rejected", "in progress", "outcome unknown")
# Issue 11: above this share of unknown outcomes a success rate says little; the cards and
# the report say so instead of a rate.
MOSTLY_UNKNOWN = 0.5
_BUCKET_SECONDS = {"hour": 3600, "day": 86400}
_BUCKET_FORMAT = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d"}


@dataclass(frozen=True)
class Latency:
    """Latency or first-token time in seconds over the requests that report it."""

    count: int
    mean: float | None
    p50: float | None
    p95: float | None
    p99: float | None


@dataclass(frozen=True)
class SummaryCards:
    """The summary cards of seed 001: requests, failures, success rate, latency, tokens, cost.

    ``unknown`` requests have no readable outcome and ``in_progress`` ones none yet: neither
    success nor failure (issue 5), so ``success_rate`` = success / (success + failures) counts
    neither (issue 11). ``rejected`` failures were refused before upstream work (seed 004);
    ``usage_unknown`` successes carry no token figures (only counted when the log has any).
    """

    requests: int
    success: int
    failures: int
    unknown: int
    success_rate: float | None
    in_progress: int
    rejected: int
    usage_unknown: int
    non_request_rows: int
    latency: Latency
    first_token: Latency
    tokens_in: float | None
    tokens_out: float | None
    tokens_cached: float | None
    tokens_total: float | None
    cost: float | None
    currency: str | None
    cost_per_1k_tokens: float | None
    cache_hit_rate: float | None
    cache_requests: int
    first_time: float | None
    latest_time: float | None

    @property
    def errors(self) -> int:
        """The failures under seed 000's name for them (as the report's ``totals`` say)."""
        return self.failures

    @property
    def mostly_unknown(self) -> bool:
        """More than half the requests have no readable outcome: no rate worth showing."""
        return self.requests > 0 and self.unknown > MOSTLY_UNKNOWN * self.requests


@dataclass(frozen=True)
class BreakdownRow:
    """One row of a breakdown table. ``value`` is what a filter on this row matches:
    the label (``""`` for rows without one), a status code, a category name or a bucket start.
    """

    key: str
    value: str | int | float | None
    requests: int
    success: int
    errors: int
    success_rate: float | None
    cost: float | None
    tokens_total: float | None
    avg_latency_s: float | None
    p95_latency_s: float | None
    first_time: float | None
    latest_time: float | None
    # status rows: the failure category most of them fall in; None for successes,
    # ``UNKNOWN_OUTCOME`` for requests without a status code or readable outcome
    category: str | None = None
    group_id: int = -1


@dataclass
class Breakdown:
    dimension: str
    rows: list[BreakdownRow]
    _selection_rows: np.ndarray
    _ids: np.ndarray

    def row_indices(self, index: int) -> np.ndarray:
        """Table row indices behind ``rows[index]`` (for filtering the table to them)."""
        rows: np.ndarray = self._selection_rows[self._ids == self.rows[index].group_id]
        return rows

    def mask(self, index: int, n_rows: int) -> np.ndarray:
        mask = np.zeros(n_rows, dtype=bool)
        mask[self.row_indices(index)] = True
        return mask


# Issue 9: say exactly which cache hit rate a request log shows. It is seed 000's, with
# the total as the log gives it or as input + output, input counting cached tokens (cache
# reads and writes are added to it where the dialect reports them apart, ``records``).
CACHE_HIT_RATE_HINT = (
    "Cache hit rate = cached tokens ÷ total tokens (seed 000: cache-hit tokens / total"
    " tokens). Total tokens: the log's total, else input + output, where input includes"
    " cache reads and writes."
)


class RequestStats:
    """Cards and breakdowns of the requests inside ``mask`` (None = all rows)."""

    def __init__(self, records: RequestRecords, mask: np.ndarray | None = None) -> None:
        self.records = records
        self.selection = Selection(records, mask)

    def cards(self) -> SummaryCards:
        rec, sel = self.records, self.selection
        success = sel.take(rec.success)
        n_success = int(np.count_nonzero(success == 1))
        n_fail = int(np.count_nonzero(success == 0))
        n_running = int(np.count_nonzero(sel.take(rec.outcomes.in_progress)))
        has_usage = bool(rec.usage_known.any())
        no_usage = (success == 1) & ~sel.take(rec.usage_known)
        tokens = {name: _known_total(sel.take(getattr(rec, name))) for name in
                  ("tokens_in", "tokens_out", "tokens_cached", "tokens_total")}  # fmt: skip
        cost = _known_total(sel.take(rec.cost))
        total = tokens["tokens_total"]
        times = sel.take(rec.time)
        known_times = times[~np.isnan(times)]
        return SummaryCards(
            requests=len(sel),
            success=n_success,
            failures=n_fail,
            unknown=len(sel) - n_success - n_fail - n_running,
            success_rate=_ratio(n_success, n_success + n_fail),
            in_progress=n_running,
            rejected=int(np.count_nonzero(sel.take(rec.outcomes.rejected))),
            usage_unknown=int(np.count_nonzero(no_usage)) if has_usage else 0,
            non_request_rows=rec.non_request_rows,
            latency=_latency(sel.take(rec.latency_s)),
            first_token=_latency(sel.take(rec.first_token_s)),
            tokens_cached=tokens["tokens_cached"],
            tokens_in=tokens["tokens_in"],
            tokens_out=tokens["tokens_out"],
            tokens_total=total,
            cost=cost,
            currency=rec.currency,
            cost_per_1k_tokens=cost / total * 1000 if cost is not None and total else None,
            cache_hit_rate=_ratio(tokens["tokens_cached"], total),
            cache_requests=int(np.count_nonzero(sel.take(rec.tokens_cached) > 0)),
            first_time=float(known_times.min()) if len(known_times) else None,
            latest_time=float(known_times.max()) if len(known_times) else None,
        )

    def breakdowns(self) -> dict[str, Breakdown]:
        """Every breakdown that has something to show in this export."""
        result = {}
        for name in BREAKDOWNS:
            if name in DIMENSIONS and not self.records.dims[name].present:
                continue
            result[name] = self.breakdown(name)
        return result

    def breakdown(self, name: str) -> Breakdown:
        """One breakdown table: most requests first; hours and days in time order."""
        ids, n_groups, keys, values = self._groups(name)
        sel = self.selection
        if name == "failure_category":
            failed = sel.take(self.records.success) == 0
            ids = np.where(failed, ids, n_groups)  # non-failures land in a dropped group
            n_groups += 1
        figures = sel.figures(ids, n_groups)
        categories = self._status_categories(ids, n_groups) if name == "status" else None
        rows = [
            _row(figures, g, keys[g], values[g], None if categories is None else categories[g])
            for g in np.flatnonzero(figures.requests[: len(keys)] > 0)
        ]
        if name in _BUCKET_SECONDS:
            rows.sort(key=lambda r: r.value if r.value is not None else np.inf)
        else:
            rows.sort(key=lambda r: (-r.requests, r.key))
        return Breakdown(name, rows, sel.rows, ids)

    def _groups(self, name: str) -> tuple[np.ndarray, int, list[str], list[Any]]:
        rec, sel = self.records, self.selection
        if name in DIMENSIONS:
            labels = rec.dims[name]
            ids = sel.take(labels.codes) + 1
            keys = [NO_VALUE, *labels.names]
            return ids, len(keys), keys, ["", *labels.names]
        if name == "status":
            code = sel.take(rec.status_code).astype(np.int64)
            success = sel.take(rec.success).astype(np.int64)
            ids = np.where(code > 0, code, 600 + success + 1)
            # issue 11: in progress and rejected (seed 004) are statuses of their own
            ids[(code == 0) & sel.take(rec.outcomes.in_progress)] = 603
            ids[(code == 0) & sel.take(rec.outcomes.rejected)] = 604
            # issue 11: a status outside 100-599 (999, 0, -1, 99999) gets a group of its own
            unusual = is_unusual(code)
            written, dense = np.unique(code[unusual], return_inverse=True)
            ids[unusual] = 605 + dense
            numbers = [status_number(int(c)) for c in written]
            keys = [str(c) for c in range(600)] + [
                "unknown",
                "failed (no status)",
                "ok (no status)",
                "in progress",
                "rejected (no status)",
                *(f"{c} (unusual)" for c in numbers),
            ]
            values: list[Any] = [*range(600), None, None, None, None, None, *numbers]
            return ids, len(keys), keys, values
        if name == "outcome":
            ids = sel.take(rec.outcome).astype(np.int64)
            return ids, len(OUTCOMES), list(OUTCOME_LABELS), list(OUTCOMES)
        if name == "failure_category":
            ids = np.maximum(sel.take(rec.outcomes.category).astype(np.int64), 0)
            names = [str(c) for c in CATEGORIES]
            return ids, len(names), names, names
        if name in _BUCKET_SECONDS:
            return self._buckets(_BUCKET_SECONDS[name], _BUCKET_FORMAT[name])
        raise KeyError(f"unknown breakdown {name!r}")

    def _buckets(self, seconds: int, fmt: str) -> tuple[np.ndarray, int, list[str], list[Any]]:
        times = self.selection.take(self.records.time)
        known = ~np.isnan(times)
        bucket = np.full(len(times), -1, dtype=np.int64)
        bucket[known] = np.floor(times[known] / seconds).astype(np.int64)
        starts, inverse = _dense_unique(bucket)
        keys = [_bucket_label(b, seconds, fmt) for b in starts]
        values = [float(b * seconds) if b >= 0 else None for b in starts]
        return inverse.astype(np.int64), len(starts), keys, values

    def _status_categories(self, ids: np.ndarray, n_groups: int) -> list[str | None]:
        """The most frequent failure category of each status group (None: no failures)."""
        category = self.selection.take(self.records.outcomes.category).astype(np.int64)
        failed = category >= 0
        width = len(CATEGORIES)
        table = np.bincount(ids[failed] * width + category[failed], minlength=n_groups * width)
        table = table.reshape(n_groups, width)
        best = table.argmax(axis=1)
        categories = [str(CATEGORIES[b]) if table[g, b] > 0 else None for g, b in enumerate(best)]
        categories[600] = UNKNOWN_OUTCOME  # no status code and no readable outcome
        categories[603] = IN_PROGRESS  # no outcome yet (seed 004)
        return categories


def _row(
    fig: GroupFigures,
    g: int | np.integer[Any],
    key: str,
    value: str | int | float | None,
    category: str | None,
) -> BreakdownRow:
    requests = int(fig.requests[g])
    return BreakdownRow(
        key=key,
        value=value,
        requests=requests,
        success=int(fig.success[g]),
        errors=int(fig.errors[g]),
        # issue 11: success / (success + errors); unknown and in-progress rows count in neither
        success_rate=_ratio(int(fig.success[g]), int(fig.success[g] + fig.errors[g])),
        cost=optional(fig.cost[g]),
        tokens_total=optional(fig.tokens_total[g]),
        avg_latency_s=optional(fig.latency_mean[g]),
        p95_latency_s=optional(fig.latency_p95[g]),
        first_time=optional(fig.first_time[g]),
        latest_time=optional(fig.latest_time[g]),
        category=category,
        group_id=int(g),
    )


def _dense_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for integers of a narrow range (hours and
    days of a log) by a presence table instead of a sort of every row."""
    if not len(values):
        return np.unique(values, return_inverse=True)
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * len(values) + 1024:
        return np.unique(values, return_inverse=True)
    present = np.zeros(high - low + 1, dtype=bool)
    present[values - low] = True
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present) + low, rank[values - low]


def _bucket_label(bucket: int, seconds: int, fmt: str) -> str:
    if bucket < 0:
        return NO_VALUE
    return datetime.fromtimestamp(bucket * seconds, tz=UTC).strftime(fmt)


def _latency(values: np.ndarray) -> Latency:
    known = values[~np.isnan(values)]
    if not len(known):
        return Latency(0, None, None, None, None)
    p50, p95, p99 = quantiles(known, (0.50, 0.95, 0.99))
    return Latency(len(known), float(known.mean()), p50, p95, p99)


def _known_total(values: np.ndarray) -> float | None:
    known = values[~np.isnan(values)]
    return float(known.sum()) if len(known) else None


def _ratio(part: float | None, whole: float | int | None) -> float | None:
    return part / whole if part is not None and whole else None
