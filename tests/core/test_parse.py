"""Cells, rows, line numbers and problem reports from ``read_cells`` (issue 2, bad input)."""

from __future__ import annotations

import pytest

from csvinspect.core import LoadCancelled, LoadError, ReadOptions, load
from csvinspect.core.reading import parse, problems
from csvinspect.core.reading.parse import ParsedCells, read_cells


def cells(data: bytes, **options: object) -> ParsedCells:
    return read_cells(data, ReadOptions(**options))  # type: ignore[arg-type]


def rows(parsed: ParsedCells) -> list[list[str | None]]:
    return [[c[i].as_py() for c in parsed.columns] for i in range(len(parsed.line_numbers))]


@pytest.fixture(params=["fast", "lossless"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test through the pyarrow path and again through the lossless tokenizer."""
    if request.param == "lossless":
        monkeypatch.setattr(parse, "read_fast", lambda *args, **kwargs: None)
    return str(request.param)


def test_quoted_cells_keep_delimiters_doubled_quotes_and_line_breaks(path: str) -> None:
    data = b'id,text,n\n1,"a, b",2\n3,"say ""hi""",4\n5,"two\r\nlines",6\n7,x,8\n'

    parsed = cells(data)

    assert rows(parsed) == [
        ["1", "a, b", "2"],
        ["3", 'say "hi"', "4"],
        ["5", "two\r\nlines", "6"],
        ["7", "x", "8"],
    ]
    assert parsed.line_numbers.tolist() == [2, 3, 4, 6]
    assert parsed.problems == []


def test_values_stay_as_written(path: str) -> None:
    data = b'id,code,flag,n\n1234567890123456789,007,NA,"null"\n,-0,None,  1.50 \n'

    assert rows(cells(data)) == [
        ["1234567890123456789", "007", "NA", "null"],
        ["", "-0", "None", "  1.50 "],
    ]


def test_without_a_header_columns_get_synthetic_names_and_row_one_is_data(path: str) -> None:
    parsed = cells(b"a,b\n1,2\n", has_header=False)

    assert parsed.header == ["Column 1", "Column 2"]
    assert rows(parsed) == [["a", "b"], ["1", "2"]]
    assert parsed.line_numbers.tolist() == [1, 2]
    assert parsed.has_header is False


def test_short_rows_are_padded_and_long_rows_keep_extra_cells(path: str) -> None:
    data = b"a,b,c\n1,2,3\n4,5\n6,7,8,9,10\n11,12,13\n"

    parsed = cells(data)

    assert parsed.header == ["a", "b", "c", "(extra 1)", "(extra 2)"]
    assert rows(parsed) == [
        ["1", "2", "3", None, None],
        ["4", "5", None, None, None],
        ["6", "7", "8", "9", "10"],
        ["11", "12", "13", None, None],
    ]
    assert [(p.code, p.line, p.row) for p in parsed.problems] == [
        ("ragged", 3, 1),
        ("ragged", 4, 2),
    ]
    assert "2 cells, the header has 3; the missing cells are left empty" in (
        parsed.problems[0].message
    )
    assert "kept in columns (extra 1)-(extra 2)" in parsed.problems[1].message


def test_blank_lines_are_skipped_and_reported_once_with_their_lines(path: str) -> None:
    data = b"a,b\n1,2\n3,4\n\n5,6\n7,8\n9,10\n\n11,12\n13,14\n15,16\n\n17,18\n"

    parsed = cells(data)

    assert [r[0] for r in rows(parsed)] == ["1", "3", "5", "7", "9", "11", "13", "15", "17"]
    assert parsed.line_numbers.tolist()[2] == 5
    (problem,) = parsed.problems
    assert (problem.code, problem.line) == ("blank_lines", 4)
    assert problem.message == "3 blank lines skipped (lines 4, 8, 12)"


def test_trailing_blank_lines_are_reported_too(path: str) -> None:
    parsed = cells(b"a,b\r\n1,2\r\n\r\n\r\n")

    assert rows(parsed) == [["1", "2"]]
    assert [p.message for p in parsed.problems] == ["2 blank lines skipped (lines 3, 4)"]


def test_an_unclosed_quote_is_reported_and_the_rest_still_loads(path: str) -> None:
    data = b'a,b\n1,"never closed\n2,x\n3,y\n'

    parsed = cells(data)

    assert rows(parsed) == [["1", '"never closed'], ["2", "x"], ["3", "y"]]
    assert parsed.line_numbers.tolist() == [2, 3, 4]
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.row) == ("unterminated_quote", 2, 0)
    assert "quote opened on line 2 is never closed" in problem.message


def test_an_unclosed_quote_in_a_short_row_is_recovered_too(path: str) -> None:
    parsed = cells(b'a,b,c\n1,2,3\n4,"open\n5,6,7\n')

    assert rows(parsed) == [["1", "2", "3"], ["4", '"open', None], ["5", "6", "7"]]
    assert [(p.code, p.line) for p in parsed.problems] == [
        ("ragged", 3),
        ("unterminated_quote", 3),
    ]


def test_ragged_rows_are_put_back_in_place_around_multiline_cells(path: str) -> None:
    data = b'a,b\n"x\ny",1\nshort\n2,"p\nq"\nlong,3,extra\n4,5\n'

    parsed = cells(data)

    assert rows(parsed) == [
        ["x\ny", "1", None],
        ["short", None, None],
        ["2", "p\nq", None],
        ["long", "3", "extra"],
        ["4", "5", None],
    ]
    assert parsed.line_numbers.tolist() == [2, 4, 5, 7, 8]
    assert [(p.line, p.row) for p in parsed.problems] == [(4, 1), (7, 3)]


def test_an_unclosed_quote_after_a_closed_multiline_cell(path: str) -> None:
    data = b'a,b,c\n"x\ny",1,"open\nz,2,3\n'

    parsed = cells(data)

    assert rows(parsed)[0] == ["x\ny", "1", '"open']
    assert rows(parsed)[1] == ["z", "2", "3"]
    assert parsed.line_numbers.tolist() == [2, 4]


def test_nul_bytes_are_kept_and_reported(path: str) -> None:
    parsed = cells(b"a,b\n1,2\n3,x\x00y\n")

    assert rows(parsed)[1] == ["3", "x\x00y"]
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.row) == ("nul", 3, 1)


