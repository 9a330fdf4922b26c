"""Typing whole columns: the rule, identifiers, decimal comma per file, cancellation, samples."""

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core import LoadCancelled, load
from csvinspect.core.cells import distinct, empties, infer
from csvinspect.core.cells.infer import accepts, type_columns
from csvinspect.core.cells.separators import decide_decimal_comma
from csvinspect.core.fields import canonical_field
from csvinspect.core.table import ColumnType


def typed(columns: dict[str, list[str | None]], delimiter: str = ","):
    header = list(columns)
    texts = [pa.array(cells, pa.string()) for cells in columns.values()]
    return type_columns(header, texts, [canonical_field(h) for h in header], delimiter=delimiter)


def test_acceptance_rule():
    assert accepts(1, 1) and not accepts(0, 0)
    assert accepts(19, 20)  # one unread cell tolerated from ten cells up
    assert not accepts(8, 9)
    assert accepts(950, 1000) and not accepts(949, 1000)


def test_cells_keep_their_exact_text_and_empties_stay_text():
    cells = [" 1,234 ", "-", "—", "N/A", "", None, "5"]
    (column,), _ = typed({"Requests": cells})
    assert column.type is ColumnType.COUNT
    assert column.text.to_pylist() == cells
    assert column.values[[0, 6]].tolist() == [1234, 5]
    assert np.isnan(column.values[1:6]).all()
    assert column.unparsed_count == 0


def test_unparsed_cells_are_counted_and_findable():
    cells = [str(i) for i in range(40)]
    cells[7] = "seven"
    (column,), _ = typed({"Errors": cells})
    assert column.type is ColumnType.COUNT
    assert column.unparsed_count == 1
    assert np.flatnonzero(column.unparsed).tolist() == [7]
    assert column.parsed_count == 39


def test_mostly_words_is_text():
    (column,), _ = typed({"Note": ["ok", "12", "fine", "3", "bad"]})
    assert column.type is ColumnType.TEXT
    assert column.values is None and column.unparsed is None


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        ("User ID", ["1001", "1002", "", "2001"]),
        ("request_id", ["20260506100208123456789abcdef01", "20260506100213987654321fedcba02"]),
        ("Team ID", ["8f14e45f-ceea-467f-a0e6-0e8f0c1b2a11"]),
        ("token", ["1234", "5678"]),
        ("渠道", ["3", "12"]),
        ("zip", ["08123", "10115", "02134"]),
        ("snowflake", ["1870000000000000001", "1870000000000000002"]),
        ("trace", ["a3f9c2e1d4b5", "77b01e9f0c41"]),
        ("ref", ["req_011CUabc123456789", "req_011CUdef987654321"]),
    ],
)
def test_identifiers_stay_text(header, cells):
    (column,), _ = typed({header: cells})
    assert column.type is ColumnType.ID
    assert column.values is None
    assert column.text.to_pylist() == cells


def test_decimal_comma_decided_for_the_whole_file():
    columns, decimal_comma = typed(
        {
            "Cost": ["905,48 €", "12,00 €"],
            "Requests": ["12.345", "1.000"],
            "Rate": ["87,5 %", "1 %"],
        },
        delimiter=";",
    )
    assert decimal_comma
    cost, requests, rate = columns
    assert (cost.type, cost.currency, cost.values.tolist()) == (
        ColumnType.MONEY,
        "EUR",
        [905.48, 12.0],
    )
    assert requests.values.tolist() == [12345, 1000]
    assert rate.values.tolist() == [0.875, 0.01]


def test_decimal_point_file_reads_the_same_digits_differently():
    columns, decimal_comma = typed({"Requests": ["12.345", "1.5"], "Cost": ["$1,234.56"]})
    assert not decimal_comma
    assert columns[0].values.tolist() == [12.345, 1.5]


@pytest.mark.parametrize(
    ("cells", "delimiter", "expected"),
    [
        (["905,48 €", "12,345"], ",", True),
        (["1.234,56"], ",", True),
        (["12,5"], ";", True),
        (["12,345"], ";", True),  # ambiguous, but a ;-file from a decimal-comma locale
        (["12,345"], ",", False),
        (["99.64%", "8,790", "¥1,234.56"], ",", False),
        (["203.0.113.14", "192.168.100.200", "21.11.2026"], ",", False),
    ],
)
def test_decimal_comma_evidence(cells, delimiter, expected):
    assert decide_decimal_comma(cells, delimiter) is expected


