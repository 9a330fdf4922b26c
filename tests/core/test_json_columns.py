"""JSON records become the same cells when taken a batch at a time as when read key by key.

The batched reader (``core/reading/json_columns.py``) replaced a per-key loop that took most
of the 52 s a 1M-record JSON Lines export needed to open. The loop is kept here as the
definition of the cells: a column per key (dotted under a nested object), in the order keys
are first met with a value; null and missing keys empty; an integer as written; a number with
a fraction as written; true/false; an array or an empty object as its JSON text; a dotted key
and a nested key naming one cell: the later one wins.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csvinspect.core.reading import json_columns
from csvinspect.core.reading.json_columns import Number, RecordColumns


def _reference(records: list[dict[str, Any]]) -> dict[str, list[str | None]]:
    columns: dict[str, list[str | None]] = {}

    def add(record: dict[str, Any], prefix: str, row: int) -> None:
        for key, value in record.items():
            if type(value) is dict and value:
                add(value, f"{prefix}{key}.", row)
                continue
            if value is None:
                continue
            if value is True or value is False:
                text = "true" if value else "false"
            elif isinstance(value, (str, int)):
                text = str(value)
            else:
                text = json_columns._json_text(value)
            cells = columns.setdefault(prefix + key, [])
            if len(cells) > row:
                cells[-1] = text
                continue
            cells.extend([None] * (row - len(cells)))
            cells.append(text)

    for row, record in enumerate(records):
        add(record, "", row)
    return {name: cells + [None] * (len(records) - len(cells)) for name, cells in columns.items()}


def _batched(records: list[dict[str, Any]]) -> dict[str, list[str | None]]:
    rows = RecordColumns()
    for line, record in enumerate(records, start=1):
        rows.add(record, line)
    return {name: rows.column(name).to_pylist() for name in rows.header()}


_KEYS = st.sampled_from(["a", "b", "c", "a.b", "b.c", "usage", "id"])
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.sampled_from(["1.0", "0.0170", "1e5", "-0.5"]).map(Number),
    st.text(max_size=4),
    st.lists(st.integers(max_value=9), max_size=2),
    st.just({}),
)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.dictionaries(_KEYS, inner, max_size=3), max_leaves=8
)
_RECORDS = st.lists(st.dictionaries(_KEYS, _VALUES, max_size=5), max_size=12)


@settings(max_examples=300, deadline=None)
@given(records=_RECORDS, batch=st.sampled_from([1, 3, 1000]))
def test_batched_cells_equal_key_by_key_cells(records, batch):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_columns, "_BATCH", batch)
        got = _batched(records)
    expected = _reference(records)
    assert list(got) == list(expected)  # the same columns, in the same order
    assert got == expected


def test_a_column_first_met_late_is_empty_above_and_keeps_its_place():
    lines = [
        {"a": {"x": 1}},
        {"a": {"x": 2}, "b": True},
        {"a": {"y": 1.5}, "c": None},
        {"c": [1, 2], "a": {}},
    ]
    got = _batched(json.loads(json.dumps(lines)))
    assert list(got) == ["a.x", "b", "a.y", "c", "a"]
    assert got["b"] == [None, "true", None, None]
    assert got["c"] == [None, None, None, "[1, 2]"]
    assert got["a"] == [None, None, None, "{}"]
