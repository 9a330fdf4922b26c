"""``csvinspect report`` on group-health exports: JSON shape, text and Markdown, variants.

The first tests build the typed table directly; the ``load`` tests go through the whole
loader (typing, aliases, row kinds), as the command line does.
"""

import json
from pathlib import Path

import pytest
from health_tables import read_csv_table

from csvinspect.cli import main
from csvinspect.core import load
from csvinspect.core.report import build_report, make_report, render_markdown, render_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ISSUE_KEYS = {
    "totals": {
        "requests",
        "success",
        "errors",
        "success_rate",
        "cost",
        "currency",
        "cache_hit_rate",
        "avg_latency_s",
    },
    "group": {
        "group",
        "requests",
        "success",
        "errors",
        "success_rate",
        "cost",
        "low_success",
        "small_sample",
        "failure_reasons",
        "tokens",
    },
    "token": {"token", "user_id", "username", "requests", "success_rate", "cost", "flags"},
    "reason": {"status", "message", "count", "category"},
    "finding": {"scope", "subject", "category", "summary", "next_step"},
    "mismatch": {"group", "field", "group_value", "token_sum", "difference"},
}


@pytest.fixture
def demo_report(samples_dir):
    return build_report(read_csv_table(samples_dir / "group_health_demo.csv"))


@pytest.fixture
def demo_typed(samples_dir):
    return make_report(read_csv_table(samples_dir / "group_health_demo.csv"))


def test_json_has_the_issue_keys(demo_report):
    report = json.loads(json.dumps(demo_report))
    assert ISSUE_KEYS["totals"] <= set(report["totals"])
    vip = next(g for g in report["groups"] if g["group"] == "vip")
    assert ISSUE_KEYS["group"] == set(vip)
    assert ISSUE_KEYS["token"] == set(vip["tokens"][0])
    assert ISSUE_KEYS["reason"] == set(vip["failure_reasons"][0])
    assert ISSUE_KEYS["reason"] | {"groups"} == set(report["failure_reasons"][0])
    assert ISSUE_KEYS["finding"] <= set(report["findings"][0])
    assert report["reconciliation"] == []


def test_json_values_are_numbers_rates_fractions_money_in_file_currency(demo_report):
    totals = demo_report["totals"]
    assert totals["requests"] == 23816 and isinstance(totals["requests"], int)
    assert totals["success_rate"] == pytest.approx(21589 / 23816, abs=1e-6)
    assert totals["cost"] == 3969.15
    assert totals["currency"] == "CNY"
    assert 0 < totals["cache_hit_rate"] < 1
    vip = next(g for g in demo_report["groups"] if g["group"] == "vip")
    assert (vip["requests"], vip["success"], vip["errors"]) == (7260, 6663, 597)
    assert vip["cost"] == 847.6
    assert vip["low_success"] is False
    assert vip["failure_reasons"][0] == {
        "status": 401,
        "message": "Invalid API key",
        "count": 558,
        "category": "auth",
    }
    ci_bot = next(t for t in vip["tokens"] if t["token"] == "ci-bot")
    assert ci_bot == {
        "token": "ci-bot",
        "user_id": "2003",
        "username": "heidi",
        "requests": 900,
        "success_rate": 0.38,
        "cost": 5.4,
        "flags": ["low_success", "below_group"],
    }
    trial = next(g for g in demo_report["groups"] if g["group"] == "trial")
    assert (trial["small_sample"], trial["low_success"]) == (True, False)
    first = demo_report["findings"][0]
    assert (first["scope"], first["subject"], first["category"]) == (
        "group",
        "codex-plan",
        "no_resource",
    )


def test_text_report_reads_as_a_report(demo_typed):
    text = render_text(demo_typed)
    assert "23,816 requests, 90.65% success, 2,227 errors, cost ¥3,969.15" in text
    assert "Findings (12):" in text
    assert "1. group: codex-plan [no_resource]" in text
    assert "Next step: Copy the token again" in text
    assert "ci-bot (heidi): 900 requests, 38.00%, ¥5.40  [low_success, below_group]" in text
    assert "74  502: Upstream request failed  [upstream_error]  in default, vip, image-gen" in text
    assert "Reconciliation:\n  clean" in text


