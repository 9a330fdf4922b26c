"""Count, sum and mean of the numeric cells in a selection, for the status bar.

Issue 9: the work is numpy over the selected blocks (a whole 1M-row column is one block), never
a Python loop over cells, because it runs on the GUI thread after every selection change. Sums
never mix what must not be added: group rows and token rows of a group-health export (a token's
figures are already in its group's), nor amounts in different currencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from csvinspect.core.cells.money import parse_money_decimal
from csvinspect.core.table import Column, ColumnType, RowKind, Table

CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
KIND_LABELS = {RowKind.GROUP: "groups", RowKind.TOKEN: "tokens", RowKind.OTHER: "other rows"}
_FOREIGN_LOOKUP_LIMIT = 1_000  # unread money cells whose currency is looked up, at most


@dataclass(frozen=True)
class KindFigures:
    """Count, sum and mean of the numeric cells of one row kind (group rows, token rows)."""

    kind: RowKind
    numbers: int
    total: float

    @property
    def mean(self) -> float:
        return self.total / self.numbers if self.numbers else float("nan")


@dataclass(frozen=True)
class SelectionStats:
    cells: int  # every selected cell
    numbers: int  # selected cells with a parsed numeric value
    total: float
    mean: float
    type: ColumnType | None  # the common type of the numeric cells, if they share one
    currency: str | None
    # more than one currency among the selected amounts: no sum (issue 9)
    currencies: tuple[str, ...] = ()
    # per row kind, when the numeric cells lie on more than one kind (issue 9); else empty
    by_kind: tuple[KindFigures, ...] = ()


def selection_stats(table: Table, spans: Iterable[tuple[np.ndarray, list[int]]]) -> SelectionStats:
    """Stats over ``spans``: (source rows, columns) blocks of the selection.

    Blocks that overlap (Ctrl+click) count their common cells once.
    """
    blocks: dict[int, list[np.ndarray]] = {}
    for rows, columns in spans:
        for column_index in columns:
            blocks.setdefault(column_index, []).append(np.asarray(rows))
    cells = 0
    types: set[ColumnType] = set()
    currencies: set[str] = set()
    kind_numbers: dict[int, int] = {}
    kind_totals: dict[int, float] = {}
    for column_index, parts in blocks.items():
        rows = parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))
        cells += len(rows)
        column = table.columns[column_index]
        if not column.is_numeric or column.values is None:
            continue
        # Every row (rows hold no repeats): read the column as it is, no 1M-row gather.
        whole = len(rows) == table.n_rows
        picked: np.ndarray | slice = slice(None) if whole else rows
        values = column.values[picked]
        read = ~np.isnan(values)
        if column.type == ColumnType.MONEY:
            unread = np.flatnonzero(~read) if whole else rows[~read]
            currencies |= _foreign_currencies(column, unread)
        found = values[read]
        if not len(found):
            continue
        types.add(column.type)
        if column.type == ColumnType.MONEY and column.currency:
            currencies.add(column.currency)
        if table.row_kinds is None:  # one kind: nothing to split
            kind_numbers[RowKind.OTHER] = kind_numbers.get(RowKind.OTHER, 0) + len(found)
            kind_totals[RowKind.OTHER] = kind_totals.get(RowKind.OTHER, 0.0) + float(found.sum())
            continue
        kinds = table.row_kinds[picked][read]
        counts = np.bincount(kinds, minlength=len(RowKind))
        sums = np.bincount(kinds, weights=found, minlength=len(RowKind))
        for kind in np.flatnonzero(counts).tolist():
            kind_numbers[kind] = kind_numbers.get(kind, 0) + int(counts[kind])
            kind_totals[kind] = kind_totals.get(kind, 0.0) + float(sums[kind])
    numbers = sum(kind_numbers.values())
    total = sum(kind_totals.values())
    common = next(iter(types)) if len(types) == 1 else None
    currency = next(iter(currencies)) if common == ColumnType.MONEY and currencies else None
    mixed = tuple(sorted(currencies)) if len(currencies) > 1 else ()
    by_kind = (
        tuple(
            KindFigures(RowKind(k), kind_numbers[k], kind_totals[k]) for k in sorted(kind_numbers)
        )
        if len(kind_numbers) > 1
        else ()
    )
    mean = total / numbers if numbers else float("nan")
    split = by_kind if len(by_kind) > 1 else ()
    return SelectionStats(cells, numbers, total, mean, common, currency, mixed, split)


def _foreign_currencies(column: Column, unread: np.ndarray) -> set[str]:
    """Currencies of the selected money cells left unread because they name another currency.

    The loader leaves an amount in a currency other than the column's unparsed rather than
    add it to the wrong sum; the status bar must not then show a sum that quietly skips it.
    """
    if column.unparsed is None:
        return set()
    unread = unread[column.unparsed[unread]]
    found: set[str] = set()
    for text in set(column.text.take(unread[:_FOREIGN_LOOKUP_LIMIT]).to_pylist()):
        parsed = parse_money_decimal(text or "")
        if parsed is not None and parsed[1] is not None:
            found.add(parsed[1])
    return found


def format_value(value: float, kind: ColumnType | None, currency: str | None) -> str:
    if kind == ColumnType.PERCENT:
        return f"{value:.2%}"
    if kind == ColumnType.MONEY:
        sign = CURRENCY_SIGNS.get(currency or "", "")
        code = "" if sign or not currency else f" {currency}"
        return f"{sign}{value:,.2f}{code}"
    if kind == ColumnType.DURATION:
        return f"{value:,.2f} s"
    if kind == ColumnType.TIMESTAMP:
        return str(np.datetime64(int(value), "s")).replace("T", " ")
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"


def describe_stats(stats: SelectionStats) -> str:
    """'3 cells · 3 numbers · sum ¥1,234.56 · mean ¥411.52' (no sum for rates and times).

    A selection over group and token rows shows each kind's figures, never their sum; one over
    amounts in several currencies names them instead of a sum.
    """
    if stats.cells <= 1 or not stats.numbers:
        return "" if stats.cells <= 1 else f"{stats.cells:,} cells"
    parts = [f"{stats.cells:,} cells", f"count {stats.numbers:,}"]
    if stats.currencies:
        parts.append(f"no sum: mixed currencies ({', '.join(stats.currencies)})")
        return "  ·  ".join(parts)
    if stats.type is None:  # money, rates and times mixed: a sum would mean nothing
        return "  ·  ".join(parts)
    summed = stats.type not in (ColumnType.PERCENT, ColumnType.TIMESTAMP)
    for figures in stats.by_kind or (KindFigures(RowKind.OTHER, stats.numbers, stats.total),):
        label = f"{KIND_LABELS[figures.kind]}: " if stats.by_kind else ""
        shown = []
        if summed:
            shown.append(f"sum {format_value(figures.total, stats.type, stats.currency)}")
        shown.append(f"mean {format_value(figures.mean, stats.type, stats.currency)}")
        parts.append(label + ", ".join(shown) if stats.by_kind else "  ·  ".join(shown))
    return "  ·  ".join(parts)
