"""Per-request and usage-summary exports: which gateway wrote a file, and what its columns mean.

A dialect is recognised from its header alone (the samples' README lists the real headers).
It names, for each *role* the request view needs (time, model, latency, ...), the header that
carries it and the unit it is written in. Columns a dialect does not name are still found
through the canonical fields of the alias table (``core/fields.py``), so an unknown gateway
that writes ``model``, ``status_code`` and ``latency`` works too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from csvinspect.core.table import ReportKind

# new-api log types (model/log.go): 1 top-up, 2 consume, 3 manage, 4 system, 5 error, 6 refund.
# Only consume and error rows are API requests; the rest are account events (issue 5).
NEWAPI_EVENTS: Mapping[str, str] = {
    "1": "top_up",
    "2": "consume",
    "3": "manage",
    "4": "system",
    "5": "error",
    "6": "refund",
    # the Chinese console shows the type as a word (console_paste_zh.tsv)
    "消费": "consume",
    "错误": "error",
    "充值": "top_up",
    "管理": "manage",
    "系统": "system",
    "退款": "refund",
}
# one-api has no error type: its 5 is a channel test, not a user's request.
ONEAPI_EVENTS: Mapping[str, str] = {
    "1": "top_up",
    "2": "consume",
    "3": "manage",
    "4": "system",
    "5": "test",
}
# A type column written in words by an unknown gateway.
WORD_EVENTS: Mapping[str, str] = {
    **{k: v for k, v in NEWAPI_EVENTS.items() if not k.isdigit()},
    "consume": "consume",
    "error": "error",
    "topup": "top_up",
    "top_up": "top_up",
    "recharge": "top_up",
    "manage": "manage",
    "system": "system",
    "refund": "refund",
    "test": "test",
}
REQUEST_EVENTS = frozenset({"consume", "error"})


@dataclass(frozen=True)
class Dialect:
    """What one exporter's columns mean.

    ``roles`` maps a role to the normalised headers that may carry it, best first;
    ``ms_roles`` are written in milliseconds; ``events`` maps the row-type cell to an event
    name (``REQUEST_EVENTS`` are API requests, other events are account rows shown but not
    counted); ``settled_rows`` marks usage exports that only ever contain settled (billed)
    requests, so a row without a status is a success there rather than unknown.
    """

    key: str
    label: str
    kind: ReportKind
    required: frozenset[str]
    roles: Mapping[str, tuple[str, ...]]
    ms_roles: frozenset[str] = frozenset()
    events: Mapping[str, str] | None = None
    cost_currency: str | None = None
    settled_rows: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def normalise_header(name: str) -> str:
    """Header as compared here: no BOM, trimmed, lower case, single spaces."""
    return re.sub(r"\s+", " ", name.lstrip("\ufeff").strip()).lower()


def _roles(**roles: str | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {k: (v,) if isinstance(v, str) else v for k, v in roles.items()}


NEWAPI = Dialect(
    key="newapi",
    label="new-api usage log",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"created_at", "type", "model_name", "quota", "use_time"}),
    roles=_roles(
        time="created_at",
        row_type="type",
        user=("username", "user_id"),
        user_id="user_id",
        token="token_name",
        model="model_name",
        quota="quota",
        cost_usd="quota_usd",
        prompt_tokens="prompt_tokens",
        completion_tokens="completion_tokens",
        latency="use_time",
        is_stream="is_stream",
        group="group",
        channel=("channel_name", "channel", "channel_id"),
        ip="ip",
        request_id="request_id",
        content="content",
        details_json="other",
    ),
    events=NEWAPI_EVENTS,
    notes=("type 2 consume and 5 error are requests; 1, 3, 4, 6 are account events",),
)

NEWAPI_CONSOLE_ZH = Dialect(
    key="newapi_console_zh",
    label="new-api console (Chinese) pasted table",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"时间", "类型", "模型", "用时/首字"}),
    roles=_roles(
        time="时间",
        channel="渠道",
        user="用户",
        token="令牌",
        group="分组",
        row_type="类型",
        model="模型",
        latency_combo="用时/首字",
        prompt_tokens="输入",
        completion_tokens="输出",
        cost="花费",
        ip="ip",
        content="详情",
    ),
    events=NEWAPI_EVENTS,
    notes=("用时/首字 holds latency, first-token time and 流/非流 (stream or not)",),
)

CLIPROXYAPI = Dialect(
    key="cliproxyapi",
    label="CLIProxyAPI request events",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"timestamp", "model", "source", "result", "latency_ms"}),
    roles=_roles(
        time="timestamp",
        model="model",
        account="source",
        provider_source="source_raw",
        auth_index="auth_index",
        result="result",
        latency="latency_ms",
        prompt_tokens="input_tokens",
        completion_tokens="output_tokens",
        reasoning_tokens="reasoning_tokens",
        cached_tokens="cached_tokens",
        total_tokens="total_tokens",
        api_key=("api_key", "api_key_label"),
        status="status_code",
        request_id=("request_id", "trace_id"),
    ),
    ms_roles=frozenset({"latency"}),
    notes=("result failed rows have no status code: counted as errors of unknown status",),
)

ONEAPI = Dialect(
    key="oneapi",
    label="one-api log",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"created_at", "type", "model_name", "quota", "elapsed_time"}),
    roles=_roles(
        time="created_at",
        row_type="type",
        user=("username", "user_id"),
        user_id="user_id",
        token="token_name",
        model="model_name",
        quota="quota",
        prompt_tokens="prompt_tokens",
        completion_tokens="completion_tokens",
        channel="channel",
        request_id="request_id",
        latency="elapsed_time",
        is_stream="is_stream",
        content="content",
    ),
    ms_roles=frozenset({"latency"}),
    events=ONEAPI_EVENTS,
    notes=("type 5 is a channel test, not a request",),
)

OPENROUTER = Dialect(
    key="openrouter",
    label="OpenRouter activity",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"generation_id", "created_at", "cost_total", "model_permaslug"}),
    roles=_roles(
        request_id="generation_id",
        time="created_at",
        cost="cost_total",
        prompt_tokens="tokens_prompt",
        completion_tokens="tokens_completion",
        reasoning_tokens="tokens_reasoning",
        cached_tokens="tokens_cached",
        model="model_permaslug",
        provider="provider_name",
        latency="generation_time_ms",
        first_token="time_to_first_token_ms",
        token="api_key_name",
        project="app_name",
        is_stream="streamed",
        status=("status", "finish_reason"),
    ),
    ms_roles=frozenset({"latency", "first_token"}),
    cost_currency="USD",
    settled_rows=True,
    notes=("activity lists settled generations: rows without a status count as successes",),
)

SUB2API = Dialect(
    key="sub2api",
    label="sub2api usage",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"api key", "model", "input tokens", "total cost", "duration (ms)"}),
    roles=_roles(
        user="user",
        token="api key",
        model="model",
        call_type="type",
        prompt_tokens="input tokens",
        completion_tokens="output tokens",
        cached_tokens="cache read tokens",
        cache_write_tokens="cache write tokens",
        cost="total cost",
        billing_type="billing type",
        latency="duration (ms)",
        time="time",
    ),
    ms_roles=frozenset({"latency"}),
    cost_currency="USD",
    settled_rows=True,
    notes=("usage rows are settled (billed) requests: counted as successes",),
)

LITELLM_SPEND = Dialect(
    key="litellm_spend",
    label="LiteLLM spend logs",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"request_id", "call_type", "spend", "starttime", "endtime"}),
    roles=_roles(
        request_id="request_id",
        call_type="call_type",
        api_key=("api_key_alias", "api_key"),
        cost="spend",
        total_tokens="total_tokens",
        prompt_tokens="prompt_tokens",
        completion_tokens="completion_tokens",
        time="starttime",
        end_time="endtime",
        first_token_time="completionstarttime",
        model=("model_group", "model"),
        provider="custom_llm_provider",
        user=("user", "end_user"),
        team="team_id",
        details_json="metadata",
        status="status",
        cache_hit="cache_hit",
    ),
    cost_currency="USD",
)

# Usage summaries: one row per day (and team / model / key), counts already aggregated.
LITELLM_TEAM_USAGE = Dialect(
    key="litellm_usage",
    label="LiteLLM usage summary",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"date", "spend ($)", "requests"}),
    roles=_roles(
        time="date",
        team=("team", "team alias"),
        model="model",
        token=("api key", "key alias", "key"),
        cost="spend ($)",
        requests="requests",
        success="successful requests",
        errors="failed requests",
        total_tokens="total tokens",
        prompt_tokens="prompt tokens",
        completion_tokens="completion tokens",
    ),
    cost_currency="USD",
)

ANTHROPIC_USAGE = Dialect(
    key="anthropic_usage",
    label="Anthropic console usage",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"usage_date_utc", "model_version", "usage_output_tokens"}),
    roles=_roles(
        time="usage_date_utc",
        model="model_version",
        token="api_key",
        project="workspace",
        call_type="usage_type",
        prompt_tokens="usage_input_tokens_no_cache",
        cache_write_tokens=(
            "usage_input_tokens_cache_write_5m",
            "usage_input_tokens_cache_write_1h",
        ),
        cached_tokens="usage_input_tokens_cache_read",
        completion_tokens="usage_output_tokens",
    ),
)

ANTHROPIC_COST = Dialect(
    key="anthropic_cost",
    label="Anthropic console cost",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"usage_date_utc", "token_type", "cost_usd"}),
    roles=_roles(
        time="usage_date_utc",
        model="model",
        project="workspace",
        token="api_key",
        call_type="usage_type",
        cost="cost_usd",
    ),
    cost_currency="USD",
)

OPENAI_USAGE = Dialect(
    key="openai_usage",
    label="OpenAI usage",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"start_time", "end_time", "start_time_iso", "end_time_iso"}),
    roles=_roles(
        time=("start_time_iso", "start_time"),
        model="model",
        project=("project_id", "project_name"),
        token=("api_key_id", "api_key_name"),
        user="user_id",
        call_type="line_item",
        requests="num_model_requests",
        prompt_tokens="input_tokens",
        cached_tokens="input_cached_tokens",
        completion_tokens="output_tokens",
        cost="amount_value",
        currency="amount_currency",
    ),
)

DIALECTS: tuple[Dialect, ...] = (
    NEWAPI,
    ONEAPI,
    NEWAPI_CONSOLE_ZH,
    CLIPROXYAPI,
    OPENROUTER,
    SUB2API,
    LITELLM_SPEND,
    LITELLM_TEAM_USAGE,
    ANTHROPIC_USAGE,
    ANTHROPIC_COST,
    OPENAI_USAGE,
)


def detect_dialect(header: list[str]) -> Dialect | None:
    """The dialect whose identifying headers are all present, the most specific first."""
    names = {normalise_header(h) for h in header}
    matches = [d for d in DIALECTS if d.required <= names]
    if not matches:
        return None
    return max(matches, key=lambda d: len(d.required))


def report_kind_for(header: list[str]) -> ReportKind | None:
    """Request log or usage summary when the header is a known dialect's, else None.

    Meant for ``kinds.detect_report_kind``: a known dialect decides the kind from the header.
    """
    dialect = detect_dialect(header)
    return None if dialect is None else dialect.kind
