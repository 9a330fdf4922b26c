"""The bar above the table: search (Ctrl+F), row type, and quick filters by value.

Issue 3: a search box over all or one column, plain text or ``/regex/``; quick filters
for the row type (groups, tokens, both) and the distinct values of group, model, token and
status code. The bar only collects the user's choices; the core computes the rows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from csvinspect.app.widgets.flow_layout import FlowLayout, kept_together
from csvinspect.core.query.distinct import distinct_values
from csvinspect.core.table import RowKind, Table

QUICK_FIELDS = (
    ("group", "Group"),
    ("model", "Model"),
    ("token", "Token"),
    ("status_code", "Status"),
)
ROW_KIND_CHOICES = (
    ("All rows", None),
    ("Groups", frozenset({RowKind.GROUP})),
    ("Tokens", frozenset({RowKind.TOKEN})),
)
SEARCH_DEBOUNCE_MS = 200
_INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; background: #fdecea; }"


class TickMenu(QMenu):
    """A menu of checkable values that stays open while the user ticks several of them.

    issue 9: the Group▾ menu closed after each tick. A click or Space on a checkable
    entry toggles it and keeps the menu open; Return, Escape or a click outside close it.
    """

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if (
            event.key() == Qt.Key.Key_Space
            and action is not None
            and action.isCheckable()
            and action.isEnabled()
        ):
            action.trigger()
            return
        super().keyPressEvent(event)


class QuickFilterBar(QWidget):
    """Search box, scope, row-type buttons and value menus; emits ``query_changed``."""

    query_changed = Signal()
    subset_cleared = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: Table | None = None
        self.values: dict[int, frozenset[str]] = {}
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setToolTip(
            "Find rows containing this text in any column (any case), or /regex/"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.setMinimumWidth(160)
        self.search.setMaximumWidth(360)
        self.scope = QComboBox(self)
        self.scope.setToolTip("Search all columns or one")
        self.scope.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope.setMinimumContentsLength(11)
        self.scope.setAccessibleName("Search in")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.query_changed)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._emit_now)
        self.scope.currentIndexChanged.connect(lambda _i: self._emit_now())

        self.kind_buttons = QButtonGroup(self)
        self.kind_buttons.setExclusive(True)
        # issue 9: a single row set the window's minimum width; the bar wraps instead.
        layout = FlowLayout(self, spacing=6)
        layout.setContentsMargins(6, 2, 6, 2)
        self._flow = layout
        layout.addWidget(kept_together(self, self.search, self.scope))
        self._kind_widgets: list[QToolButton] = []
        for number, (label, _kinds) in enumerate(ROW_KIND_CHOICES):
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setChecked(number == 0)
            button.setToolTip(f"Show {label.lower()}")
            self.kind_buttons.addButton(button, number)
            self._kind_widgets.append(button)
        self._kinds_box = kept_together(self, *self._kind_widgets)
        layout.addWidget(self._kinds_box)
        self.kind_buttons.idClicked.connect(lambda _i: self.query_changed.emit())
        self._value_buttons: dict[int, QToolButton] = {}
        self.subset = QToolButton(self)
        self.subset.setStyleSheet("QToolButton { background: #ffe8a3; border-radius: 3px; }")
        self.subset.setToolTip("Click to show all rows again")
        self.subset.clicked.connect(self.subset_cleared)
        self.subset.hide()
        layout.addWidget(self.subset)
        self.clear = QToolButton(self)
        self.clear.setText("Clear filters")
        self.clear.setToolTip("Clear the search, the filter row and the quick filters")
        self.clear.clicked.connect(self.clear_requested)
        layout.addWidget(self.clear)

    # -- table ---------------------------------------------------------------------------
    def set_table(self, table: Table) -> None:
        """Offer the scope and quick filters that fit this table; keeps the search text."""
        self._table = table
        self.scope.blockSignals(True)
        previous = self.scope.currentText()
        self.scope.clear()
        self.scope.addItem("All columns", None)
        for index, column in enumerate(table.columns):
            self.scope.addItem(column.name, index)
        self.scope.setCurrentIndex(max(self.scope.findText(previous), 0))
        self.scope.blockSignals(False)
        has_kinds = table.row_kinds is not None
        self._kinds_box.setVisible(has_kinds)
        self.values = {}
        for button in self._value_buttons.values():
            self._flow.removeWidget(button)
            button.deleteLater()
        self._value_buttons = {}
        for field, label in QUICK_FIELDS:
            column = table.column_index(field)
            if column is None:
                continue
            button = QToolButton(self)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setProperty("label", label)
            menu = TickMenu(button)
            menu.aboutToShow.connect(lambda c=column, m=menu: self._fill_menu(c, m))
            button.setMenu(menu)
            self._value_buttons[column] = button
            # after the search and the row types, before the subset and Clear filters
            self._flow.insertWidget(1 + len(self._value_buttons), button)
            self._update_value_button(column)

    # -- state ---------------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self.search.text()

    @property
    def search_column(self) -> int | None:
        return self.scope.currentData()

    @property
    def row_kinds(self) -> frozenset[RowKind] | None:
        if self._table is None or self._table.row_kinds is None:
            return None
        return ROW_KIND_CHOICES[max(self.kind_buttons.checkedId(), 0)][1]

    def set_row_kinds(self, choice: int) -> None:
        """0: all rows, 1: groups only, 2: tokens only."""
        self.kind_buttons.button(choice).setChecked(True)
        self.query_changed.emit()

    def set_search_error(self, message: str | None) -> None:
        self.search.setStyleSheet(_INVALID_STYLE if message else "")
        self.search.setToolTip(f"Cannot search: {message}" if message else "")

    def set_subset_label(self, label: str | None) -> None:
        self.subset.setVisible(label is not None)
        if label is not None:
            self.subset.setText(f"{elided(label)}  ×")
            self.subset.setToolTip(f"Showing {label}. Click to show all rows again")

    def reset(self) -> None:
        """Clear search, row type and value filters without emitting."""
        # Not with blocked signals: the box hides its ⓧ button on its own textChanged
        # (issue 9); the search that this starts is stopped at once.
        self.search.clear()
        self._timer.stop()
        self.set_search_error(None)
        self.kind_buttons.button(0).setChecked(True)
        self.values = {}
        for column in self._value_buttons:
            self._update_value_button(column)

    def _emit_now(self) -> None:
        self._timer.stop()
        self.query_changed.emit()

    # -- value menus -----------------------------------------------------------------------
    def _fill_menu(self, column: int, menu: QMenu) -> None:
        menu.clear()
        chosen = self.values.get(column, frozenset())
        any_value = QAction("Any value", menu)
        any_value.triggered.connect(lambda: self._set_values(column, frozenset()))
        menu.addAction(any_value)
        menu.addSeparator()
        for value, count in distinct_values(self._table, column):
            action = QAction(f"{value}   ({count:,})", menu)
            action.setCheckable(True)
            action.setChecked(value in chosen)
            action.toggled.connect(lambda on, v=value: self._toggle_value(column, v, on))
            menu.addAction(action)

    def _toggle_value(self, column: int, value: str, on: bool) -> None:
        chosen = set(self.values.get(column, frozenset()))
        if on:
            chosen.add(value)
        else:
            chosen.discard(value)
        self._set_values(column, frozenset(chosen))

    def _set_values(self, column: int, values: frozenset[str]) -> None:
        if values:
            self.values[column] = values
        else:
            self.values.pop(column, None)
        self._update_value_button(column)
        self.query_changed.emit()

    def set_values(self, column: int, values: frozenset[str]) -> None:
        """Quick-filter ``column`` to ``values`` (empty: any value)."""
        self._set_values(column, values)

    def _update_value_button(self, column: int) -> None:
        button = self._value_buttons[column]
        label = button.property("label")
        chosen = self.values.get(column)
        if not chosen:
            button.setText(label)
            button.setStyleSheet("")
        else:
            shown = next(iter(chosen)) if len(chosen) == 1 else f"{len(chosen)} values"
            button.setText(f"{label}: {elided(shown)}")
            button.setStyleSheet("QToolButton { background: #dbe7fb; border-radius: 3px; }")
        tip = f"Show only rows with these {label.lower()} values"
        if chosen:
            tip += ":\n" + "\n".join(sorted(chosen)[:20])
        button.setToolTip(tip)
        button.setAccessibleName(f"{label} filter")


def elided(text: str, limit: int = 32) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a long token or model name in
    a button would widen the bar (issue 9); the full text is in the tooltip."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def focus_search(bar: QuickFilterBar) -> None:
    bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
    bar.search.selectAll()
