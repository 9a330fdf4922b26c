"""Report kinds (group health, request log, usage summary, generic) and group-health row kinds."""

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.core import load
from csvinspect.core.cells.infer import type_columns
from csvinspect.core.fields import canonical_field
from csvinspect.core.ingest.kinds import decide
from csvinspect.core.table import ReportKind, RowKind, SourceInfo, Table

G, T, OTHER = RowKind.GROUP, RowKind.TOKEN, RowKind.OTHER


def table_of(columns: dict[str, list[str]]) -> Table:
    header = list(columns)
    texts = [pa.array(cells, pa.string()) for cells in columns.values()]
    n = len(texts[0])
    typed, _ = type_columns(header, texts, [canonical_field(h) for h in header])
    table = Table(SourceInfo("t.csv", "utf-8", ","), typed, np.arange(2, n + 2))
    decide(table)
    return table


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("group_health_demo.csv", ReportKind.GROUP_HEALTH),
        ("usage_logs_newapi_fork.csv", ReportKind.REQUEST_LOG),
        ("console_paste_zh.tsv", ReportKind.REQUEST_LOG),
        ("request_events_cpa.csv", ReportKind.REQUEST_LOG),
        ("team_usage_litellm.csv", ReportKind.USAGE_SUMMARY),
    ],
)
def test_sample_kinds(samples_dir, name, kind):
    table = load(samples_dir / name)
    assert table.source.kind is kind
    assert (table.row_kinds is not None) == (kind is ReportKind.GROUP_HEALTH)


def test_demo_row_kinds(samples_dir):
    kinds = load(samples_dir / "group_health_demo.csv").row_kinds
    assert kinds.dtype == np.int8
    assert np.count_nonzero(kinds == G) == 6
    assert np.count_nonzero(kinds == T) == 17
    assert kinds[:7].tolist() == [G, T, T, T, T, T, G]


HEALTH = {
    "Group": ["default", "default", "vip"],
    "User ID": ["", "1001", ""],
    "Username": ["", "alice", ""],
    "Token": ["", "alice-laptop", ""],
    "Success Rate": ["99.64%", "99.62%", "91.78%"],
    "Requests": ["8,790", "1,840", "7,260"],
    "Errors": ["32", "7", "597"],
}


def test_group_health_without_a_type_column_uses_the_identity_columns():
    table = table_of(HEALTH)
    assert table.source.kind is ReportKind.GROUP_HEALTH
    assert table.row_kinds.tolist() == [G, T, G]


def test_type_column_in_any_case_and_language():
    table = table_of(
        {
            "Type": [" GROUP", "token", "分组", "令牌", "Total"],
            **{k: [*v, v[0], v[0]] for k, v in HEALTH.items()},
        }
    )
    assert table.row_kinds.tolist() == [G, T, G, T, OTHER]


def test_group_health_json_twin_headers():
    table = table_of(
        {
            "group": ["default", "vip"],
            "total_count": ["8790", "7260"],
            "success_count": ["8758", "6663"],
            "error_count": ["32", "597"],
            "success_rate (0-100)": ["99.64", "91.78"],
            "avg_use_time (s)": ["3.85", "5.38"],
            "last_seen_at (unix s)": ["1795333956", "1795334048"],
        }
    )
    assert table.source.kind is ReportKind.GROUP_HEALTH
    assert table.row_kinds.tolist() == [G, G]
    assert table.column("success_rate").values.tolist() == [0.9964, 0.9178]


def test_request_log_from_fields_alone():
    table = table_of(
        {
            "Time": ["2026-05-06 10:02:11", "2026-05-06 10:02:40"],
            "Model": ["gpt-4o", "gpt-4o-mini"],
            "status_code": ["200", "429"],
            "prompt_tokens": ["10", "0"],
        }
    )
    assert table.source.kind is ReportKind.REQUEST_LOG
    assert table.row_kinds is None


def test_usage_summary_by_day_without_request_counts():
    table = table_of(
        {
            "usage_date_utc": ["2026-05-01", "2026-05-02"],
            "model": ["claude-sonnet-4-5", "claude-sonnet-4-5"],
            "cost_usd": ["12.50", "3.10"],
            "token_type": ["input", "output"],
        }
    )
    assert table.source.kind is ReportKind.USAGE_SUMMARY


def test_openai_usage_is_a_summary():
    table = table_of(
        {
            "start_time": ["1714521600", "1714608000"],
            "end_time": ["1714608000", "1714694400"],
            "start_time_iso": ["2024-05-01T00:00:00+00:00", "2024-05-02T00:00:00+00:00"],
            "end_time_iso": ["2024-05-02T00:00:00+00:00", "2024-05-03T00:00:00+00:00"],
            "num_model_requests": ["3.0", "12.0"],
            "model": ["gpt-4o", "gpt-4o"],
        }
    )
    assert table.source.kind is ReportKind.USAGE_SUMMARY


def test_anything_else_is_generic():
    table = table_of({"name": ["a", "b"], "value": ["1", "2"]})
    assert table.source.kind is ReportKind.GENERIC
    assert table.row_kinds is None
