"""Vectorised row masks for the search box, the filter row and the quick filters.

Every filter becomes a numpy bool mask computed with pyarrow.compute or numpy; nothing the
user types is evaluated as code. A filter that cannot be parsed is reported in
``FilterResult.errors`` and ignored, so the other filters still apply (issue 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.durations import to_seconds, written_unit
from csvinspect.core.cells.zones import column_zones
from csvinspect.core.query.filter_syntax import (
    Between,
    Empty,
    FilterNode,
    FilterSyntaxError,
    Literal,
    Negation,
    Pattern,
    Term,
    parse_filter,
    parse_search,
)
from csvinspect.core.table import Column, ColumnType, RowKind, Table

SEARCH = -1  # key of the search box in ``FilterResult.errors``

_PLAIN_NUMBER = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$"
_UNIT_FACTORS = {"s": 1.0, "ms": 1e-3, "m": 60.0, "min": 60.0, "h": 3600.0}
_SCALE_FACTORS = {"": 1.0, "%": 0.01, "k": 1e3, "K": 1e3, "M": 1e6}


@dataclass
class TableQuery:
    """Everything that narrows the rows shown; empty parts restrict nothing."""

    search: str = ""
    search_column: int | None = None  # None: all columns
    column_filters: Mapping[int, str] = field(default_factory=dict)
    row_kinds: frozenset[RowKind] | None = None  # None: every kind
    value_filters: Mapping[int, frozenset[str]] = field(default_factory=dict)
    rows: np.ndarray | None = None  # only these row indices (e.g. from the Health panel)

    @property
    def is_empty(self) -> bool:
        return (
            not self.search.strip()
            and not any(t.strip() for t in self.column_filters.values())
            and self.row_kinds is None
            and not self.value_filters
            and self.rows is None
        )


@dataclass
class FilterResult:
    mask: np.ndarray  # bool per row
    errors: dict[int, str]  # column index (or SEARCH) -> message for the user


class TextCache:
    """Lower-cased column texts, computed once per column and reused across keystrokes."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._lower: dict[int, pa.Array] = {}
        self._units: dict[int, float] = {}

    def text(self, column_index: int) -> pa.Array:
        text = self._table.columns[column_index].text
        return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text

    def lower(self, column_index: int) -> pa.Array:
        if column_index not in self._lower:
            self._lower[column_index] = pc.utf8_lower(self.text(column_index))
        return self._lower[column_index]

    def unit(self, column_index: int) -> float:
        """Seconds per unit the cells of a duration column are written in (ms: 0.001)."""
        if column_index not in self._units:
            column = self._table.columns[column_index]
            values = _numbers(column, self, column_index)
            self._units[column_index] = written_unit(self.text(column_index), values)
        return self._units[column_index]


def _to_bool(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _contains(cache: TextCache, column_index: int, needle: str) -> np.ndarray:
    lowered = needle.lower()
    if lowered == needle.upper():  # no letters: case cannot matter
        return _to_bool(pc.match_substring(cache.text(column_index), needle))
    return _to_bool(pc.match_substring(cache.lower(column_index), lowered))


def _regex(cache: TextCache, column_index: int, node: Pattern) -> np.ndarray:
    try:
        matched = pc.match_substring_regex(
            cache.text(column_index), node.regex, ignore_case=node.ignore_case
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise FilterSyntaxError(f"not a valid regular expression: {exc}") from None
    return _to_bool(matched)


def _numbers(column: Column, cache: TextCache, column_index: int) -> np.ndarray:
    """Parsed values; for text columns, cells that are plain numbers (status codes)."""
    if column.is_numeric and column.values is not None:
        return column.values
    text = cache.text(column_index)
    plain = pc.match_substring_regex(text, _PLAIN_NUMBER)
    cleaned = pc.if_else(plain, pc.utf8_trim_whitespace(text), pa.scalar(None, text.type))
    numbers = pc.cast(cleaned, pa.float64())
    return np.asarray(pc.fill_null(numbers, np.nan).to_numpy(zero_copy_only=False), float)


def _number_for(column: Column, literal: Literal, cache: TextCache, column_index: int) -> float:
    """The literal in the column's value units (percent columns hold fractions).

    Duration columns hold seconds, but a bare number means the unit the cells are written in,
    as the user reads them: ``>30000`` on ``latency_ms`` is 30 s (issue 11); ``>30s`` and
    ``>500ms`` say their unit and mean it on any duration column.
    """
    if column.type == ColumnType.TIMESTAMP and literal.timestamp is not None:
        return literal.timestamp - (literal.offset or 0.0)
    if literal.number is None:
        raise FilterSyntaxError(f"{literal.text!r} is not a number")
    unit = literal.unit
    if column.type == ColumnType.PERCENT:
        if unit not in ("", "%"):
            raise FilterSyntaxError(f"'{unit}' does not fit a percent column")
        return literal.number / 100.0
    if column.type == ColumnType.DURATION:
        if unit and unit not in _UNIT_FACTORS:
            raise FilterSyntaxError(f"'{unit}' does not fit a duration column")
        factor = _UNIT_FACTORS[unit] if unit else cache.unit(column_index)
        return float(to_seconds(np.asarray(literal.number, np.float64), factor))
    if unit not in _SCALE_FACTORS:
        raise FilterSyntaxError(f"'{unit}' only fits duration columns")
    return literal.number * _SCALE_FACTORS[unit]


def _values_for(column: Column, literal: Literal, cache: TextCache, index: int) -> np.ndarray:
    """What ``literal`` is compared with: the time as written in each cell, as the user reads
    it (issue 11), or the instant when the literal writes an offset (``>=…11:00Z``)."""
    values = _numbers(column, cache, index)
    if column.type == ColumnType.TIMESTAMP and literal.offset is not None:
        return column_zones(cache.text(index)).instants(values)
    return values


def _equal(values: np.ndarray, number: float) -> npt.NDArray[np.bool_]:
    close: npt.NDArray[np.bool_] = np.isclose(values, number, rtol=1e-9, atol=1e-12)
    return close


def _exact_text(cache: TextCache, column_index: int, text: str) -> np.ndarray:
    trimmed = pc.utf8_trim_whitespace(cache.lower(column_index))
    return _to_bool(pc.equal(trimmed, text.strip().lower()))


def _blank(cache: TextCache, column_index: int) -> np.ndarray:
    text = cache.text(column_index)
    return ~_to_bool(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(text)), 0))


