"""Sorting keeps the user's place and selection; the status bar's figures stay honest.

Issue 9, bugs 8, 9 and 10: a sort, filter or search sent the view to the top; the sort arrow
never showed; a header click selected the whole column (seconds on 1M rows); the figures of
rows filtered away stayed in the status bar; group and token rows were summed together.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from csvinspect.app.table.table_model import TableModel

ROWS = 300


@pytest.fixture
def demo_tab(open_files, demo_path):
    return open_files(demo_path)[0]


@pytest.fixture
def scores_tab(open_text):
    # score is a shuffle of 0..299 (119 is prime to 300): row n=0 has the lowest score
    lines = ["n,score"] + [f"{i},{(i * 119) % ROWS}" for i in range(ROWS)]
    return open_text("\n".join(lines) + "\n")


def _header_of(tab, column):
    area = tab.area
    frozen = not area.frozen.filter_header.isSectionHidden(column) and area.frozen_count
    return (area.frozen if frozen else area.main).filter_header


def _click_header(qtbot, tab, name, modifier=Qt.KeyboardModifier.NoModifier):
    column = tab.table.header.index(name)
    header = _header_of(tab, column)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    y = header.viewport().height() // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(x, y))


def _select(qtbot, tab, top, bottom, name):
    model, column = tab.model, tab.table.header.index(name)
    selection = QItemSelection(model.index(top, column), model.index(bottom, column))
    with qtbot.waitSignal(tab.status_changed, timeout=2000):
        tab.area.main.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )


def _selected_source_rows(tab):
    rows = {i.row() for i in tab.area.main.selectionModel().selectedIndexes()}
    return sorted(tab.model.source_row(r) for r in rows)


# -- bug 8: the place, the arrow, the header labels, the shortcuts ------------------------------


def test_a_sort_keeps_the_scroll_position_instead_of_going_to_the_top(qtbot, window, scores_tab):
    view = scores_tab.area.main
    view.verticalScrollBar().setValue(150)  # the user scrolled down without clicking a row
    sort_up = next(a for a in window.findChildren(QAction) if a.text().startswith("Sort &Asc"))
    sort_up.trigger()  # View > Sort Ascending by n, the current column: rows stay in order
    assert view.verticalScrollBar().value() == 150
    _click_header(qtbot, scores_tab, "score")
    assert scores_tab.model.data(scores_tab.model.index(0, 1)) == "0"  # sorted by score
    assert view.verticalScrollBar().value() == 150


def test_a_sort_keeps_the_clicked_row_where_it_was_on_screen(qtbot, scores_tab):
    view = scores_tab.area.main
    view.verticalScrollBar().setValue(100)
    y = view.rowViewportPosition(view.rowAt(0) + 5) + 3
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(40, y))  # fmt: skip
    current = view.currentIndex()
    source, before = (
        scores_tab.model.source_row(current.row()),
        view.rowViewportPosition(current.row()),
    )
    _click_header(qtbot, scores_tab, "score")
    current = view.currentIndex()
    assert scores_tab.model.source_row(current.row()) == source
    assert view.rowViewportPosition(current.row()) == before


def test_a_filter_keeps_the_scroll_position(qtbot, scores_tab):
    view = scores_tab.area.main
    view.verticalScrollBar().setValue(120)
    scores_tab.set_column_filter(0, "!=7")  # one row fewer, far above the screen
    assert view.verticalScrollBar().value() == 120


def test_the_first_sort_key_shows_an_arrow(qtbot, demo_tab):
    _click_header(qtbot, demo_tab, "Requests")
    header = demo_tab.area.main.filter_header
    assert header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == demo_tab.table.header.index("Requests")


@pytest.mark.parametrize(("first", "second"), [("Type", "Requests"), ("Requests", "Type")])
def test_shift_click_across_the_frozen_pane_keeps_every_header_label(
    qtbot, demo_tab, first, second
):
    assert demo_tab.area.frozen_count  # Type and Group are frozen in a group-health export
    _click_header(qtbot, demo_tab, first)
    _click_header(qtbot, demo_tab, second, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()  # the headers' deferred re-layout, as on screen
    for header in demo_tab.area.headers():
        labels = header.viewport().height()
        assert labels > 0
        editors = [header.editor(c) for c in range(header.count())]
        shown = [e for e in editors if e is not None and e.isVisible()]
        assert shown and all(e.geometry().top() >= labels for e in shown)  # none over a label


def test_sort_shortcuts_leave_the_desktop_workspace_keys_alone(qtbot, window, demo_tab):
    taken = {QKeySequence("Ctrl+Alt+Up"), QKeySequence("Ctrl+Alt+Down")}
    for action in window.findChildren(type(window.actions.filter_row)):
        assert not taken & set(action.shortcuts()), action.text()
    view = demo_tab.area.main
    view.setFocus()
    view.setCurrentIndex(demo_tab.model.index(0, demo_tab.table.header.index("Requests")))
    QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    column = demo_tab.table.header.index("Requests")
    assert demo_tab.model.data(demo_tab.model.index(0, column)) == "8,790"  # largest first


# -- bug 9: a header click selects nothing; figures follow the filter ---------------------------


def test_a_header_click_sorts_without_selecting_the_column(qtbot, window, demo_tab):
    _click_header(qtbot, demo_tab, "Cost")
    assert demo_tab.model.data(demo_tab.model.index(0, demo_tab.table.header.index("Cost")))
    assert demo_tab.area.main.selectionModel().selection().isEmpty()
    assert window.selection_label.text() == ""


def test_a_selection_survives_a_sort_with_its_figures(qtbot, window, demo_tab):
    _select(qtbot, demo_tab, 1, 3, "Cost")  # alice, bob, carol: 57.04 + 59.67 + 28.16
    assert "sum ¥144.87" in window.selection_label.text()
    _click_header(qtbot, demo_tab, "Requests")
    assert _selected_source_rows(demo_tab) == [1, 2, 3]
    qtbot.waitUntil(lambda: "sum ¥144.87" in window.selection_label.text(), timeout=2000)


def test_figures_clear_when_the_selected_rows_are_filtered_away(qtbot, window, demo_tab):
    _select(qtbot, demo_tab, 1, 3, "Cost")
    assert "sum ¥144.87" in window.selection_label.text()
    demo_tab.set_column_filter(demo_tab.table.header.index("Group"), "=vip")
    qtbot.waitUntil(lambda: window.selection_label.text() == "", timeout=2000)


# -- bug 10: group rows and token rows are never added together ---------------------------------


def test_the_cost_column_of_the_demo_is_summed_per_row_kind(qtbot, window, demo_tab):
    _select(qtbot, demo_tab, 0, demo_tab.model.rowCount() - 1, "Cost")
    text = window.selection_label.text()
    assert "groups: sum ¥3,969.15" in text and "tokens: sum ¥3,969.15" in text
    assert "7,938.30" not in text  # the old sum: every yuan twice


def test_a_selected_column_paints_without_asking_every_row(qtbot, monkeypatch, open_text):
    # Qt drew a column header by asking every row of a selected column for its flags: one
    # Python call per row, 15 s per paint on 1M rows. Counted here, not timed.
    asked = []
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    monkeypatch.setattr(TableModel, "flags", lambda _m, _i: asked.append(1) or flags)
    rows = 3_000
    tab = open_text("n\n" + "\n".join(str(i) for i in range(rows)) + "\n")
    _select(qtbot, tab, 0, rows - 1, "n")  # the window repaints meanwhile
    tab.area.main.horizontalHeader().viewport().repaint()
    assert asked  # the cells on screen were asked
    assert len(asked) < rows // 5  # not each of the 3,000 rows
