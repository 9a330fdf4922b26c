"""Group-health figures read column-wise (issue 10): groups, their rows and their reasons as
the row-by-row rules gave them, on the cells that trip such rules up."""

import statistics

import numpy as np
import pyarrow as pa
import pytest
from health_tables import make_table

from csvinspect.core.analysis import (
    AnalysisSettings,
    analyze_health,
    parse_failure_reasons,
    text_column,
)
from csvinspect.core.analysis.peer_medians import loo_median
from csvinspect.core.analysis.text_column import TextColumn

HEADER = ["Type", "Group", "Token", "Requests", "Success", "Errors", "Failure Reason"]


def test_groups_keep_table_order_and_token_only_groups_follow():
    rows = [
        ["Token", "orphan", "t0", "5", "5", "0", ""],  # no Group row: after the others
        ["Group", " vip ", "", "10", "9", "1", "429: Rate limit (1)"],
        ["Token", "vip", "alice ", "10", "9", "1", "-"],
        ["Group", "default", "", "4", "4", "0", "-"],
        ["Group", "vip", "", "99", "99", "0", ""],  # repeated: the first Group row counts
        ["Token", "", "nameless", "1", "1", "0", ""],  # an empty Group cell is a group too
        ["Token", "orphan", "t1", "3", "2", "1", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    found = [(g.name, g.stats.requests, list(g.stats.rows), len(g.tokens)) for g in report.groups]
    assert found == [
        ("vip", 10, [1, 2, 4], 1),
        ("default", 4, [3], 0),
        ("orphan", 8, [0, 6], 2),
        ("", 1, [5], 1),
    ]
    assert [t.stats.token for t in report.groups[0].tokens] == ["alice"]
    assert report.groups[0].failure_reasons[0].count == 1
    assert report.groups[1].failure_reasons == []


def test_a_group_row_after_its_token_rows_still_lists_the_rows_in_table_order():
    rows = [
        ["Token", "vip", "alice", "3", "3", "0", ""],
        ["Token", "vip", "bob", "2", "2", "0", ""],
        ["Group", "vip", "", "5", "5", "0", ""],
        ["Group", "default", "", "4", "4", "0", ""],
        ["Token", "default", "carol", "4", "4", "0", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    found = [(g.name, list(g.stats.rows)) for g in report.groups]
    assert found == [("vip", [0, 1, 2]), ("default", [3, 4])]


def test_without_a_group_column_tokens_belong_to_the_group_row_above():
    header = ["Type", "Token", "Requests", "Success", "Errors"]
    rows = [
        ["Token", "early", "2", "2", "0"],
        ["Group", "", "5", "5", "0"],
        ["Token", "a", "5", "5", "0"],
    ]
    report = analyze_health(make_table(header, rows))
    found = [(g.name, list(g.stats.rows)) for g in report.groups]
    assert found == [("line 3", [1, 2]), ("(all)", [0])]


@pytest.mark.parametrize(
    ("cells", "read"),
    [
        (["a", "b"], ["a", "b"]),
        ([" a", "b"], ["a", "b"]),
        (["a", "b\u3000"], ["a", "b"]),  # an ideographic space: not ASCII, still stripped
        (["中", "é"], ["中", "é"]),
        ([None, "", "x\xa0"], ["", "", "x"]),
    ],
)
def test_token_cells_are_read_stripped(cells, read):
    assert TextColumn(pa.array(cells, pa.string()))[0:3] == read


def test_a_padded_cell_past_the_first_cells_read_is_still_stripped(monkeypatch):
    monkeypatch.setattr(text_column, "_STEP", 2)  # cells are checked a slice at a time
    padded = TextColumn(pa.chunked_array([["a", "b", "c"], ["d", "e", " f"]]))
    assert padded.padded and padded[0:6] == ["a", "b", "c", "d", "e", "f"]
    assert not TextColumn(pa.array(["a", "b", "c", "d", "e"])).padded


def test_token_cells_read_at_their_rows_of_the_table_column():
    # issue 10: the tokens' cells are read where the table holds them, in the tokens' order
    table_cells = pa.chunked_array([["Group", " bob "], [None, "alice", "-"]])
    tokens = TextColumn(table_cells, np.array([3, 1, 2], dtype=np.int64))
    assert len(tokens) == 3
    assert list(tokens) == ["alice", "bob", ""]
    assert tokens[0:2] == ["alice", "bob"]
    assert tokens[::2] == ["alice", ""]
    assert (tokens[1], tokens[-1]) == ("bob", "")
    assert tokens.cells(1, 3).to_pylist() == [" bob ", None]
    with pytest.raises(IndexError):
        tokens[3]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "429: Account RPM limit exceeded, Max 10/min (37); 503: No available accounts (5)",
            [
                (429, "Account RPM limit exceeded, Max 10/min", 37),
                (503, "No available accounts", 5),
            ],
        ),
        ("503: No available accounts (0)", [(503, "No available accounts", 0)]),
        ("status_code=504 (38)", [(504, "", 38)]),
        ('"502: Upstream request failed (12)"', [(502, "Upstream request failed", 12)]),
        ("timeout; (7)", [(None, "timeout", None)]),  # the count names no entry: not moved
        ("n/a (3)", [(None, "n/a", 3)]),
        ("(4)", []),
    ],
)
def test_a_reasons_count_is_read_apart_from_its_wording(text, entries):
    assert [(r.status, r.message, r.count) for r in parse_failure_reasons(text)] == entries


def test_only_the_listed_transient_findings_are_the_ones_with_most_errors():
    header = ["Type", "Group", "Token", "Requests", "Success", "Errors", "Failure Reason"]
    errors = [2, 5, 3, 5, 1, 3]  # ties listed in group order
    rows = [
        ["Group", f"g{g}", "", "5000", str(5000 - e), str(e), f"503: No available accounts ({e})"]
        for g, e in enumerate(errors)
    ]
    settings = AnalysisSettings(max_findings_per_scope=3)
    report = analyze_health(make_table(header, rows), settings)
    listed = [(f.subject, f.impact) for f in report.findings if f.scope == "transient"]
    assert listed == [("g1", 5), ("g3", 5), ("g2", 3)]


def test_peer_medians_leave_each_value_out_of_its_own_set():
    values = np.array([4.0, 1.0, 1.0, np.nan, 7.0, 2.0, 2.0, 9.0, 5.0, 3.0, np.nan, 6.0])
    sets = np.array([0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 3, 3])

    def others(i):
        peers = [values[j] for j in range(len(values)) if j != i and sets[j] == sets[i]]
        peers = [v for v in peers if v == v]
        return statistics.median(peers) if peers else np.nan

    expected = [others(i) if values[i] == values[i] else np.nan for i in range(len(values))]
    assert np.array_equal(loo_median(values, sets), expected, equal_nan=True)
    # set 0 by value: 1, 1, 4, 7; without a 1 the others' median is 4, without the 7 it is 1
    assert loo_median(values, sets)[[0, 1, 4]].tolist() == [1.0, 4.0, 1.0]
