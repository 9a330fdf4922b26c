"""The plain figures the health analysis works on: one group, its tokens, their counts.

A group-health export fills these from its Group and Token rows (``from_table``); a
request log builds them from raw requests (issue 5) and hands them to
``analyze_stats`` so both get the same flags and findings.
"""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from csvinspect.core.analysis.reasons import FailureReason

# Table rows (or request rows): a tuple, or for the groups of an export views of one sorted
# array (issue 10: a million rows as tuples of Python ints held 40 MB through the report).
Rows = tuple[int, ...] | np.ndarray


@dataclass(kw_only=True, slots=True)
class Figures:
    """Counts and averages for one group, token or model over the selected time range.

    ``None`` means the export did not say. Rates that can be recomputed from counts
    (success rate, cache request share, average cache tokens) are recomputed; the exported
    ones are kept only as a fallback.
    """

    requests: int | None = None
    success: int | None = None
    errors: int | None = None
    cost: float | None = None
    cache_tokens: float | None = None
    cache_requests: float | None = None
    cache_hit_rate: float | None = None  # as exported; see ``hit_rate``
    total_tokens: float | None = None  # when known (request logs); exports give only the rate
    avg_latency_s: float | None = None
    start_time: float | None = None  # epoch seconds
    latest_time: float | None = None
    exported_success_rate: float | None = None
    failure_reasons: Sequence[FailureReason] = ()
    rows: Rows = ()  # table rows (or request rows) this subject covers

    def counts(self) -> tuple[int, int, int] | None:
        """(requests, success, errors), filling one missing count from the other two."""
        requests, success, errors = self.requests, self.success, self.errors
        if requests is None and success is not None and errors is not None:
            requests = success + errors
        if requests is None:
            return None
        if success is None and errors is not None:
            success = requests - errors
        if success is None and self.exported_success_rate is not None:
            success = round(self.exported_success_rate * requests)
        if success is None:
            return None
        if errors is None:
            errors = requests - success
        return requests, success, errors

    @property
    def success_rate(self) -> float | None:
        counts = self.counts()
        if counts is None:
            return self.exported_success_rate
        decided = counts[1] + counts[2]  # issue 11: unknown outcomes count in neither
        return counts[1] / decided if decided > 0 else None

    @property
    def hit_rate(self) -> float | None:
        """Cache Hit Rate = cache-hit tokens / total tokens (seed 000)."""
        if self.total_tokens and self.cache_tokens is not None:
            return self.cache_tokens / self.total_tokens
        return self.cache_hit_rate

    @property
    def implied_total_tokens(self) -> float | None:
        """Total tokens, or as implied by cache tokens / hit rate (exports omit the total)."""
        if self.total_tokens is not None:
            return self.total_tokens
        if self.cache_tokens is not None and self.cache_hit_rate:
            return self.cache_tokens / self.cache_hit_rate
        return None

    @property
    def cache_request_share(self) -> float | None:
        """Cache Request Share = cache-hit requests / total requests (seed 000)."""
        if self.cache_requests is None or not self.requests:
            return None
        return self.cache_requests / self.requests

    @property
    def avg_cache_tokens(self) -> float | None:
        """Average number of tokens per cache hit (seed 000)."""
        if self.cache_tokens is None or not self.cache_requests:
            return None
        return self.cache_tokens / self.cache_requests

    @property
    def cost_per_request(self) -> float | None:
        if self.cost is None or not self.requests:
            return None
        return self.cost / self.requests


@dataclass(kw_only=True, slots=True)
class TokenStats(Figures):
    """A Token row: one member's token under a group."""

    token: str
    user_id: str = ""
    username: str = ""
    model: str = ""


@dataclass(kw_only=True, slots=True)
class GroupStats(Figures):
    """A Group row and the tokens under it."""

    group: str
    tokens: list[TokenStats] = field(default_factory=list)
    row: int | None = None  # the Group row itself, when the export has one


