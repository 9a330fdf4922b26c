"""The core's table of kinds: every kind declared once, and the report goes through it.

Issue 10: ``csvinspect report`` chose its sections with one ``if kind == ...`` per kind; now
each kind is one ``KindEntry`` (label, analysis, report sections, identity key).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csvinspect.core import registry
from csvinspect.core.loader import load
from csvinspect.core.registry import KINDS, KindEntry, report_kind
from csvinspect.core.report import build_report, render_markdown, render_text
from csvinspect.core.table import ReportKind


def test_every_kind_has_one_entry_with_a_label_and_its_own_identity_key():
    assert set(KINDS) == set(ReportKind)
    assert all(entry.label for entry in KINDS.values())
    assert len({entry.label for entry in KINDS.values()}) == len(KINDS)
    analysed = [kind for kind in ReportKind if kind != ReportKind.GENERIC]
    for kind in analysed:
        assert KINDS[kind].analyse is not None and KINDS[kind].section is not None
        assert KINDS[kind].text and KINDS[kind].markdown
    keys = [KINDS[kind].identity_key for kind in analysed]
    assert None not in keys and len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("group_health_demo.csv", ReportKind.GROUP_HEALTH),
        ("usage_logs_newapi_fork.csv", ReportKind.REQUEST_LOG),
        ("team_usage_litellm.csv", ReportKind.USAGE_SUMMARY),
        ("console_paste_zh.tsv", ReportKind.REQUEST_LOG),
    ],
)
def test_a_report_is_told_its_kind_by_its_identity_key(samples_dir: Path, name, kind):
    report = build_report(load(samples_dir / name))
    assert report["source"]["kind"] == str(kind)
    assert report_kind(report) == kind


def test_the_report_takes_a_kinds_sections_from_its_entry(samples_dir: Path, monkeypatch):
    """A kind's sections and renderers are its entry's: changing the entry changes the report."""
    table = load(samples_dir / "group_health_demo.csv")

    def section(_table, _settings, _money, _streamed):
        return {"totals": {"requests": 42}}

    entry = KindEntry(
        "Health", None, section, (lambda r: [f"{r['totals']['requests']} asked"],), (), "totals"
    )
    kinds = dict(KINDS) | {ReportKind.GROUP_HEALTH: entry}
    monkeypatch.setattr(registry, "KINDS", kinds)
    monkeypatch.setattr("csvinspect.core.report.KINDS", kinds)
    report = build_report(table)
    assert report["totals"] == {"requests": 42}
    assert render_text(report).endswith("\n\n42 asked\n")
    assert "42" not in render_markdown(report)  # the entry declares no Markdown section


def test_a_plain_table_gets_no_analysis_sections(tmp_path: Path):
    path = tmp_path / "plain.csv"
    path.write_text("name,colour\nfig,green\nplum,purple\n", encoding="utf-8")
    report = build_report(load(path))
    assert report["source"]["kind"] == "generic"
    assert report_kind(report) == ReportKind.GENERIC
    assert set(report) == {"source", "columns"}