def test_cancel_between_columns():
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(LoadCancelled):
        type_columns(["a", "b", "c"], [pa.array(["1"])] * 3, [None] * 3, is_cancelled=cancelled)
    assert len(calls) == 2


def test_parallel_typing_gives_the_same_columns(monkeypatch):
    header = ["Requests", "Cost", "Start Time", "Group"]
    texts = [
        pa.array([f"{i:,}" for i in range(3000)]),
        pa.array([f"¥{i}.50" for i in range(3000)]),
        pa.array([f"2026-11-21 08:{i % 60:02d}:00" for i in range(3000)]),
        pa.array(["default"] * 3000),
    ]
    fields = [canonical_field(h) for h in header]
    serial, _ = type_columns(header, list(texts), fields)
    monkeypatch.setattr(infer, "PARALLEL_MIN_ROWS", 10)
    # Big files reach typing chunked, as pyarrow read them; each column is merged.
    chunked = [pa.chunked_array([t[:1000], t[1000:2500], t[2500:]]) for t in texts]
    parallel, _ = type_columns(header, chunked, fields)
    assert chunked == [None] * len(header)  # consumed: the chunks are freed as merged
    for one, other, text in zip(serial, parallel, texts, strict=True):
        assert (one.name, one.type, one.currency) == (other.name, other.type, other.currency)
        assert isinstance(other.text, pa.Array) and other.text.equals(text)
        if one.values is not None:
            np.testing.assert_array_equal(one.values, other.values)


