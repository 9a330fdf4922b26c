"""Seeds 002-004's request logs, exported as their consoles describe them (issue 11).

Each fixture in ``tests/fixtures`` is shaped as its seed writes the columns: TokenOpen's
usage logs with the status, error, tokens, request ID and key only inside Details (seed 002),
Aize's request log with exactly the seed's field list (seed 003), Codex Pooler's request logs
with an ``errors`` column of sanitised messages and settled-usage columns (seed 004). The
figures of ``report --format json`` are checked against counts made here with ``csv`` and
``json``, independently of csvinspect's readers.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from csvinspect.cli import main
from csvinspect.core.loader import load
from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.stats import RequestStats

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TOKENOPEN = FIXTURES / "tokenopen_usage_logs.csv"
AIZE = FIXTURES / "aize_request_logs.csv"
POOLER = FIXTURES / "codex_pooler_request_logs.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _report(capsys, path: Path) -> dict:
    assert main(["report", str(path), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _money(cell: str) -> float:
    return float(cell.replace("$", "")) if cell.strip() else 0.0


def _error_text(details: dict) -> str:
    error = details.get("error")
    return error["message"] if isinstance(error, dict) else error


# -- seed 002: TokenOpen ---------------------------------------------------------------------


def test_tokenopen_status_and_error_are_read_from_details(capsys):
    details = [json.loads(r["Details"]) for r in _rows(TOKENOPEN)]
    failed = [d for d in details if int(d["status_code"]) >= 400]
    reasons = Counter((int(d["status_code"]), _error_text(d)) for d in failed)
    (top_status, top_message), top_count = reasons.most_common(1)[0]

    report = _report(capsys, TOKENOPEN)

    totals = report["totals"]
    assert totals["requests"] == len(details)
    assert totals["errors"] == len(failed)
    assert totals["success"] == len(details) - len(failed)
    assert totals["success_rate"] == pytest.approx(1 - len(failed) / len(details), abs=1e-6)
    top = report["failure_reasons"][0]
    assert (top["status"], top["message"], top["count"]) == (top_status, top_message, top_count)
    assert top["category"] == "auth"
    # the error object style ({"error": {"message": ...}}) is read too
    assert {(r["status"], r["message"]) for r in report["failure_reasons"]} == set(reasons)
    assert not any("low success" in f["summary"] and "0 errors" in f["summary"]
                   for f in report["findings"])  # fmt: skip


def test_tokenopen_usage_column_is_totalled_beside_the_cost(capsys):
    rows = _rows(TOKENOPEN)
    report = _report(capsys, TOKENOPEN)
    assert report["totals"]["quota"] == pytest.approx(sum(float(r["Usage"]) for r in rows))
    assert report["totals"]["cost"] == pytest.approx(sum(_money(r["Cost"]) for r in rows), 1e-6)
    assert report["totals"]["currency"] == "USD"


def test_tokenopen_tokens_request_id_and_key_come_from_details():
    rows = _rows(TOKENOPEN)
    details = [json.loads(r["Details"]) for r in rows]
    records = build_records(load(TOKENOPEN))

    assert np.nansum(records.tokens_in) == sum(d["input_tokens"] for d in details)
    assert np.nansum(records.tokens_out) == sum(d["output_tokens"] for d in details)
    assert records.request_id is not None
    assert records.request_id.to_pylist() == [d["request_id"] for d in details]
    keys = records.dims["token"]
    assert sorted(keys.names) == sorted({d["api_key"] for d in details})
    # the request ID filter finds one call by the ID a client reports
    wanted = details[7]["request_id"]
    result = apply_filter(records, RequestFilter(request_id=wanted))
    assert result.count == 1 and bool(result.mask[7])


# -- seed 003: Aize --------------------------------------------------------------------------


def test_aize_request_log_is_recognised_with_customer_cost_as_the_cost(capsys):
    rows = _rows(AIZE)
    failed = [r for r in rows if int(r["Status Code"]) >= 400]
    reasons = Counter((int(r["Status Code"]), r["Error Message"]) for r in failed)
    (top_status, top_message), top_count = reasons.most_common(1)[0]

    report = _report(capsys, AIZE)

    assert report["source"]["kind"] == "request_log"
    totals = report["totals"]
    assert totals["requests"] == len(rows)
    assert totals["errors"] == len(failed)
    assert totals["cost"] == pytest.approx(sum(_money(r["Customer Cost"]) for r in rows), 1e-6)
    assert totals["currency"] == "USD"
    for field, header in (
        ("provider_cost", "Provider Cost"),
        ("markup", "Markup"),
        ("fixed_fee", "Fixed Fee"),
    ):
        assert totals[field] == pytest.approx(sum(_money(r[header]) for r in rows), abs=1e-6)
    top = report["failure_reasons"][0]
    assert (top["status"], top["message"], top["count"]) == (top_status, top_message, top_count)
    assert top["category"] == "billing"  # 402: wallet needs refill (seed 003)


def test_aize_model_alias_and_provider_model_are_both_kept_and_filterable():
    rows = _rows(AIZE)
    table = load(AIZE)
    assert table.source.dialect is not None and table.source.dialect.key == "aize"
    records = build_records(table)
    assert sorted(records.dims["model"].names) == sorted({r["Model Alias"] for r in rows})
    assert sorted(records.dims["provider_model"].names) == sorted(
        {r["Provider Model"] for r in rows}
    )
    served = rows[0]["Provider Model"]
    result = apply_filter(records, RequestFilter(values={"provider_model": (served,)}))
    assert result.count == sum(r["Provider Model"] == served for r in rows)
    breakdown = RequestStats(records).breakdown("provider_model")
    assert {row.value: row.requests for row in breakdown.rows} == Counter(
        r["Provider Model"] for r in rows
    )
    # the cost's components are kept per request for the finance view
    assert records.cost_parts["markup"][0] == pytest.approx(_money(rows[0]["Markup"]))


# -- seed 004: Codex Pooler ------------------------------------------------------------------


def test_pooler_errors_column_is_read_as_messages_and_usage_columns_as_usage(capsys):
    rows = _rows(POOLER)
    failed = [r for r in rows if r["status"] in ("failed", "rejected")]
    reasons = Counter(r["errors"] for r in failed)
    top_message, top_count = reasons.most_common(1)[0]
    settled = [r for r in rows if r["estimated_cost_usd"]]

    report = _report(capsys, POOLER)

    columns = {c["name"]: c for c in report["columns"]}
    assert columns["errors"]["field"] == "error_message"
    assert columns["cached_input_tokens"]["field"] == "cached_tokens"
    assert report["totals"]["errors"] == len(failed)
    cost = sum(float(r["estimated_cost_usd"]) for r in settled)
    assert report["totals"]["cost"] == pytest.approx(cost, abs=1e-6)
    assert report["totals"]["currency"] == "USD"
    cached = sum(int(r["cached_input_tokens"]) for r in settled)
    total = sum(int(r["total_tokens"]) for r in settled)
    assert report["totals"]["cache_hit_rate"] == pytest.approx(cached / total, abs=1e-6)
    top = report["failure_reasons"][0]
    assert (top["message"], top["count"]) == (top_message, top_count)
    assert {r["message"] for r in report["failure_reasons"]} == set(reasons)


def test_pooler_row_id_plan_transport_and_route_filter_the_requests():
    rows = _rows(POOLER)
    records = build_records(load(POOLER))

    wanted = rows[11]["id"]
    result = apply_filter(records, RequestFilter(request_id=wanted.upper()))
    assert result.count == 1 and bool(result.mask[11])
    for dimension in ("plan", "transport", "route"):
        value = rows[0][dimension]
        result = apply_filter(records, RequestFilter(values={dimension: (value,)}))
        assert result.count == sum(r[dimension] == value for r in rows), dimension
        assert not result.warnings


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        (["", "upstream_timeout: no response in 60s", "", "quota_exhausted"], "error_message"),
        (["0", "3", "12", "1"], "errors"),
    ],
)
def test_an_errors_column_is_decided_by_its_cells(tmp_path, cells, field):
    path = tmp_path / "log.csv"
    lines = ["created_at,model,status,errors"]
    lines += [f"2026-07-10 09:0{i}:00,gpt-5,completed,{c}" for i, c in enumerate(cells)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = load(path)
    assert next(c for c in table.columns if c.name == "errors").field == field


def test_text_and_markdown_reports_state_the_usage_and_the_cost_components(capsys):
    assert main(["report", str(TOKENOPEN)]) == 0
    usage = sum(int(r["Usage"]) for r in _rows(TOKENOPEN))
    assert f"Usage (quota or credits) {usage:,}" in capsys.readouterr().out
    assert main(["report", str(AIZE), "--format", "markdown"]) == 0
    assert "= provider cost $1.40 + markup $0.35 + fixed fee $0.23." in capsys.readouterr().out


def test_a_usage_column_of_settled_usage_lines_is_not_read_as_quota(tmp_path, capsys):
    """Seed 004's Usage column summarises tokens and cost in words: its numbers are not a
    quota, so the cost still comes from estimated_cost_usd."""
    path = tmp_path / "pooler.csv"
    path.write_text(
        "id,status,created_at,model,usage,estimated_cost_usd\n"
        'rl_1,completed,2026-07-10T09:00:00Z,gpt-5,"in 1,200 · out 80 · $0.0025",0.0025\n'
        'rl_2,completed,2026-07-10T09:01:00Z,gpt-5,"in 900 · cached 300 · $0.0015",0.0015\n'
        "rl_3,failed,2026-07-10T09:02:00Z,gpt-5,,\n",
        encoding="utf-8",
    )
    report = _report(capsys, path)
    assert {c["name"]: c["field"] for c in report["columns"]}["usage"] is None
    assert report["totals"]["cost"] == pytest.approx(0.004)
    assert "quota" not in report["totals"]
