"""The filter row syntax and the search box, applied to a small typed table."""

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core.query.filter_syntax import (
    Between,
    Comparison,
    Empty,
    Negation,
    Pattern,
    Term,
    parse_filter,
)
from csvinspect.core.query.filters import SEARCH, TableQuery, apply_query
from csvinspect.core.table import Column, ColumnType, RowKind, SourceInfo, Table

ROWS = [
    # type, group, token, rate, requests, cost, latency, status, start
    ("Group", "vip", "", "91.78%", "7,260", "¥847.60", "5.38s", "", "2026-11-21 08:02:35"),
    (
        "Token",
        "vip",
        "frank-prod",
        "99.39%",
        "4,100",
        "¥348.50",
        "4.20s",
        "200",
        "2026-11-21 08:14:40",
    ),
    ("Token", "vip", "ci-bot", "38.00%", "900", "¥5.40", "0.40s", "401", "2026-11-22 08:02:35"),
    ("Group", "trial", "", "50.00%", "6", "¥0.02", "1.10s", "429", "2026-11-21 08:05:36"),
    ("Token", "trial", "Zoe-Trial", "50.00%", "6", "", "1.10s", "429", "2026-11-21 08:05:36"),
]


def _number(text, kind):
    if not text:
        return np.nan
    if kind == "percent":
        return float(text.rstrip("%")) / 100
    if kind == "timestamp":
        return float(np.datetime64(text.replace(" ", "T"), "s").astype(np.int64))
    return float(text.replace("¥", "").replace(",", "").rstrip("s"))


def _column(index, name, field, ctype):
    texts = [row[index] for row in ROWS]
    if ctype == ColumnType.TEXT:
        return Column(name, pa.array(texts), field)
    values = np.array([_number(t, ctype.value) for t in texts])
    return Column(name, pa.array(texts), field, ctype, values)


@pytest.fixture
def table():
    columns = [
        _column(0, "Type", "row_type", ColumnType.TEXT),
        _column(1, "Group", "group", ColumnType.TEXT),
        _column(2, "Token", "token", ColumnType.TEXT),
        _column(3, "Success Rate", "success_rate", ColumnType.PERCENT),
        _column(4, "Requests", "requests", ColumnType.COUNT),
        _column(5, "Cost", "cost", ColumnType.MONEY),
        _column(6, "Avg Latency", "latency", ColumnType.DURATION),
        _column(7, "Status", "status_code", ColumnType.TEXT),
        _column(8, "Start Time", "start_time", ColumnType.TIMESTAMP),
    ]
    kinds = np.array([1, 2, 2, 1, 2], dtype=np.int8)
    return Table(SourceInfo("gh.csv", "utf-8", ","), columns, np.arange(2, 7), kinds)


def rows(table, **query):
    result = apply_query(table, TableQuery(**query))
    assert not result.errors, result.errors
    return list(np.flatnonzero(result.mask))


def test_parse_builds_a_tree_not_code():
    assert parse_filter(">80").op == ">"
    assert isinstance(parse_filter("10..20"), Between)
    assert isinstance(parse_filter("empty"), Empty)
    assert isinstance(parse_filter("!empty"), Negation)
    assert isinstance(parse_filter("/^ci-/i"), Pattern)
    assert isinstance(parse_filter("429"), Term)
    assert parse_filter("!=0") == Comparison("!=", parse_filter("!=0").value)
    assert parse_filter("   ") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<80%", [2, 3, 4]),
        ("<80", [2, 3, 4]),  # a percent column reads 80 as 80%
        (">=99", [1]),
        ("50", [3, 4]),
        ("!=50%", [0, 1, 2]),
        ("38..92", [0, 2, 3, 4]),
    ],
)
def test_percent_column_filters(table, text, expected):
    assert rows(table, column_filters={3: text}) == expected


def test_money_count_and_duration_filters(table):
    assert rows(table, column_filters={5: ">¥100"}) == [0, 1]
    assert rows(table, column_filters={5: "empty"}) == [4]
    assert rows(table, column_filters={5: "!empty"}) == [0, 1, 2, 3]
    assert rows(table, column_filters={4: ">1k"}) == [0, 1]
    assert rows(table, column_filters={4: "1,000..8,000"}) == [0, 1]
    assert rows(table, column_filters={6: "<500ms"}) == [2]


