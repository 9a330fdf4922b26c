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

from csvinspect.core.analysis.group_columns import GroupColumns, filled_counts
from csvinspect.core.analysis.reason_columns import ReasonColumns
from csvinspect.core.analysis.reasons import FailureReason, parse_failure_reasons
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


def stats_from_table(table: Table) -> GroupColumns:
    """Groups in order of first appearance, with their tokens, as columns.

    Tokens attach to their group by the Group column; without one, to the Group row
    above them (the seed's export writes each Group row followed by its Token rows). Groups
    with a Group row come first, in table order, then groups named only by Token rows.
    Issue 10: groups and tokens are columns, not an object per row. In a table combined
    from several exports each file's Group rows summarise that file's Token rows, so each
    file is read apart and a group or token named in several files sums them (issue 10: the
    first file's Group row stood for all, with every token twice).
    """
    with gc_paused():
        sources = table.row_sources
        if sources is None or len(sources.names) < 2:
            return _stats_from_table(table)
        per_file = [
            _stats_of_rows(table, np.flatnonzero(sources.of_row == f))
            for f in range(len(sources.names))
        ]
        return GroupColumns.from_stats(merge_files(per_file))


def _stats_of_rows(table: Table, rows: np.ndarray) -> list[GroupStats]:
    """``_stats_from_table`` over ``rows`` only, as objects, its row numbers those of ``table``.

    Combined exports are few files of modest size; their groups and tokens are merged as
    objects (``merge_files``) and turned back into columns by the caller.
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
    found = _stats_from_table(part)
    tokens = found.tokens
    groups = [found.stats(g) for g in range(len(found))]
    for g, group in enumerate(groups):
        group.tokens = [
            tokens.stats(i) for i in range(int(tokens.starts[g]), int(tokens.starts[g + 1]))
        ]
        group.row = None if group.row is None else int(rows[group.row])
        group.rows = rows[np.asarray(group.rows, dtype=np.int64)]
        for token in group.tokens:
            token.rows = tuple(int(rows[r]) for r in token.rows)
    return groups


def _stats_from_table(table: Table) -> GroupColumns:
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
    n_groups = len(first) + len(orphans)

    token_group = position[token_codes]
    order = np.argsort(token_group, kind="stable")
    rows = token_rows[order].astype(_ROW_TYPE if table.n_rows <= 2**31 else np.int64)
    starts = np.zeros(n_groups + 1, dtype=np.int64)
    starts[1:] = np.cumsum(np.bincount(token_group, minlength=n_groups))
    token_reasons = _written(table, "failure_reason", rows)
    tokens = TokenColumns(
        starts=starts,
        token=_text_column(table, "token", rows),
        user_id=_text_column(table, "user_id", rows),
        username=_text_column(table, "username", rows),
        model=_text_column(table, "model", rows),
        rows=rows,
        figures={name: _column(table, field, rows) for name, field in _ALL_FIELDS},
        reasons=_own_reasons(token_reasons),
    )
    # no Group row: a group summed from its tokens (few: made as objects, kept as made)
    summed = {
        g: group_from_tokens(
            named.names[code],
            [tokens.stats(i) for i in range(int(starts[g]), int(starts[g + 1]))],
        )
        for g, code in enumerate(orphans.tolist(), start=len(first))
    }
    figures = {name: _figures(table, field, own, n_groups) for name, field in _ALL_FIELDS}
    for g, stats in summed.items():
        for name in figures:
            value = getattr(stats, name)
            figures[name][g] = np.nan if value is None else value
    reasons: list[Sequence[FailureReason]] = [*_parsed(_trimmed(table, "failure_reason")(own))]
    reasons += [stats.failure_reasons for stats in summed.values()]
    repeated = np.setdiff1d(group_rows, own, assume_unique=True)
    row = np.full(n_groups, -1, dtype=np.int64)
    row[: len(own)] = own
    flat, row_starts = _group_rows(row, tokens, repeated, position[named.codes[repeated]])
    groups = GroupColumns(
        names=[named.names[code] for code in group_codes[first].tolist()]
        + [stats.group for stats in summed.values()],
        row=row,
        figures=figures,
        rows=flat,
        row_starts=row_starts,
        tokens=tokens,
        reasons=ReasonColumns.of(reasons, filled_counts(figures)[2]),
    )
    groups._made_stats.update(summed)
    return groups


def _own_reasons(cells: dict[int, str]) -> dict[int, list[FailureReason]]:
    """The reasons of the tokens whose cell names some; a ``-`` names none, so the token
    may be among the users of its group's reasons (as a token given as an object is)."""
    parsed = {i: parse_failure_reasons(text) for i, text in cells.items()}
    return {i: reasons for i, reasons in parsed.items() if reasons}


