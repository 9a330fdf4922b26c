"""The row view: outline nesting, cached sort + filter, selection stats, distinct values."""

import numpy as np
import pyarrow as pa

from csvinspect.core.query.distinct import distinct_values
from csvinspect.core.query.filters import TableQuery
from csvinspect.core.query.highlight import row_highlights
from csvinspect.core.query.row_view import RowView
from csvinspect.core.query.stats import describe_stats, selection_stats
from csvinspect.core.table import Column, ColumnType, SourceInfo, Table

# group a (2 tokens), group b (1 token), then a total row of another kind
KINDS = [1, 2, 2, 1, 2, 0]
GROUPS = ["a", "a", "a", "b", "b", ""]
TOKENS = ["", "t1", "t2", "", "t3", ""]
COST = [30.0, 20.0, 10.0, 5.0, 5.0, 35.0]
RATE = [0.70, 0.95, 0.40, 0.99, 0.99, np.nan]
REQUESTS = [100.0, 60.0, 40.0, 10.0, 10.0, 110.0]


def _numbers(name, field, ctype, values, fmt):
    texts = ["" if np.isnan(v) else fmt(v) for v in values]
    return Column(name, pa.array(texts), field, ctype, np.array(values), currency="CNY")


def make_table():
    columns = [
        Column("Group", pa.array(GROUPS), "group"),
        Column("Token", pa.array(TOKENS), "token"),
        _numbers("Cost", "cost", ColumnType.MONEY, COST, lambda v: f"¥{v:.2f}"),
        _numbers("Success Rate", "success_rate", ColumnType.PERCENT, RATE, lambda v: f"{v:.0%}"),
        _numbers("Requests", "requests", ColumnType.COUNT, REQUESTS, lambda v: f"{v:.0f}"),
    ]
    info = SourceInfo("gh.csv", "utf-8", ",")
    return Table(info, columns, np.arange(2, 8), np.array(KINDS, dtype=np.int8))


def test_flat_view_sorts_then_filters():
    view = RowView(make_table())
    view.set_sort([(2, False)])
    assert list(view.order) == [3, 4, 2, 1, 0, 5]
    view.set_query(TableQuery(column_filters={1: "!empty"}))
    assert list(view.order) == [4, 2, 1]
    assert view.view_row(2) == 1 and view.view_row(0) is None


def test_outline_nests_tokens_under_sorted_groups():
    view = RowView(make_table())
    view.set_outline(True)
    assert list(view.order) == [0, 3, 5]  # collapsed: groups and the stand-alone row
    view.set_all_expanded(True)
    view.set_sort([(2, False)])  # by cost: group b (5) before a (30); t2 before t1
    assert list(view.order) == [3, 4, 0, 2, 1, 5]
    assert list(view.token_counts[[0, 3]]) == [2, 1]


def test_outline_shows_the_group_of_a_matching_token():
    view = RowView(make_table())
    view.set_outline(True)
    view.set_query(TableQuery(search="t2"))
    assert list(view.order) == [0]
    view.set_expanded([0], True)
    assert list(view.order) == [0, 2]


def test_outline_needs_group_rows():
    table = make_table()
    table.row_kinds = None
    view = RowView(table)
    view.set_outline(True)
    assert not view.outline and len(view.order) == 6


def test_selection_stats_in_column_units():
    table = make_table()
    money = selection_stats(table, [(np.array([1, 2]), [2])])
    assert describe_stats(money) == "2 cells  ·  count 2  ·  sum ¥30.00  ·  mean ¥15.00"
    rates = selection_stats(table, [(np.array([0, 3]), [3])])
    assert describe_stats(rates) == "2 cells  ·  count 2  ·  mean 84.50%"  # no sum of rates
    mixed = selection_stats(table, [(np.array([0]), [0, 2, 3])])
    assert describe_stats(mixed) == "3 cells  ·  count 2"


def test_highlights_low_rate_but_not_small_samples():
    highlights = row_highlights(make_table(), low_rate=0.8, min_requests=20)
    assert list(np.flatnonzero(highlights.low_rate)) == [0, 2]
    assert list(np.flatnonzero(highlights.small_sample)) == [3, 4]
    assert highlights.rate_column == 3


def test_distinct_values_most_frequent_first_without_blanks():
    assert distinct_values(make_table(), 0) == [("a", 3), ("b", 2)]
