"""A request log as per-row arrays: who asked, which model, outcome, latency, tokens, cost.

``build_records(table)`` is the one place that reads a typed ``Table`` as requests; the
statistics, filters and derived group health all work on the arrays it returns. Everything
is vectorised; the embedded JSON column (new-api ``other``, LiteLLM ``metadata``) is read
key by key from its bytes (``json_keys``) instead of a parse per row.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.cells.durations import console_timing, written_unit
from csvinspect.core.ingest.dialects import (
    NEWAPI_EVENTS,
    REQUEST_EVENTS,
    WORD_EVENTS,
    Dialect,
)
from csvinspect.core.requests.columns import RoleColumns
from csvinspect.core.requests.json_keys import JsonKeys
from csvinspect.core.requests.labels import Labels, text_flags
from csvinspect.core.requests.money import MoneySettings, request_costs
from csvinspect.core.requests.outcome import CATEGORIES, Outcomes, is_unusual, read_outcomes
from csvinspect.core.requests.record_details import (
    add_known,
    detail_labels,
    detail_numbers,
    dimension,
    known_or,
    number,
    own_dimension,
)
from csvinspect.core.table import Table

# The dimensions a request can be broken down and filtered by, in the order the UI shows them.
DIMENSIONS = (
    "model", "token", "user", "group", "account", "auth_index", "provider", "project",
    "call_type", "provider_model", "plan", "transport", "route",
)  # fmt: skip
STATUS_CLASSES = ("2xx", "4xx", "5xx", "unknown", "unusual")  # unusual: not 100-599 (issue 11)
NO_VALUE = "(none)"
# Issue 11: each request is a success, a failure (rejected before upstream work, seed 004, or
# failed after it), in progress or unknown; the Requests filter and breakdown use these names.
OUTCOMES = ("success", "failed", "rejected", "in_progress", "unknown")


@dataclass
class RequestRecords:
    """Per-row arrays of a request log; row ``i`` is table row ``i``.

    Numbers are float64 with NaN for unknown (missing usage stays unknown, seed 004);
    flags are int8 1 / 0 / -1 (unknown); text dimensions are ``Labels``.
    """

    n: int
    dialect: Dialect | None
    time: np.ndarray
    dims: dict[str, Labels]
    user_id: Labels
    event: Labels  # consume / error / top_up / manage / system / refund / test, or empty
    is_request: np.ndarray  # bool: account events (top-up, manage, ...) are shown, not counted
    outcomes: Outcomes
    latency_s: np.ndarray
    first_token_s: np.ndarray
    tokens_in: np.ndarray
    tokens_out: np.ndarray
    tokens_cached: np.ndarray
    tokens_total: np.ndarray
    cost: np.ndarray
    currency: str | None
    cost_source: str
    is_stream: np.ndarray
    request_id: pa.Array | None
    warnings: list[str] = field(default_factory=list)
    # seconds per unit the latency column is written in (0.001 for latency_ms): the unit of a
    # bare number typed in the Requests panel's latency box (issue 11)
    latency_unit: float = 1.0
    # a trace ID column beside the request ID (seed 001), searched by the request ID filter
    trace_id: pa.Array | None = None
    # a log row id (seed 004's "correlation or row id"), searched by the request ID filter too
    row_id: pa.Array | None = None
    # the Usage column beside the cost (seed 002: "quota or credits consumed by this call")
    quota: np.ndarray | None = None
    # a cost's written components (seed 003: provider cost, markup, fixed fee), by field
    cost_parts: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def status_code(self) -> np.ndarray:
        return self.outcomes.status_code

    @property
    def success(self) -> np.ndarray:
        return self.outcomes.success

    @property
    def status_class(self) -> np.ndarray:
        """Index into ``STATUS_CLASSES``; a success without a code counts as 2xx."""
        code = self.outcomes.status_code
        cls = np.full(self.n, 3, dtype=np.int8)
        cls[(code >= 200) & (code < 300)] = 0
        cls[(code == 0) & (self.outcomes.success == 1)] = 0
        cls[(code >= 400) & (code < 500)] = 1
        cls[(code >= 500) & (code < 600)] = 2
        cls[is_unusual(code)] = 4
        return cls

    @property
    def outcome(self) -> np.ndarray:
        """Index into ``OUTCOMES`` of every row (account rows are ``unknown``)."""
        out = np.full(self.n, OUTCOMES.index("unknown"), dtype=np.int8)
        out[self.outcomes.success == 1] = OUTCOMES.index("success")
        out[self.outcomes.success == 0] = OUTCOMES.index("failed")
        out[self.outcomes.rejected] = OUTCOMES.index("rejected")
        out[self.outcomes.in_progress] = OUTCOMES.index("in_progress")
        return out

    @property
    def usage_known(self) -> np.ndarray:
        """Rows with any token figure (seed 004: a delivered request may lack usage)."""
        unknown = np.isnan(self.tokens_in) & np.isnan(self.tokens_out) & np.isnan(self.tokens_total)
        known: np.ndarray = ~unknown
        return known

    @property
    def cache_hit(self) -> np.ndarray:
        """1 where cached tokens > 0, 0 where known to be 0, -1 where unknown."""
        hit = np.full(self.n, -1, dtype=np.int8)
        hit[self.tokens_cached > 0] = 1
        hit[self.tokens_cached == 0] = 0
        return hit

    def category_name(self, index: int) -> FailureCategory | None:
        return CATEGORIES[index] if index >= 0 else None

    def usage_totals(self, mask: np.ndarray | None = None) -> dict[str, float | None]:
        """Totals of the requests in ``mask`` beside the cost: the Usage column's quota or
        credits (seed 002) and the cost's components (seed 003); only those the export has."""
        keep = self.is_request if mask is None else mask & self.is_request
        columns = dict(self.cost_parts)
        if self.quota is not None:
            columns["quota"] = self.quota
        totals: dict[str, float | None] = {}
        for name, values in columns.items():
            known = values[keep & ~np.isnan(values)]
            totals[name] = round(float(known.sum()), 6) if len(known) else None
        return totals

    @property
    def non_request_rows(self) -> int:
        return int(self.n - np.count_nonzero(self.is_request))


