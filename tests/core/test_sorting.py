"""Sorting by parsed value: Cost sorts as money, blanks last, ties keep file order."""

import numpy as np
import pyarrow as pa

from csvinspect.core.query.sorting import sort_order
from csvinspect.core.table import Column, ColumnType, SourceInfo, Table


def money(texts):
    values = np.array([float(t.replace("¥", "").replace(",", "")) if t else np.nan for t in texts])
    return Column("Cost", pa.array(texts), "cost", ColumnType.MONEY, values, currency="CNY")


def text(name, texts):
    return Column(name, pa.array(texts), None)


def table(*columns):
    n = len(columns[0].text)
    return Table(SourceInfo("t.csv", "utf-8", ","), list(columns), np.arange(2, n + 2))


COSTS = ["¥988.00", "¥1,799.80", "", "¥5.40", "¥98.00"]


def test_money_sorts_by_amount_not_text():
    t = table(money(COSTS))
    order = sort_order(t, [(0, False)])
    assert [COSTS[i] for i in order] == ["¥5.40", "¥98.00", "¥988.00", "¥1,799.80", ""]


def test_descending_keeps_blank_cells_last():
    t = table(money(COSTS))
    order = sort_order(t, [(0, True)])
    assert [COSTS[i] for i in order] == ["¥1,799.80", "¥988.00", "¥98.00", "¥5.40", ""]


def test_text_sorts_case_insensitively_with_blanks_last():
    names = ["bob", "", "Alice", "carol", None]
    t = table(text("Username", names))
    order = sort_order(t, [(0, False)])
    assert [names[i] for i in order][:3] == ["Alice", "bob", "carol"]
    assert set(order[3:]) == {1, 4}


def test_second_key_orders_ties_of_the_first():
    groups = ["vip", "default", "vip", "default"]
    costs = ["¥1.00", "¥3.00", "¥2.00", "¥1.50"]
    t = table(text("Group", groups), money(costs))
    order = sort_order(t, [(0, False), (1, True)])
    assert list(order) == [1, 3, 2, 0]


def test_sort_is_stable_for_equal_values():
    costs = ["¥1.00", "¥2.00", "¥1.00", "¥1.00"]
    t = table(money(costs))
    assert list(sort_order(t, [(0, False)])) == [0, 2, 3, 1]
    assert list(sort_order(t, [(0, True)])) == [1, 0, 2, 3]


def test_no_keys_is_file_order():
    t = table(money(COSTS))
    assert list(sort_order(t, [])) == [0, 1, 2, 3, 4]
