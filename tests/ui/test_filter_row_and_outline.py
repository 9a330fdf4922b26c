"""The filter row syntax, bad filters shown as such, and the outline of groups and tokens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit


@pytest.fixture
def demo_tab(open_files, demo_path):
    return open_files(demo_path)[0]


def _type_filter(qtbot, tab, name, text):
    editor = tab.area.filter_editor(tab.table.header.index(name))
    assert editor.isVisible()
    editor.clear()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_filter_row_below_80_percent(qtbot, demo_tab, column_texts):
    _type_filter(qtbot, demo_tab, "Success Rate", "<80%")
    rates = column_texts(demo_tab, "Success Rate")
    assert rates == ["38.00%", "62.64%", "63.97%", "58.99%", "67.11%", "56.19%", "50.00%", "50.00%"]


def test_filter_row_range_empty_and_regex_combine(qtbot, demo_tab, column_texts):
    _type_filter(qtbot, demo_tab, "Requests", "500..1,000")
    _type_filter(qtbot, demo_tab, "Token", "!empty")
    _type_filter(qtbot, demo_tab, "Username", "/^[a-h]/")
    assert column_texts(demo_tab, "Token") == ["carol-notebook", "erin-translate", "ci-bot"]


def test_debounced_typing_applies_without_enter(qtbot, demo_tab, column_texts):
    editor = demo_tab.area.filter_editor(demo_tab.table.header.index("Errors"))
    with qtbot.waitSignal(demo_tab.status_changed, timeout=3000):
        qtbot.keyClicks(editor, ">500")
    assert column_texts(demo_tab, "Errors") == ["597", "558", "990", "510"]


def test_a_bad_filter_is_marked_and_the_others_still_apply(qtbot, demo_tab, column_texts):
    _type_filter(qtbot, demo_tab, "Group", "vip")
    editor = _type_filter(qtbot, demo_tab, "Cost", ">>5")
    assert editor.property("invalid") is True
    assert "needs a number" in editor.toolTip()
    assert column_texts(demo_tab, "Group") == ["vip"] * 5
    _type_filter(qtbot, demo_tab, "Cost", ">300")
    assert editor.property("invalid") is False
    assert column_texts(demo_tab, "Token") == ["", "frank-prod", "ivan-research"]


def test_an_impossible_date_is_marked_and_the_table_keeps_working(qtbot, demo_tab, column_texts):
    _type_filter(qtbot, demo_tab, "Group", "vip")
    editor = _type_filter(qtbot, demo_tab, "Start Time", ">2026-13-45")
    assert editor.property("invalid") is True
    assert "not a valid date" in editor.toolTip()
    assert column_texts(demo_tab, "Group") == ["vip"] * 5
    _type_filter(qtbot, demo_tab, "Start Time", ">2026-11-21 08:30")
    assert editor.property("invalid") is False
    assert column_texts(demo_tab, "Token") == ["grace-eval"]


def test_outline_folds_tokens_under_their_group(qtbot, demo_tab, column_texts):
    demo_tab.set_outline(True)
    groups = column_texts(demo_tab, "Group")
    assert groups == ["default", "vip", "codex-plan", "claude-max", "image-gen", "trial"]
    assert column_texts(demo_tab, "Type")[0] == "▸ Group"
    demo_tab.area.go_to_row(1)
    demo_tab.area.main.setFocus()
    qtbot.keyClick(demo_tab.area.main, Qt.Key.Key_Plus)
    groups = column_texts(demo_tab, "Group")
    assert groups[:7] == ["default", "vip", "vip", "vip", "vip", "vip", "codex-plan"]
    assert column_texts(demo_tab, "Type")[1:3] == ["▾ Group", "      Token"]


def test_outline_sorts_groups_and_keeps_tokens_beneath(demo_tab, column_texts):
    demo_tab.set_outline(True)
    demo_tab.set_all_expanded(True)
    demo_tab.sort_by([(demo_tab.table.header.index("Success Rate"), False)])
    groups = column_texts(demo_tab, "Group")
    tokens = column_texts(demo_tab, "Token")
    assert groups[:4] == ["trial", "trial", "codex-plan", "codex-plan"]
    assert tokens[2:6] == ["", "mallory-codex", "judy-codex", "oscar-codex"]
    demo_tab.set_outline(False)
    assert demo_tab.model.rowCount() == 23
    assert column_texts(demo_tab, "Type")[0] == "Token"  # flat: ci-bot's 38% first


def test_outline_keeps_the_group_of_a_matching_token(qtbot, demo_tab, column_texts):
    demo_tab.set_outline(True)
    _type_filter(qtbot, demo_tab, "Token", "walter")
    assert column_texts(demo_tab, "Group") == ["image-gen"]
    demo_tab.set_all_expanded(True)
    assert column_texts(demo_tab, "Token") == ["", "walter-bot"]


def test_keyboard_only_filtering_with_ctrl_l(qtbot, window, demo_tab, column_texts):
    errors = demo_tab.table.header.index("Errors")
    demo_tab.area.main.setCurrentIndex(demo_tab.model.index(0, errors))
    window.activateWindow()
    demo_tab.area.main.setFocus()
    qtbot.keyClick(demo_tab.area.main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    editor = demo_tab.area.filter_editor(errors)
    assert editor.hasFocus()
    qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert column_texts(demo_tab, "Token") == ["carol-notebook"]


def test_a_very_wide_paste_gets_editors_for_the_columns_on_screen_only(qtbot, window, open_text):
    # A JSON blob pasted by mistake is one line with thousands of commas; an editor per
    # column (two per column with frozen views) froze the window for seconds.
    tab = open_text('{"k":1,' * 3000 + "}")
    assert len(tab.table.columns) == 3001
    header = tab.area.main.filter_header
    editors = [e for e in header.findChildren(QLineEdit) if e.isVisible()]
    assert 0 < len(editors) < 100
    view = tab.area.main
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    last = header.editor(3000)
    qtbot.waitUntil(last.isVisible)
    assert len(header.findChildren(QLineEdit)) < 300


def test_outline_keeps_the_token_column_wide(demo_tab):
    """Issue 9: folded groups leave the Token column empty on screen; it must not shrink."""
    token = demo_tab.table.header.index("Token")
    view = demo_tab.area.main
    before = view.columnWidth(token)
    assert before > 100  # wide enough for "carol-notebook"
    widths = {c: view.columnWidth(c) for c in range(len(demo_tab.table.header))}
    demo_tab.set_outline(True)
    assert view.columnWidth(token) == before
    assert all(view.columnWidth(c) >= w for c, w in widths.items())
    demo_tab.set_outline(False)
    assert view.columnWidth(token) == before