def test_status_code_in_a_text_column(table):
    assert rows(table, column_filters={7: "429"}) == [3, 4]
    assert rows(table, column_filters={7: ">=400"}) == [2, 3, 4]
    assert rows(table, column_filters={7: "!=200"}) == [2, 3, 4]


def test_text_filters(table):
    assert rows(table, column_filters={2: "zoe"}) == [4]  # any case
    assert rows(table, column_filters={2: "=ci-bot"}) == [2]
    assert rows(table, column_filters={2: "/^ci-/"}) == [2]
    assert rows(table, column_filters={2: "/^zoe/i"}) == [4]
    assert rows(table, column_filters={2: "!/-/"}) == [0, 3]


def test_timestamp_filter_takes_dates(table):
    assert rows(table, column_filters={8: ">=2026-11-22"}) == [2]


def test_bad_filter_is_reported_and_the_others_still_apply(table):
    result = apply_query(table, TableQuery(column_filters={3: ">>80", 1: "vip", 2: "/(/"}))
    assert set(result.errors) == {3, 2}
    assert "number" in result.errors[3]
    assert "regular expression" in result.errors[2]
    assert list(np.flatnonzero(result.mask)) == [0, 1, 2]


def test_an_impossible_date_is_a_filter_error_not_a_crash(table):
    # 2026-13-45 has the shape of a date; numpy refused it with a ValueError that escaped.
    result = apply_query(table, TableQuery(column_filters={8: ">2026-13-45", 1: "vip"}))
    assert "not a valid date" in result.errors[8]
    assert list(np.flatnonzero(result.mask)) == [0, 1, 2]


def test_unit_that_does_not_fit_is_an_error(table):
    result = apply_query(table, TableQuery(column_filters={3: ">5s"}))
    assert "percent" in result.errors[3]


def test_search_all_columns_or_one(table):
    assert rows(table, search="TRIAL") == [3, 4]
    assert rows(table, search="trial", search_column=2) == [4]
    assert rows(table, search="/^4\\d\\d$/") == [2, 3, 4]
    bad = apply_query(table, TableQuery(search="/[/"))
    assert SEARCH in bad.errors and bad.mask.all()


def test_quick_filters_row_kind_values_and_subset(table):
    assert rows(table, row_kinds=frozenset({RowKind.GROUP})) == [0, 3]
    assert rows(table, value_filters={1: frozenset({"trial"})}) == [3, 4]
    assert rows(table, rows=np.array([1, 4]), search="zoe") == [4]


# issue 11: ">30000" on latency_ms matched nothing, because a bare number was taken as seconds
UNITS_CSV = """request_id,latency_ms,use_time,total duration
r1,850,1,850ms
r2,31500,32,31.5s
r3,"12,000",12,12s
r4,29999,30,29.999s
"""


@pytest.fixture
def units_table():
    from csvinspect.core import load_text

    table = load_text(UNITS_CSV, name="units.csv")
    assert [c.type for c in table.columns[1:]] == [ColumnType.DURATION] * 3
    return table


@pytest.mark.parametrize(
    ("column", "text", "expected"),
    [
        (1, ">30000", [1]),  # latency_ms: a bare number is in milliseconds, as written
        (1, ">30s", [1]),  # an explicit unit always works
        (1, ">=12000", [1, 2, 3]),
        (1, "<1000", [0]),
        (1, "850", [0]),
        (1, "10000..30000", [2, 3]),
        (1, ">0.5min", [1]),
        (2, ">30", [1]),  # use_time is in seconds
        (2, ">30000ms", [1]),
        (2, "12", [2]),
        (3, ">30", [1]),  # cells written with their units: seconds when mixed
        (3, ">500ms", [0, 1, 2, 3]),
    ],
)
def test_bare_numbers_filter_durations_in_the_column_unit(units_table, column, text, expected):
    assert rows(units_table, column_filters={column: text}) == expected
