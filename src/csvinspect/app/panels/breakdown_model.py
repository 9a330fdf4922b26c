"""One breakdown of a request log (by model, token, status, hour, ...) as a sortable table.

The model wraps the core's ``Breakdown`` (``core.requests.stats``): its rows are the core's
``BreakdownRow`` dataclasses, formatted once when the breakdown arrives. Sorting permutes an
order array and re-lays the view out (layoutAboutToBeChanged, persistent indexes,
layoutChanged), never the core's list. ``row_indices(view_row)`` hands back the table rows
behind a breakdown row so a click can filter the table to exactly those requests.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.requests.stats import Breakdown, BreakdownRow

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_Index = QModelIndex | QPersistentModelIndex
ALARM = QColor("#c62828")
WARNING = QColor("#b26a00")

BREAKDOWN_TITLES = {
    "status": "Status code",
    "outcome": "Outcome",
    "failure_category": "Failure category",
    "model": "Model",
    "account": "Account / channel",
    "auth_index": "Auth index",
    "token": "API key / token",
    "user": "User",
    "group": "Group",
    "provider": "Provider",
    "project": "Project",
    "call_type": "Call type",
    "hour": "Hour",
    "day": "Day",
}
# (header, BreakdownRow attribute used to sort) after the first column, which is the key.
_FIGURES = (
    ("Requests", "requests"),
    ("Errors", "errors"),
    ("Success", "success_rate"),
    ("Cost", "cost"),
    ("Avg", "avg_latency_s"),
    ("P95", "p95_latency_s"),
)
_HEADER_TIPS = {"Avg": "Average latency", "P95": "95th percentile latency"}


def row_label(dimension: str, row: BreakdownRow) -> str:
    """What a breakdown row is, in words: ``gpt-4o``, ``429``, ``Rate limit (rate_limit)``."""
    if dimension == "failure_category" and row.key in FailureCategory.__members__.values():
        return FailureCategory(row.key).label
    if dimension == "status" and row.category in FailureCategory.__members__.values():
        return f"{row.key} · {FailureCategory(row.category).label}"
    return row.key


def short_seconds(value: float | None) -> str:
    """``0.85s``, ``12.4s``, ``312s``: three significant figures are enough to compare."""
    if value is None:
        return ""
    if value < 10:
        return f"{value:.2f}s"
    return f"{value:.1f}s" if value < 100 else f"{value:,.0f}s"


def money_texts(amounts: list[float | None], currency: str | None) -> list[str]:
    """Amounts of one column with one precision, enough for the largest to show cents.

    Request logs hold tiny amounts (``$0.001168``) beside whole ones; one precision per
    column keeps the decimal points aligned. The currency's symbol and its place come from
    the core's ``formatting.money`` so both agree.
    """
    known = [abs(a) for a in amounts if a is not None]
    largest = max(known, default=0.0)
    digits = 2 if largest >= 10 or largest == 0 else 4 if largest >= 0.01 else 6
    prefix, _, suffix = fmt.money(1.0, currency).partition("1.00")
    return [
        "" if a is None else f"{'-' if a < 0 else ''}{prefix}{abs(a):,.{digits}f}{suffix}"
        for a in amounts
    ]


class BreakdownModel(QAbstractTableModel):
    """A breakdown's rows: the key, then requests, errors, success, cost and latency."""

    stretch_column = 0  # the key takes the spare width (``CompactTable.fit_rows``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.breakdown: Breakdown | None = None
        self.currency: str | None = None
        self._headers: list[str] = ["Value"]
        self._cells: list[list[str]] = []
        self._order = np.zeros(0, dtype=np.int64)
        self._sorted: tuple[int, Qt.SortOrder] | None = None  # shown as an arrow in the header

    # -- content -------------------------------------------------------------------------

    def set_breakdown(self, breakdown: Breakdown, currency: str | None) -> None:
        self.beginResetModel()
        self.breakdown, self.currency = breakdown, currency
        title = BREAKDOWN_TITLES.get(breakdown.dimension, breakdown.dimension)
        self._headers = [title, *(h for h, _ in _FIGURES)]
        self._cells = [self._format(row) for row in breakdown.rows]
        for cells, cost in zip(
            self._cells, money_texts([r.cost for r in breakdown.rows], currency), strict=True
        ):
            cells[4] = cost
        self._order = np.arange(len(breakdown.rows), dtype=np.int64)
        self._sorted = None  # the core's order until sorted again
        self.endResetModel()

    def _format(self, row: BreakdownRow) -> list[str]:
        cells = [
            row_label(self.breakdown.dimension, row) if self.breakdown else row.key,
            fmt.count(row.requests),
            fmt.count(row.errors),
            fmt.percent(row.success_rate, 1),
            "",  # cost: formatted per column, see ``money_texts``
            short_seconds(row.avg_latency_s),
            short_seconds(row.p95_latency_s),
        ]
        return cells

    def empty_columns(self) -> list[int]:
        """Columns no row has a figure in (no cost column in the export, no latency)."""
        return [
            column
            for column in range(1, len(self._headers))
            if self._cells and not any(cells[column] for cells in self._cells)
        ]

    def breakdown_row(self, view_row: int) -> BreakdownRow:
        assert self.breakdown is not None
        return self.breakdown.rows[int(self._order[view_row])]

    def row_indices(self, view_row: int) -> np.ndarray:
        """Table rows (requests) behind the breakdown row shown at ``view_row``."""
        assert self.breakdown is not None
        return self.breakdown.row_indices(int(self._order[view_row]))

    def label(self, view_row: int) -> str:
        """``Model: gpt-4o`` for the filter banner."""
        assert self.breakdown is not None
        return f"{self._headers[0]}: {self._cells[int(self._order[view_row])][0]}"

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[int(self._order[index.row()])][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if index.column() == 0 else _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and index.column() in (2, 3):
            row = self.breakdown_row(index.row())
            if row.errors and row.success_rate is not None and row.success_rate < 0.8:
                return ALARM
            return WARNING if row.errors else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return self._cells[int(self._order[index.row()])][0] + "\nClick to show these rows."
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if not horizontal or not 0 <= section < len(self._headers):
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            # The arrow is drawn here, not by the header: a header that shows sort indicators
            # reserves room for one in every column, and a side panel has none to spare.
            if self._sorted is not None and self._sorted[0] == section:
                arrow = "▼" if self._sorted[1] == Qt.SortOrder.DescendingOrder else "▲"
                return f"{self._headers[section]} {arrow}"
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(self._headers[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the figure (numbers as numbers, unknown last), keeping ties stable."""
        if self.breakdown is None or not (0 <= column < len(self._headers)):
            return
        rows = self.breakdown.rows
        if column == 0:
            if self.breakdown.dimension in ("hour", "day"):
                keys = [(r.value is None, r.value or 0.0) for r in rows]
            else:
                keys = [(False, r.key.casefold()) for r in rows]
        else:
            attr = _FIGURES[column - 1][1]
            keys = [(getattr(r, attr) is None, getattr(r, attr) or 0.0) for r in rows]
        self.sort_by_keys([None if unknown else key for unknown, key in keys], column, order)

    def sort_by_keys(self, keys: list, column: int, order: Qt.SortOrder) -> None:
        """Re-lay the rows out by ``keys`` (one per row; None = unknown, always last), stable.

        ``layoutAboutToBeChanged`` -> new order -> persistent indexes -> ``layoutChanged``
        (STYLE.md), then the header redraws its arrow on ``column``.
        """
        known = sorted(
            (i for i, key in enumerate(keys) if key is not None),
            key=lambda i: keys[i],
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        unknown = [i for i, key in enumerate(keys) if key is None]
        self.layoutAboutToBeChanged.emit()
        old = self._order.copy()
        self._order = np.asarray(known + unknown, dtype=np.int64)
        position = np.empty(len(old), dtype=np.int64)
        position[self._order] = np.arange(len(old))
        for persistent in self.persistentIndexList():
            new_row = int(position[old[persistent.row()]])
            self.changePersistentIndex(persistent, self.index(new_row, persistent.column()))
        self.layoutChanged.emit()
        self._sorted = (column, order)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
