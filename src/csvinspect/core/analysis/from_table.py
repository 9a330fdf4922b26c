"""Group and token figures read from a typed group-health export.

Columns are found by canonical field, never by header text, so English, Chinese and
renamed exports read alike. Group rows summarise their token rows (seed 000), so a
group's figures come from its Group row; a group with only Token rows is summed from them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa

from csvinspect.core.analysis.reasons import parse_failure_reasons
from csvinspect.core.analysis.stats import (
    GroupStats,
    TokenStats,
    gc_paused,
    group_from_tokens,
    merge_files,
)
from csvinspect.core.ingest.kinds import group_health_row_kinds
from csvinspect.core.table import RowKind, Table

_NUMERIC_FIELDS = {
    # Figures attribute -> canonical field (stats_from_table unpacks them in this order)
    "requests": "requests",
    "success": "success",
    "errors": "errors",
    "cost": "cost",
    "cache_tokens": "cache_tokens",
    "cache_requests": "cache_requests",
    "cache_hit_rate": "cache_hit_rate",
    "avg_latency_s": "latency",
    "start_time": "start_time",
    "latest_time": "latest_time",
    "exported_success_rate": "success_rate",
}
_COUNT_FIELDS = ("requests", "success", "errors")


def row_kinds(table: Table) -> np.ndarray:
    """The row kinds the load recorded; for a table built without the loader, the loader's
    own rule (issue 10: one row-kind rule, where ``-`` names no token)."""
    if table.row_kinds is not None:
        return np.asarray(table.row_kinds)
    return group_health_row_kinds(table)


def currency_of(table: Table) -> str | None:
    cost = table.column("cost")
    return None if cost is None else cost.currency


def stats_from_table(table: Table) -> list[GroupStats]:
    """Groups in order of first appearance, each with its tokens.

    Tokens attach to their group by the Group column; without one, to the Group row
    above them (the seed's export writes each Group row followed by its Token rows).
    In a table combined from several exports each file's Group rows summarise that file's
    Token rows, so each file is read apart and a group or token named in several files
    sums them (issue 10: the first file's Group row stood for all, with every token twice).
    """
    with gc_paused():
        sources = table.row_sources
        if sources is None or len(sources.names) < 2:
            return _stats_from_table(table)
        per_file = [
            _stats_of_rows(table, np.flatnonzero(sources.of_row == f))
            for f in range(len(sources.names))
        ]
        return merge_files(per_file)


def _stats_of_rows(table: Table, rows: np.ndarray) -> list[GroupStats]:
    """``_stats_from_table`` over ``rows`` only, its row numbers those of ``table``."""
    index = pa.array(rows)
    columns = [
        replace(
            c,
            text=c.text.take(index),
            values=None if c.values is None else c.values[rows],
            unparsed=None if c.unparsed is None else c.unparsed[rows],
        )
        for c in table.columns
    ]
    part = Table(table.source, columns, table.line_numbers[rows], row_kinds(table)[rows])
    groups = _stats_from_table(part)
    for group in groups:
        group.row = None if group.row is None else int(rows[group.row])
        group.rows = tuple(int(rows[r]) for r in group.rows)
        for token in group.tokens:
            token.rows = tuple(int(rows[r]) for r in token.rows)
    return groups


def _stats_from_table(table: Table) -> list[GroupStats]:
    n = table.n_rows
    kinds = row_kinds(table).tolist()
    numbers = {attr: _figures(table, name, attr) for attr, name in _NUMERIC_FIELDS.items()}
    group_names = _texts(table, "group")
    blank = [""] * n
    tokens, user_ids, usernames, models = (
        _texts(table, name) or blank for name in ("token", "user_id", "username", "model")
    )
    reasons = _texts(table, "failure_reason") or blank
    group_kind, token_kind = int(RowKind.GROUP), int(RowKind.TOKEN)

    groups: dict[str, GroupStats] = {}
    members: dict[str, list[TokenStats]] = {}
    extra_rows: dict[str, list[int]] = {}  # repeated Group rows
    current: str | None = None
    names = group_names or blank
    columns = zip(
        range(n), kinds, names, tokens, user_ids, usernames, models, reasons,
        *numbers.values(), strict=True,
    )  # fmt: skip
    # One pass, unpacked positionally: this loop runs once per row of a million-row export.
    for row, kind, name, token, user_id, username, model, reason, *figures in columns:
        if kind != group_kind and kind != token_kind:
            continue
        if group_names is None:
            name = f"line {int(table.line_numbers[row])}" if kind == group_kind else current
            name = name or "(all)"
        found = parse_failure_reasons(reason) if reason else []
        (requests, success, errors, cost, cache_tokens, cache_requests, cache_hit_rate,
         latency, start_time, latest_time, exported_rate) = figures  # fmt: skip
        if kind == group_kind:
            current = name
            if name in groups:  # a repeated Group row: keep the first, note its row
                extra_rows.setdefault(name, []).append(row)
                continue
            stats: GroupStats | TokenStats = GroupStats(group=name, row=row)
        else:
            stats = TokenStats(
                token=token, user_id=user_id, username=username, model=model, rows=(row,)
            )
        stats.requests, stats.success, stats.errors = requests, success, errors
        stats.cost, stats.cache_tokens, stats.cache_requests = cost, cache_tokens, cache_requests
        stats.cache_hit_rate, stats.avg_latency_s = cache_hit_rate, latency
        stats.start_time, stats.latest_time = start_time, latest_time
        stats.exported_success_rate, stats.failure_reasons = exported_rate, found
        if isinstance(stats, GroupStats):
            groups[name] = stats
        else:
            members.setdefault(name, []).append(stats)
    for name, listed in members.items():
        if name not in groups:  # no Group row: sum the tokens
            groups[name] = group_from_tokens(name, listed)
            continue
        groups[name].tokens = listed
    for group in groups.values():
        if group.row is not None:
            own = [group.row, *extra_rows.get(group.group, ())]
            group.rows = tuple(sorted(own + [t.rows[0] for t in group.tokens]))
    return list(groups.values())


def _figures(table: Table, field: str, attr: str) -> list[float | int | None]:
    """A column's typed values as Python numbers, None where empty or unparsed."""
    column = table.column(field)
    if column is None or column.values is None:
        return [None] * table.n_rows
    values = np.asarray(column.values, dtype=np.float64)
    missing = np.isnan(values)
    if attr in _COUNT_FIELDS:
        out = np.where(missing, 0, np.rint(values)).astype(np.int64).astype(object)
    else:
        out = values.astype(object)
    out[missing] = None
    return out.tolist()


def _texts(table: Table, field: str) -> list[str] | None:
    column = table.column(field)
    if column is None:
        return None
    return ["" if t is None else t.strip() for t in column.text.to_pylist()]
