"""What kind of report a table is, which gateway wrote it, and which rows are groups or tokens.

``decide(table)`` is the one place these are decided (issue 10: "Ingest decides once"): the
loader calls it for a file or a paste, ``combine.py`` carries each file's decisions over to
the combined table, and everything downstream reads ``table.source.kind``,
``table.source.dialect`` and ``table.row_kinds`` instead of detecting again.

Report kinds, decided from the canonical fields (``fields.py``) and the typed columns; a
header that a known gateway dialect writes (``dialects.py``) settles request logs and usage
summaries directly:

* ``group_health``: the seed-000 export and its variants (the JSON twin's columns, the
  Chinese console's): a group column, a request count and a success/error measure, and
  no per-request columns (request ID, a request time, token counts per call).
* ``request_log``: one row per request: a time plus a model, and at least one per-request
  measure (tokens, status, request ID, latency, cost, quota, result, log type).
* ``usage_summary``: rows per day/team/model/project: request counts without per-request
  identity (LiteLLM team usage, OpenAI usage), or token/cost totals on calendar dates
  (Anthropic usage and cost).
* ``generic``: anything else.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.ingest.dialects import detect_dialect
from csvinspect.core.table import ColumnType, ReportKind, RowKind, Table

_HEALTH_MEASURES = ("success_rate", "success", "errors", "failure_rate")
_PER_REQUEST = (
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "cached_tokens",
    "status_code",
    "request_id",
    "latency",
    "cost",
    "cost_usd",
    "quota",
    "result",
    "log_type",
)
_SUMMARY_DIMENSIONS = ("time", "start_time", "team", "model", "project", "api_key", "user_id")
_TOTALS = ("prompt_tokens", "completion_tokens", "total_tokens", "cost", "cost_usd")
_IDENTITY = ("token", "user_id", "username", "api_key")
_ROW_TYPE_WORDS = {
    "group": RowKind.GROUP,
    "分组": RowKind.GROUP,
    "token": RowKind.TOKEN,
    "令牌": RowKind.TOKEN,
}


def decide(table: Table, kind: ReportKind | None = None) -> None:
    """Record on ``table`` its dialect, its report kind (``kind`` when the user chose one)
    and, for a group-health export, its row kinds."""
    table.source.dialect = detect_dialect(table.header)
    table.source.kind = kind or detect_report_kind(table)
    table.row_kinds = detect_row_kinds(table)


def detect_report_kind(table: Table) -> ReportKind:
    """The report kind of ``table`` (see the module docstring), given its recorded dialect."""
    fields = {c.field for c in table.columns if c.field is not None}
    has_requests = _is_numeric(table, "requests")
    if (
        "group" in fields
        and has_requests
        and any(f in fields for f in _HEALTH_MEASURES)
        and not {"request_id", "time", "prompt_tokens", "completion_tokens"} & fields
    ):
        return ReportKind.GROUP_HEALTH
    if table.source.dialect is not None:
        return table.source.dialect.kind
    if (
        has_requests
        and any(f in fields for f in _SUMMARY_DIMENSIONS)
        and "request_id" not in fields
    ):
        return ReportKind.USAGE_SUMMARY
    time = table.column("time") or table.column("start_time")
    if time is not None and time.type is ColumnType.TIMESTAMP:
        if any(f in fields for f in _TOTALS) and _dates_only(time.values):
            if not {"request_id", "status_code", "latency", "result"} & fields:
                return ReportKind.USAGE_SUMMARY
        if "model" in fields and any(f in fields for f in _PER_REQUEST):
            return ReportKind.REQUEST_LOG
    return ReportKind.GENERIC


def detect_row_kinds(table: Table) -> np.ndarray | None:
    """``RowKind`` per row of a group-health table (int8), or None for other kinds."""
    if table.source.kind is not ReportKind.GROUP_HEALTH:
        return None
    return group_health_row_kinds(table)


def group_health_row_kinds(table: Table) -> np.ndarray:
    """Group or Token per row: from the Type column, else Token where a token, user or key
    is named (``-`` names none). The one row-kind rule; the analysis uses it too."""
    row_type = table.column("row_type")
    if row_type is not None:
        return _kinds_from_type(row_type.text)
    kinds = np.full(table.n_rows, RowKind.GROUP, np.int8)
    for field in _IDENTITY:
        column = table.column(field)
        if column is not None:
            kinds[_filled(column.text)] = RowKind.TOKEN
    return kinds


def _kinds_from_type(text: pa.Array) -> np.ndarray:
    """Group/Token (分组/令牌), any case and padding, from the Type column's cells."""
    encoded = pc.dictionary_encode(text)  # a handful of texts: each is looked at once
    unique = encoded.dictionary
    if len(unique) > 1000:  # not a Type column after all: too many distinct values
        return np.zeros(len(text), np.int8)
    words = pc.utf8_lower(pc.utf8_trim_whitespace(unique)).to_pylist()
    kinds = np.array([*(_ROW_TYPE_WORDS.get(w, RowKind.OTHER) for w in words), RowKind.OTHER])
    rows = encoded.indices.fill_null(len(unique)).to_numpy(zero_copy_only=False)
    row_kinds: np.ndarray = kinds.astype(np.int8)[rows]  # a missing cell (short row) is OTHER
    return row_kinds


def _filled(text: pa.Array) -> np.ndarray:
    trimmed = pc.utf8_trim_whitespace(text)
    filled = pc.and_(pc.is_valid(trimmed), pc.not_equal(trimmed.fill_null(""), ""))
    dashes = pc.is_in(trimmed, value_set=pa.array(["-", "—"]))
    shown: np.ndarray = pc.and_not(filled, dashes.fill_null(False)).to_numpy(zero_copy_only=False)
    return shown


def _is_numeric(table: Table, field: str) -> bool:
    column = table.column(field)
    return column is not None and column.is_numeric


def _dates_only(values: np.ndarray | None) -> bool:
    """Whether every timestamp falls on midnight: a per-day bucket, not a request time."""
    if values is None:
        return False
    finite = values[~np.isnan(values)]
    return len(finite) > 0 and bool(np.all(np.mod(finite, 86400.0) == 0))
