"""Findings on the demo and on small constructed exports, per seed 000's tables."""

import pytest
from health_tables import make_table, read_csv_table

from csvinspect.core.analysis import (
    FailureReason,
    GroupStats,
    ModelStats,
    TokenStats,
    analyze_health,
    analyze_stats,
    classify,
    usage_findings,
)
from csvinspect.core.analysis import findings as findings_module
from csvinspect.core.analysis.settings import AnalysisSettings

HEADER = ["Type", "Group", "User ID", "Token", "Requests", "Success", "Errors", "Failure Reason"]


@pytest.fixture
def demo(samples_dir):
    return analyze_health(read_csv_table(samples_dir / "group_health_demo.csv"))


def find(report, scope, subject):
    matches = [f for f in report.findings if f.scope == scope and f.subject == subject]
    assert matches, [(f.scope, f.subject) for f in report.findings]
    return matches[0]


def test_only_ci_bot_fails_in_vip(demo):
    finding = find(demo, "token", "vip / ci-bot")
    assert str(finding.category) == "auth"
    assert finding.severity == "alarm"
    assert finding.impact == 558
    assert "38.00%" in finding.summary and "401" in finding.summary
    assert finding.next_step.startswith(
        "Copy the token again and check client configuration and request body."
    )
    assert "Check first: Token, plan, group, or model permissions are abnormal." in (
        finding.next_step
    )
    assert finding.evidence["rest_of_group_success_rate"] == pytest.approx(6321 / 6360)
    # the rows to filter to: the token row and its group row (lines 11 and 8 of the file)
    assert finding.rows == (6, 9)
    assert not [f for f in demo.findings if f.scope == "group" and f.subject == "vip"]


def test_codex_plan_fails_as_a_group(demo):
    finding = find(demo, "group", "codex-plan")
    assert str(finding.category) == "no_resource"
    assert "3 of 3 tokens" in finding.summary
    assert finding.next_step.startswith(
        "Switch group/model; when contacting support, provide the group name and time range."
    )
    assert list(finding.rows) == [11, 12, 13, 14]


def test_claude_max_429s_split_rpm_and_cooldown(demo):
    finding = find(demo, "rate_limit", "claude-max")
    assert finding.evidence["rate_limit"] == 337
    assert finding.evidence["credential_cooldown"] == 173
    assert finding.impact == 510
    assert "distinguish RPM, daily limit, and cooldown" in finding.next_step


def test_502_in_several_groups_is_an_upstream_path_issue(demo):
    finding = find(demo, "multi_group_upstream", "default, vip, image-gen")
    assert finding.impact == 74
    assert finding.groups == ("default", "vip", "image-gen")
    assert finding.next_step.startswith("Retry later and reduce long-running tasks")


def test_trial_is_information_not_an_alarm(demo):
    trial = [f for f in demo.findings if "trial" in f.groups]
    assert [(f.scope, f.severity) for f in trial] == [("small_sample", "info")]
    assert not [f for f in demo.findings if f.scope == "body_too_large"]


def test_cache_and_latency_findings(demo):
    few_large = find(demo, "cache_few_large", "default / dave-agent")
    assert "61.00%" in few_large.summary and "11.99%" in few_large.summary
    many_small = find(demo, "cache_many_small", "default / erin-translate")
    assert "90.00%" in many_small.summary and "361" in many_small.summary
    latency = find(demo, "latency_outlier", "vip / ivan-research")
    assert latency.evidence["avg_latency_s"] == pytest.approx(18.6)
    assert latency.evidence["peer_median_latency_s"] == pytest.approx(4.2)
    assert latency.next_step.startswith("Compare that token's Requests, cache data")


def test_findings_ordered_by_impact(demo):
    scopes = [(f.scope, f.subject) for f in demo.findings[:5]]
    assert scopes == [
        ("group", "codex-plan"),
        ("token", "vip / ci-bot"),
        ("rate_limit", "claude-max"),
        ("token", "image-gen / walter-bot"),
        ("multi_group_upstream", "default, vip, image-gen"),
    ]
    assert demo.findings[-1].scope == "small_sample"
    tiers = [f.severity for f in demo.findings]
    assert tiers == sorted(tiers, key=["alarm", "warning", "info"].index)


def test_isolated_error_in_a_healthy_group_is_transient():
    rows = [
        ["Group", "main", "", "", "5000", "4998", "2", "500: internal error (2)"],
        ["Token", "main", "1", "a", "2500", "2499", "1", ""],
        ["Token", "main", "2", "b", "2500", "2499", "1", ""],
        ["Group", "other", "", "", "3000", "3000", "0", "-"],
    ]
    report = analyze_health(make_table(HEADER, rows))
    assert [(f.scope, f.subject, f.severity) for f in report.findings] == [
        ("transient", "main", "info")
    ]
    assert "Copy the request_id" in report.findings[0].next_step


