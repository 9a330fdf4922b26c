"""The alias table: every header spelling csvinspect knows, mapped to a canonical field.

One table for every dialect and both languages (issue 2, issue 5). Headers are compared
case-, space-, underscore- and punctuation-insensitively, with a parenthesised unit removed
(``Spend ($)`` -> spend, ``Duration (ms)`` -> duration, ``success_rate (0-100)`` ->
success_rate); the unit itself is read by ``cells/headers.py``.

Canonical fields (the names the analysis asks a ``Table`` for):

identity   group, business_group, user_id, username, token (token/key name), api_key,
           account, auth_index, provider_account (CLIProxyAPI ``provider:account``), channel,
           channel_name, provider, project, project_id, team, team_id, ip, id (log row id),
           request_id, trace_id, model, provider_model, plan, transport, route
row        row_type (group-health Group/Token), log_type (request-log type code or 消费/错误),
           call_type, billing_type, is_stream, result, status_code, retries
times      time, start_time, latest_time, end_time, first_token_time
counts     requests, success, errors, quota, prompt_tokens, completion_tokens, total_tokens,
           cached_tokens, cache_write_tokens, reasoning_tokens, cache_tokens, cache_requests,
           avg_cache_tokens, context_window
rates      success_rate, failure_rate, cache_hit_rate, cache_request_share
money      cost (console currency or stated in the cells), cost_usd, currency, and a
           cost's components provider_cost, markup, fixed_fee
durations  latency (total or average), first_token_latency
text       failure_reason, error_message, content, details_json (JSON: other, metadata),
           token_type

Where one file writes two spellings of a field, the alias listed first is the one a reader
prefers (``alias_rank``): LiteLLM writes ``model_group`` (the model name callers asked for)
beside ``model`` (the deployment that served it).

``header_key`` is the looser comparison used to recognise a gateway by its exact headers
and to match the columns of several files: it keeps units, so ``Spend ($)`` and ``Spend
(€)`` stay two columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ALIASES: dict[str, tuple[str, ...]] = {
    # identity
    "group": ("group", "分组", "group_name", "用户分组", "pool"),
    "business_group": ("business_group",),
    "user_id": ("user_id", "User ID", "用户ID", "uid"),
    "username": (
        "username",
        "用户名",
        "user",
        "用户",
        "user_name",
        "user_email",
        "member",
        "成员",
        "end_user",
    ),
    "token": (
        "token",
        "令牌",
        "token_name",
        "令牌名称",
        "key_name",
        "api_key_name",
        "key_alias",
        "api_key_alias",
    ),
    "api_key": (
        "api_key",
        "API Key",
        "key",
        "密钥",
        "api_key_id",
        "hashed_api_key",
        "api_key_label",
    ),
    "account": ("account", "source", "upstream_account", "upstream", "账号", "账户", "auth_file"),
    "auth_index": ("auth_index",),
    "provider_account": ("source_raw",),
    "channel": ("channel", "渠道", "channel_id", "渠道ID"),
    "channel_name": ("channel_name", "渠道名称"),
    "provider": ("provider", "provider_name", "custom_llm_provider", "供应商", "提供商"),
    "project": ("project", "project_name", "workspace", "app_name", "项目"),
    "project_id": ("project_id",),
    "team": ("team", "team_name", "team_alias", "团队"),
    "team_id": ("team_id", "Team ID"),
    "ip": ("ip", "ip_address", "client_ip", "IP地址"),
    "id": ("id", "log_id", "row_id"),
    "request_id": ("request_id", "请求ID", "generation_id", "x_request_id"),
    "trace_id": ("trace_id",),
    "model": (
        "model_group",
        "model_alias",  # Aize: what the caller asked for (seed 003)
        "model",
        "模型",
        "model_name",
        "模型名称",
        "model_permaslug",
        "model_version",
        "model_id",
    ),
    "provider_model": ("provider_model", "upstream_model"),  # Aize: the model that served it
    "plan": ("plan", "plan_type"),  # Codex Pooler: the upstream plan badge (seed 004)
    "transport": ("transport",),
    "route": ("route",),
    # row
    "row_type": ("type", "类型", "row_type"),
    "log_type": ("log_type",),
    "call_type": (
        "call_type",
        "usage_type",
        "request_type",
        "调用类型",
        "line_item",
        "endpoint",  # Aize: /v1/chat/completions (seed 003)
    ),
    "billing_type": ("billing_type",),
    "is_stream": ("is_stream", "stream", "is_streaming", "流式", "streamed"),
    "result": ("result", "outcome", "结果", "finish_reason"),
    "status_code": ("status_code", "status", "http_status", "状态码", "状态"),
    "retries": ("retry", "retries", "重试", "重试次数"),
    # times
    "time": (
        "time",
        "时间",
        "created_at",
        "created",
        "timestamp",
        "date",
        "datetime",
        "request_time",
        "usage_date_utc",
        "usage_date",
        "日期",
        "创建时间",
        "请求时间",
    ),
    "start_time": (
        "start_time",
        "start_time_iso",
        "开始时间",
        "first_seen_at",
        "first_seen",
        "首次请求",
    ),
    "latest_time": (
        "latest_request",
        "latest_time",
        "last_seen_at",
        "last_seen",
        "last_request",
        "最后请求",
        "最近请求",
        "最后请求时间",
    ),
    "end_time": ("end_time", "end_time_iso", "结束时间"),
    "first_token_time": ("first_token_time", "completion_start_time"),
    # counts
    "requests": (
        "requests",
        "请求数",
        "请求次数",
        "调用次数",
        "total_count",
        "request_count",
        "num_model_requests",
        "total_requests",
    ),
    "success": ("success", "成功", "success_count", "successful_requests", "成功数", "成功次数"),
    "errors": ("errors", "错误", "error_count", "failed_requests", "失败", "失败数", "失败次数"),
    "quota": ("quota", "额度", "used_quota", "消耗额度", "usage"),  # TokenOpen: quota or credits
    "prompt_tokens": (
        "prompt_tokens",
        "input_tokens",
        "输入",
        "tokens_prompt",
        "usage_input_tokens_no_cache",
        "input",
        "输入tokens",
        "提示tokens",
    ),
    "completion_tokens": (
        "completion_tokens",
        "output_tokens",
        "输出",
        "tokens_completion",
        "usage_output_tokens",
        "output",
        "输出tokens",
        "补全tokens",
    ),
    "total_tokens": ("total_tokens", "tokens", "总tokens"),
    "cached_tokens": (
        "cached_tokens",
        "tokens_cached",
        "cache_read_tokens",
        "input_cached_tokens",
        "usage_input_tokens_cache_read",
        "cache_read_input_tokens",
        "cached_input_tokens",
    ),
    "cache_write_tokens": (
        "cache_write_tokens",
        "cache_creation_tokens",
        "cache_creation_input_tokens",
        "usage_input_tokens_cache_write_5m",
        "usage_input_tokens_cache_write_1h",
    ),
    "reasoning_tokens": ("reasoning_tokens", "tokens_reasoning"),
    "cache_tokens": ("cache_tokens", "缓存tokens", "缓存令牌"),
    "cache_requests": ("cache_requests", "缓存请求", "缓存请求数"),
    "avg_cache_tokens": ("avg_cache_tokens", "平均缓存tokens"),
    "context_window": ("context_window",),
    # rates
    "success_rate": ("success_rate", "成功率"),
    "failure_rate": ("failure_rate", "error_rate", "失败率", "错误率"),
    "cache_hit_rate": ("cache_hit_rate", "缓存命中率"),
    "cache_request_share": ("cache_request_share", "缓存请求占比"),
    # money
    "cost": (
        "customer_cost",  # Aize: what the customer is charged (seed 003)
        "cost",
        "消耗",
        "花费",
        "消耗/花费",
        "spend",
        "total_cost",
        "cost_total",
        "total_spend",
        "费用",
        "金额",
        "amount",
        "amount_value",
    ),
    "cost_usd": ("cost_usd", "quota_usd", "estimated_cost_usd"),
    # Aize's cost components: customer cost = provider cost + markup + fixed fee (seed 003)
    "provider_cost": ("provider_cost",),
    "markup": ("markup",),
    "fixed_fee": ("fixed_fee",),
    "currency": ("currency", "amount_currency", "币种"),
    # durations
    "latency": (
        "latency",
        "avg_latency",
        "平均耗时",
        "平均用时",
        "耗时",
        "用时",
        "用时/首字",
        "latency_ms",
        "use_time",
        "avg_use_time",
        "elapsed_time",
        "duration",
        "duration_ms",
        "generation_time_ms",
        "response_time",
        "total_time",
    ),
    "first_token_latency": (
        "first_token_latency",
        "time_to_first_token_ms",
        "time_to_first_token",
        "ttft",
        "ttft_ms",
        "frt",
        "first_response_time",
        "首字",
        "首字时间",
    ),
    # text
    "failure_reason": ("failure_reason", "失败原因", "error_reasons", "错误原因"),
    "error_message": ("error_message", "error", "错误信息", "message", "failure_summary"),
    "content": ("content", "详情", "内容", "details"),
    "details_json": ("other", "metadata", "extra"),
    "token_type": ("token_type",),
}

_PARENTHESISED = re.compile(r"[(（\[][^)）\]]*[)）\]]")
_NOT_WORD = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_NUMBER = re.compile(r"^[-+]?[$€¥£]?\s*[\d.,\s]+%?$")
_GROUP_HEALTH_ROW_TYPES = frozenset({"group", "token", "分组", "令牌"})


def normalize_header(header: str) -> str:
    """The lookup key of a header: lower case, no unit in parentheses, letters only."""
    text = header.replace("\ufeff", "").strip().lower()
    key = _NOT_WORD.sub("", _PARENTHESISED.sub("", text))
    return key or _NOT_WORD.sub("", text)


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for field, aliases in ALIASES.items():
        for alias in (field, *aliases):
            key = normalize_header(alias)
            if lookup.get(key, field) != field:
                raise ValueError(f"alias {alias!r} maps to both {lookup[key]} and {field}")
            lookup[key] = field
    return lookup


_LOOKUP = _build_lookup()
_RANKS = {
    field: {normalize_header(alias): rank for rank, alias in reversed(list(enumerate(aliases)))}
    for field, aliases in ALIASES.items()
}


def canonical_field(header: str) -> str | None:
    """The canonical field a header names, or None for a header the table does not know."""
    return _LOOKUP.get(normalize_header(header))


def alias_rank(header: str, field: str | None) -> int:
    """Where ``header`` stands among ``field``'s aliases (0 = first); after them all when the
    header is not one of them (a ``status`` column whose words made it a result)."""
    ranks = _RANKS.get(field or "", {})
    return ranks.get(normalize_header(header), len(ranks))


def header_key(header: str) -> str:
    """A header as written, compared loosely: no BOM, trimmed, lower case, single spaces."""
    return re.sub(r"\s+", " ", header.lstrip("\ufeff").strip()).lower()


def refine_field(field: str | None, sample: Sequence[str]) -> str | None:
    """Settle a header that means different things in different dialects, from its cells.

    ``Type``/``类型`` holds Group/Token in a group-health export (row_type) but a log type
    in request logs (new-api ``2``/``5``, console 消费/错误): log_type. ``status`` holding
    words rather than codes (``completed``, ``failed``) is a result.
    """
    values = [s.strip().lower() for s in sample if s and s.strip()]
    if not values:
        return field
    if field == "row_type":
        known = sum(v in _GROUP_HEALTH_ROW_TYPES for v in values)
        return "row_type" if known * 10 >= len(values) * 8 else "log_type"
    if field == "content":  # TokenOpen's Details: a JSON object per call (seed 002)
        objects = sum(v.startswith("{") and v.endswith("}") for v in values)
        return "details_json" if objects * 10 >= len(values) * 8 else field
    if field in ("errors", "quota"):
        # issue 11, seed 004: an ``errors`` column of sanitised messages is text, not a count,
        # and a Usage column of settled-usage lines is no quota: decided by the cells
        numeric = sum(_is_number(v) for v in values)
        if numeric * 10 >= len(values) * 8:
            return field
        return "error_message" if field == "errors" else None
    if field == "status_code":
        numeric = sum(v.isdigit() for v in values)
        return "status_code" if numeric * 10 >= len(values) * 8 else "result"
    return field


def _is_number(text: str) -> bool:
    """A count or amount as exported (``12``, ``1,234``, ``0.5``, ``$0.02``)."""
    return bool(_NUMBER.match(text))