def test_a_one_megabyte_cell_is_kept_whole_and_reported(path: str) -> None:
    big = "x" * (1024**2)
    data = f'id,content\n1,"{big}"\n2,short\n'.encode()

    parsed = cells(data)

    assert rows(parsed)[0][1] == big
    assert rows(parsed)[1] == ["2", "short"]
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.row) == ("long_field", 2, 0)
    assert "1,048,576 characters in column 2 (content)" in problem.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\r\n\r\n\n", "the file is empty (only 3 blank lines)"),
    ],
)
def test_an_empty_file_is_an_empty_table_with_a_problem(data: bytes, message: str) -> None:
    table = load(data)

    assert table.header == [] and table.n_rows == 0
    assert [(p.code, p.message) for p in table.source.problems] == [("empty", message)]


def test_a_header_only_file_has_columns_and_no_rows(path: str) -> None:
    parsed = cells(b"Group,Requests,Cost\r\n")

    assert parsed.header == ["Group", "Requests", "Cost"]
    assert [len(c) for c in parsed.columns] == [0, 0, 0]
    assert [(p.code, p.message) for p in parsed.problems] == [
        ("header_only", "header only, no data rows")
    ]


def test_duplicate_header_names_are_kept_exactly_and_reported(path: str) -> None:
    parsed = cells(b"Cost,Group,Cost,\n1,a,2,x\n")

    assert parsed.header == ["Cost", "Group", "Cost", ""]
    assert rows(parsed) == [["1", "a", "2", "x"]]
    (problem,) = parsed.problems
    assert problem.code == "duplicate_header"
    assert "'Cost' appears 2 times (columns 1, 3)" in problem.message


def test_ten_thousand_ragged_rows_give_a_capped_list_and_a_summary(path: str) -> None:
    data = b"a,b,c\n" + b"1,2\n" * 10_000

    parsed = cells(data)

    ragged = [p for p in parsed.problems if p.code == "ragged"]
    assert len(rows(parsed)) == 10_000
    assert len(ragged) == problems.MAX_LISTED + 1
    assert ragged[-1].line is None
    assert ragged[-1].message.startswith(f"{10_000 - problems.MAX_LISTED:,} more problems")