@pytest.mark.parametrize(
    ("reason", "meaning"),
    [
        ("401: Invalid API key (2)", "a credential problem, not a transient error"),
        ("403: pending admin approval (2)", "check the API key"),
        ("413: status_code=413, openai_error (2)", "not transient"),
        ("429: Account daily limit exceeded (2)", "daily quota is used up"),
        ("400: gpt-image-2: prompt is required (2)", "not transient"),
        ("400: tool_result Invalid schema (2)", "not transient"),
        ("402: insufficient balance (2)", "until the account is topped up"),  # issue 11
        ("status_code=402, 余额不足 (2)", "until the account is topped up"),
        ("400: Your credit balance is too low (2)", "not transient"),
    ],
)
def test_few_errors_that_do_not_pass_on_their_own_are_not_called_transient(reason, meaning):
    # issue 9: two 401 bearer-token rejections were "usually a transient error".
    rows = [
        ["Group", "main", "", "", "5000", "4998", "2", reason],
        ["Token", "main", "1", "a", "2500", "2499", "1", ""],
        ["Token", "main", "2", "b", "2500", "2499", "1", ""],
        ["Group", "other", "", "", "3000", "3000", "0", "-"],
    ]
    (finding,) = analyze_health(make_table(HEADER, rows)).findings
    assert finding.scope == "transient"
    assert "usually a transient error" not in finding.summary
    assert meaning in finding.summary


@pytest.mark.parametrize(
    "reason",
    [
        "502: Upstream request failed (2)",
        "504: Gateway Timeout (2)",
        "429: Account RPM limit exceeded, Max 10/min (2)",
        "429: All credentials for model x are cooling down (2)",
        "503: No available accounts (2)",
        "503: system disk overloaded (2)",
        "500: internal error (2)",  # issue 11: an upstream error, no longer "other"
        "529: Overloaded (2)",
    ],
)
def test_few_errors_that_pass_on_their_own_are_usually_transient(reason):
    rows = [
        ["Group", "main", "", "", "5000", "4998", "2", reason],
        ["Group", "other", "", "", "3000", "3000", "0", "-"],
    ]
    (finding,) = analyze_health(make_table(HEADER, rows)).findings
    assert finding.scope == "transient"
    assert "transient" in finding.summary and "not transient" not in finding.summary


