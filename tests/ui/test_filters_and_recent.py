"""Smaller issue 9 items: cleared boxes lose their ⓧ, the Group▾ menu stays open while
ticking, failed files stay out of Recent files, and a file already open is not opened twice."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton
from tests.ui.conftest import LOAD_TIMEOUT_MS


def _clear_button(line_edit) -> QToolButton:
    (button,) = line_edit.findChildren(QToolButton)
    return button


def test_clear_filters_hides_the_clear_buttons_of_the_emptied_boxes(
    qtbot, window, open_files, demo_path
):
    (tab,) = open_files(demo_path)
    search = tab.filters.search
    editor = tab.area.filter_editor(tab.area.first_shown_column())
    for box, text in ((search, "vip"), (editor, "default")):
        box.setFocus()
        qtbot.keyClicks(box, text)
        assert _clear_button(box).isVisible()
    qtbot.mouseClick(tab.filters.clear, Qt.MouseButton.LeftButton)
    for box in (search, editor):
        assert box.text() == ""
        qtbot.waitUntil(lambda b=box: not _clear_button(b).isVisible())  # it fades out


def _value_button(tab, label: str) -> QToolButton:
    return next(b for b in tab.filters.findChildren(QToolButton) if b.property("label") == label)


def test_the_group_menu_stays_open_while_ticking_several_groups(
    qtbot, window, open_files, demo_path, column_texts
):
    (tab,) = open_files(demo_path)
    button = _value_button(tab, "Group")
    menu = button.menu()
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    qtbot.waitExposed(menu)
    values = [a for a in menu.actions() if a.isCheckable()]
    assert len(values) >= 2
    for action in values[:2]:
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        assert menu.isVisible()  # still open for the next tick
    assert all(a.isChecked() for a in values[:2])
    assert button.text() == "Group: 2 values"
    shown = set(column_texts(tab, "Group"))
    assert shown == {a.text().split("   ")[0] for a in values[:2]}
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    assert not menu.isVisible()


def test_a_file_that_failed_to_open_is_not_a_recent_file(
    window, open_files, tmp_path, demo_path, settings
):
    image = tmp_path / "screenshot.csv"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tab,) = open_files(image)
    assert tab.table is None  # it did not open
    assert str(image.resolve()) not in settings.recent_files()
    open_files(demo_path)
    assert settings.recent_files() == [str(demo_path.resolve())]


def test_opening_an_open_file_again_shows_its_tab(qtbot, window, open_files, demo_path, tmp_path):
    copy = tmp_path / "export.csv"
    shutil.copy(demo_path, copy)
    first, other = open_files(copy, demo_path)
    assert window.current_tab() is other
    (again,) = window.open_files([tmp_path / "sub" / ".." / "export.csv"])
    assert again is first
    assert window.current_tab() is first
    assert window.tabs.count() == 2
    assert "already open" in window.statusBar().currentMessage()


def test_opening_a_file_whose_read_failed_reads_it_again_in_the_same_tab(
    qtbot, window, open_files, tmp_path, column_texts
):
    path = tmp_path / "late.csv"
    (tab,) = open_files(path)  # not there yet
    assert tab.table is None
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        (again,) = window.open_files([path])
    assert again is tab and window.tabs.count() == 1
    assert column_texts(tab, "b") == ["2"]
