"""Reconciliation read column-wise (issue 10): the same groups, names and precision as the
cell-by-cell rules it replaced, on the cells that trip such rules up."""

import re

import pyarrow as pa
import pytest
from health_tables import make_table

from csvinspect.core.analysis import reconcile
from csvinspect.core.analysis.decimals import any_percent, max_decimals
from csvinspect.core.analysis.reconcile import reconcile_table

HEADER = ["Type", "Group", "Token", "Requests", "Success", "Errors", "Success Rate"]
TRICKY = [
    "", "-", "n/a", "¥51,458.73", "95.7%", "2,344", "  3.14159  ", "12.5元", "1.2.34%",
    "7.", ".5", "1,5", "x9.12345 sec", "10:05", "１２.５", None,
]  # fmt: skip


@pytest.mark.parametrize("decimal_comma", [False, True])
def test_decimals_written_are_those_of_each_cells_last_number(decimal_comma):
    mark = "," if decimal_comma else r"\."
    last_number = re.compile(mark + r"([0-9]+)[^0-9]*$")
    for cell in TRICKY:
        found = last_number.search(cell or "")
        expected = len(found.group(1)) if found else 0
        assert max_decimals(pa.array([cell, "-"]), decimal_comma) == expected, cell
    assert max_decimals(pa.array(TRICKY), False) == 5  # "x9.12345 sec"
    assert (
        max_decimals(pa.chunked_array([pa.array(TRICKY[:4]), pa.array(TRICKY[4:])]), True) == 3
    )  # "2,344"


def test_the_finest_cell_counts_wherever_it_is_in_a_long_column():
    # issue 10: a long column is read a slice at a time; the one cell with four decimals
    # near the end of the second chunk still sets the column's precision
    plain = ["12.5%"] * 70_000
    late = [*plain[:-3], "99.1234%", *plain[-2:]]
    assert max_decimals(pa.chunked_array([pa.array(plain), pa.array(late)]), False) == 4
    assert max_decimals(pa.array(late), False) == 4
    assert max_decimals(pa.array(plain), False) == 1


@pytest.mark.parametrize("block", [1, 2, 1 << 16])  # issue 10: read a block of rows at a time
def test_padded_group_names_and_tokens_read_as_written_without_the_spaces(monkeypatch, block):
    monkeypatch.setattr(reconcile, "_BLOCK", block)
    rows = [
        ["Group", " vip ", "", "10", "9", "1", "90.00%"],
        ["Token", "vip", " alice ", "6", "6", "0", "100.00%"],
        ["Token", "vip  ", "bob", "4", "2", "1", "50.00%"],  # 2 + 1 != 4
    ]
    table = make_table(HEADER, rows)
    found = [(m.group, m.field, m.check, m.token, m.row) for m in reconcile_table(table)]
    assert found == [
        ("vip", "success", "token_sum", None, 0),  # 9 against 6 + 2
        ("vip", "requests", "success_plus_errors", "bob", 2),
    ]


def test_without_a_group_column_each_token_sums_into_the_group_row_above():
    header = ["Type", "Token", "Requests", "Success", "Errors"]
    rows = [
        ["Token", "early", "1", "1", "0"],  # before any Group row: "(all)", summed nowhere
        ["Group", "", "5", "5", "0"],
        ["Token", "a", "3", "3", "0"],
        ["Group", "", "4", "3", "1"],
        ["Token", "b", "2", "1", "1"],
        ["Token", "", "1", "1", "1"],  # an empty Token cell, and 1 + 1 != 1
    ]
    table = make_table(header, rows)
    found = [(m.group, m.field, m.token, m.row) for m in reconcile_table(table)]
    assert found == [
        ("line 3", "requests", None, 1),  # 5 against 3
        ("line 3", "success", None, 1),
        ("line 5", "requests", None, 3),  # 4 against 2 + 1
        ("line 5", "success", None, 3),  # 3 against 1 + 1
        ("line 5", "errors", None, 3),  # 1 against 1 + 1
        ("line 5", "requests", "", 5),  # 1 + 1 written as 1 request
    ]


def test_a_percent_sign_counts_wherever_it_is_in_a_long_column():
    # issue 10: the cells' bytes are searched a megabyte at a time; a rate written as a
    # percentage only far down the column still makes its finest unit a hundredth
    plain = ["0.5"] * 400_000  # 1.2 MB of cells
    assert any_percent(pa.array([*plain, "50%"]))
    assert not any_percent(pa.array(plain))
    assert not any_percent(pa.array(["50%", *plain]).slice(1))  # a slice sees its own cells