@pytest.mark.parametrize("plain_rows", [0, 80_000])
def test_cells_spanning_pyarrow_blocks_get_the_right_line_numbers(
    path: str, plain_rows: int
) -> None:
    # ~3 MB: several pyarrow blocks, with quoted line breaks landing on block edges; with
    # plain rows first, the sample shows no multi-line cell and pyarrow must notice later.
    plain = b"".join(b"%d,plain,x\n" % i for i in range(plain_rows))
    body = b"".join(b'%d,"note %d\nsecond line",x\n' % (i, i) for i in range(120_000))
    data = b"id,note,flag\n" + plain + body

    parsed = cells(data)

    assert len(parsed.line_numbers) == plain_rows + 120_000
    assert parsed.line_numbers[-1] == 2 + plain_rows + 2 * 119_999
    assert rows(parsed)[-1] == ["119999", "note 119999\nsecond line", "x"]


def test_a_regular_file_never_needs_the_lossless_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lossless path was used")

    monkeypatch.setattr(parse, "tokenize", refuse)
    data = b"\xef\xbb\xbfType,Cost\r\n" + b'Group,"\xc2\xa51,234.56"\r\nToken,"a\r\nb"\r\n' * 50_000

    parsed = cells(data + b"\r\n")

    assert len(parsed.line_numbers) == 100_000
    assert parsed.line_numbers[-1] == 150_000  # Group rows take 1 line, Token rows 2
    assert [p.code for p in parsed.problems] == ["blank_lines"]


def test_ragged_rows_and_blank_lines_do_not_need_the_lossless_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lossless path was used")

    monkeypatch.setattr(parse, "tokenize", refuse)
    data = b"a,b,c\n" + b"1,2,3\n" * 50_000 + b"4,5\n\n,,\n" + b"6,7,8\n" * 50_000 + b"9,10,11,12"

    parsed = cells(data)

    assert len(parsed.line_numbers) == 100_003
    assert rows(parsed)[50_000] == ["4", "5", None, None]
    assert rows(parsed)[50_001] == ["", "", "", None]
    assert rows(parsed)[-1] == ["9", "10", "11", "12"]
    assert [(p.code, p.line, p.row) for p in parsed.problems] == [
        ("ragged", 50_002, 50_000),
        ("blank_lines", 50_003, None),
        ("ragged", 100_005, 100_002),
    ]


def test_a_cut_download_with_an_open_quote_does_not_need_the_lossless_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the lossless path was used")

    monkeypatch.setattr(parse, "tokenize", refuse)
    data = b"id,content\r\n" + b'1,"ok"\r\n' * 100_000 + b'2,"the answer is\r\n42, and'

    parsed = cells(data)

    assert len(parsed.line_numbers) == 100_002
    assert rows(parsed)[-2:] == [["2", '"the answer is'], ["42", " and"]]
    assert [(p.code, p.line) for p in parsed.problems] == [("unterminated_quote", 100_002)]


def test_a_row_of_empty_cells_is_a_row_not_a_blank_line(path: str) -> None:
    parsed = cells(b'a,b\n1,2\n,\n\n"",""\n3,4\n')

    assert rows(parsed) == [["1", "2"], ["", ""], ["", ""], ["3", "4"]]
    assert parsed.line_numbers.tolist() == [2, 3, 5, 6]
    assert [p.message for p in parsed.problems] == ["1 blank line skipped (line 4)"]


def test_progress_is_reported_and_reaches_the_total() -> None:
    data = b"id,text\n" + b"".join(b"%d,some text here\n" % i for i in range(600_000))
    calls: list[tuple[int, int]] = []

    read_cells(data, ReadOptions(), progress=lambda done, total: calls.append((done, total)))

    assert len(calls) >= 2
    assert calls[-1] == (len(data), len(data))
    assert all(done <= total for done, total in calls)


@pytest.mark.parametrize("data", [b"id,text\n" + b"1,x\n" * 400_000, b"a,b\n1\n" * 200_000])
def test_cancelling_raises_load_cancelled(data: bytes) -> None:
    with pytest.raises(LoadCancelled):
        read_cells(data, ReadOptions(), is_cancelled=lambda: True)


def test_a_delimiter_override_of_several_characters_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="one character"):
        load(b"a,b\n", options=ReadOptions(delimiter="::"))


def test_the_loader_reports_problems_on_the_table() -> None:
    table = load(b"Group,Requests\ndefault,1\nvip\n")

    assert table.n_rows == 2
    assert table.row_texts(1) == ["vip", ""]
    assert table.problem_rows() == {1: [table.source.problems[0]]}
