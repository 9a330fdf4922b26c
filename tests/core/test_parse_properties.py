"""Property tests (hypothesis): no input crashes the reader, and well-formed CSV round-trips."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from csvinspect.core import LoadError, ReadOptions, Table, load
from csvinspect.core.reading import fastpath, parse
from csvinspect.core.reading.parse import ParsedCells, read_cells

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters that stress a CSV reader: every delimiter, quotes, all line ends, NUL, BOM-free
# non-ASCII text (U+FEFF is left out: at the start of a file it is read as a BOM).
TRICKY = st.sampled_from([*',;\t|"\r\n \x00ab1é时€', "\u2028", "\x85"])
CELL = st.text(
    alphabet=st.one_of(
        TRICKY, st.characters(exclude_categories=["Cs"], exclude_characters="\ufeff")
    ),
    max_size=12,
)


def _load_or_error(data: bytes) -> Table | None:
    try:
        table = load(data)
    except LoadError:
        return None
    assert all(len(c.text) == table.n_rows for c in table.columns)
    assert len(table.header) == len(table.columns)
    return table


@PROPERTY
@given(st.binary(max_size=300))
def test_random_bytes_give_a_table_or_a_load_error(data: bytes) -> None:
    _load_or_error(data)


@PROPERTY
@given(st.text(alphabet=TRICKY, max_size=80))
def test_random_csv_like_text_gives_a_table_or_a_load_error(text: str) -> None:
    _load_or_error(text.encode("utf-8"))


def _dump(parsed: ParsedCells) -> tuple[object, ...]:
    problems = [(p.line, p.code, p.row, p.message) for p in parsed.problems]
    columns = [c.to_pylist() for c in parsed.columns]
    return parsed.header, columns, parsed.line_numbers.tolist(), parsed.delimiter, problems


# CSV-shaped text: rows of 1-4 cells, some quoted, some with a stray or missing quote.
PIECE = st.text(alphabet=st.sampled_from(list('ab"\n, ')), max_size=4)
QUOTING = st.sampled_from(["", '"', '"open', 'close"'])
CSV_LIKE = st.lists(
    st.lists(st.tuples(QUOTING, PIECE), min_size=1, max_size=4).map(
        lambda cells: ",".join(f'"{text}"' if q == '"' else q + text for q, text in cells)
    ),
    min_size=1,
    max_size=6,
).flatmap(lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines)))


@PROPERTY
@given(st.one_of(st.text(alphabet=TRICKY, max_size=60), CSV_LIKE))
@example('"\r"\r')  # a closed quoted line break at the end looks like an open quote
@example("1\n\n\r")  # blank lines ended by LF and by CR
@example('a,b,c\n1,"open\n2,3')  # a short row whose quote is never closed
@example('a,b\n"\n"\n')
def test_both_reading_paths_agree_on_any_input(text: str) -> None:
    data = text.encode("utf-8")
    fast = read_cells(data, ReadOptions())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse, "read_fast", lambda *args, **kwargs: None)
        lossless = read_cells(data, ReadOptions())

    assert _dump(fast) == _dump(lossless)


def _write(records: list[list[str]], delimiter: str, terminator: str) -> str:
    """RFC 4180 text: a cell is quoted when it holds a delimiter, quote or line end."""

    def field(cell: str, alone: bool) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\r", "\n")) or (alone and not cell):
            return '"' + cell.replace('"', '""') + '"'  # a lone empty cell is not a blank line
        return cell

    return "".join(
        delimiter.join(field(cell, len(record) == 1) for cell in record) + terminator
        for record in records
    )


def _expected_lines(records: list[list[str]]) -> list[int]:
    """Start line of each data record: one line each, plus the line feeds in its cells."""
    lines, line = [], 1
    for record in records:
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in record)
    return lines[1:]


@st.composite
def tables(draw: st.DrawFn, cell: st.SearchStrategy[str]) -> list[list[str]]:
    width = draw(st.integers(min_value=1, max_value=5))
    n_rows = draw(st.integers(min_value=0, max_value=6))
    row = st.lists(cell, min_size=width, max_size=width)
    return draw(st.lists(row, min_size=n_rows + 1, max_size=n_rows + 1))


@PROPERTY
@given(
    tables(CELL),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_well_formed_csv_round_trips_exactly(
    records: list[list[str]], delimiter: str, terminator: str
) -> None:
    text = _write(records, delimiter, terminator)
    assume(not text.lower().startswith(("sep=", '"sep=')))  # Excel's hint line, consumed

    parsed = read_cells(text.encode("utf-8"), ReadOptions(delimiter=delimiter))

    assert parsed.header == records[0]
    got = [[c[i].as_py() for c in parsed.columns] for i in range(len(parsed.line_numbers))]
    assert got == records[1:]
    assert parsed.line_numbers.tolist() == _expected_lines(records)
    assert {p.code for p in parsed.problems} <= {"nul", "duplicate_header", "header_only"}


PLAIN_CELL = st.text(alphabet=st.sampled_from(list('ab 1.é"\n')), min_size=1, max_size=8)


@PROPERTY
@given(tables(PLAIN_CELL), st.sampled_from([",", ";", "\t", "|"]))
def test_the_delimiter_of_a_regular_table_is_detected(
    records: list[list[str]], delimiter: str
) -> None:
    assume(len(records[0]) >= 2)
    text = _write(records, delimiter, "\r\n")

    parsed = read_cells(text.encode("utf-8"), ReadOptions())

    assert parsed.delimiter == delimiter
    got = [[c[i].as_py() for c in parsed.columns] for i in range(len(parsed.line_numbers))]
    assert [parsed.header, *got] == records


def test_a_file_read_in_many_blocks_reads_as_the_lossless_path_does() -> None:
    """Big files reach typing as pyarrow's chunks: lines, NULs and long cells still line up."""
    rows = ["id,note,amount"]
    for i in range(40_000):
        note = f'"two\nlines {i}"' if i % 7 == 0 else f"note {i}"
        rows.append(f"{i},{note},{i * 3}")
    rows[15_000] = "14999,has a \x00 byte,1"
    rows[30_000] = "29999," + "x" * 120_000 + ",2"
    data = "\n".join(rows).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastpath, "BLOCK_BYTES", 150_000)
        fast = read_cells(data, ReadOptions())
        patch.setattr(parse, "read_fast", lambda *args, **kwargs: None)
        lossless = read_cells(data, ReadOptions())
    assert isinstance(fast.columns[0], pa.ChunkedArray) and fast.columns[0].num_chunks > 3
    assert {p.code for p in fast.problems} >= {"nul", "long_field"}
    assert _dump(fast) == _dump(lossless)


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda rows: rows.insert(20_000, "1,2,3,4,5"), "ragged"),
        (lambda rows: rows.insert(20_000, ""), "blank_lines"),
        (lambda rows: rows.append('40000,"a quote never closed,5'), "unterminated_quote"),
    ],
)
def test_a_damaged_file_read_in_many_blocks_reads_as_the_lossless_path_does(damage, code):
    rows = ["id,note,amount"] + [f"{i},note {i},{i * 3}" for i in range(40_000)]
    damage(rows)
    data = "\r\n".join(rows).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastpath, "BLOCK_BYTES", 150_000)
        fast = read_cells(data, ReadOptions())
        patch.setattr(parse, "read_fast", lambda *args, **kwargs: None)
        lossless = read_cells(data, ReadOptions())
    assert code in {p.code for p in fast.problems}
    assert _dump(fast) == _dump(lossless)
