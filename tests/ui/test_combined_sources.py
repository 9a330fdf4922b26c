"""A combined view says, per row, which file and line it came from (issue 9)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

LOAD_TIMEOUT_MS = 20_000

DAY_1 = "request_id,model,quota\nr1,gpt-4o,500\nr2,gpt-4o,600\n"
DAY_2 = "request_id,model,quota\nr1,gpt-4o,500\nr3,claude,700\nr4,gpt-4o,800,extra\n"


def _open(qtbot, window, tmp_path):
    first, second = tmp_path / "monday.csv", tmp_path / "tuesday.csv"
    first.write_text(DAY_1, encoding="utf-8")
    second.write_text(DAY_2, encoding="utf-8")
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab = window.open_combined([first, second])
    return tab


def _row_of(tab, request_id):
    model = tab.model
    column = tab.table.header.index("request_id")
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == request_id)


def test_the_table_shows_each_rows_file_and_own_line(qtbot, window, tmp_path):
    tab = _open(qtbot, window, tmp_path)
    model = tab.model
    file_column = tab.table.header.index("Source file")
    line_column = tab.table.header.index("Source line")

    row = _row_of(tab, "r3")

    assert model.index(row, file_column).data() == "tuesday.csv"
    assert model.index(row, line_column).data() == "3"
    assert model.headerData(row, Qt.Orientation.Vertical) == "3"
    tooltip = model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Line 3 of tuesday.csv"
    # The first file's line 3 is another row, and says so.
    other = _row_of(tab, "r2")
    assert model.index(other, file_column).data() == "monday.csv"
    assert model.headerData(other, Qt.Orientation.Vertical) == "3"


def test_the_details_pane_names_the_file_of_the_row(qtbot, window, tmp_path):
    tab = _open(qtbot, window, tmp_path)

    tab.go_to_row(tab.model.source_row(_row_of(tab, "r3")))

    titles = [label.text() for label in tab.details.findChildren(QLabel)]
    assert "<b>Row at line 3 of tuesday.csv</b>" in titles


def test_a_problem_names_its_file_and_leads_to_that_files_row(qtbot, window, tmp_path):
    tab = _open(qtbot, window, tmp_path)
    tab.show_problems()
    panel = tab.problems
    model = panel.model
    ragged = next(r for r in range(model.rowCount()) if model.problem(r).code == "ragged")

    assert model.index(ragged, 0).data() == "tuesday.csv:4"
    assert "while reading these files (tuesday.csv:4)" in tab.banner.label.text()
    qtbot.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.view.visualRect(model.index(ragged, 1)).center(),
    )

    current = tab.area.main.currentIndex()
    request_id = tab.table.header.index("request_id")
    assert tab.model.index(current.row(), request_id).data() == "r4"
