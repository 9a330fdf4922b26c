"""A time column written with an offset, in the table: filtered as written (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt

MIXED = """generation_id,created_at,cost_total,model_permaslug
gen-1,2026-07-08 13:00+02:00,0.01,openai/gpt-4.1
gen-2,2026-07-08 12:30Z,0.01,openai/gpt-4.1
gen-3,2026-07-08 12:45+08:00,0.01,openai/gpt-4.1
"""


def _type_filter(qtbot, tab, name, text):
    editor = tab.area.filter_editor(tab.table.header.index(name))
    editor.clear()
    qtbot.keyClicks(editor, text)
    with qtbot.waitSignal(tab.status_changed, timeout=3000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    return editor


def test_date_filter_keeps_the_times_the_user_reads(qtbot, open_files, samples_dir, column_texts):
    tab = open_files(samples_dir / "request_events_cpa.csv")[0]
    editor = _type_filter(qtbot, tab, "timestamp", ">=2026-05-15 16:08")
    assert editor.property("invalid") is not True
    assert column_texts(tab, "timestamp") == [
        "2026-05-15T16:08:12.300000+08:00",
        "2026-05-15T16:09:40.145221+08:00",
        "2026-05-15T16:10:02.889100+08:00",
    ]


def test_mixed_offsets_are_shown_as_written_and_the_header_says_so(qtbot, open_text, column_texts):
    tab = open_text(MIXED)
    _type_filter(qtbot, tab, "created_at", ">=2026-07-08 13:00")
    assert column_texts(tab, "created_at") == ["2026-07-08 13:00+02:00"]
    section = tab.table.header.index("created_at")
    tooltip = tab.model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "UTC offsets differ (Z, +02:00, +08:00)" in tooltip
