"""Small request-log exports written inline, in the dialects the samples' README lists."""

from __future__ import annotations

from pathlib import Path

from csvinspect.core import load, load_text
from csvinspect.core.requests.records import RequestRecords, build_records
from csvinspect.core.table import Table

ONEAPI = """id,user_id,created_at,type,content,username,token_name,model_name,quota,prompt_tokens,completion_tokens,channel,request_id,elapsed_time,is_stream
1,7,1778061731,2,ok,ann,ann-key,gpt-4o-mini,1000,100,20,4,req-1,1500,1
2,7,1778061791,5,通道「openai-main」测试成功,ann,,gpt-4o-mini,0,0,0,4,,800,0
3,8,1778061851,2,ok,ben,ben-key,gpt-4.1,250000,5000,300,4,req-3,4200,0
4,8,1778061911,1,充值 $5,ben,,,0,0,0,0,,0,0
"""  # noqa: E501

OPENROUTER = """generation_id,created_at,cost_total,tokens_prompt,tokens_completion,tokens_reasoning,tokens_cached,model_permaslug,provider_name,generation_time_ms,time_to_first_token_ms,api_key_name,app_name
gen-1,2026-05-06 10:00:00,0.0123,1000,200,0,800,openai/gpt-4.1,OpenAI,2400,350,prod,chat-app
gen-2,2026-05-06 10:05:00,0.0040,400,100,50,0,anthropic/claude-sonnet-4.5,Anthropic,1800,,prod,chat-app
gen-3,2026-05-06 11:00:00,0.0200,3000,400,0,0,openai/gpt-4.1,Azure,5100,900,batch,eval-app
"""  # noqa: E501

SUB2API = """User,API Key,Model,Type,Input Tokens,Output Tokens,Cache Read Tokens,Cache Write Tokens,Total Cost,Billing Type,Duration (ms),Time
alice,sk-a1,claude-sonnet-4-5,stream,1200,300,900,100,0.0123,balance,3400,2026-05-06 09:00:00
bob,sk-b2,claude-opus-4-1,sync,5000,800,0,0,0.1500,subscription,12800,2026-05-06 09:30:00
"""  # noqa: E501

# Seed 004: a delivered response.incomplete is a success; an error-coded one is a failure;
# an in-progress row has no outcome yet; missing usage stays unknown.
INCOMPLETE = """request_id,created_at,model,status,output_tokens,cost,error
r1,2026-05-06 10:00:00,gpt-5,response.completed,120,0.01,
r2,2026-05-06 10:01:00,gpt-5,response.incomplete,4096,0.05,
r3,2026-05-06 10:02:00,gpt-5,response.incomplete,,,stream_truncated
r4,2026-05-06 10:03:00,gpt-5,in_progress,,,
r5,2026-05-06 10:04:00,gpt-5,response.failed,,,upstream_timeout
"""


def sample(samples_dir: Path, name: str) -> tuple[Table, RequestRecords]:
    table = load(samples_dir / name)
    return table, build_records(table)


def inline(text: str, name: str = "inline.csv") -> tuple[Table, RequestRecords]:
    table = load_text(text, name=name)
    return table, build_records(table)


def requests_like_demo(demo_path: Path) -> Table:
    """One request row per request counted in the group-health demo export.

    Every Token row becomes its requests (errors carrying the group's failure reasons, cost
    and cache tokens spread over them, latency its average, first and last at its start and
    latest time), so group health derived from them must match the export's own analysis.
    """
    import csv

    import numpy as np
    import pyarrow as pa

    from csvinspect.core.table import Column, ColumnType, SourceInfo

    def number(text: str) -> float:
        return float(text.replace(",", "").replace("¥", "").replace("%", "").rstrip("s"))

    with demo_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    reasons: dict[str, list[list]] = {}
    for row in rows:
        if row["Type"] == "Group" and row["Failure Reason"]:
            entries = []
            for part in row["Failure Reason"].split("; "):
                label, count = part.rsplit(" (", 1)
                status, message = label.split(": ", 1)
                entries.append([int(status), message, int(count.rstrip(")"))])
            reasons[row["Group"]] = entries
    out: dict[str, list] = {k: [] for k in ("time", "group", "user_id", "username", "token",
                                             "status", "message", "cost", "cached", "total",
                                             "latency")}  # fmt: skip
    stamp = np.datetime64("2026-11-21T00:00:00", "s")
    for row in rows:
        if row["Type"] != "Token":
            continue
        n, errors = int(number(row["Requests"])), int(number(row["Errors"]))
        cache_tokens, hit = number(row["Cache Tokens"]), number(row["Cache Hit Rate"]) / 100
        cache_requests = int(number(row["Cache Requests"]))
        total = cache_tokens / hit if hit else 1000.0 * n
        start, latest = (
            (np.datetime64(row[k].replace(" ", "T")) - stamp).astype(int) + 1_795_219_200
            for k in ("Start Time", "Latest Request")
        )
        pending = reasons.get(row["Group"], [])
        # a reason whose count is exactly this token's errors is its own (ci-bot's 558 401s)
        own = next((e for e in pending if e[2] == errors), None)
        for i in range(n):
            status, message = 200, ""
            if i < errors:
                left = [e for e in pending if e[2] > 0]
                entry = own if own is not None and own[2] > 0 else left[-1]
                entry[2] -= 1
                status, message = entry[0], entry[1]
            out["time"].append(start if i == 0 else latest if i == n - 1 else (start + latest) / 2)
            out["group"].append(row["Group"])
            out["user_id"].append(row["User ID"])
            out["username"].append(row["Username"])
            out["token"].append(row["Token"])
            out["status"].append(status)
            out["message"].append(message)
            out["cost"].append(number(row["Cost"]) / n)
            out["cached"].append(cache_tokens / cache_requests if i < cache_requests else 0.0)
            out["total"].append(total / n)
            out["latency"].append(number(row["Avg Latency"]))

    def column(name, field, values, kind=ColumnType.TEXT, currency=None):
        texts = pa.array([str(v) for v in values], pa.string())
        numeric = None if kind == ColumnType.TEXT else np.asarray(values, dtype=np.float64)
        return Column(name, texts, field, kind, numeric, None, currency)

    columns = [
        column("time", "time", out["time"], ColumnType.TIMESTAMP),
        column("group", "group", out["group"]),
        column("user_id", "user_id", out["user_id"], ColumnType.TEXT),
        column("username", "username", out["username"]),
        column("token", "token", out["token"]),
        column("status_code", "status_code", out["status"], ColumnType.NUMBER),
        column("error", "error_message", out["message"]),
        column("cost", "cost", out["cost"], ColumnType.MONEY, "CNY"),
        column("cached_tokens", "cached_tokens", out["cached"], ColumnType.COUNT),
        column("total_tokens", "total_tokens", out["total"], ColumnType.COUNT),
        column("latency", "latency", out["latency"], ColumnType.DURATION),
    ]
    n = len(out["time"])
    info = SourceInfo("demo requests", "utf-8", ",")
    return Table(info, columns, np.arange(2, n + 2, dtype=np.int64))
