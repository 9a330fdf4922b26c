"""The Problems panel names the right line and jumps there; the model passes qtmodeltester."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csvinspect.core.table import Column, LoadProblem, SourceInfo, Table

RAGGED = 'name,note,count\na,"two\nlines",1\nb,ok,2\nc,short\nd,ok,4\n'


def _problem_table():
    problems = [
        LoadProblem(5, "row has 2 fields, the header has 3", "ragged", 2),
        LoadProblem(6, "undecodable bytes replaced", "invalid_bytes", None),
    ]
    columns = [
        Column("name", pa.array(["a", "b", "c", "d"])),
        Column("note", pa.array(["two\nlines", "ok", "short", "ok"])),
        Column("count", pa.array(["1", "2", None, "4"])),
    ]
    info = SourceInfo("ragged.csv", "utf-8", ",", problems=problems)
    return Table(info, columns, np.array([2, 4, 5, 6], dtype=np.int64))


def test_problems_panel_from_the_loader_names_line_5(qtbot, window, open_text):
    tab = open_text(RAGGED)
    assert tab.banner.isVisibleTo(tab)
    assert "line 5" in tab.banner.label.text()
    tab.show_problems()
    model = tab.problems.model
    lines = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "5" in lines
    row = lines.index("5")
    tab.problems.view.clicked.emit(model.index(row, 0))
    current = tab.area.main.currentIndex()
    assert tab.model.headerData(current.row(), Qt.Orientation.Vertical) == "5"
    assert tab.model.data(tab.model.index(current.row(), 0)) == "c"


def test_clicking_a_problem_jumps_to_its_row_even_when_filtered_out(qtbot, window, open_text):
    tab = open_text("x\n1\n")
    tab.show_table(_problem_table())
    tab.set_column_filter(0, "=a")
    assert tab.model.rowCount() == 1
    tab.show_problems()
    assert tab.problems.isVisibleTo(tab)
    model = tab.problems.model
    assert model.data(model.index(0, 0)) == "5"
    assert "2 fields" in model.data(model.index(0, 2))
    tab.problems.view.clicked.emit(model.index(0, 0))
    assert tab.model.rowCount() == 4  # filters cleared to show the row
    current = tab.area.main.currentIndex()
    assert tab.model.source_row(current.row()) == 2
    assert tab.details.row == 2
    tab.problems.view.clicked.emit(model.index(1, 0))  # no row: found by its line
    assert tab.model.source_row(tab.area.main.currentIndex().row()) == 3


def test_problem_rows_are_shaded_and_explained(window, open_text):
    tab = open_text("x\n1\n")
    tab.show_table(_problem_table())
    index = tab.model.index(2, 0)
    assert tab.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "line 5" in tab.model.data(index, Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def demo_tab(open_files, demo_path):
    return open_files(demo_path)[0]


def _sort(tab):
    tab.sort_by([(tab.table.header.index("Cost"), True)])


def _filter(tab):
    tab.set_column_filter(tab.table.header.index("Success Rate"), "<90")


def _outline(tab):
    tab.set_outline(True)
    tab.set_all_expanded(True)


def _subset(tab):
    tab.show_rows(np.array([0, 1]), "two rows")


STAGES = {"load": [], "sort": [_sort], "filter": [_sort, _filter], "outline": [_sort, _outline]}


@pytest.mark.parametrize("stage", list(STAGES))
def test_model_passes_qtmodeltester(qtmodeltester, demo_tab, stage):
    for step in STAGES[stage]:
        step(demo_tab)
    qtmodeltester.check(demo_tab.model, force_py=True)


def test_model_signals_stay_consistent_through_sort_filter_outline(qtmodeltester, demo_tab):
    """The tester watches every re-layout after the check (persistent indexes, signal order)."""
    qtmodeltester.check(demo_tab.model, force_py=True)
    for step in (_sort, _filter, _outline, _subset):
        step(demo_tab)
    demo_tab.set_outline(False)
    demo_tab.clear_filters()
    assert demo_tab.model.rowCount() == 23


def test_selection_follows_its_row_through_a_sort(demo_tab):
    demo_tab.go_to_row(9)  # ci-bot
    demo_tab.sort_by([(demo_tab.table.header.index("Success Rate"), False)])
    current = demo_tab.area.main.currentIndex()
    assert demo_tab.model.source_row(current.row()) == 9
    assert current.row() == 0  # 38% is the lowest rate


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty (only 2 blank lines)."),
        (b"name,requests\n", "Only a header row, no data rows."),
    ],
)
def test_a_file_without_data_rows_says_so_plainly(open_files, tmp_path, content, said):
    # issue 9: an empty file read "empty (1). Every row is kept; affected rows are shaded"
    path = tmp_path / "nothing.csv"
    path.write_bytes(content)
    (tab,) = open_files(path)
    assert tab.banner.isVisibleTo(tab)
    text = tab.banner.label.text()
    assert said in text
    assert "shaded" not in text and "(1)" not in text


def test_problems_panel_opens_tall_enough_to_read_six_problems(qtbot, window, open_text):
    """Issue 9: the panel opened as a sliver; it shows six problems or a third of the tab."""
    text = "a,b,c\n" + "".join(f"{i},x,y\n" if i % 3 else f"{i},x\n" for i in range(1, 60))
    tab = open_text(text)
    assert len(tab.table.source.problems) > 6
    tab.show_problems()
    QApplication.sendPostedEvents()  # the splitter lays out, as before the next paint
    QApplication.processEvents()
    view = tab.problems.view
    full_rows = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    split = tab.vertical_split
    assert full_rows >= 6
    assert tab.problems.height() <= split.height() // 2 + 1  # the table keeps most of the room
