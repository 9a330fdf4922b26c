"""The table: sorting by value, group rows, highlights, quick filters, hooks for panels."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

LOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def demo_tab(open_files, demo_path):
    return open_files(demo_path)[0]


def _click_header(qtbot, tab, name, modifier=Qt.KeyboardModifier.NoModifier):
    column = tab.table.header.index(name)
    area = tab.area
    view = area.frozen if not area.frozen.filter_header.isSectionHidden(column) else area.main
    view.scrollTo(tab.model.index(0, column))
    header = view.filter_header
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    y = header.viewport().height() // 2
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, QPoint(x, y))


def test_clicking_cost_sorts_by_amount_not_text(qtbot, demo_tab, column_texts):
    _click_header(qtbot, demo_tab, "Cost")
    costs = column_texts(demo_tab, "Cost")
    assert costs[:3] == ["¥0.02", "¥0.02", "¥5.40"]
    assert costs[-1] == "¥1,799.80"  # text order would put "¥1,799.80" before "¥5.40"
    header = demo_tab.area.main.filter_header
    assert header.sortIndicatorSection() == demo_tab.table.header.index("Cost")
    _click_header(qtbot, demo_tab, "Cost")
    assert column_texts(demo_tab, "Cost")[:2] == ["¥1,799.80", "¥988.00"]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_shift_click_adds_a_second_sort_key(qtbot, demo_tab, column_texts):
    _click_header(qtbot, demo_tab, "Type")
    _click_header(qtbot, demo_tab, "Cost", Qt.KeyboardModifier.ShiftModifier)
    types = column_texts(demo_tab, "Type")
    costs = column_texts(demo_tab, "Cost")
    assert types[:6] == ["Group"] * 6
    assert costs[:6] == ["¥0.02", "¥242.00", "¥512.93", "¥566.80", "¥847.60", "¥1,799.80"]
    cost = demo_tab.table.header.index("Cost")
    label = demo_tab.model.headerData(cost, Qt.Orientation.Horizontal)
    assert label.endswith("2▲")


def test_group_rows_are_bold_and_shaded_and_token_rows_are_not(demo_tab):
    model = demo_tab.model
    group, token = model.index(0, 1), model.index(1, 1)
    assert model.data(group, Qt.ItemDataRole.FontRole).bold()
    assert model.data(group, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(token, Qt.ItemDataRole.FontRole) is None
    assert model.data(token, Qt.ItemDataRole.BackgroundRole) is None


def test_numbers_are_right_aligned_text_left(demo_tab):
    model = demo_tab.model
    header = demo_tab.table.header
    cost = model.data(model.index(0, header.index("Cost")), Qt.ItemDataRole.TextAlignmentRole)
    group = model.data(model.index(0, header.index("Group")), Qt.ItemDataRole.TextAlignmentRole)
    assert cost & Qt.AlignmentFlag.AlignRight
    assert group & Qt.AlignmentFlag.AlignLeft


def test_low_success_rate_is_highlighted_and_small_samples_are_muted(demo_tab, column_texts):
    model = demo_tab.model
    rate = demo_tab.table.header.index("Success Rate")
    tokens = column_texts(demo_tab, "Token")
    ci_bot = model.index(tokens.index("ci-bot"), rate)
    frank = model.index(tokens.index("frank-prod"), rate)
    zoe = model.index(tokens.index("zoe-trial"), rate)  # 50% of 6 requests
    assert model.data(ci_bot, Qt.ItemDataRole.BackgroundRole) is not None
    assert "below the threshold" in model.data(ci_bot, Qt.ItemDataRole.ToolTipRole)
    assert model.data(frank, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(zoe, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(zoe, Qt.ItemDataRole.ForegroundRole) is not None
    assert "too few" in model.data(zoe, Qt.ItemDataRole.ToolTipRole)


def test_row_type_quick_filter_and_group_values(demo_tab, column_texts):
    demo_tab.filters.kind_buttons.button(1).click()
    assert set(column_texts(demo_tab, "Type")) == {"Group"}
    assert demo_tab.model.rowCount() == 6
    demo_tab.filters.kind_buttons.button(0).click()
    group = demo_tab.table.header.index("Group")
    demo_tab.filters.set_values(group, frozenset({"vip"}))
    assert column_texts(demo_tab, "Group") == ["vip"] * 5
    assert demo_tab.rows_text() == "Showing 5 of 23 rows"


def test_ctrl_f_focuses_search_and_search_filters(qtbot, window, demo_tab, column_texts):
    window.activateWindow()
    demo_tab.area.main.setFocus()
    qtbot.keyClick(demo_tab.area.main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = demo_tab.filters.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "WALTER")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert column_texts(demo_tab, "Token") == ["walter-bot"]


def test_details_pane_shows_every_field_of_the_current_row(qtbot, demo_tab):
    demo_tab.go_to_row(9)  # heidi's ci-bot
    assert demo_tab.details.row == 9
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in demo_tab.details.widget().findChildren(QLabel)]
    assert "Token row at line 11" in " ".join(texts)
    assert "ci-bot" in texts and "38.00%" in texts and "Failure Reason" in texts


def test_copy_puts_the_selection_as_tsv_with_headers(demo_tab):
    model = demo_tab.model
    header = demo_tab.table.header
    group, cost = header.index("Group"), header.index("Cost")
    selection = QItemSelection(model.index(0, group), model.index(1, group))
    selection.select(model.index(0, cost), model.index(1, cost))
    demo_tab.area.main.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    demo_tab.copy_selection()
    assert QGuiApplication.clipboard().text() == "Group\tCost\ndefault\t¥512.93\ndefault\t¥57.04\n"
    demo_tab.copy_selection(as_csv=True)
    assert QGuiApplication.clipboard().text().startswith("Group,Cost\n")


def test_status_bar_sums_selected_numbers(qtbot, window, demo_tab):
    model = demo_tab.model
    cost = demo_tab.table.header.index("Cost")
    selection = QItemSelection(model.index(1, cost), model.index(3, cost))  # 57.04 59.67 28.16
    with qtbot.waitSignal(demo_tab.status_changed, timeout=2000):
        demo_tab.area.main.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
    assert "sum ¥144.87" in window.selection_label.text()
    assert "count 3" in window.selection_label.text()


def test_hooks_for_panels_show_rows_and_mark_cells(demo_tab, column_texts):
    demo_tab.show_rows(np.array([7, 8, 9]), "Tokens of vip")
    assert column_texts(demo_tab, "Token") == ["frank-prod", "grace-eval", "ci-bot"]
    assert demo_tab.filters.subset.isVisibleTo(demo_tab)
    errors = demo_tab.table.header.index("Errors")
    demo_tab.mark_cells({(9, errors): "558 of 900 requests failed: 401 Invalid API key"})
    index = demo_tab.model.index(2, errors)
    assert "Invalid API key" in demo_tab.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert demo_tab.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    demo_tab.clear_row_subset()
    assert demo_tab.model.rowCount() == 23


def test_column_layout_is_remembered_per_report_kind(
    window, open_files, demo_path, settings, tmp_path
):
    tab = open_files(demo_path)[0]
    layout = tab.column_layout()
    layout.hidden = {"User ID", "Username"}
    layout.frozen = 3
    tab.set_column_layout(layout)
    another = tmp_path / "another_group_health.csv"  # another export of the same kind
    another.write_bytes(demo_path.read_bytes())
    again = open_files(another)[0]
    assert again is not tab
    user_id = again.table.header.index("User ID")
    assert user_id in again.area.hidden_columns()
    assert again.area.frozen_count == 3
    assert again.area.frozen.isVisibleTo(again)


def test_copy_redacts_secrets_and_neutralises_formulas(window, open_text):
    tab = open_text(
        "note,key\n=HYPERLINK(1),sk-abcdefghijklmnopqrstuvwxyz0123456789\n-3.20,plain\n"
    )
    model = tab.model
    selection = QItemSelection(model.index(0, 0), model.index(1, 1))
    tab.area.main.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    tab.copy_selection()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[1].startswith("'=HYPERLINK(1)\t")
    assert "sk-abcdefghijklmnop" not in lines[1]
    assert lines[2] == "-3.20\tplain"  # a plain negative number is left alone


def test_details_pane_pretty_prints_json(window, open_text):
    tab = open_text('id,other\n7,"{""frt"": 812, ""cache_tokens"": 0}"\n')
    tab.go_to_row(0)
    from PySide6.QtWidgets import QPlainTextEdit

    editors = tab.details.widget().findChildren(QPlainTextEdit)
    assert [e.toPlainText() for e in editors] == ['{\n  "frt": 812,\n  "cache_tokens": 0\n}']


def test_ctrl_c_in_the_table_copies_the_selection(qtbot, window, demo_tab):
    model = demo_tab.model
    token = demo_tab.table.header.index("Token")
    demo_tab.area.main.setCurrentIndex(model.index(1, token))
    window.activateWindow()
    demo_tab.area.main.setFocus()
    qtbot.keyClick(demo_tab.area.main, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Token\nalice-laptop\n"
