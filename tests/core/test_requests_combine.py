"""Several exports of one kind as one view; repeated request IDs counted once."""

from __future__ import annotations

import pytest
from request_logs import OPENROUTER, SUB2API

from csvinspect.core import load_text
from csvinspect.core.ingest.combine import combine_tables
from csvinspect.core.requests.details import pretty_json, request_details
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.stats import RequestStats
from csvinspect.core.table import LoadError

DAY_1 = """request_id,created_at,model,status_code,latency_ms,cost
a1,2026-05-06 10:00:00,gpt-4.1,200,1200,$0.01
a2,2026-05-06 11:00:00,gpt-4.1,429,300,$0.00
a3,2026-05-06 23:59:00,gpt-5,200,5000,$0.20
"""
# the next day's export overlaps the last request of the first, and adds a column
DAY_2 = """request_id,created_at,model,status_code,latency_ms,cost,user
a3,2026-05-06 23:59:00,gpt-5,200,5000,$0.20,ann
b1,2026-05-07 08:00:00,gpt-5,502,9000,$0.00,ann
b2,2026-05-07 09:00:00,gpt-4.1,200,800,$0.02,bob
,2026-05-07 09:30:00,gpt-4.1,200,700,$0.02,bob
"""


def test_combined_days_drop_and_count_repeated_request_ids():
    day1 = load_text(DAY_1, name="day1.csv")
    day2 = load_text(DAY_2, name="day2.csv")
    combined = combine_tables([day1, day2])
    assert combined.duplicates_removed == 1
    assert combined.table.n_rows == 6
    assert combined.rows_per_source == [3, 3]  # a3 counted once, in the first file
    assert combined.source_of_row.tolist() == [0, 0, 0, 1, 1, 1]
    assert combined.table.line_numbers.tolist() == [2, 3, 4, 3, 4, 5]
    assert combined.table.source.name == "day1.csv + day2.csv"
    records = build_records(combined.table)
    cards = RequestStats(records).cards()
    assert (cards.requests, cards.failures) == (6, 2)  # the row without an ID is kept
    assert cards.cost == pytest.approx(0.25)
    assert records.currency == "USD"
    user = records.dims["user"]
    assert [user.name(int(c)) for c in user.codes] == ["", "", "", "ann", "bob", "bob"]


def test_exports_of_different_kinds_are_not_combined():
    with pytest.raises(LoadError, match="only exports of the same kind"):
        combine_tables([load_text(OPENROUTER, name="or.csv"), load_text(SUB2API, name="s.csv")])


def test_details_pane_pretty_prints_the_json_column(samples_dir):
    from csvinspect.core import load

    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    details = dict(request_details(table, 2))
    assert details["other"].startswith('{\n  "request_path": "/v1/messages"')
    assert details["content"].startswith("status_code=429")
    assert pretty_json("not json {") == "not json {"


def test_a_cell_unread_in_one_file_stays_flagged_once_combined():
    rows = "\n".join(f"b{i},2026-05-07 08:00:{i:02d},gpt-5,200,{900 + i}" for i in range(10))
    day2 = load_text(
        "request_id,created_at,model,status_code,latency_ms\n"
        + rows
        + "\nb99,2026-05-07 09:00:00,gpt-5,200,slow\n",
        name="day2.csv",
    )
    day1 = load_text(DAY_1, name="day1.csv")
    assert day1.column("latency").unparsed is None  # every cell read: no flags kept
    combined = combine_tables([day1, day2]).table
    latency = combined.column("latency")
    assert latency.unparsed_count == 1
    assert (
        combined.cell_text(int(latency.unparsed.nonzero()[0][0]), combined.column_index("latency"))
        == "slow"
    )
