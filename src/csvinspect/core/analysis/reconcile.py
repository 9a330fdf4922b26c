"""Reconciliation for finance: do the export's figures add up?

Seed 000: a Group row "summarizes the overall health of one group", so each Group row must
equal the sum of its Token rows (requests, success, errors, cost, cache tokens, cache
requests); on every row Success + Errors = Requests; and every exported rate must match the
one recomputed from the row's own counts, within the precision it was written with. Money
is compared as exact decimals read from the cell text (issue 4), never as floats.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.from_table import row_kinds
from csvinspect.core.analysis.money_sums import cost_mismatches
from csvinspect.core.analysis.results import Mismatch
from csvinspect.core.table import Column, RowKind, Table

SUMMED_COUNTS = ("requests", "success", "errors", "cache_tokens", "cache_requests")
# exported field -> (numerator field, denominator field)
RECOMPUTED_RATES = {
    "success_rate": ("success", "requests"),
    "cache_request_share": ("cache_requests", "requests"),
    "avg_cache_tokens": ("cache_tokens", "cache_requests"),
}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def reconcile_table(table: Table) -> list[Mismatch]:
    """Every figure that does not add up: Group-vs-tokens sums first, then row checks."""
    kinds = row_kinds(table)
    names, tokens = _row_names(table, kinds)
    # A Group row sums its own file's Token rows in a combined table (issue 10).
    files = [0] * table.n_rows if table.row_sources is None else table.row_sources.of_row.tolist()
    first_group_row: dict[tuple[int, str], int] = {}
    for row in np.flatnonzero(kinds == RowKind.GROUP).tolist():
        first_group_row.setdefault((files[row], names[row]), row)
    token_rows = np.flatnonzero(kinds == RowKind.TOKEN)
    owners = np.array(
        [first_group_row.get((files[r], names[r]), -1) for r in token_rows], dtype=np.int64
    )
    linked = owners >= 0
    mismatches = _sum_checks(table, names, token_rows[linked], owners[linked])
    rows = np.flatnonzero((kinds == RowKind.GROUP) | (kinds == RowKind.TOKEN))
    return mismatches + _row_checks(table, rows, names, tokens, kinds)


def _sum_checks(
    table: Table, names: list[str], token_rows: np.ndarray, owners: np.ndarray
) -> list[Mismatch]:
    """Each Group row against the sum of its Token rows, vectorised over all groups."""
    group_rows = np.unique(owners)
    found: list[tuple[int, int, Mismatch]] = []  # (group row, field order, mismatch)
    for order, field in enumerate(SUMMED_COUNTS):
        values = _values(table.column(field))
        if values is None:
            continue
        parts = values[token_rows]
        present = ~np.isnan(parts)
        sums = np.bincount(owners, np.where(present, parts, 0.0), len(values))
        counted = np.bincount(owners, present.astype(np.float64), len(values))
        own = values[group_rows]
        with np.errstate(invalid="ignore"):
            bad = (counted[group_rows] > 0) & (np.abs(own - sums[group_rows]) > 1e-6)
        for row in group_rows[bad].tolist():
            found.append(
                (row, order, _mismatch(names[row], field, values[row], sums[row], row=row))
            )
    cost = table.column("cost")
    if cost is not None:
        comma = table.source.decimal_comma
        for row, group_cost, total in cost_mismatches(
            cost, group_rows, token_rows, owners, decimal_comma=comma
        ):
            mismatch = Mismatch(
                names[row],
                "cost",
                float(group_cost),
                float(total),
                float(group_cost - total),
                row=row,
            )
            found.append((row, len(SUMMED_COUNTS), mismatch))
    found.sort(key=lambda item: item[:2])
    return [m for _, _, m in found]


def _row_checks(
    table: Table, rows: np.ndarray, names: list[str], tokens: list[str], kinds: np.ndarray
) -> list[Mismatch]:
    """Success + Errors = Requests and exported-vs-recomputed rates, on the given rows."""
    found: list[tuple[int, Mismatch]] = []

    def add(row: int, field: str, value: float, expected: float, check: str) -> None:
        token = tokens[row] if kinds[row] == RowKind.TOKEN else None
        found.append((row, _mismatch(names[row], field, value, expected, check, token, row)))

    requests, success, errors = (_values(table.column(f)) for f in SUMMED_COUNTS[:3])
    if requests is not None and success is not None and errors is not None:
        with np.errstate(invalid="ignore"):
            bad = np.abs(success[rows] + errors[rows] - requests[rows]) > 1e-6
        for row in rows[bad].tolist():
            add(row, "requests", requests[row], success[row] + errors[row], "success_plus_errors")
    for field, (top, bottom) in RECOMPUTED_RATES.items():
        column = table.column(field)
        exported = _values(column)
        numerator, denominator = _values(table.column(top)), _values(table.column(bottom))
        if column is None or exported is None or numerator is None or denominator is None:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            recomputed = numerator[rows] / denominator[rows]
            off = np.abs(exported[rows] - recomputed)
            # Cheap first pass: off by less than the finest unit written anywhere is rounding.
            suspect = (denominator[rows] > 0) & (off > _finest_unit(column, table) + 1e-9)
        for i in np.flatnonzero(suspect).tolist():
            row = int(rows[i])
            if off[i] > _display_unit(column, row, table.source.decimal_comma) + 1e-9:
                add(row, field, exported[row], recomputed[i], "recomputed_rate")
    found.sort(key=lambda item: item[0])
    return [m for _, m in found]


def _mismatch(
    group: str,
    field: str,
    value: float,
    expected: float,
    check: str = "token_sum",
    token: str | None = None,
    row: int | None = None,
) -> Mismatch:
    return Mismatch(group, field, value, expected, value - expected, check, token, row)


def _display_unit(column: Column, row: int, decimal_comma: bool) -> float:
    """One unit of the last digit written: ``99.64%`` -> 0.0001, ``2,344`` -> 1.

    Writers round or truncate rates to what they display, so a recomputed rate may differ
    from the written one by up to one unit of the last digit.
    """
    text = column.text[row].as_py() or ""
    numbers = _DIGITS.findall(text)
    decimals = 0
    if numbers:
        number = numbers[0]
        mark = "," if decimal_comma else "."
        if mark in number:
            decimals = len(number.rsplit(mark, 1)[1])
    unit = 10.0**-decimals
    return unit / 100.0 if "%" in text else unit


def _finest_unit(column: Column, table: Table) -> float:
    """The smallest display unit in a column (most decimals written), vectorised."""
    mark = "," if table.source.decimal_comma else r"\."
    texts = pc.cast(column.text, pa.string())
    found = pc.extract_regex(texts, pattern=mark + r"(?P<d>\d+)\D*$")
    decimals = pc.max(pc.utf8_length(pc.struct_field(found, [0]))).as_py() or 0
    percent = pc.any(pc.match_substring(texts, "%")).as_py()
    unit = 10.0**-decimals
    return unit / 100.0 if percent else unit


def _row_names(table: Table, kinds: np.ndarray) -> tuple[list[str], list[str]]:
    """Each row's group (by column, else the Group row above) and token name."""
    group_col, token_col = table.column("group"), table.column("token")
    tokens = _texts(token_col, table.n_rows)
    if group_col is not None:
        return _texts(group_col, table.n_rows), tokens
    names, current = [], "(all)"
    for row in range(table.n_rows):
        if kinds[row] == RowKind.GROUP:
            current = f"line {int(table.line_numbers[row])}"
        names.append(current)
    return names, tokens


def _texts(column: Column | None, n: int) -> list[str]:
    if column is None:
        return [""] * n
    return ["" if t is None else t.strip() for t in column.text.to_pylist()]


def _values(column: Column | None) -> np.ndarray | None:
    if column is None or column.values is None:
        return None
    return np.asarray(column.values, dtype=np.float64)
