"""``csvinspect report`` on request logs and usage summaries (issue 5's JSON)."""

from __future__ import annotations

import json

import pytest

from csvinspect.cli import main
from csvinspect.core import load_text
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.summaries import usage_summary

HEALTH_KEYS = {"totals", "groups", "failure_reasons", "findings"}
REQUEST_KEYS = {"latency_s", "non_request_rows", "by_model", "by_status"}

LITELLM_SPEND = """request_id,call_type,api_key,spend,total_tokens,prompt_tokens,completion_tokens,startTime,endTime,completionStartTime,model,model_group,custom_llm_provider,user,metadata,cache_hit,team_id,status
c1,acompletion,hash1,0.0021,1200,1000,200,2026-05-06T10:00:00,2026-05-06T10:00:02.500000,2026-05-06T10:00:00.400000,gpt-4.1,gpt-4.1,openai,ann,"{""user_api_key_alias"": ""prod""}",False,t1,success
c2,acompletion,hash1,0.0,0,0,0,2026-05-06T10:01:00,2026-05-06T10:01:00.300000,,gpt-4.1,gpt-4.1,openai,ann,"{""error_information"": {""error_code"": ""429"", ""error_message"": ""Rate limit reached for gpt-4.1""}}",False,t1,failure
"""  # noqa: E501

ANTHROPIC_USAGE = """usage_date_utc,model_version,api_key,workspace,usage_type,context_window,usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,usage_output_tokens
2026-05-01,claude-sonnet-4-5-20250929,key-a,Default,standard,0-200k,1000,200,0,3000,500
2026-05-02,claude-opus-4-1-20250805,key-b,Research,standard,0-200k,4000,0,100,0,900
"""  # noqa: E501

OPENAI_USAGE = """start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,input_tokens,output_tokens,input_cached_tokens,model
1777593600,1777680000,2026-05-01T00:00:00+00:00,2026-05-02T00:00:00+00:00,proj_a,12.0,5000,700,1000,gpt-4.1
1777680000,1777766400,2026-05-02T00:00:00+00:00,2026-05-03T00:00:00+00:00,proj_a,3.0,900,100,0,gpt-4.1-mini
"""  # noqa: E501


