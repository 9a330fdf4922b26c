"""Per-request and usage-summary exports: which gateway wrote a file, and what its rows mean.

Decided once at load (``kinds.decide``) and recorded as ``SourceInfo.dialect``; the request
view reads it from there (issue 10: no re-detection downstream).

A dialect is recognised from its header alone (the samples' README lists the real headers).
What each header means is the alias table's business (``core/fields.py``) and the units and
currencies of its cells the typing's (``core/cells/``), for a known gateway and an unknown
one alike. A dialect keeps only what the headers cannot say: which row types are requests,
which field a role is read from where this gateway means something else by it, the
currency of its bare cost figures, whether its rows are settled requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from csvinspect.core.fields import header_key
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
    """What one exporter's rows mean beyond what its headers say.

    ``required`` are the headers (``fields.header_key``) that identify the exporter. Its
    columns are read through their canonical fields like any file's (``columns.py``);
    ``prefer`` names the fields a role is read from first where this exporter means
    something else by them (sub2api's ``Type`` is the call type, not a log type).
    ``events`` maps the row-type cell to an event name (``REQUEST_EVENTS`` are API
    requests, other events are account rows shown but not counted); ``cost_currency`` is
    the currency of a cost column that names none; ``settled_rows`` marks usage exports
    that only ever contain settled (billed) requests, so a row without a status is a
    success there rather than unknown; ``console_timing``: the latency column holds
    ``27 s 2.4 s 流`` (latency, first-token time, stream or not); ``input_split_by_cache``:
    the input tokens exclude cache writes and reads, which have columns of their own.
    """

    key: str
    label: str
    kind: ReportKind
    required: frozenset[str]
    prefer: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: Mapping[str, str] | None = None
    cost_currency: str | None = None
    settled_rows: bool = False
    console_timing: bool = False
    input_split_by_cache: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


NEWAPI = Dialect(
    key="newapi",
    label="new-api usage log",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"created_at", "type", "model_name", "quota", "use_time"}),
    events=NEWAPI_EVENTS,
    notes=("type 2 consume and 5 error are requests; 1, 3, 4, 6 are account events",),
)

NEWAPI_CONSOLE_ZH = Dialect(
    key="newapi_console_zh",
    label="new-api console (Chinese) pasted table",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"时间", "类型", "模型", "用时/首字"}),
    events=NEWAPI_EVENTS,
    console_timing=True,
    notes=("用时/首字 holds latency, first-token time and 流/非流 (stream or not)",),
)

CLIPROXYAPI = Dialect(
    key="cliproxyapi",
    label="CLIProxyAPI request events",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"timestamp", "model", "source", "result", "latency_ms"}),
    notes=("result failed rows have no status code: counted as errors of unknown status",),
)

ONEAPI = Dialect(
    key="oneapi",
    label="one-api log",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"created_at", "type", "model_name", "quota", "elapsed_time"}),
    events=ONEAPI_EVENTS,
    notes=("type 5 is a channel test, not a request",),
)

OPENROUTER = Dialect(
    key="openrouter",
    label="OpenRouter activity",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"generation_id", "created_at", "cost_total", "model_permaslug"}),
    cost_currency="USD",
    settled_rows=True,
    notes=("activity lists settled generations: rows without a status count as successes",),
)

SUB2API = Dialect(
    key="sub2api",
    label="sub2api usage",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"api key", "model", "input tokens", "total cost", "duration (ms)"}),
    prefer={"call_type": ("log_type", "row_type")},  # Type: stream / sync, not a log type
    cost_currency="USD",
    settled_rows=True,
    notes=("usage rows are settled (billed) requests: counted as successes",),
)

LITELLM_SPEND = Dialect(
    key="litellm_spend",
    label="LiteLLM spend logs",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"request_id", "call_type", "spend", "starttime", "endtime"}),
    prefer={"time": ("start_time",)},  # startTime: when the request was made
    cost_currency="USD",
)

AIZE = Dialect(
    key="aize",
    label="Aize request logs",
    kind=ReportKind.REQUEST_LOG,
    required=frozenset({"request id", "model alias", "provider model", "customer cost"}),
    cost_currency="USD",
    notes=(
        "customer cost is the cost; provider cost, markup and fixed fee are its components",
        "model alias is what the caller asked for, provider model what served it",
    ),
)

# Usage summaries: one row per day (and team / model / key), counts already aggregated.
LITELLM_TEAM_USAGE = Dialect(
    key="litellm_usage",
    label="LiteLLM usage summary",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"date", "spend ($)", "requests"}),
    cost_currency="USD",
)

ANTHROPIC_USAGE = Dialect(
    key="anthropic_usage",
    label="Anthropic console usage",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"usage_date_utc", "model_version", "usage_output_tokens"}),
    input_split_by_cache=True,
)

ANTHROPIC_COST = Dialect(
    key="anthropic_cost",
    label="Anthropic console cost",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"usage_date_utc", "token_type", "cost_usd"}),
    cost_currency="USD",
)

OPENAI_USAGE = Dialect(
    key="openai_usage",
    label="OpenAI usage",
    kind=ReportKind.USAGE_SUMMARY,
    required=frozenset({"start_time", "end_time", "start_time_iso", "end_time_iso"}),
    # buckets start at start_time; they are grouped by key and project IDs, names are labels
    prefer={"time": ("start_time",), "token": ("api_key",), "project": ("project_id",)},
)

DIALECTS: tuple[Dialect, ...] = (
    NEWAPI,
    ONEAPI,
    NEWAPI_CONSOLE_ZH,
    CLIPROXYAPI,
    OPENROUTER,
    SUB2API,
    LITELLM_SPEND,
    AIZE,
    LITELLM_TEAM_USAGE,
    ANTHROPIC_USAGE,
    ANTHROPIC_COST,
    OPENAI_USAGE,
)


def detect_dialect(header: list[str]) -> Dialect | None:
    """The dialect whose identifying headers are all present, the most specific first."""
    names = {header_key(h) for h in header}
    matches = [d for d in DIALECTS if d.required <= names]
    if not matches:
        return None
    return max(matches, key=lambda d: len(d.required))
