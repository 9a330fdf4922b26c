"""Issue 10: a group-health export's tokens are analysed as columns, not an object each.

A million-token export built a ``TokenStats``, an ``Assessment``, a ``TokenHealth`` and a
JSON dict per token (13 s of a 24 s report). These check that the report reads the same
from the columns, and that only the tokens a finding names become objects.
"""

from __future__ import annotations

import json
import statistics

import pytest

from csvinspect.core import load
from csvinspect.core.analysis import analyze_health, token_columns
from csvinspect.core.analysis.jsonify import _token, _tokens
from csvinspect.core.analysis.token_views import TokenSlice
from csvinspect.core.report import build_report
from csvinspect.core.report_json import render_json

HEADER = "Type,Group,User ID,Username,Token,Requests,Success,Errors,Cost,Avg Latency\n"


def _export(groups: int, tokens: int) -> bytes:
    """Group rows each followed by their Token rows; every 7th token slow and costly."""
    lines = [HEADER]
    for g in range(groups):
        rows = []
        for t in range(tokens):
            n = g * tokens + t
            slow = n % 7 == 0
            rows.append((f"u{n}", f"tok-{n}", 200, 200 - n % 3, n % 3, 9.0 if slow else 1.0,
                         12.0 if slow else 1.0))  # fmt: skip
        requests = sum(r[2] for r in rows)
        success = sum(r[3] for r in rows)
        cost = sum(r[5] for r in rows)
        lines.append(f"Group,g{g},,,,{requests},{success},{requests - success},{cost},2.0\n")
        lines += [
            f"Token,g{g},{n[1:]},{n},{tok},{req},{ok},{err},{c},{lat}\n"
            for n, tok, req, ok, err, c, lat in rows
        ]
    return "".join(lines).encode()


def test_json_tokens_read_from_columns_match_the_objects(samples_dir):
    report = analyze_health(load(samples_dir / "group_health_demo.csv"))
    for group in report.groups:
        assert isinstance(group.tokens, TokenSlice)
        assert _tokens(group.tokens) == [_token(t) for t in group.tokens]


def test_only_the_tokens_findings_name_become_objects():
    report = analyze_health(load(_export(groups=40, tokens=50), name="big.csv"))
    columns = report.groups[0].tokens.columns
    assert len(columns) == 2000
    named = {id(u) for f in report.findings for u in f.users[:1]}
    assert named, "the slow, costly tokens are found"
    # a few findings per kind are kept; their tokens are the only ones made
    assert len(columns.made_positions()) <= 4 * report.settings.max_findings_per_scope
    slow = [f for f in report.findings if f.scope == "latency_outlier"]
    assert slow and all(f.token and int(f.token.split("-")[1]) % 7 == 0 for f in slow)


def test_streamed_json_report_is_the_same_report(samples_dir):
    """``report --format json`` makes each group's JSON as it writes it; same figures."""
    table = load(samples_dir / "group_health_demo.csv")
    plain = build_report(table)
    streamed = build_report(table, streamed=True)
    assert not isinstance(streamed["groups"], list)
    assert json.loads(render_json(streamed)) == json.loads(json.dumps(plain))
    assert streamed["groups"][1] == plain["groups"][1]


@pytest.mark.parametrize("block", [20, 5])  # two groups a block; a group bigger than a block
def test_tokens_assessed_a_block_of_groups_at_a_time_are_flagged_as_in_one_pass(monkeypatch, block):
    """Issue 10: the tokens are assessed by blocks of whole groups and each token's peer
    figures are read from its group's when it is made; a token's flags and the peer
    figures a finding quotes are those of one pass over all tokens."""
    data = _export(groups=12, tokens=9)
    whole = analyze_health(load(data, name="big.csv"))
    monkeypatch.setattr(token_columns, "_BLOCK", block)
    blocks = analyze_health(load(data, name="big.csv"))

    def seen(report):
        return [
            (t.stats.token, t.flags, t.assessment.peer_cost, t.assessment.peer_latency_s,
             t.assessment.peer_success_rate)
            for g in report.groups for t in g.tokens
        ]  # fmt: skip

    assert seen(blocks) == seen(whole)
    assert any("cost_outlier" in flags for _, flags, *_ in seen(blocks))
    tokens = blocks.groups[3].tokens
    costs = [t.stats.cost for t in tokens]
    for i, token in enumerate(tokens):  # the median of the other tokens of its group
        assert token.assessment.peer_cost == statistics.median(costs[:i] + costs[i + 1 :])
