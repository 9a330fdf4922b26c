"""Fixtures for the app tests: a main window with throwaway settings, and load helpers.

Tests wait on signals (``loads_settled``), never on fixed sleeps (STYLE.md).
"""

from __future__ import annotations

import pytest

from csvinspect.app.settings import AppSettings
from csvinspect.app.shell.main_window import MainWindow

LOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def settings(tmp_path):
    return AppSettings.in_file(tmp_path / "csvinspect-test.ini")


@pytest.fixture
def window(qtbot, settings):
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.resize(1300, 800)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def open_files(qtbot, window):
    """Open files in the window and wait until every load has ended."""

    def _open(*paths):
        with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
            tabs = window.open_files(list(paths))
        return tabs

    return _open


@pytest.fixture
def open_text(qtbot, window):
    """Open pasted text in a new tab and wait for it to load."""

    def _open(text):
        with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
            tab = window.open_text(text)
        return tab

    return _open


def shown_texts(tab, name):
    """The texts of one column, in the order the table shows them."""
    model = tab.model
    column = tab.table.header.index(name)
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.fixture
def column_texts():
    return shown_texts
