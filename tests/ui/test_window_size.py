"""The main window fits small and scaled screens (issue 9, bug 7).

At 150% scaling a 1280x800 screen is 853x533 logical pixels. The window's minimum size was
779 px wide (the import bar and quick filter bar, one row each) and 545 px tall (the hidden
welcome page with recent files), so the status bar fell below the screen's edge; a size saved
on a bigger screen opened past the edge too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csvinspect.app.shell.main_window import MainWindow, resource_path

SAMPLES = Path(__file__).parent.parent / "fixtures" / "samples"
REQUEST_LOG = SAMPLES / "usage_logs_newapi_fork.csv"
SMALL = (640, 480)


def _with_recent_files(settings) -> None:
    for number in range(6):
        settings.add_recent_file(f"/exports/2026/usage_logs_of_the_month_number_{number}.csv")


def _fits(size, limit=SMALL) -> bool:
    return size.width() <= limit[0] and size.height() <= limit[1]


@pytest.mark.parametrize("path", [resource_path("demo_group_health.csv"), REQUEST_LOG])
def test_window_can_shrink_to_a_small_screen_with_a_table_open(qtbot, settings, path):
    _with_recent_files(settings)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert _fits(main.minimumSizeHint()), main.minimumSizeHint()
    with qtbot.waitSignal(main.loads_settled, timeout=20_000):
        main.open_files([path])
    assert _fits(main.minimumSizeHint()), main.minimumSizeHint()
    assert _fits(main.minimumSize()), main.minimumSize()


def test_import_bar_shows_the_row_count_whole_in_a_narrow_window(open_files, window, qtbot):
    (tab,) = open_files(REQUEST_LOG)
    window.resize(620, 460)
    summary = tab.import_bar.summary
    qtbot.waitUntil(lambda: window.width() == 620)
    assert "rows" in summary.text()
    qtbot.waitUntil(lambda: summary.width() >= summary.sizeHint().width())
    bar = tab.import_bar
    assert bar.redetect.geometry().right() <= bar.width()
    assert tab.filters.clear.geometry().right() <= tab.filters.width()


def test_a_saved_size_bigger_than_the_screen_opens_within_it(qtbot, settings):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    room = first.screen().availableGeometry()
    first.resize(room.width() + 900, room.height() + 700)
    settings.set_window_geometry(first.saveGeometry())
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.width() <= room.width() and again.height() <= room.height()
    assert room.contains(again.frameGeometry().topLeft())


def test_the_first_window_opens_within_the_screen(qtbot, settings):
    main = MainWindow(settings)
    qtbot.addWidget(main)
    room = main.screen().availableGeometry()
    assert main.width() <= room.width() and main.height() <= room.height()
