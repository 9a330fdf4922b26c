"""The core's table of kinds: every kind declared once, and the report goes through it.

Issue 10: ``csvinspect report`` chose its sections with one ``if kind == ...`` per kind, and
its text and Markdown were rendered by reading its JSON back (the kind guessed from which
JSON key was present). Now each kind is one ``KindEntry`` (label, analysis, typed report
section and its renderers, row identity); the kind comes from the table, the analysis runs
once into a typed ``Report``, and every format is rendered from that.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from csvinspect.core import redact, registry
from csvinspect.core.analysis import analyze_health, jsonify
from csvinspect.core.analysis.render import HealthView, headline, health_text
from csvinspect.core.ingest.identity import ROW_IDENTITY
from csvinspect.core.loader import load
from csvinspect.core.redact import Redaction
from csvinspect.core.registry import KINDS, KindEntry
from csvinspect.core.report import as_text, build_report, make_report, render_markdown, render_text
from csvinspect.core.table import ReportKind

SAMPLES = [
    ("group_health_demo.csv", ReportKind.GROUP_HEALTH),
    ("usage_logs_newapi_fork.csv", ReportKind.REQUEST_LOG),
    ("team_usage_litellm.csv", ReportKind.USAGE_SUMMARY),
    ("console_paste_zh.tsv", ReportKind.REQUEST_LOG),
]


def test_every_kind_has_one_entry_with_a_label_and_its_row_identity():
    assert set(KINDS) == set(ReportKind)
    assert all(entry.label for entry in KINDS.values())
    assert len({entry.label for entry in KINDS.values()}) == len(KINDS)
    for kind in ReportKind:
        assert KINDS[kind].identity is ROW_IDENTITY[kind]  # declared once, in ingest
    for kind in (k for k in ReportKind if k != ReportKind.GENERIC):
        entry = KINDS[kind]
        assert entry.analyse and entry.make and entry.json and entry.text and entry.markdown
    assert ROW_IDENTITY[ReportKind.REQUEST_LOG].roles == ("request_id",)
    assert {"group", "token"} <= set(ROW_IDENTITY[ReportKind.GROUP_HEALTH].roles)


@pytest.mark.parametrize(("name", "kind"), SAMPLES)
def test_a_reports_kind_comes_from_the_table(samples_dir: Path, name, kind):
    report = make_report(load(samples_dir / name))
    assert report.kind == kind
    assert build_report(load(samples_dir / name))["source"]["kind"] == str(kind)


@pytest.mark.parametrize(("name", "kind"), SAMPLES)
@pytest.mark.parametrize("keep_secrets", [False, True])
def test_text_and_markdown_never_read_the_json(
    samples_dir: Path, monkeypatch, name, kind, keep_secrets
):
    """Rendered with every JSON maker broken: the text and Markdown read the typed report."""
    table = load(samples_dir / name)
    text, markdown = (render(make_report(table, keep_secrets=keep_secrets)) for render in (
        render_text, render_markdown
    ))  # fmt: skip

    def no_json(*_args, **_kwargs):
        raise AssertionError("a renderer read the JSON")

    monkeypatch.setattr(jsonify, "_health_json", no_json)
    monkeypatch.setattr(redact, "redact_data", no_json)
    kinds = {k: dataclasses.replace(e, json=no_json) for k, e in KINDS.items()}
    monkeypatch.setattr(as_text, "KINDS", kinds)
    report = make_report(table, keep_secrets=keep_secrets)
    assert render_text(report) == text
    assert render_markdown(report) == markdown
    assert "Health:" in text and "### Summary" in markdown


def test_a_health_section_renders_the_typed_result_it_is_given(samples_dir: Path):
    """The summary line states the headline it is handed: a request log's or a usage
    summary's own totals over the groups derived from it."""
    analysis = analyze_health(load(samples_dir / "group_health_demo.csv"))
    head = dataclasses.replace(headline(analysis.totals, None), requests=7, errors=1, cost=2.5)
    lines = health_text(HealthView(analysis, head), Redaction(keep_secrets=True))
    assert lines[1] == (
        "  7 requests, 90.65% success, 1 error, cost ¥2.50, cache hit rate 33.93%,"
        " average latency 9.18s"
    )
    assert "    ci-bot (heidi): 900 requests, 38.00%, ¥5.40  [low_success, below_group]" in lines


def test_the_report_takes_a_kinds_sections_from_its_entry(samples_dir: Path, monkeypatch):
    """A kind's typed section and renderers are its entry's: changing the entry changes the
    report in every format."""
    table = load(samples_dir / "group_health_demo.csv")

    def make(_table, _settings, _money, _zone):
        return 42

    entry = KindEntry[int](
        "Health",
        None,
        ROW_IDENTITY[ReportKind.GROUP_HEALTH],
        make,
        lambda asked, _streamed: {"asked": asked},
        (lambda asked, _shown: [f"{asked} asked"],),
    )
    kinds = dict(KINDS) | {ReportKind.GROUP_HEALTH: entry}
    for module in ("registry", "report.contents", "report.as_json", "report.as_text"):
        monkeypatch.setattr(f"csvinspect.core.{module}.KINDS", kinds)
    report = make_report(table)
    assert report.section == 42
    assert build_report(table)["asked"] == 42
    assert render_text(report).endswith("\n\n42 asked\n")
    assert "42" not in render_markdown(report)  # the entry declares no Markdown section


def test_a_plain_table_gets_no_analysis_sections(tmp_path: Path):
    path = tmp_path / "plain.csv"
    path.write_text("name,colour\nfig,green\nplum,purple\n", encoding="utf-8")
    report = make_report(load(path))
    assert (report.kind, report.section) == (ReportKind.GENERIC, None)
    assert set(build_report(load(path))) == {"source", "columns"}
    assert render_text(report).endswith("colour  text\n")


def test_registry_holds_no_json_key_to_tell_a_kind_by():
    assert not hasattr(registry, "report_kind")
