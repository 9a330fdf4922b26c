"""Group health derived from raw requests: the seed-000 rows and the same findings."""

from __future__ import annotations

import numpy as np
import pytest
from health_tables import read_csv_table
from request_logs import requests_like_demo, sample

from csvinspect.core.analysis import analyze_health
from csvinspect.core.requests.derived import derived_health
from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.records import build_records


def test_usage_log_gives_group_and_token_rows_with_failure_reasons(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    health = derived_health(records)
    assert (health.group_dimension, health.token_dimension) == ("group", "token")
    groups = {g.name: g for g in health.report.groups}
    assert list(groups) == ["default", "vip", "svip"]  # order of first appearance
    default = groups["default"].stats
    assert (default.requests, default.success, default.errors) == (4, 3, 1)
    assert default.cost == pytest.approx((584 + 5260 + 25000) / 500_000)
    assert [r.label() for r in default.failure_reasons] == ["504: do_request_failed"]
    assert default.failure_reasons[0].count == 1
    assert default.avg_latency_s == pytest.approx((3 + 14 + 0 + 62) / 4)
    assert default.start_time == records.time[0] and default.latest_time == records.time[7]
    tokens = {t.stats.token: t.stats for t in groups["default"].tokens}
    assert set(tokens) == {"cursor-dev", "batch-eval", "翻译助手"}
    assert (tokens["cursor-dev"].user_id, tokens["cursor-dev"].username) == ("17", "alice")
    assert tokens["cursor-dev"].rows == (7,)  # its failed request, to open next
    vip = groups["vip"].stats
    assert vip.cache_tokens == 40960
    assert vip.cache_hit_rate == pytest.approx(40960 / (48211 + 1893))
    assert health.report.totals.requests == 7


def test_request_log_findings_match_the_group_health_export(demo_path):
    """The demo export's token rows replayed as 23,816 requests: same flags, same findings."""
    records = build_records(requests_like_demo(demo_path))
    derived = derived_health(records).report
    exported = analyze_health(read_csv_table(demo_path))
    assert derived.totals.requests == exported.totals.requests == 23816
    assert derived.totals.errors == exported.totals.errors
    assert derived.totals.cost == pytest.approx(exported.totals.cost)

    def outline(report):
        return [(f.scope, f.subject, f.category) for f in report.findings]

    assert outline(derived) == outline(exported)
    assert ("token", "vip / ci-bot", "auth") in outline(derived)
    for mine, theirs in zip(derived.groups, exported.groups, strict=True):
        assert (mine.name, mine.flags) == (theirs.name, theirs.flags)
        assert [(t.stats.token, t.flags) for t in mine.tokens] == [
            (t.stats.token, t.flags) for t in theirs.tokens
        ]
    reasons = {(r.status, r.message): r.count for r in derived.failure_reasons}
    assert reasons[(503, "No available accounts")] == 990
    assert reasons[(429, "All credentials for model claude-opus-4 are cooling down")] == 173


def test_a_finding_leads_to_the_failed_requests_of_its_subject(demo_path):
    records = build_records(requests_like_demo(demo_path))
    report = derived_health(records).report
    finding = next(f for f in report.findings if f.subject == "vip / ci-bot")
    rows = np.array(finding.rows)
    token = records.dims["token"]
    assert len(rows) == 558
    assert {token.name(int(c)) for c in token.codes[rows]} == {"ci-bot"}
    assert set(records.status_code[rows].tolist()) == {401}


def test_derived_health_follows_the_filter(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    mask = apply_filter(records, RequestFilter(values={"user": ("alice",)})).mask
    report = derived_health(records, mask).report
    assert [g.name for g in report.groups] == ["default", "vip"]
    assert report.totals.requests == 4
    assert report.totals.currency == "CNY"


def test_the_requests_panel_health_follows_its_filter(samples_dir):
    # issue 10: the panel's analysis derives the health from the cards' own selection
    from csvinspect.core.requests.analysis import analyse_requests

    table, records = sample(samples_dir, "console_paste_zh.tsv")
    request_filter = RequestFilter(values={"user": ("alice",)})
    analysis = analyse_requests(table, request_filter=request_filter, records=records)
    assert analysis.health is not None
    report = analysis.health.report
    assert [g.name for g in report.groups] == ["default", "vip"]
    assert report.totals.requests == analysis.cards.requests == 4
    whole = analyse_requests(table, records=records)
    assert whole.health is not None and whole.health.report.totals.requests > 4


def test_without_a_group_column_groups_come_from_the_provider(samples_dir):
    _, records = sample(samples_dir, "request_events_cpa.csv")
    health = derived_health(records)
    assert (health.group_dimension, health.token_dimension) == ("provider", "account")
    codex = next(g for g in health.report.groups if g.name == "codex")
    assert (codex.stats.requests, codex.stats.errors) == (3, 1)
    assert [t.stats.token for t in codex.tokens] == ["alice@example.com"]
    reason = codex.stats.failure_reasons[0]
    assert (reason.status, reason.count, str(reason.category)) == (None, 1, "other")
    assert reason.message == "failed, no status code or message in the export"
