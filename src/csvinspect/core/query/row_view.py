"""The rows the user sees, in order: sort keys + filters + outline, as one permutation.

The table model in the app holds a ``RowView`` and shows ``order`` (issue 3; STYLE.md
"sort and filter inside the model through a permutation array"). The sort order and the
filter mask are cached separately, so typing in a filter does not re-sort and clicking a
header does not re-filter.
"""

from __future__ import annotations

import numpy as np

from csvinspect.core.query.filters import FilterResult, TableQuery, TextCache, apply_query
from csvinspect.core.query.outline import group_of_rows, outline_order, token_counts
from csvinspect.core.query.sorting import SortKey, sort_order
from csvinspect.core.table import RowKind, Table


class RowView:
    """Sort keys, filters and outline state of one table, and the rows they select."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.sort_keys: list[SortKey] = []
        self.query = TableQuery()
        self.outline = False
        self._group_of: np.ndarray | None = None
        self._token_counts: np.ndarray | None = None
        self.expanded = np.zeros(table.n_rows, dtype=bool)
        self._cache = TextCache(table)
        self._sorted: np.ndarray | None = None
        self._filtered: FilterResult | None = None
        self._order: np.ndarray | None = None
        self._position: np.ndarray | None = None

    # The outline's arrays are made on first use: the flat table is what a load paints
    # first, and on 1M rows they cost a third of the first-paint budget (issue 3).
    @property
    def group_of(self) -> np.ndarray:
        """For each row, its Group row (itself for groups), else -1."""
        if self._group_of is None:
            self._group_of = group_of_rows(self.table)
        return self._group_of

    @property
    def token_counts(self) -> np.ndarray:
        """Number of Token rows under each row (non-zero only for Group rows)."""
        if self._token_counts is None:
            self._token_counts = token_counts(self.group_of, self.table)
        return self._token_counts

    @property
    def has_outline(self) -> bool:
        """Whether the table has Group rows to fold tokens under."""
        kinds = self.table.row_kinds
        return kinds is not None and bool(np.any(kinds == RowKind.GROUP))

    # -- changing the view ------------------------------------------------------------
    def set_sort(self, keys: list[SortKey]) -> None:
        self.sort_keys = list(keys)
        self._sorted = None
        self._order = None

    def set_query(self, query: TableQuery) -> None:
        self.query = query
        self._filtered = None
        self._order = None

    def set_outline(self, on: bool) -> None:
        self.outline = on and self.has_outline
        self._order = None

    def set_expanded(self, group_rows: np.ndarray | list[int], expanded: bool) -> None:
        self.expanded[np.asarray(group_rows, dtype=np.int64)] = expanded
        self._order = None

    def set_all_expanded(self, expanded: bool) -> None:
        self.expanded[:] = expanded
        self._order = None

    # -- results -----------------------------------------------------------------------
    @property
    def filter_result(self) -> FilterResult:
        if self._filtered is None:
            self._filtered = apply_query(self.table, self.query, self._cache)
        return self._filtered

    @property
    def errors(self) -> dict[int, str]:
        return self.filter_result.errors

    @property
    def matching_count(self) -> int:
        return int(np.count_nonzero(self.filter_result.mask))

    @property
    def order(self) -> np.ndarray:
        """Source row index for each shown row (int64)."""
        if self._order is None:
            if self._sorted is None:
                self._sorted = sort_order(self.table, self.sort_keys)
            mask = self.filter_result.mask
            if self.outline:
                self._order = outline_order(self._sorted, mask, self.group_of, self.expanded)
            elif self.query.is_empty:
                self._order = self._sorted
            else:
                self._order = self._sorted[mask[self._sorted]]
            self._position = None
        return self._order

    def view_row(self, source_row: int) -> int | None:
        """Where a source row is shown, or None when it is filtered out or folded."""
        if self._position is None:
            order = self.order
            position = np.full(self.table.n_rows, -1, dtype=np.int64)
            position[order] = np.arange(len(order), dtype=np.int64)
            self._position = position
        found = int(self._position[source_row])
        return None if found < 0 else found