def combine(parts: Sequence[Figures], *, detail: bool = True) -> Figures:
    """Sum counts, cost and cache figures; latency weighted by requests; time span.

    Cache hit rate is combined through each part's implied total tokens; parts whose total
    or cached tokens are unknown (hit rate 0 and no total; a request log without cached
    tokens) add no tokens rather than an invented figure.
    ``detail=False`` leaves out the failure reasons and rows (issue 10: an export's totals
    need neither, and its rows are a million).
    """
    counted = [c for c in (p.counts() for p in parts) if c is not None]
    result = Figures(
        requests=sum(c[0] for c in counted) if counted else None,
        success=sum(c[1] for c in counted) if counted else None,
        errors=sum(c[2] for c in counted) if counted else None,
        cost=_fsum(p.cost for p in parts),
        cache_tokens=_fsum(p.cache_tokens for p in parts),
        cache_requests=_fsum(p.cache_requests for p in parts),
        start_time=min((p.start_time for p in parts if p.start_time is not None), default=None),
        latest_time=max((p.latest_time for p in parts if p.latest_time is not None), default=None),
    )
    if detail:
        result.failure_reasons = merge_reasons(r for p in parts for r in p.failure_reasons)
        result.rows = joined_rows([p.rows for p in parts])
    implied = [(p.cache_tokens, p.implied_total_tokens) for p in parts]
    if totals := [total for _, total in implied if total]:
        result.total_tokens = math.fsum(totals)
    # parts whose cached tokens are unknown (a request log without them) add nothing
    if known := [(cached, total) for cached, total in implied if total and cached is not None]:
        cached_sum = math.fsum(cached for cached, _ in known)
        result.cache_hit_rate = cached_sum / math.fsum(total for _, total in known)
    elif any(p.cache_hit_rate is not None for p in parts):
        result.cache_hit_rate = 0.0
    weighted = [
        (p.avg_latency_s, p.requests) for p in parts if p.avg_latency_s is not None and p.requests
    ]
    if weighted:
        weight = sum(n for _, n in weighted)
        result.avg_latency_s = math.fsum(s * n for s, n in weighted) / weight
    return result


def joined_rows(parts: Sequence[Rows]) -> Rows:
    """The rows of all ``parts`` in turn: a tuple where all are tuples, else an array."""
    if all(isinstance(rows, tuple) for rows in parts):
        return tuple(row for rows in parts for row in rows)
    return np.concatenate([np.asarray(rows, dtype=np.int64) for rows in parts])


def group_from_tokens(group: str, tokens: list[TokenStats]) -> GroupStats:
    """A group's figures summed from its tokens (exports without Group rows, request logs)."""
    merged = combine(tokens)
    stats = GroupStats(group=group, tokens=tokens)
    for name in Figures.__slots__:  # copy every figure, field by field
        setattr(stats, name, getattr(merged, name))
    return stats


def merge_files(per_file: Sequence[Sequence[GroupStats]]) -> list[GroupStats]:
    """Groups of several exports as one list: a group (or a group's token, by token, user
    and model) named in more than one file gets the files' figures combined (``combine``:
    counts and same-currency cost add up, latency weighted, time span widened)."""
    named: dict[str, list[GroupStats]] = {}
    for groups in per_file:
        for group in groups:
            named.setdefault(group.group, []).append(group)
    merged: list[GroupStats] = []
    for name, parts in named.items():
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        tokens: dict[tuple[str, str, str, str], list[TokenStats]] = {}
        for token in (t for part in parts for t in part.tokens):
            key = (token.token, token.user_id, token.username, token.model)
            tokens.setdefault(key, []).append(token)
        group = GroupStats(group=name, row=parts[0].row)
        group.tokens = [_merged_token(same) for same in tokens.values()]
        _copy_figures(combine(parts), group)
        merged.append(group)
    return merged


def _merged_token(parts: list[TokenStats]) -> TokenStats:
    if len(parts) == 1:
        return parts[0]
    first = parts[0]
    token = TokenStats(
        token=first.token, user_id=first.user_id, username=first.username, model=first.model
    )
    _copy_figures(combine(parts), token)
    return token


def _copy_figures(figures: Figures, into: Figures) -> None:
    for name in Figures.__slots__:  # copy every figure, field by field
        setattr(into, name, getattr(figures, name))


def merge_reasons(reasons: Iterable[FailureReason]) -> list[FailureReason]:
    """Merge equal reasons (same status and message), adding counts; most frequent first."""
    merged: dict[tuple[int | None, str], FailureReason] = {}
    for reason in reasons:
        seen = merged.get(reason.key)
        if seen is None:
            merged[reason.key] = reason
        else:
            count = None if seen.count is None and reason.count is None else 0
            if count is not None:
                count = (seen.count or 0) + (reason.count or 0)
            merged[reason.key] = FailureReason(seen.status, seen.message, count, seen.category)
    return sorted(merged.values(), key=lambda r: -(r.count or 0))


def _fsum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(present) if present else None


@dataclass(kw_only=True, slots=True)
class ModelStats(Figures):
    """All requests of one model, across groups (for "only one model fails")."""

    model: str


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Building a million token objects triggers a full collection every few hundred thousand
    allocations and doubles the time (measured: 4.4 s vs 2.0 s); these objects hold no
    reference cycles, so nothing is lost by collecting after. Restores the prior state.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