def build_records(
    table: Table, settings: MoneySettings | None = None, dialect: Dialect | None = None
) -> RequestRecords:
    """Read ``table`` as requests (any dialect; unknown columns simply stay unknown).

    Issue 10: reading the JSON column's keys took half the time on 5M rows; its numbers
    are read on a second thread while this one reads the other columns and the JSON's
    labels (numpy and pyarrow let go of the GIL meanwhile).
    """
    roles = RoleColumns(table, dialect)
    text = roles.text("details_json")
    keys = None if text is None else JsonKeys(text)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csvinspect-requests")
    try:
        numbers = pool.submit(detail_numbers, roles, keys)

        def read_details() -> dict[str, np.ndarray | pa.Array | None]:
            labels = detail_labels(roles, keys)
            return {**numbers.result(), **labels}

        return _build(roles, settings or MoneySettings(), read_details)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _build(
    roles: RoleColumns,
    settings: MoneySettings,
    read_details: Callable[[], dict[str, np.ndarray | pa.Array | None]],
) -> RequestRecords:
    """``build_records`` with the JSON column's keys from ``read_details`` (asked for once
    the columns that do not need them are read)."""
    n = roles.n
    dialect = roles.dialect
    event = _events(roles)
    non_request = [i for i, name in enumerate(event.names) if name not in REQUEST_EVENTS]
    is_request = ~np.isin(event.codes, non_request) | (event.codes < 0)
    outcomes = read_outcomes(roles, event, is_request, bool(dialect and dialect.settled_rows))

    latency = roles.numbers("latency")
    latency_col = roles.get("latency")
    latency_unit = 1.0 if latency_col is None else written_unit(latency_col.text, latency)
    first_token = roles.numbers("first_token")
    stream = text_flags(roles.text("is_stream"), ("true", "1", "yes", "stream", "流"),
                        ("false", "0", "no", "非流"))  # fmt: skip
    if not len(stream):
        stream = np.full(n, -1, dtype=np.int8)
    combo = roles.text("latency") if dialect is not None and dialect.console_timing else None
    if combo is not None:  # the Chinese console's 用时/首字: "27 s 2.4 s 流"
        timing = console_timing(combo, decimal_comma=roles.table.source.decimal_comma)
        latency = known_or(latency, timing.total)
        first_token = known_or(first_token, timing.first_token)
        stream = np.where(stream == -1, timing.stream, stream).astype(np.int8)
    if roles.has("end_time"):  # LiteLLM: endTime - startTime, completionStartTime - startTime
        start = roles.times("time")
        latency = known_or(latency, roles.times("end_time") - start)
        first_token = known_or(first_token, roles.times("first_token_time") - start)
    own_dims = {name: own_dimension(roles, name) for name in DIMENSIONS}
    user_id = roles.labels("user_id")
    costs = request_costs(roles, settings)
    details = read_details()
    first_token = known_or(first_token, number(details, "frt_ms") / 1000.0)
    first_token[first_token <= 0] = np.nan  # frt 0 is new-api's "not measured" (non-stream)
    latency[latency < 0] = np.nan

    tokens_in = known_or(roles.numbers("prompt_tokens"), number(details, "input_tokens"))
    if dialect is not None and dialect.input_split_by_cache:
        tokens_in = add_known(tokens_in, roles.numbers("cache_write_tokens"))
        tokens_in = add_known(tokens_in, roles.numbers("cached_tokens"))
    tokens_out = known_or(roles.numbers("completion_tokens"), number(details, "output_tokens"))
    cached = known_or(roles.numbers("cached_tokens"), number(details, "cache_tokens"))
    total = known_or(roles.numbers("total_tokens"), tokens_in + tokens_out)

    details["failed"] = np.flatnonzero(outcomes.success == 0)
    dims = {name: own_dims[name] or dimension(roles, name, details) for name in DIMENSIONS}
    request_id = roles.text("request_id")
    if request_id is None:
        request_id = details["request_id"]
    trace = roles.text("trace_id") if roles.get("request_id") is not roles.get("trace_id") else None
    return RequestRecords(
        n=n,
        dialect=dialect,
        time=roles.times("time"),
        dims=dims,
        user_id=user_id,
        event=event,
        is_request=is_request,
        outcomes=outcomes,
        latency_s=latency,
        first_token_s=first_token,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
        tokens_cached=cached,
        tokens_total=total,
        cost=costs.values,
        currency=costs.currency,
        cost_source=costs.source,
        is_stream=stream,
        request_id=request_id,
        latency_unit=latency_unit,
        trace_id=trace,
        row_id=roles.text("id"),
        quota=roles.numbers("quota") if roles.has("quota") else None,
        cost_parts={
            part: roles.money(part)[0]
            for part in ("provider_cost", "markup", "fixed_fee")
            if roles.has(part)
        },
    )


def _events(roles: RoleColumns) -> Labels:
    """Row type -> event name (consume, error, top_up, ...) through the dialect's codes."""
    row_type = roles.labels("row_type")
    if not row_type.present:
        return Labels.missing(roles.n)
    if roles.dialect is not None and roles.dialect.events is not None:
        mapping = roles.dialect.events
    else:
        mapping = NEWAPI_EVENTS if roles.has("quota") else WORD_EVENTS
    mapped = [mapping.get(name.strip(), mapping.get(name.strip().lower(), "")) for name in
              row_type.names]  # fmt: skip
    names = sorted({m for m in mapped if m})
    codes = [names.index(m) if m else -1 for m in mapped]
    return Labels(row_type.lookup(codes, -1, np.int32), names)
