"""Group and token figures read from a typed group-health export.

Columns are found by canonical field, never by header text, so English, Chinese and
renamed exports read alike. Group rows summarise their token rows (seed 000), so a
group's figures come from its Group row; a group with only Token rows is summed from them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.reasons import parse_failure_reasons
from csvinspect.core.analysis.row_groups import row_groups
from csvinspect.core.analysis.stats import GroupStats, gc_paused, group_from_tokens, merge_files
from csvinspect.core.analysis.text_column import TextColumn
from csvinspect.core.analysis.token_columns import TokenColumns
from csvinspect.core.analysis.token_figures import TokenFigure
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


def stats_from_table(table: Table) -> tuple[list[GroupStats], TokenColumns]:
    """Groups in order of first appearance, and their tokens as columns.

    Tokens attach to their group by the Group column; without one, to the Group row
    above them (the seed's export writes each Group row followed by its Token rows). Groups
    with a Group row come first, in table order, then groups named only by Token rows.
    Issue 10: the tokens are columns, not an object per Token row. In a table combined from
    several exports each file's Group rows summarise that file's Token rows, so each file is
    read apart and a group or token named in several files sums them (issue 10: the first
    file's Group row stood for all, with every token twice).
    """
    with gc_paused():
        sources = table.row_sources
        if sources is None or len(sources.names) < 2:
            return _stats_from_table(table)
        per_file = [
            _stats_of_rows(table, np.flatnonzero(sources.of_row == f))
            for f in range(len(sources.names))
        ]
        merged = merge_files(per_file)
        return merged, TokenColumns.from_stats([g.tokens for g in merged])


def _stats_of_rows(table: Table, rows: np.ndarray) -> list[GroupStats]:
    """``_stats_from_table`` over ``rows`` only, as objects, its row numbers those of ``table``.

    Combined exports are few files of modest size; their tokens are merged as objects
    (``merge_files``) and turned back into columns by the caller.
    """
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
    groups, tokens = _stats_from_table(part)
    for g, group in enumerate(groups):
        group.tokens = [
            tokens.stats(i) for i in range(int(tokens.starts[g]), int(tokens.starts[g + 1]))
        ]
        group.row = None if group.row is None else int(rows[group.row])
        group.rows = rows[np.asarray(group.rows, dtype=np.int64)]
        for token in group.tokens:
            token.rows = tuple(int(rows[r]) for r in token.rows)
    return groups


def _stats_from_table(table: Table) -> tuple[list[GroupStats], TokenColumns]:
    kinds = row_kinds(table)
    group_rows = np.flatnonzero(kinds == RowKind.GROUP)
    token_rows = np.flatnonzero(kinds == RowKind.TOKEN)
    named = row_groups(table, kinds)  # issue 10: a code per row, each name stripped once
    group_codes, token_codes = named.codes[group_rows], named.codes[token_rows]
    # Groups with a Group row, in table order (repeated Group rows: the first counts) ...
    first_group = _first_of(group_codes, len(named.names))
    first = np.sort(first_group[first_group < len(group_codes)])
    own = group_rows[first]
    position = np.full(len(named.names), -1, dtype=np.int64)
    position[group_codes[first]] = np.arange(len(first))
    # ... then the groups named only by Token rows, in order of their first Token row.
    first_token = _first_of(token_codes, len(named.names))
    orphans = np.flatnonzero((first_token < len(token_codes)) & (position < 0))
    orphans = orphans[np.argsort(first_token[orphans], kind="stable")]
    position[orphans] = np.arange(len(first), len(first) + len(orphans))

    group_reasons = _trimmed(table, "failure_reason")(own)
    group_figures = {attr: _figures(table, name, attr, own) for attr, name in _FIELDS}
    names = [named.names[code] for code in group_codes[first].tolist()]
    groups = [
        GroupStats(
            group=name,
            row=row,
            failure_reasons=parse_failure_reasons(reasons) if reasons else [],
            **dict(zip(group_figures, figures, strict=True)),
        )
        for name, row, reasons, *figures in zip(
            names, own.tolist(), group_reasons, *group_figures.values(), strict=True
        )
    ]

    token_group = position[token_codes]
    order = np.argsort(token_group, kind="stable")
    rows = token_rows[order].astype(_ROW_TYPE if table.n_rows <= 2**31 else np.int64)
    starts = np.zeros(len(first) + len(orphans) + 1, dtype=np.int64)
    starts[1:] = np.cumsum(np.bincount(token_group, minlength=len(starts) - 1))
    token_reasons = _written(table, "failure_reason", rows)
    columns = TokenColumns(
        starts=starts,
        token=_text_column(table, "token", rows),
        user_id=_text_column(table, "user_id", rows),
        username=_text_column(table, "username", rows),
        model=_text_column(table, "model", rows),
        rows=rows,
        figures={name: _column(table, field, rows) for name, field in _ALL_FIELDS},
        reasons={i: parse_failure_reasons(text) for i, text in token_reasons.items()},
    )
    for g, code in enumerate(orphans.tolist(), start=len(groups)):  # no Group row: sum tokens
        members = [columns.stats(i) for i in range(int(starts[g]), int(starts[g + 1]))]
        groups.append(group_from_tokens(named.names[code], members))
    repeated = np.setdiff1d(group_rows, own, assume_unique=True)
    _fill_rows(groups, columns, repeated, position[named.codes[repeated]])
    return groups, columns


def _first_of(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Each code's first index in ``codes``; ``len(codes)`` for a code that is absent."""
    first = np.full(n_codes, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def _fill_rows(
    groups: list[GroupStats], columns: TokenColumns, repeated: np.ndarray, of: np.ndarray
) -> None:
    """Each group's rows: its Group row(s) and its Token rows, in table order.

    ``repeated`` are the Group rows after a group's first, ``of`` their groups' positions.
    Each group's rows are a view of one sorted array (issue 10: as tuples of Python ints,
    a million rows held 40 MB through the report).
    """
    own = np.array([-1 if g.row is None else g.row for g in groups], dtype=np.int64)
    has_row = own >= 0
    if not len(repeated) and _fill_rows_in_place(groups, columns, own, has_row):
        return
    group_of = np.concatenate([np.flatnonzero(has_row), of, columns.group_of])
    rows = np.concatenate([own[has_row], repeated, columns.rows])
    ends = np.cumsum(np.bincount(group_of, minlength=len(groups))).tolist()
    span = int(rows.max()) + 1 if len(rows) else 1
    flat = group_of * span  # by group, then row; made in place (issue 10: peak memory)
    flat += rows
    del group_of, rows
    flat.sort()
    flat %= span
    begin = 0
    for group, end in zip(groups, ends, strict=True):
        if group.row is not None or not len(group.rows):
            group.rows = flat[begin:end]
        begin = end


def _fill_rows_in_place(
    groups: list[GroupStats], columns: TokenColumns, own: np.ndarray, has_row: np.ndarray
) -> bool:
    """``_fill_rows`` where each Group row comes before its Token rows (the seed's export
    writes them so): the Group rows put in among the Token rows, nothing sorted (issue 10).
    False, having done nothing, where some Group row does not."""
    starts, tokens = columns.starts, columns.rows
    with_row = np.flatnonzero(has_row)
    first, stop = starts[with_row], starts[with_row + 1]
    with_tokens = stop > first
    if np.any(own[with_row[with_tokens]] >= tokens[first[with_tokens]]):
        return False
    flat = np.insert(tokens, first, own[with_row])  # each group's rows together, in order
    before = np.cumsum(has_row) - has_row  # Group rows put in ahead of each group's
    begins = (starts[:-1] + before).tolist()
    ends = (starts[1:] + before + has_row).tolist()
    for group, begin, end in zip(groups, begins, ends, strict=True):
        if group.row is not None or not len(group.rows):
            group.rows = flat[begin:end]
    return True


_ROW_TYPE = np.int32  # Token rows of a table under 2**31 rows (issue 10: half the memory)
_FIELDS = list(_NUMERIC_FIELDS.items())
_ALL_FIELDS = [*_FIELDS, ("total_tokens", "total_tokens")]


def _column(table: Table, field: str, rows: np.ndarray) -> TokenFigure:
    """A column's typed values at ``rows`` as floats, NaN where empty or unparsed; counts
    rounded to whole numbers as the figures hold them. Read from the table when asked
    (issue 10: copied, the figures of a million tokens held 100 MB through the report)."""
    column = table.column(field) if field != "total_tokens" else None
    if column is None or column.values is None:  # one NaN seen a row at a time: no memory
        return TokenFigure(np.broadcast_to(np.float64(np.nan), (len(rows),)))
    values = np.asarray(column.values, dtype=np.float64)
    return TokenFigure(values, rows, whole=field in _COUNT_FIELDS)


def _figures(table: Table, field: str, attr: str, rows: np.ndarray) -> list[float | int | None]:
    """A column's typed values at ``rows`` as Python numbers, None where empty or unparsed."""
    column = table.column(field)
    if column is None or column.values is None:
        return [None] * len(rows)
    values = np.asarray(column.values, dtype=np.float64)[rows]
    missing = np.isnan(values)
    if attr in _COUNT_FIELDS:
        out = np.where(missing, 0, np.rint(values)).astype(np.int64).astype(object)
    else:
        out = values.astype(object)
    out[missing] = None
    figures: list[float | int | None] = out.tolist()
    return figures


def _trimmed(table: Table, field: str) -> Callable[[np.ndarray], list[str]]:
    """A function giving the text column's cells at some rows, stripped ("" where empty)."""
    column = table.column(field)
    if column is None:
        return lambda rows: [""] * len(rows)
    text = column.text

    def at(rows: np.ndarray) -> list[str]:
        return [("" if t is None else t.strip()) for t in text.take(rows).to_pylist()]

    return at


def _text_column(table: Table, field: str, rows: np.ndarray) -> Sequence[str]:
    """The cells of ``field`` at ``rows``; an absent column reads as empty cells."""
    column = table.column(field)
    if column is None:
        return TextColumn(pa.nulls(len(rows), pa.string()))
    return TextColumn(column.text, rows)  # issue 10: read where it is, not copied


def _written(table: Table, field: str, rows: np.ndarray) -> dict[int, str]:
    """The non-blank cells of a text column at ``rows``, stripped, by position in ``rows``.

    Failure Reason is written on Group rows only (seed 000): a million Token rows are
    found empty by pyarrow rather than stripped one by one in Python (issue 10).
    """
    column = table.column(field)
    if column is None:
        return {}
    written = pc.fill_null(pc.greater(pc.utf8_length(column.text), 0), False)
    filled = np.flatnonzero(np.asarray(written.to_numpy(zero_copy_only=False))[rows])
    cells = column.text.take(pa.array(rows[filled])).to_pylist()  # only these: 15 MB less
    found = {int(i): cell.strip() for i, cell in zip(filled.tolist(), cells, strict=True)}
    return {i: cell for i, cell in found.items() if cell}
