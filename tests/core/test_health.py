"""Totals, per-group and per-token figures and flags on the seed-000 demo and variants."""

from pathlib import Path

import pytest
from health_tables import make_table, read_csv_table

from csvinspect.core.analysis import (
    AnalysisSettings,
    FailureReason,
    GroupStats,
    TokenStats,
    analyze_health,
    analyze_stats,
    classify,
    group_from_tokens,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def demo(samples_dir):
    return analyze_health(read_csv_table(samples_dir / "group_health_demo.csv"))


def group(report, name):
    return next(g for g in report.groups if g.name == name)


def token(report, group_name, token_name):
    return next(t for t in group(report, group_name).tokens if t.stats.token == token_name)


def test_totals_count_group_rows_only(demo):
    totals = demo.totals
    assert (totals.requests, totals.success, totals.errors) == (23816, 21589, 2227)
    assert totals.success_rate == pytest.approx(21589 / 23816)
    assert totals.cost == pytest.approx(3969.15)
    assert totals.currency == "CNY"
    assert totals.cache_request_share == pytest.approx((3132 + 2904 + 1060 + 1832 + 0 + 2) / 23816)
    # request-weighted average latency, as each Group row is of its Token rows
    assert totals.avg_latency_s == pytest.approx(
        (8790 * 3.85 + 7260 * 5.38 + 2650 * 31.15 + 4580 * 12.76 + 530 * 8.77 + 6 * 1.10) / 23816
    )
    assert totals.start_time < totals.latest_time


def test_group_cache_hit_rate_from_its_tokens_implied_totals(demo):
    # Cache Hit Rate = cache-hit tokens / total tokens: combining default's tokens through
    # their implied totals gives back the Group row's 39.63%.
    default = group(demo, "default")
    from csvinspect.core.analysis import combine

    assert combine([t.stats for t in default.tokens]).cache_hit_rate == pytest.approx(
        0.3963, abs=5e-5
    )


def test_vip_stays_above_80_percent_while_ci_bot_fails(demo):
    vip = group(demo, "vip")
    assert vip.assessment.success_rate == pytest.approx(6663 / 7260)
    assert not vip.low_success
    ci_bot = token(demo, "vip", "ci-bot")
    assert set(ci_bot.flags) >= {"low_success", "below_group"}
    assert ci_bot.stats.user_id == "2003" and ci_bot.stats.username == "heidi"
    assert token(demo, "vip", "frank-prod").flags == ()


def test_codex_plan_low_across_all_tokens(demo):
    codex = group(demo, "codex-plan")
    assert codex.low_success and "below_peers" in codex.flags
    assert all("low_success" in t.flags for t in codex.tokens)
    assert [(r.status, r.count, str(r.category)) for r in codex.failure_reasons] == [
        (503, 990, "no_resource")
    ]


def test_trial_is_a_small_sample_not_a_low_success(demo):
    trial = group(demo, "trial")
    assert trial.small_sample
    assert not trial.low_success
    assert token(demo, "trial", "zoe-trial").flags == ("small_sample",)


def test_a_token_with_no_requests_is_not_a_small_sample():
    # issue 9: 0 requests read "only 0 requests: a small sample"; no requests is no sample
    header = ["Type", "Group", "User ID", "Token", "Requests", "Success", "Errors"]
    rows = [
        ["Group", "main", "", "", "400", "400", "0"],
        ["Token", "main", "1", "busy", "400", "400", "0"],
        ["Token", "main", "2", "idle", "0", "0", "0"],
    ]
    report = analyze_health(make_table(header, rows))
    assert token(report, "main", "idle").flags == ()
    assert report.findings == []


def test_spending_flags(demo):
    assert "cache_few_large" in token(demo, "default", "dave-agent").flags
    assert "cache_many_small" in token(demo, "default", "erin-translate").flags
    assert "latency_outlier" in token(demo, "vip", "ivan-research").flags
    assert "cost_outlier" in token(demo, "default", "dave-agent").flags
    assert "latency_outlier" not in token(demo, "image-gen", "victor-design").flags


def test_failure_reasons_aggregate_across_groups_by_count(demo):
    reasons = [(r.status, r.count, str(r.category), r.groups) for r in demo.failure_reasons]
    assert reasons[0] == (503, 990, "no_resource", ("codex-plan",))
    assert (502, 74, "upstream_error", ("default", "vip", "image-gen")) in reasons
    counts = [r[1] for r in reasons]
    assert counts == sorted(counts, reverse=True)
    claude = [(r[1], r[2]) for r in reasons if r[3] == ("claude-max",)]
    assert claude == [(337, "rate_limit"), (173, "credential_cooldown")]


def test_thresholds_are_settings(samples_dir):
    table = read_csv_table(samples_dir / "group_health_demo.csv")
    strict = analyze_health(table, AnalysisSettings(low_success_rate=0.95, small_sample_requests=5))
    assert group(strict, "vip").low_success  # 91.78% < 95%
    assert not group(strict, "trial").small_sample  # 6 requests >= 5
    assert group(strict, "trial").low_success


def test_tokens_only_export_totals_from_token_rows():
    report = analyze_health(read_csv_table(FIXTURES / "health_tokens_only.csv"))
    assert (report.totals.requests, report.totals.errors) == (23816, 2227)
    assert report.totals.cost == pytest.approx(3969.15)
    assert [g.name for g in report.groups] == [
        "default",
        "vip",
        "codex-plan",
        "claude-max",
        "image-gen",
        "trial",
    ]
    assert group(report, "codex-plan").low_success


def test_missing_count_is_filled_from_the_other_two():
    header = ["Type", "Group", "Token", "Requests", "Errors", "Failure Reason"]
    rows = [["Group", "g", "", "100", "30", "502 Bad gateway"]]
    report = analyze_health(make_table(header, rows))
    g = group(report, "g")
    assert g.stats.counts() == (100, 70, 30)
    # a lone reason without a count accounts for all the group's errors
    assert [(r.status, r.count) for r in g.failure_reasons] == [(502, 30)]


def test_analyze_stats_from_request_log_figures():
    """What issue 5 does: build token figures from raw requests, let the analysis judge."""

    def reason(status, message, count):
        return FailureReason(status, message, count, classify(status, message))

    tokens = [
        TokenStats(token="good", requests=500, success=498, errors=2, cost=5.0, rows=(0, 1)),
        TokenStats(
            token="broken",
            requests=200,
            success=20,
            errors=180,
            cost=1.0,
            failure_reasons=[reason(401, "Invalid API key", 180)],
            rows=(2,),
        ),
        TokenStats(token="fine", requests=300, success=299, errors=1, cost=3.0, rows=(3,)),
    ]
    team = group_from_tokens("team", tokens)
    assert (team.requests, team.success, team.errors) == (1000, 817, 183)
    assert [(r.status, r.count) for r in team.failure_reasons] == [(401, 180)]
    report = analyze_stats([team], "USD")
    assert report.totals.currency == "USD"
    assert report.totals.requests == 1000
    broken = report.groups[0].tokens[1]
    assert "low_success" in broken.flags
    finding = report.findings[0]
    assert (finding.scope, finding.subject, str(finding.category)) == (
        "token",
        "team / broken",
        "auth",
    )
    assert finding.rows == (2,)


def test_group_without_tokens_is_judged_against_other_groups():
    groups = [
        GroupStats(group=name, requests=1000, success=s, errors=1000 - s, avg_latency_s=lat)
        for name, s, lat in [("a", 995, 2.0), ("b", 990, 2.5), ("c", 600, 2.2), ("d", 997, 9.0)]
    ]
    report = analyze_stats(groups)
    flags = {g.name: g.flags for g in report.groups}
    assert set(flags["c"]) == {"low_success", "below_peers"}
    assert flags["d"] == ("latency_outlier",)
    assert flags["a"] == ()