def _numeric_literal(column: Column, literal: Literal) -> bool:
    """Whether ``literal`` should be compared with the column's parsed values."""
    if not column.is_numeric:
        return False
    if column.type == ColumnType.TIMESTAMP:
        return literal.timestamp is not None
    return literal.number is not None


def _compare(values: np.ndarray, op: str, number: float) -> npt.NDArray[np.bool_]:
    valid: np.ndarray = ~np.isnan(values)
    with np.errstate(invalid="ignore"):
        if op == ">":
            return valid & (values > number)
        if op == "<":
            return valid & (values < number)
        if op == ">=":
            return valid & (values >= number)
        if op == "<=":
            return valid & (values <= number)
        if op == "=":
            return valid & _equal(values, number)
        return valid & ~_equal(values, number)


def node_mask(table: Table, column_index: int, node: FilterNode, cache: TextCache) -> np.ndarray:
    """Rows of ``table`` where ``node`` holds for column ``column_index``."""
    column = table.columns[column_index]
    if isinstance(node, Negation):
        return ~node_mask(table, column_index, node.inner, cache)
    if isinstance(node, Empty):
        return _blank(cache, column_index)
    if isinstance(node, Pattern):
        return _regex(cache, column_index, node)
    if isinstance(node, Term):
        if _numeric_literal(column, node.value):
            values = _values_for(column, node.value, cache, column_index)
            return _equal(values, _number_for(column, node.value, cache, column_index))
        return _contains(cache, column_index, node.value.text)
    if isinstance(node, Between):
        if (node.low.offset is None) != (node.high.offset is None):
            raise FilterSyntaxError("write both dates of a range with a UTC offset, or neither")
        values = _values_for(column, node.low, cache, column_index)
        low = _number_for(column, node.low, cache, column_index)
        high = _number_for(column, node.high, cache, column_index)
        return _compare(values, ">=", min(low, high)) & _compare(values, "<=", max(low, high))
    if node.op in ("=", "!=") and not _numeric_literal(column, node.value):
        equal = _exact_text(cache, column_index, node.value.text)
        return equal if node.op == "=" else ~equal & ~_blank(cache, column_index)
    values = _values_for(column, node.value, cache, column_index)
    return _compare(values, node.op, _number_for(column, node.value, cache, column_index))


def search_mask(
    table: Table, text: str, column: int | None = None, cache: TextCache | None = None
) -> np.ndarray:
    """Rows where the search text (plain, any case, or /regex/) occurs in any/one column."""
    cache = cache or TextCache(table)
    node = parse_search(text)
    mask = np.ones(table.n_rows, dtype=bool)
    if node is None:
        return mask
    mask[:] = False
    columns = range(len(table.columns)) if column is None else [column]
    for index in columns:
        if isinstance(node, Pattern):
            mask |= _regex(cache, index, node)
        else:
            mask |= _contains(cache, index, node.value.text)
    return mask


def apply_query(table: Table, query: TableQuery, cache: TextCache | None = None) -> FilterResult:
    """The rows matching every part of ``query``, and a message for each bad filter."""
    cache = cache or TextCache(table)
    mask = np.ones(table.n_rows, dtype=bool)
    errors: dict[int, str] = {}
    try:
        mask &= search_mask(table, query.search, query.search_column, cache)
    except FilterSyntaxError as exc:
        errors[SEARCH] = str(exc)
    for column_index, text in query.column_filters.items():
        try:
            node = parse_filter(text)
            if node is not None:
                mask &= node_mask(table, column_index, node, cache)
        except FilterSyntaxError as exc:
            errors[column_index] = str(exc)
    if query.row_kinds is not None and table.row_kinds is not None:
        kinds = np.fromiter((int(k) for k in query.row_kinds), dtype=table.row_kinds.dtype)
        mask &= np.isin(table.row_kinds, kinds)
    for column_index, values in query.value_filters.items():
        text = cache.text(column_index)
        value_set = pa.array(sorted(values), type=text.type)
        mask &= _to_bool(pc.is_in(text, value_set=value_set))
    if query.rows is not None:
        subset = np.zeros(table.n_rows, dtype=bool)
        rows = np.asarray(query.rows, dtype=np.int64)
        subset[rows[(rows >= 0) & (rows < table.n_rows)]] = True
        mask &= subset
    return FilterResult(mask, errors)
