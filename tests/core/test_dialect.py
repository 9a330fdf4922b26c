"""Dialect: the delimiter by record-width consistency, Excel's sep= line, overrides."""

from __future__ import annotations

import pytest

from csvinspect.core import ReadOptions, load
from csvinspect.core.reading.dialect import find_sep_line, sniff, sniff_delimiter


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_candidate_delimiter_is_found(delimiter: str) -> None:
    rows = [["Group", "Requests", "Cost"], ["default", "8790", "512.93"], ["vip", "12", "0.5"]]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"

    table = load(text.encode())

    assert table.source.delimiter == delimiter
    assert table.header == ["Group", "Requests", "Cost"]
    assert table.row_texts(1) == ["vip", "12", "0.5"]


def test_comma_export_whose_cells_hold_semicolons_stays_comma() -> None:
    # The group-health Failure Reason merges reasons with "; " (seed 000).
    text = (
        "Type,Group,Errors,Failure Reason\n"
        'Group,default,590,"502: Upstream request failed (32); 401: Invalid API key (558)"\n'
        "Group,vip,3,429: Account RPM limit exceeded; 503: No available accounts\n"
        "Token,vip,0,\n"
    )

    assert load(text.encode()).source.delimiter == ","


def test_semicolon_file_with_decimal_commas_is_semicolon() -> None:
    text = "Name;Cost;Rate\nMüller, Hans;1,50;0,25\nSchmidt, Eva;2,75;0,5\nLee, Ann;3,1;0,75\n"

    table = load(text.encode())

    assert table.source.delimiter == ";"
    assert table.row_texts(0) == ["Müller, Hans", "1,50", "0,25"]


def test_tab_paste_with_commas_in_cells_is_tab() -> None:
    text = "时间\t内容\t花费\n2026-05-06\ta, b, c\t¥1\n2026-05-07\td, e\t¥2\n"

    assert load(text.encode()).source.delimiter == "\t"


def test_delimiters_inside_quotes_do_not_count() -> None:
    sample = '"Field1,1,1";Field2;"Field3";Field4\n"a,b";c;d;e\n'

    assert sniff_delimiter(sample, complete=True) == ";"


def test_a_file_without_any_delimiter_is_one_column() -> None:
    table = load(b"Request ID\nreq-1\nreq-2\n")

    assert table.header == ["Request ID"]
    assert [table.cell_text(r, 0) for r in range(table.n_rows)] == ["req-1", "req-2"]


def test_the_last_record_of_a_partial_sample_is_ignored() -> None:
    full = "a|b|c\n" + "1|2|3\n" * 5
    cut = full + "4|5"  # a sample cut mid-record must not count this short record

    sniffed = sniff(cut, complete=False)

    assert sniffed.delimiter == "|"
    assert sniffed.width == 3


def test_excel_sep_line_names_the_delimiter_and_is_not_a_row() -> None:
    table = load(b"sep=;\r\nGroup;Cost\r\ndefault;1,5\r\nvip;2\r\n")

    assert table.source.delimiter == ";"
    assert table.header == ["Group", "Cost"]
    assert table.n_rows == 2
    assert table.line_numbers.tolist() == [3, 4]  # the sep line is still line 1


def test_sep_line_after_a_bom() -> None:
    table = load(b"\xef\xbb\xbfsep=|\nA|B\n1|2\n")

    assert (table.source.delimiter, table.source.encoding) == ("|", "utf-8-sig")
    assert table.header == ["A", "B"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("sep=;\nA;B", ";"), ('"sep=,"\r\nA,B', ","), ("sep=\t\n", "\t"), ("sep=|", "|")],
)
def test_sep_line_forms(text: str, expected: str) -> None:
    found = find_sep_line(text)

    assert found is not None
    assert found.delimiter == expected


@pytest.mark.parametrize("text", ["separator,x\n", "sep=\n", "a,sep=;\n", "sep=;;\n"])
def test_lines_that_are_not_sep_lines(text: str) -> None:
    assert find_sep_line(text) is None


def test_the_user_can_override_the_delimiter() -> None:
    table = load(b"a;b,c\n1;2,3\n", options=ReadOptions(delimiter=";"))

    assert table.source.delimiter == ";"
    assert table.header == ["a", "b,c"]


def test_crlf_lf_and_cr_only_endings_read_the_same() -> None:
    text = 'Group,Note\ndefault,"two\nlines"\nvip,x\n'
    tables = [load(text.replace("\n", ending).encode()) for ending in ("\n", "\r\n", "\r")]

    assert [t.row_texts(1) for t in tables] == [["vip", "x"]] * 3
    assert [t.cell_text(0, 1) for t in tables] == ["two\nlines", "two\r\nlines", "two\rlines"]
    assert [t.line_numbers.tolist() for t in tables] == [[2, 4]] * 3