def test_typing_reports_each_column_done():
    texts = [pa.array(["1", "2"]), pa.array(["a", "b"]), pa.array(["5%", "6%"])]
    seen = []
    type_columns(["a", "b", "c"], texts, [None] * 3, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_parallel_typing_can_be_cancelled(monkeypatch):
    monkeypatch.setattr(infer, "PARALLEL_MIN_ROWS", 10)
    texts = [pa.array([str(i) for i in range(100)])] * 6
    with pytest.raises(LoadCancelled):
        type_columns([f"c{i}" for i in range(6)], texts, [None] * 6, is_cancelled=lambda: True)


def test_typing_a_chunked_column_merges_it():
    text = pa.chunked_array([["¥1.00", "¥2.00"], ["¥3.00"]])
    (column,), _ = type_columns(["Cost"], [text], ["cost"])
    assert isinstance(column.text, pa.Array) and column.text.to_pylist() == text.to_pylist()
    assert column.values.tolist() == [1.0, 2.0, 3.0]


def by_name(table):
    return {c.name: c for c in table.columns}


def test_group_health_demo(samples_dir):
    table = load(samples_dir / "group_health_demo.csv")
    columns = by_name(table)
    cost = columns["Cost"]
    assert (cost.type, cost.currency, cost.parsed_count, cost.unparsed_count) == (
        ColumnType.MONEY,
        "CNY",
        23,
        0,
    )
    assert cost.values[15] == 1799.80
    assert columns["Success Rate"].type is ColumnType.PERCENT
    assert columns["Success Rate"].values[0] == 0.9964
    assert columns["Requests"].type is ColumnType.COUNT
    assert columns["Requests"].values[0] == 8790
    assert columns["Cache Tokens"].values[0] == 10_630_215
    assert columns["Avg Latency"].type is ColumnType.DURATION
    assert columns["Avg Latency"].values[0] == 3.85
    assert columns["Start Time"].type is ColumnType.TIMESTAMP
    assert columns["User ID"].type is ColumnType.ID
    assert columns["Token"].type is ColumnType.ID
    assert columns["Failure Reason"].type is ColumnType.TEXT
    assert not table.source.decimal_comma
    assert all(c.unparsed_count == 0 for c in table.columns)


EXPECTED_TYPES = {
    "usage_logs_newapi_fork.csv": {
        "id": "id",
        "created_at": "timestamp",
        "type": "number",
        "user_id": "id",
        "token_name": "id",
        "quota": "count",
        "quota_usd": "money",
        "prompt_tokens": "count",
        "use_time": "duration",
        "request_id": "id",
        "content": "text",
        "other": "text",
    },
    "console_paste_zh.tsv": {
        "时间": "timestamp",
        "渠道": "id",
        "用户": "text",
        "令牌": "id",
        "类型": "text",
        "用时/首字": "duration",
        "输入": "count",
        "输出": "count",
        "花费": "money",
        "IP": "text",
    },
    "request_events_cpa.csv": {
        "timestamp": "timestamp",
        "model": "text",
        "auth_index": "id",
        "result": "text",
        "latency_ms": "duration",
        "input_tokens": "count",
        "total_tokens": "count",
    },
    "team_usage_litellm.csv": {
        "Date": "timestamp",
        "Team": "text",
        "Team ID": "id",
        "Spend ($)": "money",
        "Requests": "count",
        "Failed Requests": "count",
        "Total Tokens": "count",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED_TYPES))
def test_sample_column_types(samples_dir, name):
    table = load(samples_dir / name)
    columns = by_name(table)
    for header, kind in EXPECTED_TYPES[name].items():
        assert str(columns[header].type) == kind, header
    assert all(c.unparsed_count == 0 for c in table.columns)


def test_sample_values_and_currencies(samples_dir):
    newapi = by_name(load(samples_dir / "usage_logs_newapi_fork.csv"))
    assert newapi["quota_usd"].currency == "USD"
    assert newapi["use_time"].values[1] == 27
    console = by_name(load(samples_dir / "console_paste_zh.tsv"))
    assert console["花费"].currency == "CNY"
    assert console["花费"].values[1] == 0.466996
    assert console["用时/首字"].values[:3].tolist() == [3, 27, 1]
    assert console["类型"].field == "log_type"
    cpa = by_name(load(samples_dir / "request_events_cpa.csv"))
    assert cpa["latency_ms"].values[0] == 8.123
    assert np.isnan(cpa["latency_ms"].values[5])  # an empty cell, not a failure
    litellm = by_name(load(samples_dir / "team_usage_litellm.csv"))
    assert litellm["Spend ($)"].currency == "USD"
    assert litellm["Spend ($)"].values[0] == 1204.3391


def test_big_text_and_sparse_numeric_columns():
    n = 6000
    names = pa.array([f"user-{i % 97}" for i in range(n)])
    sparse = pa.array([f"{i:,}" if i % 50 == 0 else "" for i in range(n)])
    columns, _ = typed_arrays({"Username": names, "Retries": sparse})
    assert columns[0].type is ColumnType.TEXT
    assert columns[1].type is ColumnType.COUNT
    assert columns[1].parsed_count == n // 50
    assert columns[1].values[5000] == 5000


def typed_arrays(columns: dict[str, pa.Array]):
    header = list(columns)
    return type_columns(header, list(columns.values()), [canonical_field(h) for h in header])


# Each column's texts, the last one rare (5 rows in 600): not of the column's type.
REPEATED = {
    "Success Rate": ["87.50%", "100.00%", "N/A", "", "99.62%", "12,5%"],
    "Requests": ["12,345", "3", "1.2k", "-", "7", "twelve"],
    "Cost": ["¥905.48", "¥1,234.56", "(¥3.20)", "¥0", "-", "$3.00"],
    "Avg Latency": ["3.21s", "850ms", "1m2s", "", "27 s 2.4 s 流", "soon"],
}


@pytest.mark.parametrize("name", list(REPEATED))
def test_a_repetitive_column_reads_its_distinct_cells_with_the_same_result(name, monkeypatch):
    """Big columns repeating a few texts are read once per distinct text, not per row."""
    rng = np.random.default_rng(7)
    *common, rare = REPEATED[name]
    cells = [common[i] for i in rng.integers(0, len(common), 595)] + [rare] * 5
    rng.shuffle(cells)
    field = canonical_field(name)
    every_row = infer.type_column(name, pa.array(cells), field)
    monkeypatch.setattr(distinct, "MIN_ROWS", 100)
    seen = []
    real = distinct.distinct_cells
    monkeypatch.setattr(empties, "distinct_cells", lambda c: seen.append(r := real(c)) or r)
    once_each = infer.type_column(name, pa.array(cells), field)
    assert seen and seen[0] is not None and len(seen[0].cells) <= len(REPEATED[name])
    assert (once_each.type, once_each.currency) == (every_row.type, every_row.currency)
    np.testing.assert_array_equal(once_each.values, every_row.values)
    assert once_each.unparsed_count == every_row.unparsed_count == 5


def test_the_currency_most_rows_carry_wins_not_the_most_distinct_amounts(monkeypatch):
    monkeypatch.setattr(distinct, "MIN_ROWS", 100)
    euros = [f"€{i}.00" for i in range(20)]  # 20 different amounts, once each
    cells = euros + ["$5.00", "$7.50"] * 490  # two amounts, 980 rows
    column = infer.type_column("Cost", pa.array(cells), "cost")
    assert column.currency == "USD"
    assert column.unparsed_count == 20  # the euro cells are not added to the dollar sum
