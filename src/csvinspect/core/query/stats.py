"""Count, sum and mean of the numeric cells in a selection, for the status bar."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from csvinspect.core.table import ColumnType, Table

CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


@dataclass(frozen=True)
class SelectionStats:
    cells: int  # every selected cell
    numbers: int  # selected cells with a parsed numeric value
    total: float
    mean: float
    type: ColumnType | None  # the common type of the numeric cells, if they share one
    currency: str | None


def selection_stats(table: Table, spans: Iterable[tuple[np.ndarray, list[int]]]) -> SelectionStats:
    """Stats over ``spans``: (source rows, columns) blocks of the selection."""
    cells = numbers = 0
    total = 0.0
    types: set[ColumnType] = set()
    currencies: set[str | None] = set()
    for rows, columns in spans:
        cells += len(rows) * len(columns)
        for column_index in columns:
            column = table.columns[column_index]
            if not column.is_numeric:
                continue
            values = column.values[rows]
            found = values[~np.isnan(values)]
            if len(found):
                numbers += len(found)
                total += float(found.sum())
                types.add(column.type)
                currencies.add(column.currency)
    common = next(iter(types)) if len(types) == 1 else None
    currency = (
        next(iter(currencies)) if common == ColumnType.MONEY and len(currencies) == 1 else None
    )
    mean = total / numbers if numbers else float("nan")
    return SelectionStats(cells, numbers, total, mean, common, currency)


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
    """'3 cells · 3 numbers · sum ¥1,234.56 · mean ¥411.52' (no sum for rates and times)."""
    if stats.cells <= 1 or not stats.numbers:
        return "" if stats.cells <= 1 else f"{stats.cells:,} cells"
    parts = [f"{stats.cells:,} cells", f"count {stats.numbers:,}"]
    if stats.type is None:  # money, rates and times mixed: a sum would mean nothing
        return "  ·  ".join(parts)
    if stats.type not in (ColumnType.PERCENT, ColumnType.TIMESTAMP):
        parts.append(f"sum {format_value(stats.total, stats.type, stats.currency)}")
    parts.append(f"mean {format_value(stats.mean, stats.type, stats.currency)}")
    return "  ·  ".join(parts)
