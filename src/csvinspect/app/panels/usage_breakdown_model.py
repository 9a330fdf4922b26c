"""A usage-summary breakdown (by day, team, model, API key): the request views' model, plus
tokens and cost per 1K tokens, with the rows the core flags highlighted.

``BreakdownModel`` already formats, sorts and maps rows back to table rows; this subclass
only appends two columns (inserted after the reset, so views see ordinary column inserts)
and colours what ``core.usage`` flagged: a success rate below the configured line, a spend
clearly above the other rows (seed 000's "clearly higher than" peers, as the findings say).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from csvinspect.app.panels.breakdown_model import ALARM, WARNING, BreakdownModel, money_texts
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.peers import COST_OUTLIER, LOW_SUCCESS
from csvinspect.core.usage import UsageBreakdown

_Index = QModelIndex | QPersistentModelIndex
_ERRORS, _SUCCESS, _COST = 2, 3, 4  # the base model's columns
SPEND_COLUMN = _COST
_EXTRA = (("Tokens", "tokens"), ("Per 1K", "per_1k"))
_EXTRA_TIPS = {"Tokens": "Total tokens", "Per 1K": "Spend per 1,000 tokens"}
_UNKNOWN = ("", "n/a")


def rate_text(rate: float | None) -> str:
    """``99.98%``: two decimals (usage rows hold tens of thousands of requests), and never
    ``100.00%`` for a row that had failures."""
    if rate is None:
        return "n/a"
    text = fmt.percent(rate, 2)
    return ">99.99%" if rate < 1 and text == "100.00%" else text


class UsageBreakdownModel(BreakdownModel):
    """Breakdown rows of a usage summary: requests, errors, success, spend, tokens, per 1K."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.usage: UsageBreakdown | None = None
        self._per_1k: list[float | None] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_usage(self, usage: UsageBreakdown, currency: str | None, title: str = "") -> None:
        """Show ``usage``; ``title`` replaces the generic name of the key column (``Team``)."""
        self.usage = usage
        self.set_breakdown(usage.breakdown, currency)
        if title:
            self._headers[0] = title
        self._headers[_COST] = "Spend"
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
        rows = usage.usage_rows
        self._per_1k = [
            r.cost / r.tokens_total * 1000.0 if r.cost is not None and r.tokens_total else None
            for r in rows
        ]
        per_1k = money_texts(self._per_1k, currency)
        first = len(self._headers)
        self.beginInsertColumns(QModelIndex(), first, first + len(_EXTRA) - 1)
        self._headers += [header for header, _ in _EXTRA]
        for cells, row, per in zip(self._cells, rows, per_1k, strict=True):
            cells[_SUCCESS] = rate_text(row.success_rate)
            cells += [fmt.compact(row.tokens_total), per]
        self.endInsertColumns()

    def row_flags(self, view_row: int) -> tuple[str, ...]:
        """What the core flagged on the row shown at ``view_row``: low success, high spend."""
        if self.usage is None:
            return ()
        return self.usage.flags[int(self._order[view_row])]

    def empty_columns(self) -> list[int]:
        """Columns without a figure in any row: no latency, no request counts (Anthropic)."""
        return [
            column
            for column in range(1, len(self._headers))
            if self._cells and all(cells[column] in _UNKNOWN for cells in self._cells)
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role == Qt.ItemDataRole.DisplayRole:
            return super().data(index, role)
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(index.row(), column)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self._colour(index.row(), column) is ALARM else None
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, _SUCCESS, _COST):
            return self._tooltip(index.row())
        return super().data(index, role)

    def _colour(self, view_row: int, column: int) -> object:
        flags = self.row_flags(view_row)
        if column == 0 and flags:
            return ALARM
        if column in (_ERRORS, _SUCCESS):
            if LOW_SUCCESS in flags:
                return ALARM
            return WARNING if self.breakdown_row(view_row).errors else None
        if column == _COST and COST_OUTLIER in flags:
            return ALARM
        return None

    def _tooltip(self, view_row: int) -> str:
        assert self.usage is not None
        position = int(self._order[view_row])
        row, flags = self.usage.usage_rows[position], self.usage.flags[position]
        lines = [self._cells[position][0]]
        if LOW_SUCCESS in flags:
            lines.append(f"Success rate {fmt.percent(row.success_rate, 1)}: below the threshold")
        peer = self.usage.peer_cost[position]
        if COST_OUTLIER in flags and peer:
            lines.append(
                f"Spend {fmt.money(row.cost, self.currency)} against a median of"
                f" {fmt.money(peer, self.currency)} for the other rows"
            )
        lines.append("Click to show these rows.")
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if 0 <= section < len(self._headers) and self._headers[section] in _EXTRA_TIPS:
                return _EXTRA_TIPS[self._headers[section]]
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The base model sorts its own columns; tokens and per 1K are sorted here alike."""
        first_extra = len(self._headers) - len(_EXTRA)
        if self.usage is None or column < first_extra or column >= len(self._headers):
            super().sort(column, order)
            return
        if _EXTRA[column - first_extra][1] == "tokens":
            values = [r.tokens_total for r in self.usage.usage_rows]
        else:
            values = self._per_1k
        self.sort_by_keys(list(values), column, order)