def test_markdown_report_pastes_into_a_ticket(demo_typed):
    markdown = render_markdown(demo_typed)
    assert "### Findings" in markdown
    assert "2. **vip / ci-bot**: token (`auth`)." in markdown
    assert "| codex-plan | 2,650 | 62.64% | 990 | ¥566.80 | low\\_success" not in markdown
    assert "| codex-plan | 2,650 | 62.64% | 990 | ¥566.80 | low_success;" in markdown
    assert "| 337 | 429: Account RPM limit exceeded, Max 10/min | `rate_limit` | claude-max |" in (
        markdown
    )


def test_unreconciled_export_lists_mismatches_in_text():
    report = make_report(read_csv_table(FIXTURES / "health_unreconciled.csv"))
    text = render_text(report)
    # Figures as the export writes them: money with its currency, rates as percentages.
    assert (
        "default: cost: group row vs sum of token rows: ¥512.93 vs ¥513.02 (difference -¥0.09)"
        in text
    )
    assert "claude-max / peggy-cli: requests vs success + errors: 2,600 vs 2,610" in text
    markdown = render_markdown(report)
    assert "success\\_rate exported vs recomputed: 98.39% vs 99.39% (difference -1.00%)" in (
        markdown
    )


def test_a_problem_without_a_line_is_not_called_line_none():
    text = render_text(make_report(load(b"", name="empty.csv")))
    assert "line None" not in text
    assert "empty" in text


# --- through the loader (needs the typing stage, issue 2) ---------------------------------


def loaded(path):
    return build_report(load(path))


def test_loaded_demo_matches_the_seed(samples_dir):
    report = loaded(samples_dir / "group_health_demo.csv")
    assert report["source"]["kind"] == "group_health"
    assert report["totals"]["requests"] == 23816
    assert report["totals"]["currency"] == "CNY"
    scopes = {(f["scope"], f["subject"], f["category"]) for f in report["findings"]}
    assert ("token", "vip / ci-bot", "auth") in scopes
    assert ("group", "codex-plan", "no_resource") in scopes
    assert ("rate_limit", "claude-max", "rate_limit") in scopes
    assert ("small_sample", "trial", "body_too_large") in scopes
    assert ("cache_few_large", "default / dave-agent", None) in scopes
    assert ("cache_many_small", "default / erin-translate", None) in scopes
    assert ("latency_outlier", "vip / ivan-research", None) in scopes
    assert report["reconciliation"] == []


@pytest.mark.parametrize(
    ("name", "currency"), [("health_usd.csv", "USD"), ("health_eur.csv", "EUR")]
)
def test_loaded_currency_variants(name, currency):
    report = loaded(FIXTURES / name)
    assert report["totals"]["currency"] == currency
    assert report["totals"]["cost"] == 3969.15
    assert report["totals"]["success_rate"] == pytest.approx(21589 / 23816, abs=1e-6)
    assert report["reconciliation"] == []
    assert "vip / ci-bot" in [f["subject"] for f in report["findings"]]


def test_loaded_other_reason_style():
    report = loaded(FIXTURES / "health_reason_styles.csv")
    reasons = {(r["status"], r["count"], r["category"]) for r in report["failure_reasons"]}
    assert reasons == {
        (503, 990, "no_resource"),
        (401, 558, "auth"),
        (429, 337, "rate_limit"),
        (429, 173, "credential_cooldown"),
        (400, 92, "image_format"),
        (502, 42, "upstream_error"),  # vip 39 + image-gen 3
        (502, 32, "upstream_error"),  # default wrote it as status_code=502
        (413, 3, "body_too_large"),
    }
    subjects = [f["subject"] for f in report["findings"]]
    assert "vip / ci-bot" in subjects and "codex-plan" in subjects


def test_loaded_chinese_headers():
    report = loaded(FIXTURES / "health_zh.csv")
    assert report["source"]["kind"] == "group_health"
    assert report["totals"]["requests"] == 23816
    codex = next(g for g in report["groups"] if g["group"] == "codex-plan")
    assert codex["low_success"] is True
    assert [t["token"] for t in codex["tokens"]] == ["judy-codex", "mallory-codex", "oscar-codex"]
    assert report["reconciliation"] == []


def test_loaded_unreconciled_variant():
    report = loaded(FIXTURES / "health_unreconciled.csv")
    assert {(m["group"], m["field"], m["difference"]) for m in report["reconciliation"]} >= {
        ("default", "requests", -10),
        ("default", "cost", -0.09),
        ("claude-max", "errors", -10),
    }


def test_cli_report_json(samples_dir, capsys):
    assert main(["report", str(samples_dir / "group_health_demo.csv"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["groups"][0]["group"] == "default"
    assert report["failure_reasons"][0]["count"] == 990
