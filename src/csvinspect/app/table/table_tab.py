"""One open export: import bar, filters, the table, its problems and the details pane.

The tab wires widgets to the core ``RowView``; it holds no data logic of its own. The
right-hand side panel has room for more panels (``add_side_panel``: the Health panel),
and ``show_rows``/``mark_cells`` let such a panel point at rows and cells.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from csvinspect.app.loading.combine_note import CombineNote
from csvinspect.app.loading.import_bar import ImportBar
from csvinspect.app.loading.load_strip import LoadStrip
from csvinspect.app.loading.load_worker import Loader, LoadRequest
from csvinspect.app.loading.problems_panel import ProblemBanner, ProblemsPanel
from csvinspect.app.settings import AppSettings
from csvinspect.app.table import clipboard
from csvinspect.app.table.column_chooser import ColumnChooser
from csvinspect.app.table.column_layout import ColumnLayout, default_layout
from csvinspect.app.table.column_widths import fit_column_widths
from csvinspect.app.table.details_pane import DetailsPane
from csvinspect.app.table.font_note import FontNote
from csvinspect.app.table.keep_place import relayout_keeping_place
from csvinspect.app.table.quick_filters import QuickFilterBar, focus_search
from csvinspect.app.table.table_model import TableModel
from csvinspect.app.table.table_view import TableArea
from csvinspect.core.analysis.formatting import counted
from csvinspect.core.query.filters import SEARCH, TableQuery
from csvinspect.core.query.highlight import RowHighlights, row_highlights
from csvinspect.core.query.row_view import RowView
from csvinspect.core.query.stats import describe_stats, selection_stats
from csvinspect.core.requests.row_marks import RequestRowMarks
from csvinspect.core.table import LoadProblem, ReadOptions, Table

PROBLEMS_SHOWN = 6  # problems the Problems panel shows without scrolling when it opens


class TableTab(QWidget):
    """A tab showing one export, loaded in the background."""

    load_finished = Signal()  # a (re)load finished and its table is on screen
    load_failed = Signal(str)
    loading_changed = Signal(bool)
    table_replaced = Signal(object)  # Table, after every (re)load: panels re-analyse
    status_changed = Signal()  # rows shown or selection stats changed
    message_posted = Signal(str)  # a short note for the status bar
    filters_cleared = Signal()  # every filter was cleared: the side panel clears its own too
    subset_cleared = Signal()  # the user removed the row subset (the "×" on its label)

    def __init__(
        self,
        request: LoadRequest,
        settings: AppSettings,
        pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.request = request
        self._settings = settings
        self._view: RowView | None = None
        self._column_filters: dict[int, str] = {}
        self._subset: tuple[np.ndarray, str] | None = None
        self._selection_text = ""

        self.loader = Loader(pool, self)
        self.import_bar = ImportBar(self)
        self.load_strip = LoadStrip(self)
        self.banner = ProblemBanner(self)
        self.combine_note = CombineNote(self)  # several exports in one tab (issue 5)
        self.font_note = FontNote(self)  # text the fonts draw as boxes (issue 9)
        self.filters = QuickFilterBar(self)
        self.model = TableModel(parent=self)
        self.area = TableArea(self.model, self)
        self.problems = ProblemsPanel(self)
        self.problems.hide()
        self.details = DetailsPane(self)
        self.side = QTabWidget(self)
        self.side.addTab(self.details, "Details")
        self.side.setMinimumWidth(220)

        self.vertical_split = QSplitter(Qt.Orientation.Vertical, self)
        self.vertical_split.addWidget(self.area)
        self.vertical_split.addWidget(self.problems)
        self.vertical_split.setStretchFactor(0, 4)
        self.horizontal_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.horizontal_split.addWidget(self.vertical_split)
        self.horizontal_split.addWidget(self.side)
        self.horizontal_split.setStretchFactor(0, 4)
        self.horizontal_split.setStretchFactor(1, 1)
        self.horizontal_split.setSizes([1000, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        bars = (
            self.import_bar,
            self.load_strip,
            self.banner,
            self.font_note,
            self.combine_note,
            self.filters,
        )
        for widget in bars:
            layout.addWidget(widget)
        layout.addWidget(self.horizontal_split, 1)

        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(40)
        self._stats_timer.timeout.connect(self._update_selection_stats)
        self._connect()
        self.import_bar.set_options(request.options)
        # Nothing detected yet: the bars appear with the first table, not with blank values.
        self.import_bar.hide()
        self.filters.hide()

    def _connect(self) -> None:
        self.loader.progress_changed.connect(self._on_loader_progress_changed)
        self.loader.typing_changed.connect(self._on_loader_typing_changed)
        self.loader.load_finished.connect(self._on_loader_load_finished)
        self.loader.load_failed.connect(self._on_loader_load_failed)
        self.loader.load_cancelled.connect(self._on_loader_load_cancelled)
        self.import_bar.options_changed.connect(self.start_load)
        self.import_bar.option_rejected.connect(self.message_posted)
        self.load_strip.cancel_requested.connect(self.loader.cancel)
        self.load_strip.retry_requested.connect(lambda: self.start_load(self.request.options))
        self.banner.show_requested.connect(self.show_problems)
        self.problems.problem_activated.connect(self.go_to_problem)
        self.problems.close_requested.connect(self.problems.hide)
        self.filters.query_changed.connect(self._apply_query)
        self.filters.subset_cleared.connect(self.clear_row_subset)
        self.filters.subset_cleared.connect(self.subset_cleared)
        self.filters.clear_requested.connect(self.clear_filters)
        self.area.header_clicked.connect(self._on_area_header_clicked)
        self.area.filter_edited.connect(self._on_area_filter_edited)
        self.area.columns_moved.connect(self._save_column_layout)
        self.area.copy_requested.connect(lambda: self.copy_selection(as_csv=False))
        self.area.outline_toggled.connect(self._on_area_outline_toggled)
        selection = self.area.main.selectionModel()
        selection.currentRowChanged.connect(self._on_selection_current_row_changed)
        selection.selectionChanged.connect(lambda *_a: self._stats_timer.start())

    # -- loading ---------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.request.name

    @property
    def table(self) -> Table | None:
        return None if self._view is None else self._view.table

    @property
    def row_view(self) -> RowView | None:
        return self._view

    @property
    def is_loading(self) -> bool:
        return self.loader.is_loading

    def start_load(self, options: ReadOptions | None = None) -> None:
        """(Re-)read the source in the background; a newer read replaces an older one."""
        if options is not None:
            self.request = self.request.with_options(options)
            self.import_bar.set_options(options)
        self.loader.start(self.request)
        self.load_strip.show_loading(self.title)
        self.loading_changed.emit(True)

    def _on_loader_progress_changed(self, done: int, total: int, rows: int | None) -> None:
        self.load_strip.show_progress(self.title, done, total, rows)

    def _on_loader_typing_changed(self, done: int, total: int, rows: int) -> None:
        self.load_strip.show_typing(self.title, done, total, rows)

    def _on_loader_load_finished(self, table: Table) -> None:
        self.load_strip.show_rows_loaded(table.n_rows)
        self.combine_note.show_combined(self.loader.combined)
        self.show_table(table)
        self.load_strip.hide()
        self.loading_changed.emit(False)
        self.load_finished.emit()

    def _on_loader_load_failed(self, message: str) -> None:
        self.load_strip.show_error(self.title, message, can_change_options=self.table is not None)
        self.loading_changed.emit(False)
        self.load_failed.emit(message)

    def _on_loader_load_cancelled(self) -> None:
        self.load_strip.show_cancelled(self.title)
        self.loading_changed.emit(False)
        self.load_failed.emit("cancelled")

    def show_table(self, table: Table) -> None:
        """Show a loaded table; filters and sort survive a re-read with the same header."""
        previous = self.table
        same_header = previous is not None and previous.header == table.header
        view = RowView(table)
        self._subset = None  # row numbers of the old table mean nothing in the new one
        if same_header and self._view is not None:
            view.set_sort(self._view.sort_keys)
        else:
            self._column_filters = {}
            self.area.set_sort_indicator(None, False)
        self._view = view
        self.model.set_row_view(view, self._row_highlights(table))
        self.import_bar.show_source(table.source, table.n_rows, len(table.columns))
        self.import_bar.show()
        self.filters.show()
        self.filters.set_table(table)
        if not same_header:
            self.filters.reset()
            for header in self.area.headers():
                header.clear_filters()
        self.banner.set_problems(table.source.problems)
        self.font_note.check(table, self.area.main.font())
        self.problems.set_problems(table.source.problems)
        if not table.source.problems:
            self.problems.hide()
        self.details.set_table(table)
        self._apply_column_layout()
        self._apply_query()
        fit_column_widths(self.area)
        if not self.area.main.currentIndex().isValid() and self.model.rowCount():
            # Show the first row's fields in the details pane without selecting anything.
            first = self.model.index(0, self.area.first_shown_column())
            self.area.main.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self.table_replaced.emit(table)

    def _row_highlights(self, table: Table) -> RowHighlights:
        return row_highlights(
            table, self._settings.low_rate_threshold(), self._settings.min_requests()
        )

    def refresh_highlights(self) -> None:
        """Highlight rows with the user's current thresholds, keeping sort, filters and the
        row subset (issue 10: a new threshold re-showed the table and dropped the subset)."""
        if self.table is not None:
            self.model.set_highlights(self._row_highlights(self.table))

    # -- columns ---------------------------------------------------------------------------
    def column_layout(self) -> ColumnLayout:
        table = self.table
        if table is None:
            return ColumnLayout()
        names = table.header
        return ColumnLayout(
            order=[names[c] for c in self.area.column_order()],
            hidden={names[c] for c in self.area.hidden_columns()},
            frozen=self.area.frozen_count,
        )

    def _apply_column_layout(self, layout: ColumnLayout | None = None) -> None:
        table = self.table
        kind = table.source.kind.value
        fields = [c.field for c in table.columns]
        layout = (
            layout
            or self._settings.column_layout(kind)
            or default_layout(table.header, kind, fields)
        )
        order, hidden, frozen = layout.resolve(table.header)
        self.area.apply_layout(order, hidden, frozen)

    def _save_column_layout(self) -> None:
        if self.table is not None:
            self._settings.set_column_layout(self.table.source.kind.value, self.column_layout())

    def choose_columns(self) -> None:
        if self.table is None:
            return
        chooser = ColumnChooser(self.table.header, self.column_layout(), self)
        if chooser.exec():
            self.set_column_layout(chooser.layout_chosen())

    def set_column_layout(self, layout: ColumnLayout) -> None:
        self._apply_column_layout(layout)
        self._save_column_layout()
        fit_column_widths(self.area)

    def set_frozen_count(self, count: int) -> None:
        layout = self.column_layout()
        layout.frozen = count
        self.set_column_layout(layout)

    def fit_columns(self) -> None:
        fit_column_widths(self.area)

    # -- sorting ---------------------------------------------------------------------------
    def _on_area_header_clicked(self, column: int, shift: bool) -> None:
        if self._view is None:
            return
        keys = list(self._view.sort_keys)
        position = next((i for i, (c, _d) in enumerate(keys) if c == column), None)
        if position is not None and (shift or position == 0):
            keys[position] = (column, not keys[position][1])
        elif shift:
            keys.append((column, False))
        else:
            keys = [(column, False)]
        self.sort_by(keys)

    def sort_by(self, keys: list[tuple[int, bool]]) -> None:
        """Sort by (column, descending) keys, most significant first; [] is file order."""
        if self._view is None:
            return
        self._view.set_sort(keys)
        self._relayout()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.table.columns) - 1)
        self.area.set_sort_indicator(keys[0][0] if keys else None, bool(keys and keys[0][1]))

    def sort_current_column(self, descending: bool, add: bool = False) -> None:
        column = self.area.main.currentIndex().column()
        if self._view is None or column < 0:
            return
        keys = [k for k in self._view.sort_keys if k[0] != column] if add else []
        self.sort_by([*keys, (column, descending)])

    def _relayout(self) -> None:
        """Show the view's new order in place: selection, current row and scroll are kept."""
        note = relayout_keeping_place(self.area, self.model)
        if note:
            self.message_posted.emit(note)
        self._stats_timer.start()  # selected rows may have been filtered away (issue 9)

    # -- filtering -------------------------------------------------------------------------
    def _on_area_filter_edited(self, column: int, text: str) -> None:
        self.area.set_filter_text(column, text)
        self._column_filters[column] = text
        self._apply_query()

    def set_column_filter(self, column: int, text: str) -> None:
        """Type ``text`` into a column's filter (as the user would) and apply it."""
        self.area.set_filter_text(column, text)
        self._on_area_filter_edited(column, text)

    def _apply_query(self) -> None:
        if self._view is None:
            return
        query = TableQuery(
            search=self.filters.search_text,
            search_column=self.filters.search_column,
            column_filters={c: t for c, t in self._column_filters.items() if t.strip()},
            row_kinds=self.filters.row_kinds,
            value_filters=dict(self.filters.values),
            rows=None if self._subset is None else self._subset[0],
        )
        self._view.set_query(query)
        self._relayout()
        errors = self._view.errors
        for column in range(len(self.table.columns)):
            self.area.set_filter_error(column, errors.get(column))
        self.filters.set_search_error(errors.get(SEARCH))
        self.filters.set_subset_label(None if self._subset is None else self._subset[1])
        self.status_changed.emit()

    def clear_filters(self) -> None:
        """Clear the search, the filter row, the quick filters and the panel's filter.

        Clear filters, Edit > Clear All Filters and a jump to a filtered-out problem all come
        here; issue 9: the menu left the Requests panel filtering its cards.
        """
        self._column_filters = {}
        self._subset = None
        for header in self.area.headers():
            header.clear_filters()
        self.filters.reset()
        self._apply_query()
        self.filters_cleared.emit()

    def focus_search(self) -> None:
        focus_search(self.filters)

    def focus_column_filter(self) -> None:
        """Put the cursor in the filter row under the current column (Ctrl+L)."""
        column = self.area.main.currentIndex().column()
        editor = self.area.filter_editor(max(column, self.area.first_shown_column()))
        if editor is not None:
            self.area.set_filter_row_visible(True)
            editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
            editor.selectAll()

    def set_row_kinds(self, choice: int) -> None:
        self.filters.set_row_kinds(choice)

    # -- hooks for panels (the ``PanelHost`` interface of app/panels/panel.py) ---------------
    def show_rows(self, rows: np.ndarray, label: str) -> None:
        """Show only these source rows (with the other filters), with a removable label."""
        self._subset = (np.asarray(rows, dtype=np.int64), label)
        self._apply_query()

    def clear_row_subset(self) -> None:
        self._subset = None
        self._apply_query()

    def mark_cells(self, marks: Mapping[tuple[int, int], str]) -> None:
        """Shade cells keyed (source row, column) and show the text as their tooltip."""
        self.model.set_cell_marks(marks)

    def mute_rows(self, rows: np.ndarray | None) -> None:
        """Show these rows' text muted (bool per source row): account events, not requests."""
        self.model.set_account_rows(rows)

    def mark_requests(self, marks: RequestRowMarks | None) -> None:
        """Mark failed requests' status cells, mute in-progress rows (issue 11)."""
        self.model.set_request_marks(marks)

    def add_side_panel(self, widget: QWidget, title: str) -> int:
        """Add a panel beside the table (next to Details); returns its tab index."""
        return self.side.addTab(widget, title)

    def go_to_row(self, source_row: int) -> bool:
        """Select and show a source row, unfolding or clearing filters if it is hidden."""
        view = self._view
        if view is None or not 0 <= source_row < view.table.n_rows:
            return False
        if view.view_row(source_row) is None and view.outline:
            group = int(view.group_of[source_row])
            if group >= 0:
                view.set_expanded([group], True)
                self.model.relayout()
        if view.view_row(source_row) is None:
            self.clear_filters()
            self.message_posted.emit(f"Filters cleared to show {view.table.row_place(source_row)}")
        view_row = view.view_row(source_row)
        if view_row is None:
            return False
        self.area.go_to_row(view_row)
        self.area.setFocus()
        return True

    # -- problems ---------------------------------------------------------------------------
    def show_problems(self) -> None:
        if self.table is not None and self.table.source.problems:
            self.problems.show()
            self._size_problems(len(self.table.source.problems))
            self.problems.view.setFocus()

    def _size_problems(self, count: int) -> None:
        """Open the Problems panel tall enough to read: six problems (or all, if fewer) or a
        third of the tab, whichever is taller, never more than half (issue 9: it opened as a
        sliver of two rows)."""
        split = self.vertical_split
        total = split.height() - split.handleWidth()
        if total <= 0:
            return  # not laid out yet: the splitter's own share applies
        wanted = max(self.problems.height_for_rows(min(count, PROBLEMS_SHOWN)), total // 3)
        wanted = min(wanted, total // 2)
        if split.sizes()[1] < wanted:
            split.setSizes([total - wanted, wanted])

    def go_to_problem(self, problem: LoadProblem) -> None:
        table = self.table
        if table is None:
            return
        row = problem.row
        if row is None and problem.line is not None:
            row = table.row_at_line(problem.line, problem.source)
        if row is not None:
            self.go_to_row(row)

    # -- outline ---------------------------------------------------------------------------
    @property
    def has_outline(self) -> bool:
        return self._view is not None and self._view.has_outline

    def set_outline(self, on: bool) -> None:
        if self._view is None:
            return
        current = self._current_source_row()
        self._view.set_outline(on)
        self.area.set_outline_column(self.area.first_shown_column())
        self.model.relayout()
        fit_column_widths(self.area, grow_only=True)  # room for the fold arrows and indents
        if current is not None and self._view.view_row(current) is not None:
            self.area.go_to_row(self._view.view_row(current))
        self.status_changed.emit()

    def set_all_expanded(self, expanded: bool) -> None:
        if self._view is not None and self._view.outline:
            self._view.set_all_expanded(expanded)
            self.model.relayout()
            self.status_changed.emit()

    def _on_area_outline_toggled(self, view_row: int, expand: bool | None) -> None:
        view = self._view
        source = self.model.source_row(view_row)
        group = int(view.group_of[source])
        if group < 0:
            return
        if group != source and expand is not False:
            return  # + or Enter on a token: nothing to unfold
        new_state = (not view.expanded[group]) if expand is None else expand
        view.set_expanded([group], new_state)
        self.model.relayout()
        position = view.view_row(group)
        if position is not None:
            self.area.go_to_row(position)
        self.status_changed.emit()

    # -- selection, details, status -----------------------------------------------------------
    def _current_source_row(self) -> int | None:
        current = self.area.main.currentIndex()
        return self.model.source_row(current.row()) if current.isValid() else None

    def _on_selection_current_row_changed(self, current: QModelIndex, _previous) -> None:
        self.details.show_row(self.model.source_row(current.row()) if current.isValid() else None)

    def _update_selection_stats(self) -> None:
        view = self._view
        selection = self.area.main.selectionModel().selection()
        if view is None or selection.isEmpty():
            self._selection_text = ""
        else:
            spans = [
                (
                    self.model.source_rows(slice(r.top(), r.bottom() + 1)),
                    list(range(r.left(), r.right() + 1)),
                )
                for r in selection
            ]
            self._selection_text = describe_stats(selection_stats(view.table, spans))
        self.status_changed.emit()

    def rows_text(self) -> str:
        view = self._view
        if view is None:
            return "Loading…" if self.is_loading else ""
        total = view.table.n_rows
        shown = self.model.rowCount()
        if view.outline:
            return (
                f"Outline: {counted(shown, 'row')} shown · {view.matching_count:,} of"
                f" {total:,} match"
            )
        if shown == total:
            return counted(total, "row")
        return f"Showing {shown:,} of {counted(total, 'row')}"

    def selection_text(self) -> str:
        return self._selection_text

    def copy_selection(self, as_csv: bool = False, exact: bool = False) -> None:
        if self._view is None:
            return
        hidden = self.area.hidden_columns()
        order = [c for c in self.area.column_order() if c not in hidden]
        try:
            grid = clipboard.selected_cells(
                self.model, self.area.main.selectionModel(), order, exact=exact
            )
        except clipboard.SelectionTooLarge as exc:
            self.message_posted.emit(f"Selection too large to copy ({exc}); filter it first")
            return
        if not grid:
            return
        clipboard.copy_to_clipboard(grid, as_csv=as_csv)
        what = "CSV" if as_csv else "tab-separated text"
        secrets = "exact text, secrets included" if exact else "secrets redacted"
        self.message_posted.emit(
            f"Copied {counted(len(grid) - 1, 'row')} × {counted(len(grid[0]), 'column')}"
            f" as {what} ({secrets})"
        )

    def sizeHint(self) -> QSize:
        return QSize(1200, 800)
