"""Reconciliation for finance: group rows vs their token rows, counts vs rates."""

from pathlib import Path

import pytest
from health_tables import make_table, read_csv_table

from csvinspect.core.analysis import reconcile
from csvinspect.core.analysis.reconcile import reconcile_table
from csvinspect.core.progress import AnalysisCancelled

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = ["Type", "Group", "Token", "Requests", "Success", "Errors", "Success Rate", "Cost"]


def test_demo_reconciles(samples_dir):
    assert reconcile_table(read_csv_table(samples_dir / "group_health_demo.csv")) == []


def test_altered_token_rows_are_listed_with_both_values_and_the_difference():
    table = read_csv_table(FIXTURES / "health_unreconciled.csv")
    found = [
        (m.group, m.field, m.check, m.token, m.group_value, m.token_sum, m.row)
        for m in reconcile_table(table)
    ]
    assert found[:4] == [
        # alice-laptop's Requests and Success were raised by 10
        ("default", "requests", "token_sum", None, 8790, 8800, 0),
        ("default", "success", "token_sum", None, 8758, 8768, 0),
        # bob-ci's cost was changed from ¥59.67 to ¥59.76
        ("default", "cost", "token_sum", None, 512.93, 513.02, 0),
        # peggy-cli's Errors were raised by 10
        ("claude-max", "errors", "token_sum", None, 510, 520, 15),
    ]
    assert ("default", "cache_request_share", "recomputed_rate", "alice-laptop") in [
        f[:4] for f in found
    ]
    assert ("vip", "success_rate", "recomputed_rate", "frank-prod", 0.9839) in [
        f[:5] for f in found
    ]
    assert ("claude-max", "requests", "success_plus_errors", "peggy-cli", 2600, 2610, 16) in found
    cost = next(m for m in reconcile_table(table) if m.field == "cost")
    assert cost.difference == pytest.approx(-0.09, abs=1e-12)


def test_money_is_compared_exactly_not_as_floats():
    # 0.1 + 0.2 != 0.3 in binary floating point; the exported cents do add up.
    rows = [
        ["Group", "g", "", "3", "3", "0", "100.00%", "¥0.30"],
        ["Token", "g", "a", "1", "1", "0", "100.00%", "¥0.10"],
        ["Token", "g", "b", "2", "2", "0", "100.00%", "¥0.20"],
    ]
    assert reconcile_table(make_table(HEADER, rows)) == []
    rows[2][-1] = "¥0.21"
    [mismatch] = reconcile_table(make_table(HEADER, rows))
    assert (mismatch.field, mismatch.group_value, mismatch.token_sum) == ("cost", 0.30, 0.31)


@pytest.mark.parametrize(
    ("rate", "mismatch"),
    [("66.67%", False), ("66.66%", False), ("66.7%", False), ("67%", False), ("66.00%", True)],
)
def test_rates_match_within_the_precision_they_were_written_with(rate, mismatch):
    rows = [["Group", "g", "", "3", "2", "1", rate, "¥1.00"]]
    found = reconcile_table(make_table(HEADER, rows))
    assert bool(found) is mismatch
    if mismatch:
        assert (found[0].field, found[0].check) == ("success_rate", "recomputed_rate")
        assert found[0].token_sum == pytest.approx(2 / 3)


def test_group_rows_without_token_rows_have_nothing_to_sum():
    rows = [["Group", "g", "", "10", "9", "1", "90.00%", "¥1.00"]]
    assert reconcile_table(make_table(HEADER, rows)) == []


def test_a_group_whose_rows_fall_in_different_blocks_is_reconciled_as_a_whole(monkeypatch):
    # issue 10: the table is read a block of rows at a time; a Group row and its tokens in
    # different blocks are summed as one group, and the listing is the same
    table = read_csv_table(FIXTURES / "health_unreconciled.csv")
    whole = reconcile_table(table)
    for rows in (1, 2, 5):
        monkeypatch.setattr(reconcile, "_BLOCK", rows)
        assert reconcile_table(table) == whole
    assert [(m.field, m.token_sum) for m in whole[:4]] == [
        ("requests", 8800),
        ("success", 8768),
        ("cost", 513.02),
        ("errors", 520),
    ]


def test_reconciling_stops_between_blocks_once_told(monkeypatch):
    monkeypatch.setattr(reconcile, "_BLOCK", 2)
    asked = []

    def stopped():
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(AnalysisCancelled):
        reconcile_table(read_csv_table(FIXTURES / "health_unreconciled.csv"), stopped)
    assert len(asked) == 3