def test_many_413s_in_a_big_group():
    rows = [
        ["Group", "main", "", "", "5000", "4960", "40", "413: status_code=413, openai_error (40)"],
        ["Group", "other", "", "", "3000", "3000", "0", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    finding = find(report, "body_too_large", "main")
    assert finding.impact == 40
    assert finding.next_step.startswith(
        "Shorten context, split files, compress images, or reduce tool results."
    )


def test_upstream_errors_in_one_group_only_are_not_multi_group():
    rows = [
        ["Group", "main", "", "", "5000", "4990", "10", "502: Upstream request failed (10)"],
        ["Group", "other", "", "", "3000", "3000", "0", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    assert [f.scope for f in report.findings] == ["transient"]


def test_only_one_model_fails():
    def model(name, requests, errors, reasons=()):
        return ModelStats(
            model=name,
            requests=requests,
            success=requests - errors,
            errors=errors,
            failure_reasons=list(reasons),
        )

    groups = [GroupStats(group="all", requests=3000, success=2700, errors=300)]
    models = [
        model("gpt-4o", 1500, 5),
        model(
            "claude-opus-4",
            500,
            295,
            [FailureReason(403, "model not allowed", 295, classify(403, "model not allowed"))],
        ),
        model("deepseek-chat", 1000, 0),
    ]
    report = analyze_stats(groups, models=models)
    finding = find(report, "model", "claude-opus-4")
    assert str(finding.category) == "auth"
    assert finding.next_step.startswith(
        "Switch to a similar model and confirm the current plan supports the model."
    )


def test_model_column_on_token_rows_gives_model_findings():
    tokens = [
        TokenStats(token="a", model="m1", requests=1000, success=995, errors=5),
        TokenStats(token="b", model="m2", requests=1000, success=400, errors=600),
        TokenStats(token="c", model="m1", requests=1000, success=990, errors=10),
    ]
    group = GroupStats(group="g", requests=3000, success=2385, errors=615, tokens=tokens)
    report = analyze_stats([group])
    assert [m.stats.model for m in report.models] == ["m1", "m2"]
    assert find(report, "model", "m2").impact == 600


def test_one_of_two_failures_is_not_an_outage():
    rows = [
        ["Group", "tiny", "", "", "2", "1", "1", "401: Invalid API key (1)"],
        ["Token", "tiny", "9", "t", "2", "1", "1", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    assert [(f.scope, f.severity) for f in report.findings] == [("small_sample", "info")]
    assert not report.groups[0].low_success


def test_two_failing_tokens_in_a_healthy_group_are_two_token_findings():
    rows = [
        ["Group", "team", "", "", "4000", "3500", "500", "401: Invalid API key (500)"],
        ["Token", "team", "1", "ok-1", "1800", "1800", "0", ""],
        ["Token", "team", "2", "ok-2", "1600", "1600", "0", ""],
        ["Token", "team", "3", "bad-1", "300", "50", "250", ""],
        ["Token", "team", "4", "bad-2", "300", "50", "250", ""],
    ]
    report = analyze_health(make_table(HEADER, rows))
    tokens = [f for f in report.findings if f.scope == "token"]
    assert [f.subject for f in tokens] == ["team / bad-1", "team / bad-2"]
    assert tokens[0].summary.startswith("team / bad-1 fails (2 tokens of 4 in team do)")
    assert not [f for f in report.findings if f.scope == "group"]


def test_a_big_export_lists_the_same_usage_findings_it_would_build_all_of(monkeypatch):
    """Only the listed cost findings are written out; which ones and in what order stays."""

    def token(group, i, requests, cost):
        return TokenStats(
            token=f"{group}-t{i}", requests=requests, success=requests, errors=0, cost=cost
        )

    groups = []
    for g in range(6):
        name = f"g{g}"
        tokens = [token(name, i, 100 + (i % 4) * 50, 1.0) for i in range(12)]
        # Every third token costs 20x its peers: more cost outliers than are listed.
        tokens += [token(name, 100 + i, 100 + (i * 37) % 5 * 60, 20.0) for i in range(5)]
        groups.append(GroupStats(group=name, requests=0, success=0, errors=0, tokens=tokens))
    for group in groups:
        group.requests = sum(t.requests for t in group.tokens)
        group.success = group.requests
    settings = AnalysisSettings(max_findings_per_scope=7)
    listed = analyze_stats(groups, settings=settings).findings
    every = usage_findings.usage_findings
    monkeypatch.setattr(findings_module, "usage_findings", lambda g, c, keep=None: every(g, c))
    built_all = analyze_stats(groups, settings=settings).findings
    cost = [f for f in listed if f.scope == "cost_outlier"]
    assert len(cost) == 7  # 30 flagged, 7 listed
    assert [(f.scope, f.subject, f.impact) for f in listed] == [
        (f.scope, f.subject, f.impact) for f in built_all
    ]


def test_a_pattern_over_many_groups_names_the_most_failing_eight_and_counts_the_rest():
    """On a 1M-row export the "many 429" finding's summary named all 4,956 groups: a card
    hundreds of lines tall. It names the eight with most failures; ``groups`` keeps them all."""
    from csvinspect.core import load_text

    header = "Type,Group,Requests,Success,Errors,Failure Reason\n"
    rows = [
        f"Group,g{n:02d},1000,{1000 - 10 - n},{10 + n},429: Too many requests ({10 + n})\n"
        for n in range(12)
    ]
    report = analyze_health(load_text(header + "".join(rows)))
    finding = next(f for f in report.findings if f.scope == "rate_limit")
    assert len(finding.groups) == 12
    listed = finding.summary.split(" failed requests in ")[1].split(".")[0]
    assert listed == (
        "g11 (21), g10 (20), g09 (19), g08 (18), g07 (17), g06 (16), g05 (15), g04 (14),"
        " and 4 more groups"
    )


def test_peers_and_totals_rate_only_the_requests_with_a_known_outcome():
    """Issue 11's rule for the peers and totals too: a token whose half of 400 requests are
    still running succeeded in all 200 it finished. Over all 400, its peers read 50%, and a
    token at 50% was not below them; the totals read 66.67%."""
    tokens = [
        TokenStats(token="running", requests=400, success=200, errors=0),
        TokenStats(token="failing", requests=200, success=100, errors=100),
    ]
    group = GroupStats(group="g", requests=600, success=300, errors=100, tokens=tokens)
    report = analyze_stats([group])
    failing = report.groups[0].tokens[1]
    assert failing.assessment.peer_success_rate == pytest.approx(1.0)
    assert "below_group" in failing.flags
    assert report.totals.success_rate == pytest.approx(0.75)  # 300 of 400 finished


def test_parts_without_cached_tokens_add_nothing_to_the_cache_hit_rate():
    from csvinspect.core.analysis.stats import combine

    known = TokenStats(token="a", requests=10, success=10, errors=0, cache_tokens=300.0,
                       total_tokens=1000.0)  # fmt: skip
    unknown = TokenStats(token="b", requests=10, success=10, errors=0, total_tokens=3000.0)
    assert combine([known, unknown]).cache_hit_rate == pytest.approx(0.3)
    assert combine([unknown]).cache_hit_rate is None
    group = GroupStats(group="g", requests=10, success=10, errors=0, total_tokens=3000.0,
                       tokens=[unknown])  # fmt: skip
    assert analyze_stats([group]).totals.cache_hit_rate is None  # was 0.00%
