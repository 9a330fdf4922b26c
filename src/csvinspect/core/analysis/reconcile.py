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

from csvinspect.core.analysis.decimals import any_percent, max_decimals
from csvinspect.core.analysis.from_table import row_kinds
from csvinspect.core.analysis.money_sums import cost_mismatches
from csvinspect.core.analysis.results import Mismatch
from csvinspect.core.analysis.row_groups import RowGroups, row_groups
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
    groups = row_groups(table, kinds)
    mismatches = _sum_checks(table, groups, *_owned_tokens(table, groups, kinds))
    rows = np.flatnonzero((kinds == RowKind.GROUP) | (kinds == RowKind.TOKEN))
    return mismatches + _row_checks(table, rows, groups, kinds)


def _owned_tokens(
    table: Table, groups: RowGroups, kinds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The Token rows that have a Group row, and that Group row (their first, in their file).

    Its own function so that its per-row temporaries are gone before the checks make theirs
    (issue 10: the report's peak memory comes while the analysis holds all it keeps).
    """
    # A Group row sums its own file's Token rows in a combined table (issue 10).
    subject = groups.codes  # (file, group) as one number
    if table.row_sources is not None:
        subject = table.row_sources.of_row.astype(np.int64) * len(groups.names) + subject
    group_rows = np.flatnonzero(kinds == RowKind.GROUP)
    subjects, first = np.unique(subject[group_rows], return_index=True)
    token_rows = np.flatnonzero(kinds == RowKind.TOKEN)
    owners = _first_group_row(subjects, group_rows[first], subject[token_rows])
    linked = owners >= 0
    if linked.all():
        return token_rows, owners
    return token_rows[linked], owners[linked]


def _first_group_row(
    subjects: np.ndarray, first_rows: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """The first Group row of each ``wanted`` subject (sorted ``subjects``), -1 where none."""
    if not len(subjects):
        return np.full(len(wanted), -1, np.int64)
    at = np.minimum(np.searchsorted(subjects, wanted), len(subjects) - 1)
    found: np.ndarray = np.where(subjects[at] == wanted, first_rows[at], -1)
    return found


def _sum_checks(
    table: Table, groups: RowGroups, token_rows: np.ndarray, owners: np.ndarray
) -> list[Mismatch]:
    """Each Group row against the sum of its Token rows, vectorised over all groups."""
    group_rows = np.unique(owners)
    # Each token's Group row as a position in ``group_rows``: the sums are one entry a group,
    # not a row (issue 10: two row-long sums a figure, at the analysis' peak memory)
    owner = np.searchsorted(group_rows, owners)
    found: list[tuple[int, int, Mismatch]] = []  # (group row, field order, mismatch)
    for order, field in enumerate(SUMMED_COUNTS):
        values = _values(table.column(field))
        if values is None:
            continue
        parts = values[token_rows]
        present = ~np.isnan(parts)
        np.copyto(parts, 0.0, where=~present)
        sums = np.bincount(owner, parts, len(group_rows))
        counted = np.bincount(owner[present], minlength=len(group_rows))
        own = values[group_rows]
        with np.errstate(invalid="ignore"):
            bad = (counted > 0) & (np.abs(own - sums) > 1e-6)
        for at in np.flatnonzero(bad).tolist():
            row = int(group_rows[at])
            found.append(
                (row, order, _mismatch(groups.name(row), field, values[row], sums[at], row=row))
            )
    cost = table.column("cost")
    if cost is not None:
        comma = table.source.decimal_comma
        for row, group_cost, total in cost_mismatches(
            cost, group_rows, token_rows, owners, decimal_comma=comma
        ):
            mismatch = Mismatch(
                groups.name(row),
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
    table: Table, rows: np.ndarray, groups: RowGroups, kinds: np.ndarray
) -> list[Mismatch]:
    """Success + Errors = Requests and exported-vs-recomputed rates, on the given rows."""
    found: list[tuple[int, Mismatch]] = []

    def add(row: int, field: str, value: float, expected: float, check: str) -> None:
        token = _token(table, row) if kinds[row] == RowKind.TOKEN else None
        found.append((row, _mismatch(groups.name(row), field, value, expected, check, token, row)))

    # every row, as in most exports: read the columns as they are, not gathered (issue 10)
    at: slice | np.ndarray = slice(None) if len(rows) == table.n_rows else rows
    requests, success, errors = (_values(table.column(f)) for f in SUMMED_COUNTS[:3])
    if requests is not None and success is not None and errors is not None:
        with np.errstate(invalid="ignore"):
            bad = np.abs(success[at] + errors[at] - requests[at]) > 1e-6
        for row in rows[bad].tolist():
            add(row, "requests", requests[row], success[row] + errors[row], "success_plus_errors")
    for field, (top, bottom) in RECOMPUTED_RATES.items():
        column = table.column(field)
        exported = _values(column)
        numerator, denominator = _values(table.column(top)), _values(table.column(bottom))
        if column is None or exported is None or numerator is None or denominator is None:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            recomputed = numerator[at] / denominator[at]
            off = np.abs(exported[at] - recomputed)
            # Cheap first pass: off by less than the finest unit written anywhere is rounding.
            suspect = (denominator[at] > 0) & (off > _finest_unit(column, table) + 1e-9)
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
    unit = 10.0 ** -max_decimals(column.text, table.source.decimal_comma)
    return unit / 100.0 if any_percent(column.text) else unit


def _token(table: Table, row: int) -> str:
    """The Token cell of ``row``, stripped ("" where none)."""
    column = table.column("token")
    text = None if column is None else column.text[row].as_py()
    return "" if text is None else text.strip()


def _values(column: Column | None) -> np.ndarray | None:
    if column is None or column.values is None:
        return None
    return np.asarray(column.values, dtype=np.float64)
