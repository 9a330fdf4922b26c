"""The alias table: every known header, English and Chinese, maps to its canonical field."""

import csv

import pytest

from csvinspect.core.fields import ALIASES, canonical_field, normalize_header, refine_field

SEED_000 = {
    "Type": "row_type",
    "Group": "group",
    "User ID": "user_id",
    "Username": "username",
    "Token": "token",
    "Success Rate": "success_rate",
    "Requests": "requests",
    "Success": "success",
    "Errors": "errors",
    "Cost": "cost",
    "Cache Hit Rate": "cache_hit_rate",
    "Cache Tokens": "cache_tokens",
    "Cache Requests": "cache_requests",
    "Cache Request Share": "cache_request_share",
    "Avg Cache Tokens": "avg_cache_tokens",
    "Avg Latency": "latency",
    "Start Time": "start_time",
    "Latest Request": "latest_time",
    "Failure Reason": "failure_reason",
}
CHINESE = {
    "类型": "row_type",
    "分组": "group",
    "用户ID": "user_id",
    "用户名": "username",
    "令牌": "token",
    "成功率": "success_rate",
    "请求数": "requests",
    "成功": "success",
    "错误": "errors",
    "消耗": "cost",
    "花费": "cost",
    "消耗/花费": "cost",
    "缓存命中率": "cache_hit_rate",
    "平均耗时": "latency",
    "开始时间": "start_time",
    "最后请求": "latest_time",
    "失败原因": "failure_reason",
    "时间": "time",
    "渠道": "channel",
    "用户": "username",
    "模型": "model",
    "用时/首字": "latency",
    "输入": "prompt_tokens",
    "输出": "completion_tokens",
    "IP": "ip",
    "重试": "retries",
    "详情": "content",
}
DIALECTS = {
    # one-api
    "elapsed_time": "latency",
    "token_name": "token",
    "model_name": "model",
    "request_id": "request_id",
    "is_stream": "is_stream",
    # OpenRouter
    "generation_id": "request_id",
    "cost_total": "cost",
    "tokens_prompt": "prompt_tokens",
    "tokens_completion": "completion_tokens",
    "tokens_reasoning": "reasoning_tokens",
    "tokens_cached": "cached_tokens",
    "model_permaslug": "model",
    "provider_name": "provider",
    "generation_time_ms": "latency",
    "time_to_first_token_ms": "first_token_latency",
    "api_key_name": "token",
    "app_name": "project",
    # Anthropic
    "usage_date_utc": "time",
    "model_version": "model",
    "api_key": "api_key",
    "workspace": "project",
    "usage_type": "call_type",
    "usage_input_tokens_no_cache": "prompt_tokens",
    "usage_output_tokens": "completion_tokens",
    "cost_usd": "cost_usd",
    "token_type": "token_type",
    # OpenAI usage
    "start_time": "start_time",
    "end_time": "end_time",
    "start_time_iso": "start_time",
    "num_model_requests": "requests",
    # sub2api
    "User": "username",
    "API Key": "api_key",
    "Input Tokens": "prompt_tokens",
    "Output Tokens": "completion_tokens",
    "Cache Read Tokens": "cached_tokens",
    "Cache Write Tokens": "cache_write_tokens",
    "Total Cost": "cost",
    "Billing Type": "billing_type",
    "Duration (ms)": "latency",
    "Time": "time",
    # LiteLLM team usage
    "Date": "time",
    "Team": "team",
    "Team ID": "team_id",
    "Spend ($)": "cost",
    "Successful Requests": "success",
    "Failed Requests": "errors",
    # group-health JSON twin
    "total_count": "requests",
    "success_count": "success",
    "error_count": "errors",
    "success_rate (0-100)": "success_rate",
    "quota": "quota",
    "tokens": "total_tokens",
    "avg_use_time (s)": "latency",
    "first_seen_at": "start_time",
    "last_seen_at (unix s)": "latest_time",
    "failure_rate": "failure_rate",
    # CLIProxyAPI
    "timestamp": "time",
    "source": "account",
    "auth_index": "auth_index",
    "result": "result",
    "latency_ms": "latency",
    # new-api fork
    "quota_usd": "cost_usd",
    "use_time": "latency",
    "business_group": "business_group",
    "other": "details_json",
}


@pytest.mark.parametrize(
    ("header", "field"), [*SEED_000.items(), *CHINESE.items(), *DIALECTS.items()]
)
def test_known_headers(header, field):
    assert canonical_field(header) == field


@pytest.mark.parametrize("header", ["USER_ID", "user id", "UserId", " User  ID ", "\ufeffUser ID"])
def test_case_space_and_underscore_do_not_matter(header):
    assert canonical_field(header) == "user_id"


def test_unknown_headers_have_no_field():
    assert canonical_field("thinking_budget") is None
    assert canonical_field("") is None


def test_units_in_parentheses_are_ignored_for_the_lookup():
    assert normalize_header("Spend ($)") == "spend"
    assert normalize_header("(ms)") == "ms"  # a header that is only a unit keeps it


def test_every_sample_header_is_known(samples_dir):
    unknown_ok = {
        "source_raw",
        "thinking_intensity",
        "thinking_mode",
        "thinking_level",
        "thinking_budget",
        "reasoning_content",
    }
    for path in sorted(samples_dir.glob("*.*sv")):
        delimiter = "\t" if path.suffix == ".tsv" else ","
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=delimiter))
        unknown = [h for h in header if canonical_field(h) is None and h not in unknown_ok]
        assert unknown == [], path.name


def test_alias_table_is_one_table_without_conflicts():
    keys = [normalize_header(a) for aliases in ALIASES.values() for a in aliases]
    owners = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            owners.setdefault(normalize_header(alias), set()).add(field)
    assert all(len(fields) == 1 for fields in owners.values())
    assert len(keys) > 150


def test_type_column_meaning_depends_on_its_cells():
    assert refine_field("row_type", ["Group", "Token", "token"]) == "row_type"
    assert refine_field("row_type", ["分组", "令牌"]) == "row_type"
    assert refine_field("row_type", ["2", "5", "2"]) == "log_type"
    assert refine_field("row_type", ["消费", "错误"]) == "log_type"
    assert refine_field("status_code", ["200", "429"]) == "status_code"
    assert refine_field("status_code", ["completed", "failed"]) == "result"
    assert refine_field("model", ["gpt-4o"]) == "model"
