"""Stable multi-key sorting of a ``Table`` by parsed value, never touching the data.

Numeric columns sort by ``Column.values`` (so ``¥1,799.80`` sorts after ``¥988.00``); other
columns by their text, case-insensitively. Empty and unparsed cells always go last, in both
directions, so a descending sort of Cost starts with the largest cost rather than blanks.
Times sort by the instant: a column whose UTC offsets differ (issue 11) holds wall clocks of
several zones, and ``13:00+02:00`` comes before ``12:30Z``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.zones import column_zones
from csvinspect.core.table import Column, ColumnType, Table

SortKey = tuple[int, bool]  # (column index, descending)


def sort_key_array(column: Column) -> pa.Array:
    """The array a column sorts by: its values (NaN -> null) or its lower-cased text."""
    if column.is_numeric and column.values is not None:
        return pa.array(_sort_values(column, column.values), type=pa.float64(), from_pandas=True)
    text = column.text
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    lowered = pc.utf8_lower(text)
    blank = pc.equal(pc.utf8_trim_whitespace(text), "")
    return pc.if_else(blank, pa.scalar(None, lowered.type), lowered)


def _sort_values(column: Column, values: np.ndarray) -> np.ndarray:
    """The parsed values, or the instants of a time column whose offsets differ."""
    if column.type is ColumnType.TIMESTAMP:
        zones = column_zones(column.text)
        if zones.mixed:
            return zones.instants(values)
    return values


def sort_order(table: Table, keys: list[SortKey]) -> np.ndarray:
    """Row indices (int64) that sort ``table`` by ``keys``, most significant first.

    The sort is stable: rows equal on every key keep their file order, so sorting by
    Group after sorting by Cost keeps each group's rows in cost order.
    """
    n = table.n_rows
    if not keys:
        return np.arange(n, dtype=np.int64)
    values = table.columns[keys[0][0]].values if len(keys) == 1 else None
    if values is not None and table.columns[keys[0][0]].is_numeric:
        # Fast path: numpy's stable sort puts NaN last; negating keeps NaN last too.
        values = _sort_values(table.columns[keys[0][0]], values)
        return np.argsort(-values if keys[0][1] else values, kind="stable").astype(np.int64)
    arrays = {}
    sort_keys = []
    for position, (column_index, descending) in enumerate(keys):
        name = f"k{position}"
        arrays[name] = sort_key_array(table.columns[column_index])
        sort_keys.append((name, "descending" if descending else "ascending", "at_end"))
    indices = pc.sort_indices(pa.table(arrays), sort_keys=sort_keys)
    order: np.ndarray = indices.to_numpy().astype(np.int64)
    return order
