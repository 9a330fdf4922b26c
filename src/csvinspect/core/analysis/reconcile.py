"""Reconciliation for finance: do the export's figures add up?

Seed 000: a Group row "summarizes the overall health of one group", so each Group row must
equal the sum of its Token rows (requests, success, errors, cost, cache tokens, cache
requests); on every row Success + Errors = Requests; and every exported rate must match the
one recomputed from the row's own counts, within the precision it was written with. Money
is compared as exact decimals read from the cell text (issue 4), never as floats.

Issue 10: the group-health analysis reconciles beside its other stages (``alongside.py``),
so the table is read a block of rows at a time: a few hundred kilobytes of temporaries a
figure, where whole columns of them made the report's peak memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from csvinspect.core.analysis.decimals import any_percent, max_decimals
from csvinspect.core.analysis.from_table import row_kinds
from csvinspect.core.analysis.money_sums import CostSums
from csvinspect.core.analysis.results import Mismatch
from csvinspect.core.analysis.token_owners import TokenOwners
from csvinspect.core.progress import AnalysisCancelled
from csvinspect.core.table import Column, RowKind, Table

SUMMED_COUNTS = ("requests", "success", "errors", "cache_tokens", "cache_requests")
# exported field -> (numerator field, denominator field)
RECOMPUTED_RATES = {
    "success_rate": ("success", "requests"),
    "cache_request_share": ("cache_requests", "requests"),
    "avg_cache_tokens": ("cache_tokens", "cache_requests"),
}
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_BLOCK = 1 << 16  # rows read at a time


def reconcile_table(table: Table, stopped: Callable[[], bool] | None = None) -> list[Mismatch]:
    """Every figure that does not add up: Group-vs-tokens sums first, then row checks.

    ``stopped`` is asked between steps and blocks of rows; once it is true, raises
    ``AnalysisCancelled`` (the analysis it runs beside was cancelled or failed).
    """

    def check() -> None:
        if stopped is not None and stopped():
            raise AnalysisCancelled

    kinds = row_kinds(table)
    owners = TokenOwners(table, kinds, _BLOCK)
    check()
    sums = _TokenSums(table, owners)  # reads the cost column's decimals
    check()
    rows = _RowChecks(table, owners, kinds)  # reads the rate columns' decimals
    for start, (tokens, owner) in owners.blocks():
        check()
        sums.add(tokens, owner)
        rows.check(start, min(start + _BLOCK, table.n_rows))
    return sums.mismatches() + rows.found


class _TokenSums:
    """Each Group row against the sum of its Token rows, summed a block of tokens at a time.

    The sums are one entry a group (issue 10: row-long sums at the analysis' peak memory),
    added in row order as one pass over all tokens would (``np.add.at``), so a sum of
    figures with decimals is the same to the last bit.
    """

    def __init__(self, table: Table, owners: TokenOwners) -> None:
        self._owners = owners
        n = len(owners.group_rows)
        self._tokens = np.zeros(n, np.int64)  # linked Token rows a group has
        self._fields = [
            (field, values, np.zeros(n), np.zeros(n, np.int64))  # sums, tokens with a value
            for field in SUMMED_COUNTS
            if (values := _values(table.column(field))) is not None
        ]
        cost = table.column("cost")
        self._cost = None
        if cost is not None and n:
            self._cost = CostSums(cost, n, decimal_comma=table.source.decimal_comma)

    def add(self, tokens: np.ndarray, owner: np.ndarray) -> None:
        """Add Token rows ``tokens``, ``owner`` the position of each one's Group row."""
        n = len(self._tokens)
        tokens_by_owner = np.bincount(owner, minlength=n)
        self._tokens += tokens_by_owner
        for _field, values, sums, counted in self._fields:
            parts = values[tokens]
            missing = np.isnan(parts)
            if missing.any():
                parts[missing] = 0.0
                counted += np.bincount(owner[~missing], minlength=n)
            else:  # as in most blocks: every token has the figure
                counted += tokens_by_owner
            np.add.at(sums, owner, parts)
        if self._cost is not None:
            self._cost.add(tokens, owner)

    def mismatches(self) -> list[Mismatch]:
        """The Group rows that differ from their tokens' sum, by row, then by figure."""
        groups, group_rows = self._owners, self._owners.group_rows
        found: list[tuple[int, int, Mismatch]] = []  # (group row, field order, mismatch)
        for field, values, sums, counted in self._fields:
            own = values[group_rows]
            with np.errstate(invalid="ignore"):
                bad = (counted > 0) & (np.abs(own - sums) > 1e-6)
            for at in np.flatnonzero(bad).tolist():
                row = int(group_rows[at])
                mismatch = _mismatch(groups.name(row), field, values[row], sums[at], row=row)
                found.append((row, SUMMED_COUNTS.index(field), mismatch))
        if self._cost is not None:
            owned = np.flatnonzero(self._tokens > 0)
            for row, group_cost, total in self._cost.mismatches(owned, self._owners):
                difference = float(group_cost - total)
                mismatch = Mismatch(
                    groups.name(row), "cost", float(group_cost), float(total), difference, row=row
                )
                found.append((row, len(SUMMED_COUNTS), mismatch))
        found.sort(key=lambda item: item[:2])
        return [m for _, _, m in found]


class _RowChecks:
    """Success + Errors = Requests and exported-vs-recomputed rates, a block of rows at a
    time, on Group and Token rows."""

    def __init__(self, table: Table, groups: TokenOwners, kinds: np.ndarray) -> None:
        self._table, self._groups, self._kinds = table, groups, kinds
        self._counts = [_values(table.column(f)) for f in SUMMED_COUNTS[:3]]
        self._rates = []  # (field, exported column, its values, numerator, denominator, unit)
        for field, (top, bottom) in RECOMPUTED_RATES.items():
            column = table.column(field)
            exported = _values(column)
            numerator, denominator = _values(table.column(top)), _values(table.column(bottom))
            if column is None or exported is None or numerator is None or denominator is None:
                continue
            unit = _finest_unit(column, table)
            self._rates.append((field, column, exported, numerator, denominator, unit))
        self.found: list[Mismatch] = []

    def check(self, start: int, stop: int) -> None:
        """Check rows ``start`` to ``stop``; what does not add up goes to ``found`` by row."""
        kinds = self._kinds[start:stop]
        rows = start + np.flatnonzero((kinds == RowKind.GROUP) | (kinds == RowKind.TOKEN))
        # a block of Group and Token rows only, as in most exports: read as it is, not gathered
        at: slice | np.ndarray = slice(start, stop) if len(rows) == stop - start else rows
        found: list[tuple[int, Mismatch]] = []
        requests, success, errors = self._counts
        if requests is not None and success is not None and errors is not None:
            with np.errstate(invalid="ignore"):
                bad = np.abs(success[at] + errors[at] - requests[at]) > 1e-6
            for row in rows[bad].tolist():
                expected = success[row] + errors[row]
                check = "success_plus_errors"
                found.append(self._found(row, "requests", requests[row], expected, check))
        decimal_comma = self._table.source.decimal_comma
        for field, column, exported, numerator, denominator, unit in self._rates:
            with np.errstate(invalid="ignore", divide="ignore"):
                recomputed = numerator[at] / denominator[at]
                off = np.abs(exported[at] - recomputed)
                # Cheap first pass: off by less than the finest unit written anywhere is rounding.
                suspect = (denominator[at] > 0) & (off > unit + 1e-9)
            for i in np.flatnonzero(suspect).tolist():
                row = int(rows[i])
                if off[i] > _display_unit(column, row, decimal_comma) + 1e-9:
                    found.append(
                        self._found(row, field, exported[row], recomputed[i], "recomputed_rate")
                    )
        found.sort(key=lambda item: item[0])
        self.found.extend(m for _, m in found)

    def _found(
        self, row: int, field: str, value: float, expected: float, check: str
    ) -> tuple[int, Mismatch]:
        token = _token(self._table, row) if self._kinds[row] == RowKind.TOKEN else None
        group = self._groups.name(row)
        return row, _mismatch(group, field, value, expected, check, token, row)


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
