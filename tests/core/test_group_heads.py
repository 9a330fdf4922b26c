"""Issue 10: a run of groups' heads (name, counts, rates, cost, flags, failure reasons) is
written from columns at once, not an f-string per group. The text must be exactly what
``head_json`` writes for each group, redactions included, on every export we ship and on
the values the vectorised writer could get wrong.
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import FIXTURES, SAMPLES

from csvinspect.core import load
from csvinspect.core.analysis import HealthReport
from csvinspect.core.analysis.group_heads import heads_json
from csvinspect.core.analysis.jsonify import GroupRows, head_json
from csvinspect.core.analysis.render import HealthView
from csvinspect.core.analysis.written_groups import heads_of
from csvinspect.core.redact import REDACTED
from csvinspect.core.report import build_report, make_report, report_json
from csvinspect.core.report_json import GroupRedactor, render_json

EXPORTS = sorted(
    p for p in [*FIXTURES.iterdir(), *SAMPLES.iterdir()] if p.suffix in {".csv", ".tsv", ".jsonl"}
)
KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"


def _health(table_report: object) -> HealthReport:
    section = getattr(table_report, "section", None)
    view = section if isinstance(section, HealthView) else getattr(section, "health", None)
    assert isinstance(view, HealthView), "every export we ship has groups"
    return view.report


def _assert_heads_as_head_json(report: HealthReport) -> None:
    groups = report.groups
    redacted = GroupRedactor(GroupRows(groups)).changed
    # an export's groups are read from their columns; a list of groups from its objects
    for heads in (heads_of(groups), heads_of(list(groups))):
        assert heads is not None
        for changed in ({}, redacted):
            written = heads_json(heads, changed).to_pylist()
            assert written == [head_json(group, changed) for group in groups]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_each_exports_group_heads_are_written_as_head_json_writes_them(path):
    _assert_heads_as_head_json(_health(make_report(load(path))))


def _group_row(name: str, counts: str, cost: str, reasons: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f'Group,{quoted},,,,{counts},{cost},"{reasons}"'


def _token_row(name: str, n: int) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"Token,{quoted},{n},用户{n},tok-{n}-é,10,9,1,{n * 0.25}"


TRICKY_GROUPS = [  # name, "requests,success,errors", cost, failure reasons
    ('say "hi" \\ back', "30,27,3", "9.5", "429: Account RPM limit exceeded, Max 10/min (3)"),
    ("line\tbreak 中文 😀", ",,", "", ""),  # no counts: null counts and rate
    (f"team {KEY}", "12,,2", "-3.25", f"401: Incorrect API key {KEY} (2)"),
    ("zero decided", "5,0,0", "123456789.123456", "-"),  # no decided outcome: rate null
    ("huge cost", "7,7,0", "1e15", "503: No available accounts (5); 500 (2)"),
    ("tiny cost", "9,1,8", "0.0000001", 'status_code=504 "quoted" \\ (38)'),
]


def _tricky_export() -> bytes:
    lines = ["Type,Group,User ID,Username,Token,Requests,Success,Errors,Cost,Failure Reason"]
    for n, (name, counts, cost, reasons) in enumerate(TRICKY_GROUPS):
        lines.append(_group_row(name, counts, cost, reasons))
        lines += [_token_row(name, 10 * n + t) for t in range(n % 3)]  # some without tokens
    return ("\n".join(lines) + "\n").encode()


def test_heads_needing_escapes_redaction_and_nulls_are_written_as_head_json_writes_them():
    table = load(_tricky_export(), name="tricky_groups.csv")
    report = _health(make_report(table))
    _assert_heads_as_head_json(report)
    groups = json.loads(render_json(build_report(table, streamed=True)))["groups"]
    named = {g["group"]: g for g in groups}
    assert named["line\tbreak 中文 😀"]["requests"] is None
    assert named["zero decided"]["success_rate"] is None
    assert named["huge cost"]["cost"] == 1e15 and named[f"team sk-{REDACTED}"]["cost"] == -3.25
    assert KEY not in json.dumps(groups)


@pytest.mark.parametrize("run", [None, 1, 2])
@pytest.mark.parametrize("keep_secrets", [False, True])
def test_the_streamed_groups_with_tricky_heads_are_what_json_dumps_writes(
    keep_secrets, run, monkeypatch
):
    # groups without tokens open the export, sit between others and end runs of any length;
    # a run's text is decoded a token at a time, names and cells in any script
    if run is not None:
        monkeypatch.setattr("csvinspect.core.report_json._RUN", run)
        monkeypatch.setattr("csvinspect.core.analysis.token_json._SLICE", 1)
    table = load(_tricky_export(), name="tricky_groups.csv")
    plain = render_json(build_report(table, keep_secrets=keep_secrets))
    assert render_json(build_report(table, keep_secrets=keep_secrets, streamed=True)) == plain


def _big_export(requests: str, reasons: str) -> bytes:
    lines = [
        "Type,Group,User ID,Username,Token,Requests,Success,Errors,Cost,Failure Reason",
        _group_row("big", f"{requests},,1", "1.5", reasons),
        _token_row("big", 1),
        *(_group_row(f"g{n}", "10,9,1", "2", "-") for n in range(3)),
        *(_token_row(f"g{n}", n) for n in range(3)),
    ]
    return ("\n".join(lines) + "\n").encode()


def test_a_count_a_float_cannot_hold_is_written_exactly():
    # 2**54 requests and 1 error: 2**54 - 1 successes, which no float holds; the head is
    # written from the group's own figures, digit for digit
    table = load(_big_export('"18,014,398,509,481,984"', "-"), name="big.csv")
    assert heads_of(_health(make_report(table)).groups) is None
    written = render_json(build_report(table, streamed=True))
    assert written == render_json(build_report(table))
    assert json.loads(written)["groups"][0]["success"] == 2**54 - 1


def test_a_reason_count_a_float_cannot_hold_is_written_exactly():
    table = load(_big_export("30", f"429: limit ({2**60 + 1})"), name="big.csv")
    _assert_heads_as_head_json(_health(make_report(table)))
    written = render_json(build_report(table, streamed=True))
    assert written == render_json(build_report(table))
    assert json.loads(written)["groups"][0]["failure_reasons"][0]["count"] == 2**60 + 1


@pytest.mark.parametrize("keep_secrets", [False, True])
def test_writing_an_exports_groups_reads_their_columns_not_objects(keep_secrets):
    # issue 10: a million-row export's twenty thousand groups made as objects to be written
    # cost the JSON a fifth of a second
    report = make_report(load(SAMPLES / "group_health_demo.csv"), keep_secrets=keep_secrets)
    columns = _health(report).groups.columns
    made = set(columns._made)  # the findings' subjects
    text = render_json(report_json(report, streamed=True))
    assert set(columns._made) == made
    assert len(json.loads(text)["groups"]) == len(columns) == 6
