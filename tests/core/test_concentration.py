"""Issue 11, item 6: do a request log's failures concentrate on one account, API key, model or
group? (seed 001's and seed 004's first question)

The exports are built as the seeds describe them: a Codex Pooler request log (seed 004:
status, upstream account, plan, model, API key label, transport, errors) and a CPAMP JSON Lines
export (seed 001: provider, model, auth file, project, API key, status code). Every figure is
checked against counts made here from the rows written.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from csvinspect.cli import main
from csvinspect.core import load
from csvinspect.core.report import build_report, make_report, render_markdown, render_text
from csvinspect.core.requests.concentration import MIN_FAILURES, failure_concentration
from csvinspect.core.requests.records import build_records

POOLER_HEADER = ["row_id", "created_at", "status", "upstream_account", "plan", "model",
                 "api_key", "transport", "errors"]  # fmt: skip
ACCOUNTS = ["codex-alice", "codex-bob", "codex-carol", "codex-dave", "codex-erin"]
KEYS = ["team-checkout", "ci-nightly", "support-bot"]


def _pooler_log(path: Path, failing, in_progress=()) -> list[dict[str, str]]:
    """50 requests round-robin over five accounts and three keys; ``failing(i, account, key)``
    decides which fail (``rejected`` on even rows, ``failed`` on odd ones, as seed 004 has)."""
    rows = []
    for i in range(50):
        account, key = ACCOUNTS[i % 5], KEYS[i % 3]
        status = "completed"
        errors = ""
        if i in in_progress:
            status = "in_progress"
        elif failing(i, account, key):
            status = "rejected" if i % 2 == 0 else "failed"
            errors = "upstream_timeout: no response within 60 s"
        rows.append({
            "row_id": f"rq_{i:04d}", "created_at": f"2026-07-08 13:{i:02d}:00+02:00",
            "status": status, "upstream_account": account, "plan": "pro", "model": "gpt-5",
            "api_key": key, "transport": "HTTP SSE", "errors": errors,
        })  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, POOLER_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _failed(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["status"] in ("failed", "rejected")]


def test_failures_on_one_upstream_account_are_named(tmp_path):
    path = tmp_path / "request_logs.csv"
    rows = _pooler_log(tmp_path / "request_logs.csv", lambda i, a, k: a == "codex-bob" or i == 7)
    failed = _failed(rows)
    on_bob = sum(r["upstream_account"] == "codex-bob" for r in failed)
    bob_requests = sum(r["upstream_account"] == "codex-bob" for r in rows)
    assert (on_bob, len(failed), bob_requests) == (10, 11, 10)
    report = build_report(load(path))
    found = report["concentration"]
    assert found["failures"] == len(failed)
    assert found["requests"] == len(rows)
    assert found["concentrated"] is True
    assert found["findings"] == [
        f"Failures concentrate on account codex-bob: {on_bob} of {len(failed)} failures"
        f" ({on_bob / len(failed):.0%}), {bob_requests / len(rows):.0%} of requests"
    ]
    account = next(d for d in found["dimensions"] if d["dimension"] == "account")
    assert account["top"] == "codex-bob"
    assert account["failures"] == on_bob
    assert account["request_share"] == bob_requests / len(rows)
    # the keys are spread evenly over the failures: no key is blamed
    key = next(d for d in found["dimensions"] if d["dimension"] == "token")
    assert key["concentrated"] is False
    assert key["failures"] == max(Counter(r["api_key"] for r in failed).values())
    # one model and one plan serve every request: nothing to compare, no claim
    assert {d["dimension"] for d in found["dimensions"]} == {"account", "token"}
    typed = make_report(load(path))
    assert "Failures concentrate on account codex-bob" in render_text(typed)
    assert "### Failure concentration" in render_markdown(typed)


def test_failures_on_one_api_key_in_a_json_lines_export(tmp_path, capsys):
    path = tmp_path / "monitoring.jsonl"
    records = []
    for i in range(60):
        key = ["sk-cpa-…a91f", "sk-cpa-…7c02", "sk-cpa-…e3d8"][i % 3]
        fails = key == "sk-cpa-…7c02" and i % 2 == 1
        records.append({
            "timestamp": f"2026-07-08T13:{i:02d}:00.000+08:00", "request_id": f"req_{i:04d}",
            "provider": "codex", "model": ["gpt-5", "gpt-5-codex"][i % 2],
            "auth_file": f"codex-{['alice', 'bob', 'carol', 'dave'][i % 4]}@example.com.json",
            "project": "checkout-bot", "api_key": key,
            "status_code": 429 if fails else 200, "latency_ms": 900 + i,
            "failure": {"summary": "rate limited by upstream"} if fails else None,
        })  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    failed = [r for r in records if r["status_code"] >= 400]
    top_key, on_key = Counter(r["api_key"] for r in failed).most_common(1)[0]
    key_requests = sum(r["api_key"] == top_key for r in records)
    assert main(["report", str(path), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["concentration"]
    assert found["failures"] == len(failed) >= MIN_FAILURES
    assert found["findings"][0] == (
        f"Failures concentrate on API key {top_key}: {on_key} of {len(failed)} failures"
        f" ({on_key / len(failed):.0%}), {key_requests / len(records):.0%} of requests"
    )
    assert not any("account" in line for line in found["findings"])


def test_spread_failures_say_so(tmp_path):
    path = tmp_path / "request_logs.csv"
    rows = _pooler_log(path, lambda i, a, k: i % 4 == 1)
    failed = _failed(rows)
    assert max(Counter(r["upstream_account"] for r in failed).values()) * 2 <= len(failed)
    found = build_report(load(path))["concentration"]
    assert found["concentrated"] is False
    assert found["findings"] == ["Failures are spread: no account or API key holds most of them"]


def test_the_account_that_serves_almost_everything_is_not_blamed_for_being_busy(tmp_path):
    path = tmp_path / "request_logs.csv"
    rows = _pooler_log(path, lambda i, a, k: i % 5 == 0)  # codex-alice: 10 of 50 requests
    rows = [{**r, "upstream_account": "codex-alice" if i % 12 else "codex-bob"}
            for i, r in enumerate(rows)]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:  # now alice serves 45 of 50
        writer = csv.DictWriter(f, POOLER_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    failed = _failed(rows)
    on_alice = sum(r["upstream_account"] == "codex-alice" for r in failed)
    alice = sum(r["upstream_account"] == "codex-alice" for r in rows)
    assert (on_alice, len(failed), alice) == (9, 10, 45)
    found = failure_concentration(build_records(load(path)))
    account = next(t for t in found.top if t.dimension == "account")
    assert (account.value, account.failures) == ("codex-alice", on_alice)
    assert account.request_share == alice / len(rows)
    assert not account.concentrated  # 90% of failures from 90% of the traffic
    assert found.findings() == [
        f"Failures follow the traffic on account codex-alice: {on_alice} of {len(failed)}"
        f" failures ({on_alice / len(failed):.0%}), {alice / len(rows):.0%} of requests"
    ]


def test_too_few_failures_support_no_claim_and_that_is_said(tmp_path):
    path = tmp_path / "request_logs.csv"
    rows = _pooler_log(path, lambda i, a, k: i in (1, 6, 11), in_progress=(2, 3))
    assert len(_failed(rows)) == 3 < MIN_FAILURES
    found = build_report(load(path))["concentration"]
    assert found["concentrated"] is None
    assert found["failures"] == 3
    assert found["findings"] == [
        "Only 3 failures: too few to say whether failures concentrate on one account or"
        f" API key (at least {MIN_FAILURES} needed)"
    ]
    assert all(not d["concentrated"] for d in found["dimensions"])


def test_the_sample_with_two_failures_makes_no_claim(samples_dir):
    report = build_report(load(samples_dir / "usage_logs_newapi_fork.csv"))
    found = report["concentration"]
    assert found["failures"] == 2  # its two error rows (429, 504): below the sample rule
    assert "too few" in found["findings"][0]
