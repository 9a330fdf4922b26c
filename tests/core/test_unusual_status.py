"""Statuses outside 100-599 in a request log are kept and shown as unusual (issue 11).

A new-api error row reading ``status_code=999, bad gateway`` crashed ``report`` with an
IndexError; any number written (negative, 0, 1000, 99999) must be accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvinspect.cli import main
from csvinspect.core import load
from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.records import STATUS_CLASSES, build_records

LOG = Path(__file__).resolve().parents[1] / "fixtures" / "requests_unusual_status.csv"
UNUSUAL = [-1, 0, 999, 1000, 99999]


def _report(capsys, fmt: str) -> str:
    assert main(["report", str(LOG), "--format", fmt]) == 0
    return capsys.readouterr().out


def test_json_report_lists_every_written_status_with_its_count(capsys):
    report = json.loads(_report(capsys, "json"))
    statuses = {s["status"]: s["count"] for s in report["by_status"]}
    assert statuses == {200: 1, 503: 1, **dict.fromkeys(UNUSUAL, 1)}
    assert report["totals"]["requests"] == 7
    assert report["totals"]["errors"] == 6  # every type-5 row is a failed request


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_reports_mark_the_unusual_statuses(capsys, fmt):
    out = _report(capsys, fmt)
    for code in UNUSUAL:
        assert f"{code} (unusual)" in out
    assert "503 (unusual)" not in out and "200 (unusual)" not in out
    assert "bad gateway" in out  # the message of the 999 is still read


def test_unusual_statuses_have_their_own_class_and_can_be_filtered():
    records = build_records(load(LOG))
    classes = [STATUS_CLASSES[c] for c in records.status_class]
    assert classes == ["2xx", "unusual", "unusual", "unusual", "unusual", "unusual", "5xx"]
    for code, row in ((999, 1), (-1, 2), (0, 3), (99999, 5)):
        result = apply_filter(records, RequestFilter(status_codes=(code,)))
        assert result.mask.nonzero()[0].tolist() == [row]
        assert not result.warnings
    only = apply_filter(records, RequestFilter(status_classes=("unusual",)))
    assert only.mask.nonzero()[0].tolist() == [1, 2, 3, 4, 5]