def _report(capsys, path: str, fmt: str = "json"):
    assert main(["report", path, "--format", fmt]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if fmt == "json" else out


def test_request_log_report_has_the_health_keys_plus_exactly_four(capsys, samples_dir):
    report = _report(capsys, str(samples_dir / "usage_logs_newapi_fork.csv"))
    assert HEALTH_KEYS | REQUEST_KEYS <= set(report)
    assert set(report["latency_s"]) == {"mean", "p50", "p95", "p99"}
    assert report["non_request_rows"] == 4
    totals = report["totals"]
    assert (totals["requests"], totals["success"], totals["errors"]) == (7, 5, 2)
    assert totals["currency"] == "USD"
    assert totals["cost"] == pytest.approx(0.139496)
    assert report["latency_s"]["p50"] == 9.0
    assert [g["group"] for g in report["groups"]] == ["default", "vip", "svip"]
    by_model = {m["model"]: m for m in report["by_model"]}
    assert set(report["by_model"][0]) == {
        "model", "requests", "errors", "success_rate", "cost", "p95_latency_s",
    }  # fmt: skip
    assert by_model["gpt-4o-mini"]["errors"] == 1
    assert by_model["gpt-4.1"]["success_rate"] == 1.0
    assert {"status": 429, "count": 1, "category": "rate_limit"} in report["by_status"]
    assert {"status": 504, "count": 1, "category": "gateway_timeout"} in report["by_status"]


def test_console_paste_report_costs_in_cny(capsys, samples_dir):
    report = _report(capsys, str(samples_dir / "console_paste_zh.tsv"))
    assert report["totals"]["currency"] == "CNY"
    assert report["totals"]["cost"] == pytest.approx(4.471396)
    assert report["totals"]["cache_hit_rate"] is None  # the paste has no cache figures
    assert report["non_request_rows"] == 3


def test_request_events_report_lists_failures_without_status_code(capsys, samples_dir):
    report = _report(capsys, str(samples_dir / "request_events_cpa.csv"))
    assert report["by_status"] == [
        {"status": None, "count": 7, "category": None, "label": "ok (no status)"},
        {"status": None, "count": 3, "category": "other", "label": "failed (no status)"},
    ]
    assert report["totals"]["errors"] == 3
    assert report["totals"]["currency"] is None and report["totals"]["cost"] is None


def test_text_and_markdown_reports_show_latency_models_and_statuses(capsys, samples_dir):
    text = _report(capsys, str(samples_dir / "usage_logs_newapi_fork.csv"), "text")
    assert "4 account rows (top-up, manage, system) shown but not counted" in text
    assert "gpt-4o-mini: 2 requests, 1 error, 50.00%" in text  # not "1 errors" (issue 9)
    assert "429: 1  [rate_limit]" in text
    markdown = _report(capsys, str(samples_dir / "request_events_cpa.csv"), "markdown")
    assert "| no status code (failed) | 3 | other |" in markdown


def test_team_usage_summary_totals_come_from_its_counts(capsys, samples_dir):
    report = _report(capsys, str(samples_dir / "team_usage_litellm.csv"))
    assert report["source"]["kind"] == "usage_summary"
    totals = report["totals"]
    assert totals["requests"] == 121_527
    assert totals["success"] == 120_521
    assert totals["errors"] == 1_006
    assert totals["success_rate"] == pytest.approx(120_521 / 121_527, abs=1e-6)
    assert totals["cost"] == pytest.approx(6317.3476)
    assert totals["currency"] == "USD"
    by_day = {d["key"]: d for d in report["usage"]["by_day"]}
    assert by_day["2026-05-03"]["errors"] == 897
    teams = [g["group"] for g in report["groups"]]
    assert teams == ["ml-research", "support-bot", "finance", "ml-research, EU"]


def test_litellm_spend_logs_read_status_latency_and_error_code():
    records = build_records(load_text(LITELLM_SPEND, name="spend.csv"))
    assert records.dialect.key == "litellm_spend"
    assert records.success.tolist() == [1, 0]
    assert records.status_code[1] == 429
    assert str(records.category_name(int(records.outcomes.category[1]))) == "rate_limit"
    assert records.latency_s[0] == pytest.approx(2.5)  # endTime - startTime
    assert records.first_token_s[0] == pytest.approx(0.4)
    assert records.currency == "USD"


def test_anthropic_usage_counts_cache_reads_and_writes_as_input():
    summary = usage_summary(load_text(ANTHROPIC_USAGE, name="anthropic.csv"))
    totals = summary.totals()
    assert totals.tokens_in == 1000 + 200 + 3000 + 4000 + 100
    assert totals.tokens_out == 1400
    assert totals.requests is None  # the export has no request counts
    assert [r.key for r in summary.breakdown("project")] == ["Research", "Default"]


def test_openai_usage_requests_written_as_floats_are_counted():
    summary = usage_summary(load_text(OPENAI_USAGE, name="openai.csv"))
    assert summary.totals().requests == 15
    assert [(r.key, r.requests) for r in summary.breakdown("model")] == [
        ("gpt-4.1", 12),
        ("gpt-4.1-mini", 3),
    ]


BILLING_LOG = """id,created_at,type,user_id,username,token_name,model_name,quota,prompt_tokens,completion_tokens,use_time,is_stream,group,request_id,content
1,2026-05-06 10:02:11,2,17,alice,alice-key,gpt-4o-mini,584,100,20,3,true,default,r1,ok
2,2026-05-06 10:03:11,5,17,alice,alice-key,gpt-4o-mini,0,0,0,1,false,default,r2,"status_code=402, 用户余额不足"
3,2026-05-06 10:04:11,5,17,alice,alice-key,gpt-4o-mini,0,0,0,1,false,default,r3,"status_code=402, insufficient balance"
4,2026-05-06 10:05:11,5,18,bob,bob-key,claude-sonnet-4-5,0,0,0,1,false,default,r4,"status_code=529, Overloaded"
5,2026-05-06 10:06:11,5,18,bob,bob-key,gpt-4.1,0,0,0,1,false,default,r5,"status_code=500, internal error"
"""  # noqa: E501


def test_402_and_balance_messages_are_billing_500_upstream_529_protection(capsys, tmp_path):
    # issue 11: 402 and insufficient balance fell into "other"; a billing finding says top up
    path = tmp_path / "billing.csv"
    path.write_text(BILLING_LOG, encoding="utf-8")
    report = _report(capsys, str(path))
    categories = {(r["status"], r["message"]): r["category"] for r in report["failure_reasons"]}
    assert categories == {
        (402, "用户余额不足"): "billing",
        (402, "insufficient balance"): "billing",
        (500, "internal error"): "upstream_error",
        (529, "Overloaded"): "platform_protection",
    }
    (finding,) = report["findings"]
    assert finding["category"] == "billing"
    assert "top up" in finding["next_step"]
