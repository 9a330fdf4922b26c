"""Counts and plain numbers: grouping, decimal mark, multipliers; fast and exact paths agree."""

from unittest import mock

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvinspect.core.cells import durations, money, percent
from csvinspect.core.cells import numbers as number_cells
from csvinspect.core.cells.counts import _read_exact, read_numbers
from csvinspect.core.cells.infer import type_column
from csvinspect.core.table import ColumnType


def numbers(cells, decimal_comma=False):
    return read_numbers(pa.array(cells, pa.string()), decimal_comma=decimal_comma)


def test_grouped_counts_and_multipliers():
    values = numbers(["12,345", "3.0", "12.3k", "1.1k", "1.2M", "2万", "-5", "10,630,215"])
    assert values.tolist() == [12345, 3, 12300, 1100, 1_200_000, 20000, -5, 10_630_215]


def test_decimal_comma_file():
    values = numbers(["12.345", "1.234,56", "12,5", "0,000120"], decimal_comma=True)
    assert values.tolist() == [12345, 1234.56, 12.5, 0.00012]


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "12,34,567", "1234,567", "12,5", "1,234.5,6", "1.2.3", "1.2,345", ".12,345"],
)
def test_misgrouped_numbers_are_not_guessed(text):
    assert np.isnan(numbers([text, "1"])[0])


def test_decimal_point_cells_in_a_decimal_comma_file_are_not_guessed():
    assert np.isnan(numbers(["3.5"], decimal_comma=True)[0])


def test_count_or_number():
    assert type_column("Requests", pa.array(["8,790", "32", "3.0"]), "requests").type is (
        ColumnType.COUNT
    )
    assert type_column("ratio", pa.array(["0.075", "1.5"]), None).type is ColumnType.NUMBER


def test_status_codes_and_log_types_are_numbers_not_counts():
    column = type_column("status_code", pa.array(["200", "429", "502"]), "status_code")
    assert column.type is ColumnType.NUMBER
    assert column.values.tolist() == [200, 429, 502]


def test_big_column_reads_every_cell():
    rng = np.random.default_rng(3)
    counts = rng.integers(0, 5_000_000, 30_000)
    cells = [f"{c:,}" for c in counts]
    cells[17] = "N/A"
    cells[20_000] = "about 5"
    column = type_column("Requests", pa.array(cells), "requests")
    assert column.type is ColumnType.COUNT
    assert column.unparsed_count == 1 and column.unparsed[20_000]
    assert np.isnan(column.values[17]) and not column.unparsed[17]
    keep = np.ones(len(cells), bool)
    keep[[17, 20_000]] = False
    np.testing.assert_array_equal(column.values[keep], counts[keep])


number_text = st.one_of(
    st.integers(-(10**12), 10**12).map(lambda i: f"{i:,}"),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(-1e9, 1e9, allow_nan=False).map(lambda f: f"{f:,.3f}"),
    st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:.2f}k"),
    st.text(alphabet="0123456789,.-+kMe ", min_size=1, max_size=12),
    st.lists(
        st.tuples(st.sampled_from(["", ",", ".", "-"]), st.integers(0, 9999).map(str)),
        min_size=1,
        max_size=4,
    ).map(lambda parts: "".join(a + b for a, b in parts)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(number_text, min_size=1, max_size=40), st.booleans())
def test_fast_paths_read_exactly_what_the_grammar_reads(cells, decimal_comma):
    """The sliced-cast and numpy fast paths never read a cell differently from the regex."""
    dc = decimal_comma
    plain = pa.array(cells, pa.string())
    np.testing.assert_array_equal(read_numbers(plain, decimal_comma=dc), _read_exact(plain, dc))

    percents = pa.array([c + "%" for c in cells])
    exact_percent = percent.as_fraction(percent._read_exact(percents, dc))
    np.testing.assert_array_equal(percent.read_percent(percents, decimal_comma=dc), exact_percent)

    amounts = pa.array(["¥" + c for c in cells])
    exact_amounts, _ = money._read_exact(amounts, dc)
    np.testing.assert_array_equal(money.read_money(amounts, decimal_comma=dc).values, exact_amounts)

    millis = pa.array([c + "ms" for c in cells])
    exact_millis = durations._read_composite(millis, dc)
    np.testing.assert_array_equal(durations.read_durations(millis, decimal_comma=dc), exact_millis)


@settings(max_examples=100, deadline=None)
@given(st.lists(number_text, min_size=1, max_size=40), st.booleans())
def test_a_big_column_read_in_slices_reads_as_if_at_once(cells, decimal_comma):
    """Big columns are read a slice of rows at a time: the slice bounds change nothing."""
    column = pa.array(cells, pa.string())
    at_once = read_numbers(column, decimal_comma=decimal_comma)
    amounts = pa.array(["¥" + c for c in cells])
    money_at_once = money.read_money(amounts, decimal_comma=decimal_comma).values
    with mock.patch.object(number_cells, "SLICE_ROWS", 3):
        np.testing.assert_array_equal(read_numbers(column, decimal_comma=decimal_comma), at_once)
        sliced = money.read_money(amounts, decimal_comma=decimal_comma).values
        np.testing.assert_array_equal(sliced, money_at_once)
