"""Focus goes to the table; Ctrl+V opens the paste; the encoding box takes encodings only.

Issue 9, bug 4: clicking a tab focused the Encoding box, so the next Ctrl+V pasted the
customer's CSV into it, and Return then failed with "unknown text encoding 'utf-8Group…'".
"""

from __future__ import annotations

import codecs

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from tests.ui.conftest import LOAD_TIMEOUT_MS

PASTED = "Group\tRequests\tSuccess rate\ndefault\t120\t99.2%\nvip\t40\t97.5%\n"


@pytest.fixture
def two_tabs(qtbot, window, open_files, demo_path, tmp_path):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    tabs = open_files(demo_path, tiny)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return tabs


def _click_tab(qtbot, window, index: int) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def _press_paste(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_clicking_a_tab_puts_the_focus_in_its_table(qtbot, window, two_tabs):
    first, second = two_tabs
    _click_tab(qtbot, window, 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.area.main)
    _click_tab(qtbot, window, 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second.area.main)


def test_a_loaded_file_has_the_focus_in_its_table(qtbot, window, two_tabs):
    assert QApplication.focusWidget() is two_tabs[1].area.main


def test_ctrl_v_on_the_table_opens_the_paste(qtbot, window, two_tabs, column_texts):
    QGuiApplication.clipboard().setText(PASTED)
    table = two_tabs[1].area.main
    table.setFocus()
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _press_paste(qtbot, table)
    tab = window.current_tab()
    assert tab.title == "Pasted text"
    assert column_texts(tab, "Group") == ["default", "vip"]


def test_ctrl_v_in_the_encoding_box_opens_the_paste_and_keeps_the_encoding(
    qtbot, window, two_tabs, column_texts
):
    first = two_tabs[0]
    window.tabs.setCurrentWidget(first)
    box = first.import_bar.encoding
    before = box.currentText()
    QGuiApplication.clipboard().setText(PASTED)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _press_paste(qtbot, box)
    assert box.currentText() == before
    tab = window.current_tab()
    assert tab is not first and tab.title == "Pasted text"
    assert column_texts(tab, "Requests") == ["120", "40"]


def test_an_encoding_name_on_the_clipboard_pastes_into_the_encoding_box(qtbot, window, two_tabs):
    box = two_tabs[1].import_bar.encoding
    QGuiApplication.clipboard().setText("gb18030")
    box.setFocus()
    box.lineEdit().selectAll()
    _press_paste(qtbot, box)
    assert box.currentText() == "gb18030"
    assert window.tabs.count() == 2


def test_a_typed_unknown_encoding_is_refused_with_a_message(qtbot, window, two_tabs):
    tab = two_tabs[1]
    bar = tab.import_bar
    before = bar.encoding.currentText()
    reloads = []
    tab.loading_changed.connect(reloads.append)
    bar.encoding.setFocus()
    bar.encoding.lineEdit().selectAll()
    qtbot.keyClicks(bar.encoding.lineEdit(), "utf-8Group")
    qtbot.keyClick(bar.encoding.lineEdit(), Qt.Key.Key_Return)
    assert reloads == []  # never re-read with a bad encoding
    assert tab.request.options.encoding != "utf-8Group"  # so "Try again" cannot repeat it
    assert bar.encoding.findText("utf-8Group") < 0  # not added to the list either
    assert bar.encoding.currentText() == before
    assert bar.problem.isVisibleTo(bar)
    assert bar.problem.text().startswith("Unknown text encoding 'utf-8Group'; pick one")


def test_a_good_encoding_after_a_bad_one_clears_the_message_and_rereads(
    qtbot, window, two_tabs, column_texts
):
    tab = two_tabs[1]
    bar = tab.import_bar
    bar.encoding.setFocus()
    bar.encoding.lineEdit().selectAll()
    qtbot.keyClicks(bar.encoding.lineEdit(), "no-such-codec")
    qtbot.keyClick(bar.encoding.lineEdit(), Qt.Key.Key_Return)
    assert bar.problem.isVisibleTo(bar)
    bar.encoding.lineEdit().selectAll()
    qtbot.keyClicks(bar.encoding.lineEdit(), "cp1252")
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(bar.encoding.lineEdit(), Qt.Key.Key_Return)
    assert not bar.problem.isVisibleTo(bar)
    assert codecs.lookup(tab.table.source.encoding).name == "cp1252"
    assert column_texts(tab, "b") == ["2", "4"]


def _claims_ctrl_v(widget) -> bool:
    """Whether ``widget``, focused, would take Ctrl+V itself (Qt asks it first)."""
    event = QKeyEvent(
        QKeyEvent.Type.ShortcutOverride, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier, "v"
    )
    event.ignore()
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _types_text(widget) -> bool:
    """A true text field: the search box, a filter, a filter combo one can type a model in."""
    if isinstance(widget, QComboBox):
        return widget.isEditable() and widget.objectName() != "encoding"
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False


def test_ctrl_v_anywhere_but_a_text_field_is_left_to_paste_as_new_tab(
    qtbot, window, open_files, samples_dir
):
    (tab,) = open_files(samples_dir / "usage_logs_newapi_fork.csv")  # panels with combos
    QGuiApplication.clipboard().setText(PASTED)
    focusable = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and not _types_text(w)
    ]
    assert tab.import_bar.encoding in focusable and tab.area.main in focusable
    claiming = [w for w in focusable if _claims_ctrl_v(w)]
    assert claiming == []
    assert _claims_ctrl_v(tab.filters.search)  # the search box pastes text, as before
