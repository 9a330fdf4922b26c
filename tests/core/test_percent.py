"""Percentages: ``87.50%`` cells and bare rates under a rate/share header, stored as 0-1."""

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core.cells.infer import type_column
from csvinspect.core.cells.percent import fraction_from_rate, read_percent
from csvinspect.core.table import ColumnType


def test_percent_cells_become_fractions():
    values = read_percent(
        pa.array(["87.50%", "87.5 %", "-3%", "5％", "100.00%"]), decimal_comma=False
    )
    assert values.tolist() == [0.875, 0.875, -0.03, 0.05, 1.0]


def test_fractions_are_the_numbers_a_user_reads():
    values = read_percent(pa.array(["99.62%", "39.63%", "0.01%"]), decimal_comma=False)
    assert values.tolist() == [0.9962, 0.3963, 0.0001]  # not 0.99620000000000001


def test_decimal_comma_percentages():
    values = read_percent(pa.array(["87,5 %", "99,64%"]), decimal_comma=True)
    assert values.tolist() == [0.875, 0.9964]


def test_cells_without_a_percent_sign_are_not_percentages():
    values = read_percent(pa.array(["50", "x%", "%"]), decimal_comma=False)
    assert np.isnan(values).all()


def test_rate_rules():
    assert fraction_from_rate(np.array([0.5, 0.99]), None).tolist() == [0.5, 0.99]
    assert fraction_from_rate(np.array([50.0, 99.5]), None).tolist() == [0.5, 0.995]
    assert fraction_from_rate(np.array([0.5, 1.0]), 0.01).tolist() == [0.005, 0.01]
    assert fraction_from_rate(np.array([250.0]), None) is None


@pytest.mark.parametrize(
    ("header", "field", "cells", "expected"),
    [
        ("Success Rate", "success_rate", ["0.9964", "0.38"], [0.9964, 0.38]),
        ("success_rate (0-100)", "success_rate", ["99.64", "0.5"], [0.9964, 0.005]),
        ("failure_rate", "failure_rate", ["0.02", "0"], [0.02, 0.0]),
        ("缓存命中率", "cache_hit_rate", ["39.63", "30"], [0.3963, 0.3]),
        ("hit share", None, ["0.25", "0.5"], [0.25, 0.5]),
    ],
)
def test_bare_rates_under_a_rate_header(header, field, cells, expected):
    column = type_column(header, pa.array(cells), field)
    assert column.type is ColumnType.PERCENT
    assert column.values.tolist() == expected


def test_ratios_are_not_rates():
    column = type_column("model_ratio", pa.array(["0.075", "1.5", "4"]), None)
    assert column.type is ColumnType.NUMBER


def test_seed_export_percent_column_with_placeholder():
    column = type_column("Success Rate", pa.array(["99.64%", "-", "38.00%"]), "success_rate")
    assert column.type is ColumnType.PERCENT
    assert column.values[0] == 0.9964 and np.isnan(column.values[1])
    assert column.unparsed_count == 0  # "-" is empty, not a failure
