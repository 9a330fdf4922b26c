"""Issue 10: the load decides an export's kind, dialect and row kinds once and records them
on the table; the report, the request view and combining read them and never detect again."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from csvinspect.core import ReportKind, load
from csvinspect.core.ingest import dialects, kinds
from csvinspect.core.ingest.combine_files import load_combined
from csvinspect.core.report import build_report
from csvinspect.core.requests import build_records, request_details, usage_summary


@pytest.fixture
def detections(monkeypatch) -> Counter[str]:
    """How often each detection ran, wherever it is called from."""
    calls: Counter[str] = Counter()

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return wrapper

    detect_dialect = counted("dialect", dialects.detect_dialect)
    monkeypatch.setattr(dialects, "detect_dialect", detect_dialect)
    monkeypatch.setattr(kinds, "detect_dialect", detect_dialect)
    for name in ("detect_report_kind", "detect_row_kinds"):
        monkeypatch.setattr(kinds, name, counted(name, getattr(kinds, name)))
    return calls


@pytest.mark.parametrize(
    ("name", "kind", "dialect", "has_row_kinds"),
    [
        ("group_health_demo.csv", ReportKind.GROUP_HEALTH, None, True),
        ("usage_logs_newapi_fork.csv", ReportKind.REQUEST_LOG, "newapi", False),
        ("console_paste_zh.tsv", ReportKind.REQUEST_LOG, "newapi_console_zh", False),
        ("team_usage_litellm.csv", ReportKind.USAGE_SUMMARY, "litellm_usage", False),
    ],
)
def test_the_table_carries_its_kind_dialect_and_row_kinds(
    samples_dir, name, kind, dialect, has_row_kinds
):
    table = load(samples_dir / name)
    assert table.source.kind is kind
    assert (table.source.dialect and table.source.dialect.key) == dialect
    assert (table.row_kinds is not None) is has_row_kinds


@pytest.mark.parametrize(
    "name", ["group_health_demo.csv", "usage_logs_newapi_fork.csv", "team_usage_litellm.csv"]
)
def test_a_load_and_its_whole_report_detect_once(samples_dir, detections, name):
    table = load(samples_dir / name)
    build_report(table)
    if table.source.kind is not ReportKind.GROUP_HEALTH:
        build_records(table)
        request_details(table, 0)
    if table.source.kind is ReportKind.USAGE_SUMMARY:
        usage_summary(table)
    assert detections == {"dialect": 1, "detect_report_kind": 1, "detect_row_kinds": 1}


def test_a_combined_load_detects_once_per_file(samples_dir, tmp_path, detections):
    copies = [tmp_path / "a.csv", tmp_path / "b.csv"]
    for copy in copies:
        shutil.copy(samples_dir / "usage_logs_newapi_fork.csv", copy)
    table = load_combined(copies).table
    build_report(table)
    assert table.source.dialect.key == "newapi"
    assert detections == {"dialect": 2, "detect_report_kind": 2, "detect_row_kinds": 2}


def test_the_request_view_reads_the_recorded_dialect(samples_dir):
    table = load(samples_dir / "usage_logs_newapi_fork.csv")
    assert build_records(table).dialect is table.source.dialect
    table.source.dialect = None  # what the table records wins over its header
    assert build_records(table).dialect is None
