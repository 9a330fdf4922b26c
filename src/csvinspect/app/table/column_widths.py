"""Column widths that fit the rows on screen, measured within a time budget.

STYLE.md: never ``ResizeToContents`` on a big table; size only the visible rows (Spyder's
``_resizeVisibleColumnsToContents``), and stop when the budget is spent.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from csvinspect.app.table.table_view import TableArea

MIN_WIDTH = 48
MAX_WIDTH = 360
SAMPLE_ROWS = 80  # rows measured when the table is not on screen yet
BUDGET_S = 0.05
PADDING = 18
HEADER_PADDING = 34  # room for the sort arrow


def fit_column_widths(area: TableArea, budget_s: float = BUDGET_S, grow_only: bool = False) -> int:
    """Fit each shown column to its header and the rows in view; returns columns sized.

    ``grow_only`` widens a column that needs it and never narrows one: turning the outline
    on shows only folded group rows, whose Token cells are empty (issue 9).
    """
    model = area.model
    rows = model.rowCount()
    view = area.main
    first = max(view.rowAt(0), 0)
    last = view.rowAt(view.viewport().height() - 1)
    if last < 0:
        last = min(rows, first + SAMPLE_ROWS) - 1
    bold = QFont(view.font())
    bold.setBold(True)
    cell_metrics = QFontMetrics(bold)  # group rows are bold: measure the wider face
    header_metrics = QFontMetrics(view.horizontalHeader().font())
    hidden = area.hidden_columns()
    deadline = time.perf_counter() + budget_s
    sized = 0
    for column in area.column_order():
        if column in hidden:
            continue
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header_metrics.horizontalAdvance(label) + HEADER_PADDING
        for row in range(first, last + 1):
            text = model.data(model.index(row, column))
            if text:
                width = max(width, cell_metrics.horizontalAdvance(text) + PADDING)
        width = max(MIN_WIDTH, min(width, MAX_WIDTH))
        if grow_only:
            width = max(width, area.frozen.columnWidth(column), view.columnWidth(column))
        area.set_column_width(column, width)
        sized += 1
        if time.perf_counter() > deadline:
            break
    area.apply_frozen_width()
    return sized
