"""Which scripts a table's text uses: what the app asks its fonts to draw (issue 9)."""

from __future__ import annotations

from csvinspect.core import load_text
from csvinspect.core.scripts import (
    CHINESE,
    EMOJI,
    JAPANESE,
    SAMPLE_CELLS,
    sample_texts,
    script_of,
    scripts_in,
)


def test_chinese_headers_are_found_and_latin_is_not_asked_about():
    found = scripts_in(["类型", "分组", "Group", "café", "naïve 50%"])
    assert found == {CHINESE: "类型分组"}


def test_full_width_punctuation_and_kana_are_named():
    assert script_of("，") == CHINESE
    assert script_of("カ") == JAPANESE
    assert script_of("😀") == EMOJI
    assert script_of("→") is None  # symbols every font falls back on


def test_each_character_is_kept_once():
    assert scripts_in(["分组分组", "分组"]) == {CHINESE: "分组"}


def test_the_sample_is_the_header_and_the_first_rows_only():
    rows = "\n".join(f"{i},x{i}" for i in range(5000))
    table = load_text(f"组,Name\n{rows}\n")
    texts = sample_texts(table)
    assert texts[:2] == ["组", "Name"]
    assert "0" in texts and "x0" in texts
    assert "4999" not in texts
    assert len(texts) <= 2 + SAMPLE_CELLS
