"""Status-bar figures of a selection never add what must not be added (issue 9, bug 10)."""

from __future__ import annotations

import numpy as np

from csvinspect.core import load
from csvinspect.core.query.stats import describe_stats, selection_stats


def _column(table, name):
    return [(np.arange(table.n_rows), [table.header.index(name)])]


def test_group_and_token_rows_are_summed_apart_on_the_demo(demo_path):
    # The demo's tokens add up to their groups: one sum over both was exactly twice the total.
    table = load(demo_path)
    text = describe_stats(selection_stats(table, _column(table, "Cost")))
    assert "groups: sum ¥3,969.15" in text and "tokens: sum ¥3,969.15" in text
    assert "7,938.30" not in text
    requests = describe_stats(selection_stats(table, _column(table, "Requests")))
    assert "groups: sum 23,816" in requests and "tokens: sum 23,816" in requests


def test_a_selection_of_one_row_kind_has_one_sum(demo_path):
    table = load(demo_path)
    groups = np.flatnonzero(table.row_kinds == 1)
    stats = selection_stats(table, [(groups, [table.header.index("Cost")])])
    assert describe_stats(stats) == "6 cells  ·  count 6  ·  sum ¥3,969.15  ·  mean ¥661.52"


def test_amounts_in_another_currency_are_named_not_summed(tmp_path):
    rows = [f"r{i},¥{i}.00" for i in range(1, 40)] + ["usd,$3.00"]
    path = tmp_path / "costs.csv"
    path.write_text("Name,Cost\n" + "\n".join(rows) + "\n", encoding="utf-8")
    table = load(path)
    assert table.columns[1].currency == "CNY"  # the dollar cell is left unread
    text = describe_stats(selection_stats(table, _column(table, "Cost")))
    assert "no sum: mixed currencies (CNY, USD)" in text
    assert "sum ¥" not in text
    yuan_only = selection_stats(table, [(np.arange(3), [1])])
    assert "sum ¥6.00" in describe_stats(yuan_only)


def test_two_money_columns_in_different_currencies_are_not_added(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("Cost CNY,Cost USD\n¥1.00,$2.00\n¥3.00,$4.00\n", encoding="utf-8")
    table = load(path)
    text = describe_stats(selection_stats(table, [(np.arange(2), [0, 1])]))
    assert "mixed currencies (CNY, USD)" in text and "sum" not in text.replace("no sum", "")


def test_overlapping_blocks_count_their_cells_once(demo_path):
    table = load(demo_path)
    column = table.header.index("Requests")
    groups = np.flatnonzero(table.row_kinds == 1)
    stats = selection_stats(table, [(groups, [column]), (groups[:2], [column])])
    assert stats.cells == 6 and stats.numbers == 6
