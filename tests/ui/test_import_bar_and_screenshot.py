"""The import bar re-reads at once; ``--screenshot`` writes a PNG of the loaded window."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

LOAD_TIMEOUT_MS = 20_000
SEMI_OR_COMMA = "a;b,c\n1;2,3\n4;5,6\n"


def _choose(qtbot, combo, data):
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_changing_the_delimiter_re_reads_the_table(qtbot, window, open_text):
    tab = open_text(SEMI_OR_COMMA)
    detected = tab.table.source.delimiter
    other = ";" if detected == "," else ","
    expected = {",": ["a;b", "c"], ";": ["a", "b,c"]}
    assert tab.table.header == expected[detected]
    with qtbot.waitSignal(tab.load_finished, timeout=LOAD_TIMEOUT_MS):
        _choose(qtbot, tab.import_bar.delimiter, other)
    assert tab.table.header == expected[other]
    assert tab.table.source.delimiter == other
    assert tab.import_bar.delimiter.currentData() == other


def test_unticking_header_row_keeps_the_first_line_as_data(qtbot, window, open_text):
    tab = open_text("name,count\nalice,3\n")
    with qtbot.waitSignal(tab.load_finished, timeout=LOAD_TIMEOUT_MS):
        tab.import_bar.header.click()
    assert tab.table.n_rows == 2
    assert tab.table.cell_text(0, 0) == "name"
    assert not tab.import_bar.header.isChecked()


def test_changing_the_encoding_re_reads(qtbot, window, open_files, tmp_path):
    path = tmp_path / "gb.csv"
    path.write_bytes("分组,请求数\n默认,12\n".encode("gb18030"))
    tab = open_files(path)[0]
    with qtbot.waitSignal(tab.load_finished, timeout=LOAD_TIMEOUT_MS):
        tab.import_bar.encoding.setEditText("gb18030")
        tab.import_bar.encoding.lineEdit().editingFinished.emit()
    assert tab.table.header == ["分组", "请求数"]
    assert tab.table.source.encoding.replace("-", "").lower() == "gb18030"


def test_an_encoding_that_is_not_text_is_refused_and_the_table_stays(qtbot, window, open_text):
    tab = open_text("name,count\nalice,3\n")
    messages = []
    tab.message_posted.connect(messages.append)
    for name, why in (("rot13", "not a text encoding"), ("klingon", "Unknown text encoding")):
        tab.import_bar.encoding.setEditText(name)
        tab.import_bar.encoding.lineEdit().editingFinished.emit()
        assert why in messages[-1]
        assert tab.import_bar.encoding.currentText() == tab.table.source.encoding
    assert not tab.is_loading and not tab.load_strip.isVisibleTo(tab)
    assert tab.table.cell_text(0, 0) == "alice"


def test_screenshot_option_writes_a_png_of_the_loaded_table(tmp_path, demo_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "csvinspect",
            "--screenshot",
            str(out),
            "--size",
            "900x600",
            str(demo_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (900, 600)


def test_loading_progress_counts_rows_as_well_as_bytes(qtbot, tmp_path):
    from PySide6.QtCore import QThreadPool

    from csvinspect.app.loading.load_strip import LoadStrip
    from csvinspect.app.loading.load_worker import Loader, LoadRequest, bytes_per_row

    path = tmp_path / "big.csv"
    path.write_text(
        "id,model,latency_ms\n"
        + "".join(f"{i:06d},gpt-4.1,{i % 900:03d}\n" for i in range(200_000))
    )
    loader = Loader(QThreadPool())
    seen: list[tuple[int, int, int | None]] = []
    loader.progress_changed.connect(lambda done, total, rows: seen.append((done, total, rows)))
    typed: list[tuple[int, int, int]] = []
    loader.typing_changed.connect(lambda done, total, rows: typed.append((done, total, rows)))
    with qtbot.waitSignal(loader.load_finished, timeout=30_000):
        loader.start(LoadRequest(path, path.name))
    assert seen, "a 3 MB load reports its progress"
    done, total, rows = seen[-1]
    assert done == total == path.stat().st_size
    assert rows is not None and abs(rows - 200_001) < 200_001 * 0.05  # an estimate, within 5%
    assert typed[-1] == (3, 3, 200_000), "then the columns typed, with the exact row count"

    strip = LoadStrip()
    qtbot.addWidget(strip)
    strip.show_progress("big.csv", 1_000_000, 3_000_000, 71_234)
    assert "about 71,234 rows" in strip.label.text()
    strip.show_typing("big.csv", 7, 19, 1_000_000)
    assert "1,000,000 rows" in strip.label.text() and "7 of 19" in strip.label.text()
    assert (strip.bar.value(), strip.bar.maximum()) == (7, 19)
    assert bytes_per_row(b"\x1f\x8b\x08\x00") is None  # gzip: bytes on disk say nothing of rows


def test_a_failed_load_after_a_cancelled_one_offers_try_again(qtbot):
    from csvinspect.app.loading.load_strip import LoadStrip

    strip = LoadStrip()
    qtbot.addWidget(strip)
    strip.show_cancelled("big.csv")
    assert strip.retry.text() == "Load again"
    strip.show_error("big.csv", "No such file.")
    assert strip.retry.text() == "Try again", "an error is not a cancelled load"
    assert strip.retry.isVisibleTo(strip) and not strip.cancel.isVisibleTo(strip)
    assert "Could not read big.csv." in strip.label.text()