def _parsed(cells: list[str]) -> list[list[FailureReason]]:
    """Each Failure Reason cell's entries, each distinct cell parsed once."""
    parsed: dict[str, list[FailureReason]] = {}
    found = []
    for cell in cells:
        entries = parsed.get(cell)
        if entries is None:
            entries = parsed[cell] = parse_failure_reasons(cell) if cell else []
        found.append(entries)
    return found


def _first_of(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """Each code's first index in ``codes``; ``len(codes)`` for a code that is absent."""
    first = np.full(n_codes, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))
    return first


def _group_rows(
    own: np.ndarray, tokens: TokenColumns, repeated: np.ndarray, of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each group's rows, its Group row(s) and its Token rows in table order, as one flat
    array and each group's start in it (and the end).

    ``own`` is each group's Group row (-1 where none); ``repeated`` are the Group rows
    after a group's first, ``of`` their groups' positions. Issue 10: as tuples of Python
    ints, a million rows held 40 MB through the report.
    """
    has_row = own >= 0
    if not len(repeated):
        found = _group_rows_in_place(own, tokens, has_row)
        if found is not None:
            return found
    group_of = np.concatenate([np.flatnonzero(has_row), of, tokens.group_of])
    rows = np.concatenate([own[has_row], repeated, tokens.rows])
    starts = np.zeros(len(own) + 1, dtype=np.int64)
    np.cumsum(np.bincount(group_of, minlength=len(own)), out=starts[1:])
    span = int(rows.max()) + 1 if len(rows) else 1
    flat = group_of * span  # by group, then row; made in place (issue 10: peak memory)
    flat += rows
    del group_of, rows
    flat.sort()
    flat %= span
    return flat, starts


def _group_rows_in_place(
    own: np.ndarray, tokens: TokenColumns, has_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """``_group_rows`` where each Group row comes before its Token rows (the seed's export
    writes them so): the Group rows put in among the Token rows, nothing sorted (issue 10).
    None where some Group row does not."""
    starts, token_rows = tokens.starts, tokens.rows
    with_row = np.flatnonzero(has_row)
    first, stop = starts[with_row], starts[with_row + 1]
    with_tokens = stop > first
    if np.any(own[with_row[with_tokens]] >= token_rows[first[with_tokens]]):
        return None
    flat = np.insert(token_rows, first, own[with_row])  # each group's rows together, in order
    before = np.cumsum(has_row) - has_row  # Group rows put in ahead of each group's
    row_starts = np.zeros(len(own) + 1, dtype=np.int64)
    row_starts[:-1] = starts[:-1] + before
    row_starts[-1] = len(flat)
    return flat, row_starts


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


def _figures(table: Table, field: str, rows: np.ndarray, n: int) -> np.ndarray:
    """A column's typed values at ``rows`` as floats, NaN where empty or unparsed, counts
    rounded to whole numbers; ``n`` places, those past ``rows`` NaN (to be filled)."""
    figures = np.full(n, np.nan)
    column = table.column(field) if field != "total_tokens" else None
    if column is not None and column.values is not None:
        values = np.asarray(column.values, dtype=np.float64)[rows]
        figures[: len(rows)] = np.rint(values) if field in _COUNT_FIELDS else values
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
