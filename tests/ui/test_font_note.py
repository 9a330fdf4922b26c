"""The note naming text the installed fonts draw as empty boxes (issue 9).

A machine without fonts-noto-cjk showed every Chinese header and value as boxes, with no hint
why. The tab now lays out a sample of the text in the table's font and says what is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QToolButton

from csvinspect.app.table import font_note

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# CJK Unified Ideographs Extension I (Unicode 15.1): in the Han block, drawn by no shipped font.
NO_FONT_HAS_IT = "\U0002ebf0\U0002ebf1"


def test_a_header_no_font_can_draw_is_named_with_the_font_to_install(open_text):
    tab = open_text(f"Group,{NO_FONT_HAS_IT}\ndefault,1\nvip,2\n")
    assert tab.font_note.isVisible()
    text = tab.font_note.label.text()
    assert "Chinese text cannot be drawn" in text
    assert "apt-get install fonts-noto-cjk" in text


def test_a_machine_without_a_cjk_font_is_told_why_chinese_shows_as_boxes(open_files, monkeypatch):
    # The glyph check as it answers where no installed font has Han characters.
    def draws_no_han(text, font):
        return not any("\u4e00" <= char <= "\u9fff" for char in text)

    monkeypatch.setattr(font_note, "draws_every_character", draws_no_han)
    (tab,) = open_files(str(FIXTURES / "health_zh.csv"))
    assert tab.font_note.isVisible()
    assert tab.font_note.label.text().startswith("⚠ Chinese text cannot be drawn")


def test_a_value_below_the_header_is_checked_too(open_text):
    tab = open_text(f"Group,Reason\ndefault,ok\nvip,{NO_FONT_HAS_IT}\n")
    assert tab.font_note.isVisible()


def test_chinese_with_a_cjk_font_installed_shows_no_note(open_files):
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("no Chinese font installed on this machine")
    (tab,) = open_files(str(FIXTURES / "health_zh.csv"))
    assert not tab.font_note.isVisible()


def test_an_ascii_export_shows_no_note(open_files, demo_path):
    (tab,) = open_files(str(demo_path))
    assert not tab.font_note.isVisible()


def test_dismissing_the_note_hides_it_until_the_next_load(qtbot, open_text):
    tab = open_text(f"Group,{NO_FONT_HAS_IT}\ndefault,1\n")
    dismiss = tab.font_note.findChild(QToolButton)
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert not tab.font_note.isVisible()
