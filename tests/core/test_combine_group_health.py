"""Issue 10: combining group-health exports keeps their Group and Token rows, adds up the
files' figures and never adds one currency to another."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from csvinspect.core import RowKind, load
from csvinspect.core.ingest.combine_files import load_combined
from csvinspect.core.query.filters import TableQuery, apply_query
from csvinspect.core.report import build_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEALTH_USD = FIXTURES / "health_usd.csv"  # the demo's groups and tokens, costs in dollars


@pytest.fixture
def demo_and_usd(demo_path: Path) -> list[Path]:
    return [demo_path, HEALTH_USD]


@pytest.fixture
def demo_next_month(demo_path: Path, tmp_path: Path) -> list[Path]:
    """The demo export and the same figures a month later: two periods, one currency."""
    later = tmp_path / "december.csv"
    later.write_text(demo_path.read_text("utf-8-sig").replace("2026-11-2", "2026-12-2"), "utf-8")
    return [demo_path, later]


def test_combined_exports_keep_their_group_and_token_rows(demo_and_usd):
    combined = load_combined(demo_and_usd).table
    each = [load(p).row_kinds for p in demo_and_usd]
    assert combined.row_kinds is not None
    assert combined.row_kinds.tolist() == np.concatenate(each).tolist()
    assert np.count_nonzero(combined.row_kinds == RowKind.GROUP) == 12  # 6 groups per file
    # the Groups quick filter picks the Group rows of both files
    query = TableQuery(row_kinds=frozenset({RowKind.GROUP}))
    groups = np.flatnonzero(apply_query(combined, query).mask)
    types = combined.columns[combined.header.index("Type")].text.to_pylist()
    assert len(groups) == 12 and {types[r] for r in groups} == {"Group"}


def test_totals_are_the_sum_of_both_files_and_token_lists_are_not_doubled(demo_and_usd):
    one = build_report(load(demo_and_usd[0]))
    both = build_report(load_combined(demo_and_usd).table)
    assert both["totals"]["requests"] == 2 * one["totals"]["requests"] == 47_632
    assert both["totals"]["errors"] == 2 * one["totals"]["errors"]
    tokens_in_one = {g["group"]: len(g["tokens"]) for g in one["groups"]}
    assert {g["group"]: len(g["tokens"]) for g in both["groups"]} == tokens_in_one
    default = next(g for g in both["groups"] if g["group"] == "default")
    alice = next(t for t in default["tokens"] if t["token"] == "alice-laptop")
    assert (default["requests"], alice["requests"]) == (2 * 8_790, 2 * 1_840)
    # each file's Group rows sum that file's Token rows: nothing to reconcile
    assert both["reconciliation"] == one["reconciliation"]


def test_yuan_and_dollars_are_never_added(demo_and_usd):
    report = build_report(load_combined(demo_and_usd).table)
    assert report["totals"]["cost"] is None
    assert report["totals"]["currency"] is None
    assert all(g["cost"] is None for g in report["groups"])


def test_two_periods_in_one_currency_add_up(demo_next_month):
    one = build_report(load(demo_next_month[0]))
    both = build_report(load_combined(demo_next_month).table)
    assert both["totals"]["currency"] == "CNY"
    assert both["totals"]["cost"] == pytest.approx(2 * one["totals"]["cost"])
    assert both["totals"]["requests"] == 2 * one["totals"]["requests"]
    assert both["totals"]["start_time"] == one["totals"]["start_time"]
    assert both["totals"]["latest_time"].startswith("2026-12-")
    assert both["totals"]["success_rate"] == one["totals"]["success_rate"]


def test_the_report_says_what_combining_group_health_exports_did(demo_and_usd, capsys):
    """Issue 10: the report said "0 duplicate request IDs removed" of exports that have no
    request IDs. It says which groups and tokens an earlier file also has, and that those
    were added up, in text and Markdown alike."""
    from csvinspect.cli import main

    for form in ("text", "markdown"):
        assert main(["report", *map(str, demo_and_usd), "--format", form]) == 0
        out = capsys.readouterr().out
        assert "request ID" not in out
        assert (
            "23 rows of a group or token an earlier file also has: kept and added up,"
            " each file being a period of its own"
        ) in out


def test_combining_counts_the_groups_and_tokens_an_earlier_file_has(demo_and_usd):
    combined = load_combined(demo_and_usd)
    assert (combined.duplicates_removed, combined.in_earlier_files) == (0, 23)
    assert combined.table.n_rows == 46  # nothing removed: each file is a period of its own
    assert combined.identity is not None and not combined.identity.removes_repeats
