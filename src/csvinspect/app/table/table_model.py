"""The table model: a thin adapter from a core ``RowView`` (table + permutation) to Qt.

STYLE.md: ``data()`` is the hot path. It checks the role first, returns None for roles it
does not serve, and reads cell texts from blocks of 256 shown rows converted once per
column with ``pc.take(...).to_pylist()``; the blocks are dropped whenever the order changes.
Sorting and filtering happen in the core; the model only re-lays out (issue 3).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow.compute as pc
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from csvinspect.app.table.cell_tooltips import cell_tooltip
from csvinspect.core.cells.zones import column_zones
from csvinspect.core.query.highlight import RowHighlights, row_highlights
from csvinspect.core.query.row_view import RowView
from csvinspect.core.requests.row_marks import RequestRowMarks
from csvinspect.core.table import ColumnType, RowKind, Table

BLOCK_BITS = 8
BLOCK_MASK = (1 << BLOCK_BITS) - 1
MAX_CACHED_BLOCKS = 4096

SOURCE_ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)

# Row style bits, computed once per table (never per cell). ACCOUNT_EVENT: a request log's
# top-up / manage / system / refund row, shown but not counted as a request (issue 5).
GROUP, TOKEN, LOW_RATE, SMALL_SAMPLE, PROBLEM, EXPANDED, ACCOUNT_EVENT = 1, 2, 4, 8, 16, 32, 64
# A request log's failed request (its status cell marked) and in-progress one (muted), issue 11
FAILED, IN_PROGRESS = 128, 256

GROUP_SHADE = QColor("#e8edf5")
LOW_RATE_SHADE = QColor("#fbd9d6")
LOW_RATE_TEXT = QColor("#a4161a")
MARK_SHADE = QColor("#ffe8a3")
PROBLEM_SHADE = QColor("#fff4e0")
MUTED_TEXT = QColor("#8a9099")
UNPARSED_TEXT = QColor("#b35c00")

_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_HINTED = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class TableModel(QAbstractTableModel):
    """Shows ``RowView.order`` of a table; call ``relayout()`` after changing the view."""

    def __init__(self, table: Table | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: RowView | None = None
        self._order = np.zeros(0, dtype=np.int64)
        self._styles = np.zeros(0, dtype=np.int16)
        self._highlights: RowHighlights | None = None
        self._account_rows: np.ndarray | None = None  # bool per source row
        self._request_marks: RequestRowMarks | None = None
        self._alignments: list[Qt.AlignmentFlag] = []
        self._texts: dict[tuple[int, int], list[str]] = {}
        self._block_styles: dict[int, list[int]] = {}
        self._marks: dict[tuple[int, int], str] = {}
        self._outline_column = 0
        self._bold = QFont()
        self._bold.setBold(True)
        if table is not None:
            self.set_row_view(RowView(table), row_highlights(table))

    # -- setting up ------------------------------------------------------------------
    @property
    def row_view(self) -> RowView | None:
        return self._view

    def set_row_view(self, view: RowView | None, highlights: RowHighlights | None) -> None:
        """Show a (new) table; resets the model."""
        self.beginResetModel()
        self._view = view
        self._marks = {}
        self._account_rows = None  # the Requests panel sends them again for this table
        self._request_marks = None
        self._order = view.order if view is not None else np.zeros(0, dtype=np.int64)
        if view is not None:
            columns = view.table.columns
            self._alignments = [_RIGHT if c.is_numeric else _LEFT for c in columns]
        else:
            self._alignments = []
        self._set_highlights(highlights)
        self._clear_blocks()
        self.endResetModel()

    def set_highlights(self, highlights: RowHighlights | None) -> None:
        self._set_highlights(highlights)
        self._clear_blocks()
        self._emit_all_changed()

    def _set_highlights(self, highlights: RowHighlights | None) -> None:
        self._highlights = highlights
        view = self._view
        if view is None:
            self._styles = np.zeros(0, dtype=np.int16)
            return
        table = view.table
        styles = np.zeros(table.n_rows, dtype=np.int16)
        if table.row_kinds is not None:
            styles[table.row_kinds == RowKind.GROUP] |= GROUP
            styles[table.row_kinds == RowKind.TOKEN] |= TOKEN
        if highlights is not None:
            styles[highlights.low_rate] |= LOW_RATE
            styles[highlights.small_sample] |= SMALL_SAMPLE
        problem_rows = [r for r in table.problem_rows() if 0 <= r < table.n_rows]
        styles[problem_rows] |= PROBLEM
        if self._account_rows is not None:
            styles[self._account_rows] |= ACCOUNT_EVENT
        if self._request_marks is not None:
            styles[self._request_marks.failed] |= FAILED
            styles[self._request_marks.in_progress] |= IN_PROGRESS
        self._styles = styles

    def set_account_rows(self, rows: np.ndarray | None) -> None:
        """Mute the text of these rows (bool per source row): account events, not requests.

        The Requests panel sends them once it has read the table as requests, so the table
        never reads the log twice; a mask for another table (a stale one) is ignored.
        """
        view = self._view
        if rows is not None and (view is None or len(rows) != view.table.n_rows):
            return
        self._account_rows = None if rows is None else np.asarray(rows, dtype=bool)
        self._set_highlights(self._highlights)
        self._clear_blocks()
        self._emit_all_changed()

    def set_request_marks(self, marks: RequestRowMarks | None) -> None:
        """Mark failed requests' status cells and mute in-progress rows (issue 11).

        The arrays come from the core once per table; a mask for another table is ignored.
        """
        view = self._view
        if marks is not None and (view is None or len(marks.failed) != view.table.n_rows):
            return
        self._request_marks = marks
        self._set_highlights(self._highlights)
        self._clear_blocks()
        self._emit_all_changed()

    def is_account_row(self, view_row: int) -> bool:
        return bool(self._styles[self._order[view_row]] & ACCOUNT_EVENT)

    def set_cell_marks(self, marks: Mapping[tuple[int, int], str]) -> None:
        """Mark cells (source row, column) with a shade and a tooltip (the Health panel)."""
        self._marks = dict(marks)
        self._emit_all_changed()

    def set_outline_column(self, column: int) -> None:
        """The column that shows the outline's fold arrows (the first one on screen)."""
        if column != self._outline_column:
            self._outline_column = column
            self._clear_blocks()
            self._emit_all_changed()

    def relayout(self) -> None:
        """Apply the row view's current order, keeping selection and current cell."""
        if self._view is None:
            return
        # VerticalSortHint: only rows change. Without it QHeaderView re-maps its sections
        # through persistent indexes of row 0 and loses hidden/frozen columns when that row
        # is filtered out (QHeaderViewPrivate::_q_sectionsAboutToBeChanged).
        # Work out the new order before announcing the change: should it raise, the views
        # must not be left between layoutAboutToBeChanged and layoutChanged.
        new_order = self._view.order
        self.layoutAboutToBeChanged[_HINTED].emit([], _ROWS_ONLY)
        old_order = self._order
        persistent = self.persistentIndexList()
        sources = [(int(old_order[p.row()]), p.column()) for p in persistent]
        self._order = new_order
        self._clear_blocks()
        moved = []
        for source_row, column in sources:
            view_row = self._view.view_row(source_row)
            moved.append(QModelIndex() if view_row is None else self.index(view_row, column))
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_HINTED].emit([], _ROWS_ONLY)

    def invalidate_cache(self) -> None:
        """Drop the converted blocks (benchmarks measure a cold screen with this)."""
        self._clear_blocks()

    def _clear_blocks(self) -> None:
        self._texts.clear()
        self._block_styles.clear()

    def _emit_all_changed(self) -> None:
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- lookups -------------------------------------------------------------------------
    def source_row(self, view_row: int) -> int:
        return int(self._order[view_row])

    def source_rows(self, view_rows: np.ndarray | slice) -> np.ndarray:
        return self._order[view_rows]

    def row_style(self, view_row: int) -> int:
        return int(self._styles[self._order[view_row]])

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._view is None:
            return 0
        return len(self._view.table.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts.get((row >> BLOCK_BITS, index.column()))
            if texts is None:
                texts = self._load_texts(row >> BLOCK_BITS, index.column())
            return texts[row & BLOCK_MASK]
        if role == _ALIGN:
            return self._alignments[index.column()]
        if role == _FONT:
            style = self._style_of(index.row())
            bold = style & GROUP or self._is_low_cell(style, index)
            return self._bold if bold or self._is_failed_cell(style, index) else None
        if role == _BACKGROUND:
            return self._background(index)
        if role == _FOREGROUND:
            style = self._style_of(index.row())
            if self._is_low_cell(style, index) or self._is_failed_cell(style, index):
                return LOW_RATE_TEXT
            if style & (SMALL_SAMPLE | ACCOUNT_EVENT | IN_PROGRESS):
                return MUTED_TEXT
            if self._is_unparsed(index):
                return UNPARSED_TEXT
            return None
        if role == _TOOLTIP:
            return self._tooltip(index)
        if role == SOURCE_ROW_ROLE:
            return int(self._order[index.row()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if self._view is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == _DISPLAY and 0 <= section < len(self._order):
                return str(int(self._view.table.line_numbers[self._order[section]]))
            if role == _TOOLTIP and 0 <= section < len(self._order):
                row = int(self._order[section])
                place = self._view.table.row_place(row)
                if self._view.table.row_sources is None:
                    place += " of the file"
                place = place[0].upper() + place[1:]
                if self._styles[row] & ACCOUNT_EVENT:
                    return f"{place}: an account event, not counted as a request"
                return place
            return None
        columns = self._view.table.columns
        if not 0 <= section < len(columns):
            return None
        if role == _DISPLAY:
            return self._header_label(section)
        if role == _TOOLTIP:
            return self._header_tooltip(section)
        if role == _ALIGN:
            # QHeaderView reads this role with toInt(): hand it a plain int.
            return int(self._alignments[section].value)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by one column (the table tab handles Shift+click for a second key)."""
        if self._view is None or not 0 <= column < self.columnCount():
            return
        self._view.set_sort([(column, order == Qt.SortOrder.DescendingOrder)])
        self.relayout()

    # -- blocks and styles -------------------------------------------------------------------
    def _load_texts(self, block: int, column: int) -> list[str]:
        if len(self._texts) > MAX_CACHED_BLOCKS:
            self._texts.clear()
        start = block << BLOCK_BITS
        rows = self._order[start : start + BLOCK_MASK + 1]
        text = self._view.table.columns[column].text
        texts = [t if t is not None else "" for t in pc.take(text, rows).to_pylist()]
        if self._view.outline and column == self._outline_column:
            styles = self._styles[rows]
            for i, style in enumerate(styles.tolist()):
                if style & GROUP:
                    arrow = "▾ " if self._view.expanded[rows[i]] else "▸ "
                    texts[i] = arrow + texts[i]
                elif style & TOKEN:
                    texts[i] = "      " + texts[i]
        self._texts[(block, column)] = texts
        return texts

    def _style_of(self, row: int) -> int:
        block = row >> BLOCK_BITS
        styles = self._block_styles.get(block)
        if styles is None:
            start = block << BLOCK_BITS
            styles = self._styles[self._order[start : start + BLOCK_MASK + 1]].tolist()
            self._block_styles[block] = styles
        return styles[row & BLOCK_MASK]

    def _is_low_cell(self, style: int, index: QModelIndex | QPersistentModelIndex) -> bool:
        return bool(style & LOW_RATE) and index.column() == self._rate_column()

    def _is_failed_cell(self, style: int, index: QModelIndex | QPersistentModelIndex) -> bool:
        marks = self._request_marks
        return bool(style & FAILED) and marks is not None and index.column() == marks.status_column

    def _rate_column(self) -> int | None:
        return None if self._highlights is None else self._highlights.rate_column

    def _is_unparsed(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        unparsed = self._view.table.columns[index.column()].unparsed
        return unparsed is not None and bool(unparsed[self._order[index.row()]])

    def _background(self, index: QModelIndex | QPersistentModelIndex) -> QColor | None:
        style = self._style_of(index.row())
        if self._is_low_cell(style, index) or self._is_failed_cell(style, index):
            return LOW_RATE_SHADE
        if self._marks and (int(self._order[index.row()]), index.column()) in self._marks:
            return MARK_SHADE
        if style & GROUP:
            return GROUP_SHADE
        if style & PROBLEM:
            return PROBLEM_SHADE
        return None

    def _header_label(self, section: int) -> str:
        label = self._view.table.columns[section].name
        keys = self._view.sort_keys
        for position, (column, descending) in enumerate(keys[1:], start=2):
            if column == section:
                label += f"  {position}{'▼' if descending else '▲'}"
        return label

    def _header_tooltip(self, section: int) -> str:
        column = self._view.table.columns[section]
        kind = column.type.value + (f" ({column.currency})" if column.currency else "")
        lines = [f"{column.name}: {kind}"]
        if column.field and column.field != column.name:
            lines.append(f"read as: {column.field}")
        if column.unparsed_count:
            lines.append(f"{column.unparsed_count} cells could not be read as {column.type.value}")
        note = column_zones(column.text).note() if column.type is ColumnType.TIMESTAMP else None
        if note:  # issue 11: say which offset the times are in, and whether they differ
            lines.append(note)
        lines.append("Click to sort, Shift+click to add a second sort key")
        return "\n".join(lines)

    def _tooltip(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        source_row = int(self._order[index.row()])
        mark = self._marks.get((source_row, index.column()))
        if self._styles[source_row] & (FAILED | IN_PROGRESS) and self._request_marks is not None:
            note = self._request_marks.note(source_row)  # the row's category (issue 11)
            mark = note if not mark else f"{mark}\n{note}"
        return cell_tooltip(self._view.table, source_row, index.column(), self._highlights, mark)
