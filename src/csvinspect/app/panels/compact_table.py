"""A small read-only table for the analysis panels: as tall as its rows, as wide as the panel.

The panels scroll as a whole, so a table with its own vertical scroll bar for five rows
would hide the fifth behind a scroll inside a scroll: the table is exactly as tall as its
rows, up to ``max_rows``. Columns are sized to their (few) contents once per refresh; the
model's ``stretch_column`` (the name, the reason) takes what width is left, never less than
``min_stretch_width``, and a horizontal scroll bar appears only when even that does not fit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class CompactTable(QTableView):
    """Read-only rows, single selection, fitted height and a stretching column."""

    max_width = 140  # of a column other than the stretching one (longer text is elided)
    min_stretch_width = 110

    def __init__(self, max_rows: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_rows = max_rows
        self._natural: list[int] = []
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        # Size columns from the rows in view plus a sample, not 1,000 rows per column (a
        # token breakdown of a big log has thousands); longer cells are elided.
        header.setResizeContentsPrecision(100)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def fit_rows(self) -> None:
        """Size the columns to their contents and the height to the rows shown."""
        model = self.model()
        if model is None:
            return
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        stretch = self._stretch_column()
        limits = getattr(model, "max_widths", {})
        self._natural = [
            header.sectionSize(c)
            if c == stretch
            else min(header.sectionSize(c), limits.get(c, self.max_width))
            for c in range(header.count())
        ]
        self._distribute()

    def _stretch_column(self) -> int:
        model = self.model()
        stretch = getattr(model, "stretch_column", -1)
        count = self.horizontalHeader().count()
        return stretch if 0 <= stretch < count else count - 1

    def _distribute(self) -> None:
        header = self.horizontalHeader()
        if len(self._natural) != header.count() or not self._natural:
            return
        stretch = self._stretch_column()
        others = sum(
            w for c, w in enumerate(self._natural) if c != stretch and not self.isColumnHidden(c)
        )
        available = self.viewport().width()
        floor = min(self.min_stretch_width, self._natural[stretch])
        width = max(floor, available - others)
        for column, natural in enumerate(self._natural):
            header.resizeSection(column, width if column == stretch else natural)
        rows = self.model().rowCount() if self.model() is not None else 0
        shown = max(1, min(rows, self._max_rows))
        height = header.height() + shown * self.verticalHeader().defaultSectionSize()
        if others + width > available:
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._distribute()


def breakdown_view(
    model: QAbstractItemModel, max_rows: int, on_row: Callable[[QModelIndex], None]
) -> CompactTable:
    """A breakdown table of a panel: sortable by header click, a row click calls ``on_row``.

    No sort until the user clicks a header: the core's order (most requests first, hours
    and days in time order) is the useful default; the model draws the arrow itself.
    """
    view = CompactTable(max_rows=max_rows)
    view.setModel(model)
    view.setSortingEnabled(True)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
    header.setSortIndicatorShown(False)
    header.sortIndicatorChanged.connect(lambda *_: view.fit_rows())
    view.clicked.connect(on_row)
    view.activated.connect(on_row)
    return view
