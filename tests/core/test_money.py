"""Money cells: amounts, signs, currencies (issue 2), and the exact Decimal reading."""

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core.cells.infer import type_column
from csvinspect.core.cells.money import currency_in_header, parse_money_decimal, read_money
from csvinspect.core.table import ColumnType


def money(cells, decimal_comma=False):
    return read_money(pa.array(cells, pa.string()), decimal_comma=decimal_comma)


@pytest.mark.parametrize(
    ("cells", "amounts", "currency"),
    [
        (["¥905.48", "￥1,234.56", "¥0.00"], [905.48, 1234.56, 0.0], "CNY"),
        (["CNY 12.30", "RMB 3", "12.30元"], [12.30, 3.0, 12.30], "CNY"),
        (["$1,234.56", "＄0.000120", "USD 5"], [1234.56, 0.00012, 5.0], "USD"),
        (["€12.50", "£3", "€1"], [12.5, np.nan, 1.0], "EUR"),
    ],
)
def test_amounts_and_currency(cells, amounts, currency):
    read = money(cells)
    np.testing.assert_allclose(read.values, amounts, rtol=0, atol=1e-12)
    assert read.currency == currency


def test_negative_amounts_in_every_spelling():
    read = money(["-¥3.20", "(¥3.20)", "¥-3.20", "+¥3.20", "(¥1,234.50)"])
    assert read.values.tolist() == [-3.2, -3.2, -3.2, 3.2, -1234.5]


def test_decimal_comma_euro_amounts():
    read = money(["905,48 €", "1.234,56 €", "-3,2 €", "EUR 5"], decimal_comma=True)
    assert read.values.tolist() == [905.48, 1234.56, -3.2, 5.0]
    assert read.currency == "EUR"


def test_a_cell_in_another_currency_is_not_added_to_the_column():
    read = money(["¥1.00", "¥2.00", "$5.00", "¥3.00"])
    assert read.currency == "CNY"
    assert np.isnan(read.values[2])  # left unparsed, never summed as yuan


def test_malformed_amounts_are_not_read():
    read = money(["¥1,2,3", "¥", "(¥3.20", "¥-¥3", "abc", "¥1.5"])
    assert np.isnan(read.values[:5]).all()
    assert read.values[5] == 1.5


def test_money_column_counts_and_flags_unparsed_cells():
    cells = ["¥1.00"] * 30 + ["about ¥3"] + ["-"]
    column = type_column("Cost", pa.array(cells), "cost")
    assert column.type is ColumnType.MONEY
    assert column.currency == "CNY"
    assert column.parsed_count == 30
    assert column.unparsed_count == 1
    assert np.flatnonzero(column.unparsed).tolist() == [30]
    assert column.text.to_pylist() == cells  # every cell keeps its text


def test_bare_numbers_under_a_dollar_header_are_usd():
    column = type_column("Spend ($)", pa.array(["1,204.3391", "87.1204", "0.0000"]), "cost")
    assert column.type is ColumnType.MONEY
    assert column.currency == "USD"
    assert column.values.tolist() == [1204.3391, 87.1204, 0.0]


def test_quota_usd_is_money_in_dollars():
    column = type_column("quota_usd", pa.array(["0.001168", "0.063972"]), "cost_usd")
    assert (column.type, column.currency) == (ColumnType.MONEY, "USD")


def test_large_money_column_matches_small_reading():
    rng = np.random.default_rng(7)
    amounts = np.round(rng.random(20_000) * 5000, 2)
    cells = [f"¥{a:,.2f}" for a in amounts]
    cells[123] = "(¥3.20)"
    cells[456] = "CNY 7.00"
    read = money(cells)
    expected = amounts.copy()
    expected[123], expected[456] = -3.2, 7.0
    np.testing.assert_array_equal(read.values, expected)
    assert read.currency == "CNY"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥905.48", (Decimal("905.48"), "CNY")),
        ("$1,234.56", (Decimal("1234.56"), "USD")),
        ("＄0.000120", (Decimal("0.000120"), "USD")),
        ("905,48 €", (Decimal("905.48"), "EUR")),
        ("(¥3.20)", (Decimal("-3.20"), "CNY")),
        ("-£2", (Decimal("-2"), "GBP")),
        ("12.30元", (Decimal("12.30"), "CNY")),
        ("42", (Decimal("42"), None)),
        ("not money", None),
        ("¥1,2,3", None),
    ],
)
def test_parse_money_decimal_is_exact(text, expected):
    assert parse_money_decimal(text) == expected


def test_parse_money_decimal_follows_the_files_decimal_mark():
    assert parse_money_decimal("1.234,56 €", decimal_comma=True) == (Decimal("1234.56"), "EUR")
    assert parse_money_decimal("¥1,234", decimal_comma=False) == (Decimal("1234"), "CNY")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Spend ($)", "USD"),
        ("cost_usd", "USD"),
        ("金额(元)", "CNY"),
        ("Cost (RMB)", "CNY"),
        ("Cost", None),
        ("business", None),
    ],
)
def test_currency_named_by_a_header(header, code):
    assert currency_in_header(header) == code
