"""Build typed group-health ``Table``s directly, without the loader.

The analysis reads only the typed contract (``Column.field``, ``values``, ``currency``,
``Table.row_kinds``); these helpers fill it from plain cells so the analysis tests do not
depend on the typing stage. The parsing here is deliberately minimal and test-only.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa

from csvinspect.core.table import Column, ColumnType, ReportKind, RowKind, SourceInfo, Table

HEADER_FIELDS = {
    "Type": "row_type",
    "Group": "group",
    "User ID": "user_id",
    "Username": "username",
    "Token": "token",
    "Model": "model",
    "Success Rate": "success_rate",
    "Requests": "requests",
    "Success": "success",
    "Errors": "errors",
    "Cost": "cost",
    "Cache Hit Rate": "cache_hit_rate",
    "Cache Tokens": "cache_tokens",
    "Cache Requests": "cache_requests",
    "Cache Request Share": "cache_request_share",
    "Avg Cache Tokens": "avg_cache_tokens",
    "Avg Latency": "latency",
    "Start Time": "start_time",
    "Latest Request": "latest_time",
    "Failure Reason": "failure_reason",
}
FIELD_TYPES = {
    "success_rate": ColumnType.PERCENT,
    "cache_hit_rate": ColumnType.PERCENT,
    "cache_request_share": ColumnType.PERCENT,
    "requests": ColumnType.COUNT,
    "success": ColumnType.COUNT,
    "errors": ColumnType.COUNT,
    "cache_tokens": ColumnType.COUNT,
    "cache_requests": ColumnType.COUNT,
    "avg_cache_tokens": ColumnType.COUNT,
    "cost": ColumnType.MONEY,
    "latency": ColumnType.DURATION,
    "start_time": ColumnType.TIMESTAMP,
    "latest_time": ColumnType.TIMESTAMP,
}
_SYMBOLS = {"¥": "CNY", "$": "USD", "€": "EUR"}


def _number(text: str, field: str) -> float:
    cleaned = text.strip()
    if not cleaned or cleaned == "-":
        return np.nan
    kind = FIELD_TYPES[field]
    if kind is ColumnType.TIMESTAMP:
        parsed = dt.datetime.strptime(cleaned, "%Y-%m-%d %H:%M:%S")
        return float(calendar.timegm(parsed.timetuple()))
    for mark in ("¥", "$", "€", "%", "s", ","):
        cleaned = cleaned.replace(mark, "")
    value = float(cleaned)
    return value / 100.0 if kind is ColumnType.PERCENT else value


def make_table(
    header: list[str],
    rows: list[list[str]],
    *,
    fields: dict[str, str] | None = None,
    kinds: list[int] | None = None,
    name: str = "test.csv",
) -> Table:
    """A typed Table; row kinds from ``kinds`` or the Type column (Group/Token)."""
    fields = fields or HEADER_FIELDS
    columns = []
    for i, head in enumerate(header):
        texts = [row[i] if i < len(row) else "" for row in rows]
        field = fields.get(head)
        column = Column(name=head, text=pa.array(texts, pa.string()), field=field)
        if field in FIELD_TYPES:
            column.type = FIELD_TYPES[field]
            column.values = np.array([_number(t, field) for t in texts], dtype=np.float64)
            column.unparsed = np.zeros(len(texts), dtype=bool)
            if column.type is ColumnType.MONEY:
                symbols = {s for t in texts for s in _SYMBOLS if s in t}
                column.currency = _SYMBOLS[symbols.pop()] if symbols else None
        columns.append(column)
    if kinds is None:
        type_index = header.index("Type") if "Type" in header else None
        kinds = [
            RowKind.TOKEN
            if type_index is not None and row[type_index].strip().lower() == "token"
            else RowKind.GROUP
            for row in rows
        ]
    source = SourceInfo(name=name, encoding="utf-8", delimiter=",", kind=ReportKind.GROUP_HEALTH)
    return Table(
        source=source,
        columns=columns,
        line_numbers=np.arange(2, len(rows) + 2, dtype=np.int64),
        row_kinds=np.asarray(kinds, dtype=np.int8),
    )


def read_csv_table(path: Path, *, fields: dict[str, str] | None = None) -> Table:
    """A CSV export (English seed-000 headers) as a typed Table, via the csv module."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return make_table(header, rows, fields=fields, name=path.name)
