"""Help > Filter Syntax (F1) shows the core's complete filter help (issue 10)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from csvinspect.core.query.filter_syntax import FILTER_HELP


def test_f1_shows_the_filter_syntax_with_currencies_units_and_dates(qtbot, window):
    shown = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, read_and_close)  # the dialog is not up yet
            return
        shown["title"], shown["text"] = box.windowTitle(), box.text()
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "text" in shown)
    assert shown["title"] == "Filter syntax"
    assert shown["text"] == FILTER_HELP
    assert ">$1,000" in shown["text"] and ">2026-11-22 07:00" in shown["text"]


def test_a_filter_editor_tooltip_is_the_same_help(open_files, demo_path):
    tab = open_files(demo_path)[0]
    editor = tab.area.filter_editor(0)
    assert editor.toolTip() == FILTER_HELP
