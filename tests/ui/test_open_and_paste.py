"""Getting data in: drop files, paste with Ctrl+V, the demo, recent files, reloads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

LOAD_TIMEOUT_MS = 20_000

PASTED = "model\tstatus_code\tlatency_ms\ngpt-4o\t200\t812\nclaude-3\t429\t35\n"


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = QPoint(window.width() // 2, window.height() // 2)
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(center, actions, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(center), actions, mime, buttons, keys))


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")
def test_dropping_two_files_opens_a_tab_for_each(qtbot, window, demo_path, tmp_path, column_texts):
    second = tmp_path / "tiny.csv"
    second.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _drop(window, [demo_path, second])
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "demo_group_health.csv",
        "tiny.csv",
    ]
    tabs = window.all_tabs()
    assert tabs[0].model.rowCount() == 23
    assert column_texts(tabs[1], "b") == ["2", "4"]


def test_ctrl_v_pastes_the_clipboard_as_a_parsed_table(qtbot, window, column_texts):
    QGuiApplication.clipboard().setText(PASTED)
    window.activateWindow()
    window.welcome.open_button.setFocus()
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(
            window.welcome.open_button, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
        )
    tab = window.current_tab()
    assert tab.title == "Pasted text"
    assert tab.table.header == ["model", "status_code", "latency_ms"]
    assert column_texts(tab, "model") == ["gpt-4o", "claude-3"]
    assert tab.import_bar.delimiter.currentData() == "\t"


def test_ctrl_v_in_the_search_box_pastes_text_not_a_new_tab(qtbot, window, open_text):
    tab = open_text("a,b\n1,2\n")
    QGuiApplication.clipboard().setText("gpt")
    window.activateWindow()
    tab.filters.search.setFocus()
    qtbot.keyClick(tab.filters.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert tab.filters.search.text() == "gpt"
    assert window.tabs.count() == 1


def test_demo_button_opens_the_bundled_export(qtbot, window, column_texts):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    tab = window.current_tab()
    assert tab.table.n_rows == 23
    assert column_texts(tab, "Group")[:2] == ["default", "default"]


def test_opened_files_are_remembered_as_recent(window, open_files, demo_path, settings):
    open_files(demo_path)
    assert settings.recent_files()[0] == str(demo_path.resolve())
    assert window.welcome.recent_title.isVisibleTo(window.welcome)


def test_a_second_load_replaces_a_stale_one(qtbot, window, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("a\n" + "1\n" * 50_000, encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text("b\n2\n", encoding="utf-8")
    tab = window.open_files([first])[0]
    tab.request = tab.request.__class__(second, "second.csv")
    finished = []
    tab.table_replaced.connect(finished.append)
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        tab.start_load()
    assert [t.header for t in finished] == [["b"]]
    assert tab.table.header == ["b"]


def test_ctrl_w_closes_the_tab_and_shows_the_welcome_view(qtbot, window, open_files, demo_path):
    open_files(demo_path)
    window.activateWindow()
    window.current_tab().area.main.setFocus()
    qtbot.keyClick(
        window.current_tab().area.main, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )
    assert window.tabs.count() == 0
    assert window.stack.currentWidget() is window.welcome


def test_unreadable_file_says_why_in_the_tab(window, open_files, tmp_path):
    missing = tmp_path / "gone.csv"
    tab = open_files(missing)[0]
    assert tab.table is None
    assert tab.load_strip.isVisibleTo(tab)
    assert "Could not read gone.csv" in tab.load_strip.label.text()
    assert "bar above" not in tab.load_strip.label.text()  # a tab that never loaded has none
