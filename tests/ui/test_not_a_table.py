"""Input that is not a table (issue 9): a binary file says what it is, prose asks first."""

from __future__ import annotations

import random


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
