"""Request roles come from the one alias table and values from the typed columns (issue 5).

A gateway's headers are recognised through ``core/fields.py`` like any file's; a dialect
only says what the headers cannot (row types, settled rows, a field it means differently).
"""

from __future__ import annotations

import math

import pytest
from request_logs import inline

from csvinspect.core.fields import canonical_field
from csvinspect.core.requests.stats import RequestStats


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("finish_reason", "result"),  # OpenRouter
        ("streamed", "is_stream"),  # OpenRouter
        ("source_raw", "provider_account"),  # CLIProxyAPI codex:alice@example.com
        ("api_key_label", "api_key"),  # CLIProxyAPI
        ("completionStartTime", "first_token_time"),  # LiteLLM spend logs
        ("api_key_alias", "token"),  # LiteLLM spend logs
        ("end_user", "username"),  # LiteLLM spend logs
        ("line_item", "call_type"),  # OpenAI usage
    ],
)
def test_request_headers_of_every_dialect_are_in_the_alias_table(header, field):
    assert canonical_field(header) == field


def test_openrouter_finish_reason_alone_decides_the_outcome():
    _, records = inline(
        "generation_id,created_at,cost_total,model_permaslug,generation_time_ms,"
        "streamed,finish_reason\n"
        "g1,2026-05-06 10:00:00,0.01,openai/gpt-4.1,2400,true,stop\n"
        "g2,2026-05-06 10:05:00,0.02,openai/gpt-4.1,1800,false,error\n"
    )
    assert records.dialect.key == "openrouter"
    assert records.success.tolist() == [1, 0]  # settled generation, then an error
    assert records.is_stream.tolist() == [1, 0]
    assert records.latency_s.tolist() == [2.4, 1.8]


def test_litellm_model_group_is_the_model_callers_asked_for():
    _, records = inline(
        "request_id,call_type,spend,startTime,endTime,model,model_group\n"
        "c1,acompletion,0.01,2026-05-06T10:00:00Z,2026-05-06T10:00:02Z,gpt-4o-2024-08-06,gpt-4o\n"
    )
    assert records.dims["model"].names == ["gpt-4o"]
    assert records.latency_s.tolist() == [2.0]


def test_sub2api_type_is_the_call_type_not_an_account_event():
    _, records = inline(
        "User,API Key,Model,Type,Input Tokens,Total Cost,Duration (ms),Time\n"
        "alice,sk-a1,claude-sonnet-4-5,stream,1200,0.0123,3400,2026-05-06 09:00:00\n"
        "bob,sk-b2,claude-opus-4-1,sync,5000,0.1500,12800,2026-05-06 09:30:00\n"
    )
    assert records.non_request_rows == 0
    assert records.dims["call_type"].names == ["stream", "sync"]


def test_a_latency_column_with_garbage_is_still_read_in_its_header_unit():
    # 3 of 8 cells unreadable: too many for the column to be typed, not for the view
    cells = ["1500", "oops", "2500", "n/a?", "900", "x", "1200", "800"]
    rows = "".join(f"r{i},2026-05-06 10:0{i}:00,gpt-4o,{c},200\n" for i, c in enumerate(cells))
    table, records = inline("request_id,created_at,model,latency_ms,status_code\n" + rows)
    assert table.column("latency").values is None  # left as text by the typing
    got = [None if math.isnan(v) else v for v in records.latency_s]
    assert got == [1.5, None, 2.5, None, 0.9, None, 1.2, 0.8]
    assert RequestStats(records).cards().latency.count == 5


def test_a_status_written_with_its_reason_phrase_keeps_its_code():
    _, records = inline(
        "request_id,created_at,model,status\n"
        "r1,2026-05-06 10:00:00,gpt-4o,200 OK\n"
        "r2,2026-05-06 10:01:00,gpt-4o,429 Too Many Requests\n"
        "r3,2026-05-06 10:02:00,gpt-4o,failed\n"
    )
    assert records.status_code.tolist() == [200, 429, 0]
    assert records.success.tolist() == [1, 0, 0]
    assert str(records.category_name(int(records.outcomes.category[1]))) == "rate_limit"
