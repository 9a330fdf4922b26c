"""Timestamps as epoch seconds: local, slashed, dotted, ISO 8601, dates, unix times."""

from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core.cells.infer import type_column
from csvinspect.core.cells.timestamps import read_timestamps, unix_epoch
from csvinspect.core.table import ColumnType


def epoch(*parts, tz=UTC):
    return datetime(*parts, tzinfo=tz).timestamp()


def stamps(cells):
    return read_timestamps(pa.array(cells, pa.string())).tolist()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21 14:03:11", epoch(2026, 11, 21, 14, 3, 11)),  # naive: wall clock as UTC
        ("2026/11/21 14:03", epoch(2026, 11, 21, 14, 3)),
        ("21.11.2026 14:03", epoch(2026, 11, 21, 14, 3)),
        ("2026-11-21T14:03:11Z", epoch(2026, 11, 21, 14, 3, 11)),
        ("2026-11-21", epoch(2026, 11, 21)),
        ("2026年11月21日 14:03", epoch(2026, 11, 21, 14, 3)),
        ("2026-5-1 8:02:03", epoch(2026, 5, 1, 8, 2, 3)),
    ],
)
def test_one_cell_formats(text, expected):
    assert stamps([text]) == [expected]


def test_offsets_and_fractions_keep_the_wall_clock_as_written():
    """Issue 11: 16:02+08:00 reads 16:02 (its offset is in ``cells/zones``), not 08:02."""
    values = stamps(
        [
            "2026-05-15T16:02:11.482913+08:00",
            "2026-05-15T16:02:40+0800",
            "2026-05-15 08:02:11.5 UTC",
        ]
    )
    assert values[0] == pytest.approx(epoch(2026, 5, 15, 16, 2, 11, 482913), abs=1e-6)
    assert values[1] == epoch(2026, 5, 15, 16, 2, 40)
    assert values[2] == epoch(2026, 5, 15, 8, 2, 11) + 0.5


def test_naive_and_aware_mixed_in_one_column():
    values = stamps(["2026-05-15 16:02:11", "2026-05-15T16:02:11Z", "2026-05-15T18:02:11+02:00"])
    assert values == [epoch(2026, 5, 15, 16, 2, 11)] * 2 + [epoch(2026, 5, 15, 18, 2, 11)]


def test_impossible_dates_are_not_read():
    values = stamps(["2026-02-30", "2026-13-01", "2026-11-21 25:00", "2024-02-29", "yesterday"])
    assert np.isnan(values[:3]).all()
    assert values[3] == epoch(2024, 2, 29)
    assert np.isnan(values[4])


def test_day_first_or_month_first_per_column():
    assert stamps(["03/04/2026", "13/04/2026"]) == [epoch(2026, 4, 3), epoch(2026, 4, 13)]
    assert stamps(["03/04/2026", "04/13/2026"]) == [epoch(2026, 3, 4), epoch(2026, 4, 13)]
    assert stamps(["03.04.2026"]) == [epoch(2026, 4, 3)]


def test_unix_seconds_and_milliseconds_by_header():
    seconds = type_column("created_at", pa.array(["1778061731", "1778061760"]), "time")
    assert seconds.type is ColumnType.TIMESTAMP
    assert seconds.values.tolist() == [1778061731, 1778061760]
    millis = type_column("last_seen_at (unix s)", pa.array(["1778061731000"]), "latest_time")
    assert millis.values.tolist() == [1778061731]


def test_a_bare_integer_column_is_not_a_timestamp():
    column = type_column("value", pa.array(["1778061731", "1778061760"]), None)
    assert column.type is ColumnType.COUNT


def test_unix_rule():
    assert unix_epoch(np.array([5.0, 7.0])) is None
    assert unix_epoch(np.array([1.7e12, 1.8e12])).tolist() == [1.7e9, 1.8e9]


def test_timestamp_column_flags_an_unreadable_cell():
    cells = [f"2026-11-21 08:{m:02d}:00" for m in range(30)] + ["soon"]
    column = type_column("Start Time", pa.array(cells), "start_time")
    assert column.type is ColumnType.TIMESTAMP
    assert column.unparsed_count == 1 and column.unparsed[30]
    assert column.values[0] == epoch(2026, 11, 21, 8, 0)


def test_big_column_with_a_few_odd_cells():
    base = epoch(2026, 11, 21)
    cells = [
        datetime.fromtimestamp(base + i * 7, UTC).strftime("%Y-%m-%d %H:%M:%S")
        for i in range(20_000)
    ]
    cells[5] = "2026/11/21 00:00"
    cells[6] = "2026-11-21T00:00:42+00:00"
    values = stamps(cells)
    assert values[5] == base and values[6] == base + 42
    assert values[19_999] == base + 19_999 * 7
