"""The outline of a group-health export: each Group row with its Token rows beneath it.

Seed 000: a group-health export lists each Group row followed by its Token rows. The
outline keeps that nesting while sorting: groups are ordered among themselves by the sort
keys, and each group's tokens are ordered beneath it. Collapsed groups hide their tokens.
"""

from __future__ import annotations

import numpy as np

from csvinspect.core.table import RowKind, Table


def group_of_rows(table: Table) -> np.ndarray:
    """For each row, the index of the Group row it belongs to (itself for groups), else -1.

    Token rows belong to the nearest Group row above them; other rows stand alone.
    """
    n = table.n_rows
    if table.row_kinds is None:
        return np.full(n, -1, dtype=np.int64)
    kinds = table.row_kinds
    rows = np.arange(n, dtype=np.int64)
    latest_group = np.maximum.accumulate(np.where(kinds == RowKind.GROUP, rows, -1))
    return np.where(
        kinds == RowKind.TOKEN, latest_group, np.where(kinds == RowKind.GROUP, rows, -1)
    )


def token_counts(group_of: np.ndarray, table: Table) -> np.ndarray:
    """Number of Token rows under each row (non-zero only for Group rows)."""
    n = len(group_of)
    if table.row_kinds is None:
        return np.zeros(n, dtype=np.int64)
    is_child = (table.row_kinds == RowKind.TOKEN) & (group_of >= 0)
    return np.bincount(group_of[is_child], minlength=n).astype(np.int64)


def outline_order(
    sorted_rows: np.ndarray,
    matching: np.ndarray,
    group_of: np.ndarray,
    expanded: np.ndarray,
) -> np.ndarray:
    """The rows to show in outline mode, in order.

    Parameters
    ----------
    sorted_rows
        Every row index, sorted by the user's sort keys.
    matching
        Bool per row: the row passes the filters.
    group_of
        ``group_of_rows`` of the table.
    expanded
        Bool per row: the Group row is unfolded.

    A Group row is shown when it or any of its tokens match, so a matching token is never
    orphaned; tokens show when they match and their group is expanded.
    """
    n = len(sorted_rows)
    rank = np.empty(n, dtype=np.int64)
    rank[sorted_rows] = np.arange(n, dtype=np.int64)
    rows = np.arange(n, dtype=np.int64)
    is_child = (group_of >= 0) & (group_of != rows)
    parent = np.where(is_child, group_of, rows)
    group_has_match = np.zeros(n, dtype=bool)
    group_has_match[parent[matching]] = True
    visible = np.where(is_child, matching & expanded[parent], group_has_match)
    # Within ``sorted_rows`` the order is already by rank; a stable sort on the parent's
    # rank (children after their parent) nests each group's rows in sorted order.
    candidates = sorted_rows[visible[sorted_rows]]
    nesting_key = rank[parent[candidates]] * 2 + is_child[candidates]
    shown: np.ndarray = candidates[np.argsort(nesting_key, kind="stable")]
    return shown
