"""Summary cards and breakdowns of request logs (seeds 001-003)."""

from __future__ import annotations

import numpy as np
import pytest
from request_logs import OPENROUTER, inline, sample

from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.stats import RequestStats


def test_cards_show_requests_failures_latency_tokens_and_cost(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    cards = RequestStats(records).cards()
    assert cards.success_rate == pytest.approx(5 / 7)
    assert cards.non_request_rows == 4
    latencies = [3, 27, 1, 14, 0, 62, 9]  # use_time of the seven requests
    assert cards.latency.mean == pytest.approx(np.mean(latencies))
    assert cards.latency.p95 == pytest.approx(np.percentile(latencies, 95))
    assert cards.latency.p99 == pytest.approx(np.percentile(latencies, 99))
    assert cards.first_token.count == 3  # frt 812, 2431, 1530 ms; 0 means not measured
    assert cards.tokens_in == 10234 + 48211 + 30120 + 5012
    assert cards.tokens_cached == 8192 + 40960 + 0 + 1024
    assert cards.cost_per_1k_tokens == pytest.approx(cards.cost / cards.tokens_total * 1000)
    assert cards.cache_hit_rate == pytest.approx(cards.tokens_cached / cards.tokens_total)


def test_cache_hit_rate_is_unknown_when_the_export_has_no_cache_figures(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    cards = RequestStats(records).cards()
    assert cards.tokens_cached is None
    assert cards.cache_hit_rate is None


def test_breakdown_by_model_sorts_by_requests_with_errors_and_p95(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    rows = RequestStats(records).breakdown("model").rows
    assert [r.key for r in rows[:2]] == ["claude-sonnet-4-5-20250929", "gpt-4o-mini"]
    mini = rows[1]
    assert (mini.requests, mini.errors, mini.success_rate) == (2, 1, 0.5)
    assert mini.p95_latency_s == pytest.approx(np.percentile([3, 62], 95))
    assert mini.cost == pytest.approx(0.008526)
    assert sum(r.requests for r in rows) == 8


def test_breakdown_by_status_names_the_category_of_each_code(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    rows = RequestStats(records).breakdown("status").rows
    assert [(r.value, r.requests, r.category) for r in rows] == [
        (200, 5, None),
        (429, 1, "rate_limit"),
        (504, 1, "gateway_timeout"),
    ]


def test_breakdown_rows_lead_to_exactly_their_requests(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    breakdown = RequestStats(records).breakdown("token")
    first = breakdown.rows[0]
    assert first.key == "cursor-dev"
    assert breakdown.row_indices(0).tolist() == [0, 1, 2, 7]
    # clicking the row filters on its value: the same rows come back
    result = apply_filter(records, RequestFilter(values={"token": (first.value,)}))
    assert np.flatnonzero(result.mask).tolist() == [0, 1, 2, 7]


def test_failure_category_and_time_breakdowns(samples_dir):
    _, records = sample(samples_dir, "request_events_cpa.csv")
    stats = RequestStats(records)
    categories = stats.breakdown("failure_category").rows
    assert [(r.key, r.requests) for r in categories] == [("other", 3)]
    hours = stats.breakdown("hour").rows
    # the export writes 16:02+08:00: its hour is 16:00 as written, not 08:00 UTC (issue 11)
    assert [(r.key, r.requests) for r in hours] == [("2026-05-15 16:00", 10)]
    assert stats.breakdown("day").rows[0].key == "2026-05-15"


def test_hour_buckets_are_in_time_order():
    _, records = inline(OPENROUTER)
    hours = RequestStats(records).breakdown("hour").rows
    assert [(r.key, r.requests) for r in hours] == [
        ("2026-05-06 10:00", 2),
        ("2026-05-06 11:00", 1),
    ]


def test_breakdowns_skip_dimensions_the_export_does_not_have(samples_dir):
    _, records = sample(samples_dir, "request_events_cpa.csv")
    names = set(RequestStats(records).breakdowns())
    assert {"model", "account", "provider", "status", "hour"} <= names
    assert "group" not in names and "token" not in names


def test_whole_log_figures_leave_the_requests_as_read(samples_dir):
    # issue 10: an unfiltered view reads the record arrays themselves, never writes to them
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    names = ("latency_s", "cost", "tokens_total", "tokens_cached", "time", "success")
    before = {name: getattr(records, name).copy() for name in names}
    stats = RequestStats(records)
    first = (stats.cards(), {name: b.rows for name, b in stats.breakdowns().items()})
    for name, values in before.items():
        assert np.array_equal(getattr(records, name), values, equal_nan=True), name
    mask = apply_filter(records, RequestFilter(values={"group": ("vip",)})).mask
    assert RequestStats(records, mask).cards().requests == 2
    again = RequestStats(records)
    assert (again.cards(), {name: b.rows for name, b in again.breakdowns().items()}) == first


def test_cards_follow_the_filter_mask(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    mask = apply_filter(records, RequestFilter(values={"group": ("vip",)})).mask
    cards = RequestStats(records, mask).cards()
    assert (cards.requests, cards.failures) == (2, 1)
    assert cards.cost == pytest.approx(0.063972)


@pytest.mark.parametrize("whole_seconds", [False, True])  # issue 10: many equal latencies
def test_grouped_percentiles_match_numpy_on_a_larger_log(whole_seconds):
    from csvinspect.core.requests import aggregate

    rng = np.random.default_rng(3)
    n = 5000
    latency = rng.gamma(2.0, 2.0, n)
    if whole_seconds:  # new-api's use_time
        latency = np.round(latency)
    latency[rng.random(n) < 0.1] = np.nan
    groups = rng.integers(0, 7, n)

    class FakeRecords:  # the few arrays a Selection reads
        is_request = np.ones(n, dtype=bool)
        success = np.ones(n, dtype=np.int8)
        latency_s = latency

    selection = aggregate.Selection(FakeRecords())  # type: ignore[arg-type]
    p95 = selection.quantile(groups, 7, 0.95)
    for g in range(7):
        values = latency[(groups == g) & ~np.isnan(latency)]
        assert p95[g] == pytest.approx(np.percentile(values, 95))
