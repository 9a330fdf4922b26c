"""The data views: a table view with a filter row, and a pair of them for frozen columns.

Frozen columns are a second view on the left sharing the model and the selection model
(the approach of Qt's "Frozen Column" example, laid out side by side instead of overlaid
so each view keeps its own filter row). Rows have a fixed height: STYLE.md forbids
``ResizeToContents`` on big tables.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableView, QWidget

from csvinspect.app.table.filter_row import FilterHeader
from csvinspect.app.table.table_model import GROUP, TableModel

ARROW_HIT_WIDTH = 22  # pixels at the left of an outline cell that fold/unfold the group


class DataView(QTableView):
    """A table view over ``TableModel`` with a filter row and keyboard handling."""

    copy_requested = Signal()
    outline_toggled = Signal(int, object)  # view row, True/False to expand/collapse, None: toggle
    edge_reached = Signal(int, bool)  # view row, True when moving right past the last column

    def __init__(self, parent: QWidget | None = None) -> None:
        self._bottom_margin = 0  # read by updateGeometries, which Qt calls during __init__
        super().__init__(parent)
        self.filter_header = FilterHeader(self)
        self.setHorizontalHeader(self.filter_header)
        # A header click sorts and leaves the selection alone (issue 9: QTableView wires these
        # two signals to select the whole column, and a selected 1M-row column made each sort
        # and the status-bar figures take seconds).
        self.filter_header.sectionPressed.disconnect()
        self.filter_header.sectionEntered.disconnect()
        # setHorizontalHeader hides the sort arrow of a view without Qt's own sorting; the
        # primary sort column shows it (issue 9).
        self.filter_header.setSortIndicatorShown(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table: every control stays reachable
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.horizontalScrollBar().valueChanged.connect(self.filter_header.place_editors)
        self.outline_column: int | None = None

    def set_bottom_margin(self, height: int) -> None:
        """Leave room below the rows, to line up with a neighbour's horizontal scroll bar."""
        self._bottom_margin = height
        self.updateGeometries()

    def updateGeometries(self) -> None:
        # QTableView sets its margins (header sizes) here; add the bottom margin back after.
        super().updateGeometries()
        if self._bottom_margin:
            margins = self.viewportMargins()
            if margins.bottom() != self._bottom_margin:
                self.setViewportMargins(
                    margins.left(), margins.top(), margins.right(), self._bottom_margin
                )
            rows = self.verticalHeader()
            area = self.viewport().geometry()
            rows.setGeometry(rows.x(), area.top(), rows.width(), area.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            event.accept()
            return
        row = self.currentIndex().row()
        if self.outline_column is not None and row >= 0:
            key = event.key()
            expand = {
                Qt.Key.Key_Plus: True,
                Qt.Key.Key_Minus: False,
                Qt.Key.Key_Return: None,
                Qt.Key.Key_Enter: None,
            }
            if key in expand:
                self.outline_toggled.emit(row, expand[key])
                event.accept()
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._on_fold_arrow(index, event.position().x()):
            self.outline_toggled.emit(index.row(), None)
            self.setCurrentIndex(index)
            event.accept()
            return
        super().mousePressEvent(event)

    def _on_fold_arrow(self, index: QModelIndex, x: float) -> bool:
        model = self.model()
        if self.outline_column is None or not index.isValid() or not isinstance(model, TableModel):
            return False
        if index.column() != self.outline_column or not model.row_style(index.row()) & GROUP:
            return False
        return x - self.visualRect(index).left() < ARROW_HIT_WIDTH

    def moveCursor(self, action, modifiers):
        current = self.currentIndex()
        moved = super().moveCursor(action, modifiers)
        sideways = action in (
            QAbstractItemView.CursorAction.MoveLeft,
            QAbstractItemView.CursorAction.MoveRight,
        )
        if sideways and current.isValid() and moved.column() == current.column():
            right = action == QAbstractItemView.CursorAction.MoveRight
            self.edge_reached.emit(current.row(), right)
        return moved


class TableArea(QWidget):
    """Frozen columns on the left, the rest scrolling on the right; one model, one selection."""

    header_clicked = Signal(int, bool)  # logical column, Shift held
    filter_edited = Signal(int, str)
    columns_moved = Signal()
    copy_requested = Signal()
    outline_toggled = Signal(int, object)

    def __init__(self, model: TableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.frozen = DataView(self)
        self.main = DataView(self)
        self.frozen.setModel(model)
        self.main.setModel(model)
        self.frozen.setSelectionModel(self.main.selectionModel())
        # The column headers get a selection model of their own that stays empty: to draw a
        # header Qt asks whether its whole column is selected, one Python flags() call per
        # row (a selected 1M-row column: 15 s per paint). Issue 9.
        for view in (self.frozen, self.main):
            view.filter_header.setSelectionModel(QItemSelectionModel(model, view.filter_header))
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen_count = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.frozen)
        layout.addWidget(self.main, 1)
        self.frozen.hide()
        self._syncing = False
        for view, other in ((self.main, self.frozen), (self.frozen, self.main)):
            view.verticalScrollBar().valueChanged.connect(other.verticalScrollBar().setValue)
            header = view.filter_header
            header.sectionClicked.connect(self._on_header_section_clicked)
            header.filter_edited.connect(self.filter_edited)
            header.sectionMoved.connect(self._on_header_section_moved)
            header.sectionResized.connect(
                lambda col, _old, new, o=other: self._on_header_section_resized(o, col, new)
            )
            view.copy_requested.connect(self.copy_requested)
            view.outline_toggled.connect(self.outline_toggled)
            view.edge_reached.connect(lambda row, right, v=view: self._on_view_edge(v, row, right))
        self.main.selectionModel().currentChanged.connect(self._on_current_changed)

    # -- columns ------------------------------------------------------------------------
    def apply_layout(self, order: list[int], hidden: set[int], frozen_count: int) -> None:
        """Show logical columns in ``order``, hide ``hidden``, freeze the first shown ones."""
        shown = [c for c in order if c not in hidden]
        frozen_count = min(frozen_count, max(len(shown) - 1, 0))
        frozen = set(shown[:frozen_count])
        self.frozen_count = frozen_count
        for view in (self.frozen, self.main):
            header = view.filter_header
            header.blockSignals(True)
            for visual, logical in enumerate(order):
                current = header.visualIndex(logical)
                if current != visual and current >= 0:
                    header.moveSection(current, visual)
            for logical in range(header.count()):
                in_view = logical in frozen if view is self.frozen else logical not in frozen
                header.setSectionHidden(logical, logical in hidden or not in_view)
            header.blockSignals(False)
            header.place_editors()
        self.frozen.setVisible(bool(frozen))
        self.main.verticalHeader().setVisible(not frozen)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn if frozen else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.main.setHorizontalScrollBarPolicy(policy)
        self.frozen.set_bottom_margin(self.main.horizontalScrollBar().sizeHint().height())
        self.apply_frozen_width()
        self.set_outline_column(self.first_shown_column())

    def column_order(self) -> list[int]:
        """Logical columns in on-screen order (frozen ones first)."""
        header = self.main.filter_header
        return [header.logicalIndex(v) for v in range(header.count())]

    def hidden_columns(self) -> set[int]:
        frozen_header, header = self.frozen.filter_header, self.main.filter_header
        return {
            c
            for c in range(header.count())
            if header.isSectionHidden(c) and frozen_header.isSectionHidden(c)
        }

    def first_shown_column(self) -> int:
        hidden = self.hidden_columns()
        return next((c for c in self.column_order() if c not in hidden), 0)

    def set_column_width(self, column: int, width: int) -> None:
        for view in (self.frozen, self.main):
            view.setColumnWidth(column, width)

    def set_outline_column(self, column: int | None) -> None:
        for view in (self.frozen, self.main):
            view.outline_column = (
                column if self.model.row_view and self.model.row_view.outline else None
            )
        if column is not None:
            self.model.set_outline_column(column)

    def apply_frozen_width(self) -> None:
        if not self.frozen.isVisibleTo(self):
            return
        header = self.frozen.filter_header
        width = sum(
            header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)
        )
        width += self.frozen.verticalHeader().sizeHint().width() + 2 * self.frozen.frameWidth()
        self.frozen.setFixedWidth(width)

    # -- filter row and sort indicator ----------------------------------------------------
    def headers(self) -> tuple[FilterHeader, FilterHeader]:
        return self.frozen.filter_header, self.main.filter_header

    def set_sort_indicator(self, column: int | None, descending: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        for header in self.headers():
            header.setSortIndicator(-1 if column is None else column, order)

    def set_filter_text(self, column: int, text: str) -> None:
        for header in self.headers():
            header.set_filter_text(column, text)

    def set_filter_error(self, column: int, message: str | None) -> None:
        for header in self.headers():
            header.set_filter_error(column, message)

    def set_filter_row_visible(self, visible: bool) -> None:
        for header in self.headers():
            header.set_filter_row_visible(visible)

    def filter_editor(self, column: int):
        """The filter editor under ``column``, scrolled into view (editors exist on screen)."""
        view = self.frozen if not self.frozen.filter_header.isSectionHidden(column) else self.main
        row = view.currentIndex().row()
        row = row if row >= 0 else max(view.rowAt(0), 0)
        if self.model.rowCount():
            view.scrollTo(self.model.index(row, column))
        view.filter_header.place_editors()
        return view.filter_header.editor(column)

    # -- rows and focus ------------------------------------------------------------------
    def go_to_row(self, view_row: int) -> None:
        """Make ``view_row`` current, selected and visible."""
        column = max(self.main.currentIndex().column(), self.first_shown_column())
        index = self.model.index(view_row, column)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.main.selectionModel().setCurrentIndex(index, flags)
        self.main.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def setFocus(self) -> None:
        self.main.setFocus()

    def _on_header_section_clicked(self, column: int) -> None:
        header = self.sender()
        modifiers = header.click_modifiers if isinstance(header, FilterHeader) else None
        shift = bool(modifiers is not None and modifiers & Qt.KeyboardModifier.ShiftModifier)
        self.header_clicked.emit(column, shift)

    def _on_header_section_moved(self, _logical: int, _old: int, _new: int) -> None:
        source = self.sender()
        order = [source.logicalIndex(v) for v in range(source.count())]
        for view in (self.frozen, self.main):
            if view.filter_header is not source:
                header = view.filter_header
                header.blockSignals(True)
                for visual, logical in enumerate(order):
                    if header.visualIndex(logical) != visual:
                        header.moveSection(header.visualIndex(logical), visual)
                header.blockSignals(False)
                header.place_editors()
        self.set_outline_column(self.first_shown_column())
        self.columns_moved.emit()

    def _on_header_section_resized(self, other: DataView, column: int, width: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        other.setColumnWidth(column, width)
        self._syncing = False
        self.apply_frozen_width()

    def _on_view_edge(self, view: DataView, row: int, right: bool) -> None:
        hidden = self.hidden_columns()
        shown = [c for c in self.column_order() if c not in hidden]
        if view is self.frozen and right and len(shown) > self.frozen_count:
            target, other = shown[self.frozen_count], self.main
        elif view is self.main and not right and self.frozen_count:
            target, other = shown[self.frozen_count - 1], self.frozen
        else:
            return
        other.setFocus()
        other.setCurrentIndex(self.model.index(row, target))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or not self.frozen_count:
            return
        in_frozen = not self.frozen.filter_header.isSectionHidden(current.column())
        if in_frozen and self.main.hasFocus():
            self.frozen.setFocus()
        elif not in_frozen and self.frozen.hasFocus():
            self.main.setFocus()
