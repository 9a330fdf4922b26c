"""Reading request exports as requests: who, what, outcome, latency, tokens, cost."""

from __future__ import annotations

import math

import numpy as np
import pytest
from request_logs import INCOMPLETE, ONEAPI, OPENROUTER, SUB2API, inline, sample

from csvinspect.core.ingest.dialects import detect_dialect
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import STATUS_CLASSES, build_records
from csvinspect.core.requests.stats import RequestStats


def _category(records, row):
    return str(records.category_name(int(records.outcomes.category[row])))


def test_newapi_fork_counts_only_consume_and_error_rows_as_requests(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert records.dialect.key == "newapi"
    # types 1 (top-up), 3 (manage), 4, 4 (system) are account events: shown, not counted
    assert records.non_request_rows == 4
    assert records.is_request.tolist() == [
        True, True, True, True, False, True, False, True, True, False, False,
    ]  # fmt: skip
    cards = RequestStats(records).cards()
    assert (cards.requests, cards.success, cards.failures, cards.unknown) == (7, 5, 2, 0)


def test_newapi_error_rows_take_status_and_message_from_content(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert records.status_code[2] == 429
    assert _category(records, 2) == "rate_limit"
    # the request id suffix is cut so equal errors group together
    assert records.outcomes.message.name(int(records.outcomes.message.codes[2])) == (
        "Too many requests, please slow down"
    )
    assert records.status_code[7] == 504
    assert _category(records, 7) == "gateway_timeout"
    assert STATUS_CLASSES[records.status_class[7]] == "5xx"


def test_newapi_quota_becomes_usd_at_the_set_rate(samples_dir):
    table, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert records.currency == "USD"
    assert records.cost[0] == pytest.approx(584 / 500_000)
    assert RequestStats(records).cards().cost == pytest.approx(0.139496)
    doubled = build_records(table, MoneySettings(quota_per_usd=250_000))
    assert doubled.cost[0] == pytest.approx(2 * 584 / 500_000)


def test_quota_shown_in_cny_matches_what_the_chinese_console_displays(samples_dir):
    table, _ = sample(samples_dir, "usage_logs_newapi_fork.csv")
    records = build_records(table, MoneySettings(display_currency="CNY", usd_rate=7.3))
    assert records.currency == "CNY"
    _, console = sample(samples_dir, "console_paste_zh.tsv")
    # gpt-4o-mini and the gpt-4o image call: ¥0.008526 and ¥0.365000 in the console paste
    assert records.cost[0] == pytest.approx(console.cost[0], abs=1e-6)
    assert records.cost[5] == pytest.approx(console.cost[5], abs=1e-6)


def test_newapi_json_column_gives_cache_tokens_first_response_and_path(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert records.tokens_cached[1] == 40960
    assert records.first_token_s[1] == pytest.approx(2.431)
    assert math.isnan(records.first_token_s[3])  # frt 0 on a non-stream call: not measured
    call_type = records.dims["call_type"]
    assert call_type.name(int(call_type.codes[5])) == "/v1/images/generations"
    assert records.latency_s[1] == 27  # use_time is whole seconds
    account = records.dims["account"]
    assert account.name(int(account.codes[2])) == "anthropic-pool-b"


def test_console_paste_reads_cny_cost_and_the_combined_timing_cell(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    assert records.dialect.key == "newapi_console_zh"
    assert records.currency == "CNY"
    assert records.non_request_rows == 3  # 充值, 管理, 系统
    assert records.latency_s[1] == 27 and records.first_token_s[1] == pytest.approx(2.4)
    assert records.is_stream[1] == 1 and records.is_stream[3] == 0  # 流 / 非流
    assert records.latency_s[10] == 312 and records.first_token_s[10] == pytest.approx(41.2)
    cards = RequestStats(records).cards()
    assert (cards.requests, cards.failures) == (8, 2)
    assert cards.cost == pytest.approx(4.471396)
    assert records.status_code[2] == 429 and records.status_code[7] == 504


def test_missing_output_tokens_stay_unknown_rather_than_zero(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    # the gpt-4o image call shows 输入 0 and an empty 输出 (seed 004: never invent usage)
    assert records.tokens_in[5] == 0
    assert math.isnan(records.tokens_out[5])
    assert math.isnan(records.tokens_total[5])


def test_cliproxyapi_failed_results_are_errors_with_unknown_status(samples_dir):
    _, records = sample(samples_dir, "request_events_cpa.csv")
    assert records.dialect.key == "cliproxyapi"
    failed = np.flatnonzero(records.success == 0).tolist()
    assert failed == [2, 7, 9]
    assert records.status_code[failed].tolist() == [0, 0, 0]
    assert {STATUS_CLASSES[c] for c in records.status_class[failed]} == {"unknown"}
    assert records.latency_s[0] == pytest.approx(8.123)  # latency_ms
    assert math.isnan(records.latency_s[5])  # an empty latency stays unknown
    provider = records.dims["provider"]
    assert provider.name(int(provider.codes[1])) == "gemini-cli"
    account = records.dims["account"]
    assert account.name(int(account.codes[4])) == "+86 138 0000 0000"  # guard quote removed
    assert records.tokens_cached[6] == 163840


def test_oneapi_type_5_is_a_channel_test_not_a_request():
    _, records = inline(ONEAPI)
    assert records.dialect.key == "oneapi"
    assert records.is_request.tolist() == [True, False, True, False]
    assert records.latency_s[0] == pytest.approx(1.5)  # elapsed_time in ms
    assert records.cost[2] == pytest.approx(0.5)  # 250,000 quota
    assert records.time[0] == 1778061731  # unix seconds
    cards = RequestStats(records).cards()
    assert (cards.requests, cards.success, cards.failures) == (2, 2, 0)


def test_openrouter_activity_rows_are_settled_generations():
    _, records = inline(OPENROUTER)
    assert records.dialect.key == "openrouter"
    assert records.success.tolist() == [1, 1, 1]
    assert records.currency == "USD"
    assert records.latency_s[0] == pytest.approx(2.4)
    assert records.first_token_s[0] == pytest.approx(0.35)
    assert math.isnan(records.first_token_s[1])
    provider = records.dims["provider"]
    assert [provider.name(int(c)) for c in provider.codes] == ["OpenAI", "Anthropic", "Azure"]
    assert records.tokens_cached[0] == 800


def test_sub2api_usage_reads_ms_duration_and_cache_reads():
    _, records = inline(SUB2API)
    assert records.dialect.key == "sub2api"
    assert records.latency_s.tolist() == pytest.approx([3.4, 12.8])
    assert records.tokens_cached.tolist() == [900, 0]
    assert RequestStats(records).cards().cost == pytest.approx(0.1623)
    token = records.dims["token"]
    assert token.name(int(token.codes[1])) == "sk-b2"


def test_incomplete_responses_that_delivered_count_as_successes():
    _, records = inline(INCOMPLETE)
    # completed, delivered incomplete, error-coded incomplete, in progress, failed
    assert records.success.tolist() == [1, 1, 0, -1, 0]
    cards = RequestStats(records).cards()
    assert (cards.success, cards.failures, cards.in_progress, cards.unknown) == (2, 2, 1, 0)
    # issue 11: the in-progress request is neither a success nor a failure
    assert cards.success_rate == pytest.approx(2 / 4)
    # usage that was not settled stays unknown: the sum covers the two known costs only
    assert cards.cost == pytest.approx(0.06)
    assert math.isnan(records.tokens_out[2])


def test_dialects_are_recognised_from_their_headers_alone():
    assert detect_dialect(["\ufeffid", "created_at", "type", "model_name", "quota", "use_time"])
    header = "usage_date_utc,model_version,api_key,workspace,usage_output_tokens".split(",")
    assert detect_dialect(header).key == "anthropic_usage"
    empty_bucket = ["start_time", "end_time", "start_time_iso", "end_time_iso"]
    assert detect_dialect(empty_bucket).key == "openai_usage"
    assert detect_dialect(["Type", "Group", "Success Rate"]) is None
