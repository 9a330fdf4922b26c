"""Re-sort or re-filter the table without losing the user's place (issue 9, bugs 8 and 9).

Two things a re-layout used to cost:

- **The place.** The view jumped to the current cell, which after a sort is anywhere (often
  the top, when the user had scrolled with the wheel and never clicked). Now the current row
  keeps its height on screen when it was on screen and is still shown; otherwise the scroll
  position stays where it was.
- **Time.** Qt keeps a selection across a re-layout as one persistent index per selected
  cell: a selected 1M-row column made every sort take seconds, spent in Python model calls.
  The selection is taken out before the re-layout and put back after, computed with numpy
  from the permutation (one range per run of adjacent rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

from csvinspect.app.table.table_model import TableModel
from csvinspect.app.table.table_view import TableArea

# Past this many runs the selection would be a scatter nobody meant to keep (a sorted
# 1M-row column that was half selected); it is cleared, and the caller says so.
MAX_SELECTION_RANGES = 5_000


@dataclass(frozen=True)
class SelectedBlock:
    """One rectangle of the selection, by source rows so it survives a new order."""

    rows: np.ndarray  # source rows
    left: int
    right: int


def relayout_keeping_place(area: TableArea, model: TableModel) -> str:
    """Apply the model's new order, keeping the selection, the current row and the scroll.

    Returns a note for the status bar when the selection could not be kept, else "".
    """
    view = area.main
    selection_model = view.selectionModel()
    blocks = [
        SelectedBlock(model.source_rows(slice(r.top(), r.bottom() + 1)).copy(), r.left(), r.right())
        for r in selection_model.selection()
    ]
    current = view.currentIndex()
    offset = view.rowViewportPosition(current.row()) if current.isValid() else -1
    on_screen = current.isValid() and 0 <= offset < view.viewport().height()
    scroll = view.verticalScrollBar().value()
    if blocks:
        selection_model.clearSelection()  # before the re-layout: see the module docstring
    model.relayout()
    note = _select_again(model, selection_model, blocks)
    current = view.currentIndex()
    if on_screen and current.isValid():
        height = max(view.rowHeight(current.row()), 1)
        top = max(current.row() - offset // height, 0)
        at_top = QAbstractItemView.ScrollHint.PositionAtTop
        view.scrollTo(model.index(top, current.column()), at_top)
    else:
        view.verticalScrollBar().setValue(scroll)  # clamped to the new range by Qt
    return note


def _select_again(
    model: TableModel, selection_model: QItemSelectionModel, blocks: list[SelectedBlock]
) -> str:
    if not blocks:
        return ""
    position = np.full(model.row_view.table.n_rows, -1, dtype=np.int64)
    shown = model.source_rows(slice(None))
    position[shown] = np.arange(len(shown))
    runs: list[tuple[int, int, int, int]] = []
    selected = 0
    for block in blocks:
        rows = position[block.rows]
        rows = np.sort(rows[rows >= 0])
        selected += len(rows)
        if not len(rows):
            continue
        breaks = np.flatnonzero(np.diff(rows) != 1)
        starts = np.concatenate(([rows[0]], rows[breaks + 1]))
        ends = np.concatenate((rows[breaks], [rows[-1]]))
        if len(runs) + len(starts) > MAX_SELECTION_RANGES:
            return (
                f"Selection cleared: its {selected:,}+ rows would be scattered over more than "
                f"{MAX_SELECTION_RANGES:,} blocks in the new order"
            )
        pairs = zip(starts.tolist(), ends.tolist(), strict=True)
        runs.extend((top, bottom, block.left, block.right) for top, bottom in pairs)
    selection = QItemSelection()
    for top, bottom, left, right in runs:
        selection.select(model.index(top, left), model.index(bottom, right))
    if runs:
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.Select)
    return ""
