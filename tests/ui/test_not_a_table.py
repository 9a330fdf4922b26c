"""Input that is not a table (issue 9): a binary file says what it is, prose asks first."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

LOAD_TIMEOUT_MS = 20_000
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def test_an_elf_file_says_what_it_is_in_the_tab_instead_of_a_table(window, open_files, tmp_path):
    program = tmp_path / "gateway-linux-amd64"
    program.write_bytes(b"\x7fELF\x02\x01\x01\x00" + random.Random(3).randbytes(6000))

    tab = open_files(program)[0]

    assert tab.table is None
    assert tab.model.rowCount() == 0
    assert tab.load_strip.isVisibleTo(tab)
    text = tab.load_strip.label.text()
    assert "Could not read gateway-linux-amd64" in text
    assert "this is a program or library (ELF), not a CSV file" in text
    assert not window.error_bar.isVisible()  # a clear message, not an unexpected error


def test_random_binary_bytes_are_named_a_binary_file(window, open_files, tmp_path):
    blob = tmp_path / "export.csv"
    blob.write_bytes(random.Random(4).randbytes(9000))

    tab = open_files(blob)[0]

    assert tab.table is None
    assert "this is a binary file, not a CSV file" in tab.load_strip.label.text()


PROSE = (
    "Hi team,\n\nThe vip group failed most of the night, mostly with 429s from the upstream.\n"
    "Can someone check the request log?\n\nThanks,\nBob\n"
)


def _paste(qtbot, window, text):
    """Ctrl+V on the welcome view, as a user pastes."""
    QGuiApplication.clipboard().setText(text)
    window.activateWindow()
    window.welcome.open_button.setFocus()
    qtbot.keyClick(window.welcome.open_button, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_pasted_prose_asks_before_opening_and_cancel_opens_nothing(qtbot, window):
    _paste(qtbot, window, PROSE)

    question = window.paste_question
    assert question is not None
    qtbot.waitUntil(question.isVisible)
    assert question.text().startswith("This text does not look like a table (")
    assert "read as sentences" in question.text()
    assert window.tabs.count() == 0

    with qtbot.waitSignal(question.finished):
        qtbot.keyClick(question, Qt.Key.Key_Escape)
    assert window.tabs.count() == 0
    assert window.paste_question is None


def test_open_anyway_opens_the_pasted_prose(qtbot, window):
    _paste(qtbot, window, PROSE)
    question = window.paste_question
    qtbot.waitUntil(question.isVisible)

    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(question.open_button, Qt.MouseButton.LeftButton)

    tab = window.current_tab()
    assert tab.title == "Pasted text"
    assert tab.table is not None
    assert tab.table.header[0] == "Hi team"


@pytest.mark.parametrize(
    "name",
    ["console_paste_zh.tsv", "group_health_demo.csv"],
)
def test_a_pasted_export_opens_without_a_question(qtbot, window, name):
    text = (SAMPLES / name).read_text(encoding="utf-8-sig")
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _paste(qtbot, window, text)
    assert window.paste_question is None
    assert window.current_tab().table.n_rows > 3


def test_a_pasted_one_column_list_opens_without_a_question(qtbot, window):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        _paste(qtbot, window, "model\ngpt-4o\nclaude-3-5-sonnet\ndeepseek-chat\n")
    assert window.paste_question is None
    assert window.current_tab().table.header == ["model"]
    assert window.current_tab().table.n_rows == 3
