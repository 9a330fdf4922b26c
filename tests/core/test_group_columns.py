"""Issue 10: a group-health export's groups are analysed as columns, not an object each.

The totals, the failure-reason totals and the findings read the group and reason columns;
``report.groups`` makes a ``GroupHealth`` only for the group someone reads. These check that
the figures are those the objects gave, on the fixtures and samples.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from csvinspect.core import load
from csvinspect.core.analysis import analyze_health, analyze_stats, token_columns
from csvinspect.core.analysis.group_columns import GroupList
from csvinspect.core.analysis.health import totals_of
from csvinspect.core.analysis.results import GroupHealth, HealthReport, ReasonTotal, Totals
from csvinspect.core.analysis.stats import combine

FIXTURES = Path(__file__).parent.parent / "fixtures"
EXPORTS = [
    FIXTURES / "health_eur.csv",
    FIXTURES / "health_reason_styles.csv",
    FIXTURES / "health_tokens_only.csv",
    FIXTURES / "health_unreconciled.csv",
    FIXTURES / "health_usd.csv",
    FIXTURES / "health_zh.csv",
    FIXTURES / "samples" / "group_health_demo.csv",
    FIXTURES / "samples" / "console_paste_zh.tsv",
]


def _report(path: Path) -> HealthReport:
    return analyze_health(load(path))


def _seen(group: GroupHealth) -> tuple[object, ...]:
    """What a user reads of a group: its figures, flags, peers, reasons and tokens."""
    stats = group.stats
    figures = [getattr(stats, name) for name in token_columns.FIGURES]
    tokens = [(t.stats.token, t.stats.counts(), t.assessment) for t in group.tokens]
    return (group.name, stats.row, list(stats.rows), figures, stats.failure_reasons,
            group.assessment, group.failure_reasons, tokens)  # fmt: skip


def _totals_from_objects(report: HealthReport) -> Totals:
    """The totals as ``combine`` makes them over the group objects (the rule before issue 10)."""
    merged = combine([g.stats for g in report.groups], detail=False)
    requests = merged.requests or 0
    return Totals(
        requests=requests,
        success=merged.success or 0,
        errors=merged.errors or 0,
        success_rate=merged.success_rate if requests else None,  # over known outcomes
        cost=merged.cost,
        currency=report.currency,
        cache_hit_rate=merged.cache_hit_rate,
        cache_request_share=merged.cache_request_share,
        avg_latency_s=merged.avg_latency_s,
        start_time=merged.start_time,
        latest_time=merged.latest_time,
    )


def _reason_totals_from_objects(report: HealthReport) -> list[ReasonTotal]:
    """Reasons summed over the group objects, in first-seen order, most frequent first."""
    totals: dict[tuple[int | None, str], ReasonTotal] = {}
    for group in report.groups:
        for reason in group.failure_reasons:
            seen = totals.get(reason.key)
            rows = [group.stats.row] if group.stats.row is not None else list(group.stats.rows)
            if seen is None:
                totals[reason.key] = ReasonTotal(
                    reason.status,
                    reason.message,
                    reason.count,
                    reason.category,
                    (group.name,),
                    tuple(rows),
                )
                continue
            count = seen.count if reason.count is None else (seen.count or 0) + reason.count
            named = group.name in seen.groups
            totals[reason.key] = dataclasses.replace(
                seen,
                count=count,
                groups=seen.groups if named else (*seen.groups, group.name),
                rows=seen.rows if named else (*seen.rows, *rows),
            )
    return sorted(totals.values(), key=lambda r: -(r.count or 0))


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_totals_and_reason_totals_are_those_of_the_group_objects(path):
    report = _report(path)
    assert report.totals == _totals_from_objects(report)
    assert totals_of(report.groups.columns, report.currency) == report.totals
    assert report.failure_reasons == _reason_totals_from_objects(report)


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_groups_given_as_objects_read_as_the_groups_read_from_the_table(path):
    """A request log hands the analysis group objects (issue 5); the same groups give the
    same figures, flags, reasons and findings as when read from the export's columns."""
    report = _report(path)
    given = [
        dataclasses.replace(g.stats, tokens=[t.stats for t in g.tokens]) for g in report.groups
    ]
    again = analyze_stats(given, report.currency, report.settings)
    assert [_seen(g) for g in again.groups] == [_seen(g) for g in report.groups]
    assert again.totals == report.totals
    assert again.failure_reasons == report.failure_reasons
    seen = [(f.scope, f.subject, f.summary, f.evidence, f.reasons, len(f.users))
            for f in report.findings]  # fmt: skip
    assert [(f.scope, f.subject, f.summary, f.evidence, f.reasons, len(f.users))
            for f in again.findings] == seen  # fmt: skip


def test_a_group_is_made_when_read_and_is_the_same_object_each_time():
    report = _report(FIXTURES / "samples" / "group_health_demo.csv")
    groups = report.groups
    assert isinstance(groups, GroupList)
    columns = groups.columns
    assert len(groups) == len(columns.names) > 2
    made_by_findings = set(columns._made)
    assert len(made_by_findings) < len(groups) or not report.findings
    second = groups[1]
    assert groups[1] is second
    assert groups[-1] is groups[len(groups) - 1]
    assert list(groups) == [groups[g] for g in range(len(groups))]
    assert all(a is b for a, b in zip(groups, groups[:], strict=True))
    assert groups[1].name == columns.names[1]
    with pytest.raises(IndexError):
        groups[len(groups)]


def test_a_lone_reason_without_a_count_is_all_of_its_groups_errors_as_written_stays():
    data = (
        "Type,Group,Requests,Success,Errors,Failure Reason\n"
        "Group,vip,100,90,10,502: upstream failed\n"
        "Group,default,100,95,5,502: upstream failed (3); 429: Too many requests\n"
    )
    report = analyze_health(load(data.encode(), name="reasons.csv"))
    vip, default = report.groups
    assert [r.count for r in vip.failure_reasons] == [10]  # resolved: all of its errors
    assert [r.count for r in vip.stats.failure_reasons] == [None]  # as the export wrote it
    assert [r.count for r in default.failure_reasons] == [3, None]  # two reasons: as written
    upstream = next(r for r in report.failure_reasons if r.status == 502)
    assert (upstream.count, upstream.groups) == (13, ("vip", "default"))
