"""Durations in seconds: unit suffixes, composite times, the console's 用时/首字, header units."""

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core.cells.durations import console_timing, guess_unit, read_durations
from csvinspect.core.cells.infer import type_column
from csvinspect.core.table import ColumnType


def test_written_units():
    cells = ["3.21s", "850ms", "1m2s", "2.5 min", "1h", "1h2m3s", "850 ms", "3 秒", "27 s 2.4 s 流"]
    values = read_durations(pa.array(cells), decimal_comma=False)
    assert values.tolist() == [3.21, 0.85, 62, 150, 3600, 3723, 0.85, 3, 27]


def test_bare_numbers_and_negatives_are_not_written_durations():
    values = read_durations(pa.array(["3", "-3s", "fast", "s"]), decimal_comma=False)
    assert np.isnan(values).all()


def test_decimal_comma_durations():
    assert read_durations(pa.array(["3,21 s"]), decimal_comma=True).tolist() == [3.21]


def test_console_timing_parts():
    timing = console_timing(
        pa.array(["27 s 2.4 s 流", "14 s 非流", "1 s 流", "312 s 41.2 s 流", None])
    )
    assert timing.total[:4].tolist() == [27, 14, 1, 312]
    assert timing.first_token[[0, 3]].tolist() == [2.4, 41.2]
    assert np.isnan(timing.first_token[[1, 2, 4]]).all()
    assert timing.stream.tolist() == [1, 0, 1, 1, -1]


def test_console_column_is_a_duration_of_the_total():
    cells = ["3 s 0.8 s 流", "27 s 2.4 s 流", "1 s 流", "14 s 非流", ""]
    column = type_column("用时/首字", pa.array(cells), "latency")
    assert column.type is ColumnType.DURATION
    assert column.values[:4].tolist() == [3, 27, 1, 14]
    assert column.unparsed_count == 0


@pytest.mark.parametrize(
    ("header", "field", "cells", "seconds"),
    [
        ("latency_ms", "latency", ["8123", "612"], [8.123, 0.612]),
        ("Duration (ms)", "latency", ["1500", "20"], [1.5, 0.02]),
        ("use_time", "latency", ["3", "27"], [3, 27]),
        ("elapsed_time", "latency", ["1500", "250"], [1.5, 0.25]),
        ("avg_use_time (s)", "latency", ["2.5", "31"], [2.5, 31]),
        ("time_to_first_token_ms", "first_token_latency", ["812", "2431"], [0.812, 2.431]),
        ("processing_ms", None, ["40", "41"], [0.04, 0.041]),
    ],
)
def test_unit_from_the_header(header, field, cells, seconds):
    column = type_column(header, pa.array(cells), field)
    assert column.type is ColumnType.DURATION
    assert column.values.tolist() == seconds


def test_unit_guessed_when_the_header_names_none():
    assert guess_unit(np.array([8123.0, 15402.0, 612.0])) == 0.001
    assert guess_unit(np.array([3.85, 12.76])) == 1.0
    assert guess_unit(np.array([3.0, 12.0])) == 1.0


def test_avg_latency_of_the_seed_export():
    column = type_column("Avg Latency", pa.array(["3.85s", "2.40s", "31.15s"]), "latency")
    assert column.values.tolist() == [3.85, 2.4, 31.15]
