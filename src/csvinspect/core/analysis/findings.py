"""Findings about errors, following seed 000's troubleshooting flow.

1. Determine the impact scope: one token (the rest of its group is fine), one group (low
   or clearly below the other groups), one model; 2. check top failure reasons: 502/504
   in several groups at once, many 413s, many 429s (split into RPM, daily limit and
   cooldown); what is left in a healthy group is "usually a transient error" where its
   category passes on its own (a 401 does not: issue 9). Small samples are reported as
   information, never as an outage. Step 2 and what is left over read all groups' reasons
   at once: ``pattern_findings.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.finding_users import with_users
from csvinspect.core.analysis.group_columns import GroupColumns
from csvinspect.core.analysis.pattern_findings import (
    Covered,
    cross_group_findings,
    own_row,
    transient_findings,
)
from csvinspect.core.analysis.peers import BELOW_GROUP, BELOW_PEERS, LOW_SUCCESS, SMALL_SAMPLE
from csvinspect.core.analysis.playbook import TIERS, make_finding
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import (
    Finding,
    GroupHealth,
    HealthReport,
    ModelHealth,
    TokenHealth,
)
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import combine, joined_rows
from csvinspect.core.analysis.token_views import flagged
from csvinspect.core.analysis.usage_findings import usage_findings

_FAILING = frozenset({LOW_SUCCESS, BELOW_GROUP, BELOW_PEERS})
_ORDER = list(TIERS)  # ties: the order of the seed's tables


def find_findings(report: HealthReport) -> list[Finding]:
    """All findings of a report, ordered by tier then impact (errors affected).

    Read from the report's group columns: only the groups a finding is about are made as
    objects (issue 10).
    """
    settings = report.settings
    groups = report.groups.columns
    covered = Covered(groups.reasons)
    explained: set[str] = set()  # groups whose trouble is one or a few tokens
    findings = _token_findings(groups, settings, covered, explained)
    findings += _group_findings(groups, covered, explained)
    findings += _model_findings(report.models)
    findings += cross_group_findings(groups, settings, covered)
    findings += usage_findings(report.groups, report.currency, keep=settings.max_findings_per_scope)
    grouped = {f.subject for f in findings if f.scope == "group"}
    findings += transient_findings(groups, covered, grouped, keep=settings.max_findings_per_scope)
    findings += _small_sample_findings(groups)
    ranked = sorted(findings, key=lambda f: (TIERS[f.scope], -f.impact, _ORDER.index(f.scope)))
    kept: dict[str, int] = {}
    listed = []
    for finding in ranked:
        kept[finding.scope] = kept.get(finding.scope, 0) + 1
        if kept[finding.scope] <= settings.max_findings_per_scope:
            listed.append(finding)
    return with_users(listed, report)


def _token_findings(
    groups: GroupColumns, settings: AnalysisSettings, covered: Covered, explained: set[str]
) -> list[Finding]:
    findings = []
    tokens = groups.tokens
    # failing tokens before each position, to pass over the groups without any (issue 10)
    before = np.zeros(len(tokens) + 1, np.int32 if len(tokens) < 2**31 else np.int64)
    np.cumsum(tokens.flag_mask(_FAILING), out=before[1:])  # in place: 4 MB, not 16
    with_failing = before[tokens.starts[1:]] > before[tokens.starts[:-1]]
    for g in np.flatnonzero(with_failing & ~groups.flag_mask([SMALL_SAMPLE])).tolist():
        group = groups.health(g)
        failing = flagged(group.tokens, _FAILING)
        failing_ids = {id(t) for t in failing}
        rest = [t.stats for t in group.tokens if id(t) not in failing_ids]
        rest_rate = combine(rest).success_rate if rest else None
        if rest_rate is None or rest_rate < settings.low_success_rate:
            continue  # the whole group is failing: a group finding
        explained.add(group.name)
        for token in failing:
            findings.append(_token_finding(g, group, token, rest_rate, len(failing), covered))
    return findings


def _token_finding(
    g: int,
    group: GroupHealth,
    token: TokenHealth,
    rest_rate: float,
    failing: int,
    covered: Covered,
) -> Finding:
    stats = token.stats
    counts = stats.counts() or (0, 0, 0)
    requests, _, errors = counts
    reason = _attribute(token, group)
    if reason is not None:
        covered.add(g, reason.key)
    who = f"{group.name} / {stats.token}"
    opening = f"Only {who} fails" if failing == 1 else f"{who} fails ({failing} tokens of"
    opening += "" if failing == 1 else f" {len(group.tokens)} in {group.name} do)"
    rest = "the rest of" if failing == 1 else "the other tokens of"
    summary = (
        f"{opening}: {fmt.percent(token.assessment.success_rate)} success"
        f" ({fmt.errors_of(counts)}), while {rest}"
        f" {group.name} succeed {fmt.percent(rest_rate)} and the group as a whole"
        f" {fmt.percent(group.assessment.success_rate)}."
    )
    return make_finding(
        "token",
        f"{group.name} / {stats.token}",
        summary + _reason_sentence(reason),
        category=reason.category if reason else None,
        evidence={
            "requests": requests,
            "errors": errors,
            "success_rate": token.assessment.success_rate,
            "rest_of_group_success_rate": rest_rate,
            "group_success_rate": group.assessment.success_rate,
            "user_id": stats.user_id,
            "username": stats.username,
            "reason": reason.label() if reason else None,
        },
        rows=joined_rows([stats.rows, own_row(group)]),
        impact=errors,
        groups=(group.name,),
        token=stats.token,
        reasons=(reason,) if reason else (),
        users=(stats,),
    )


def _attribute(token: TokenHealth, group: GroupHealth) -> FailureReason | None:
    """The reason behind a token's errors: its own, else the group reason that fits them.

    Failure Reason is written on Group rows only (seed 000), so the group's reason whose
    count is closest to, without exceeding, the token's errors is the best evidence.
    """
    if token.stats.failure_reasons:
        return max(token.stats.failure_reasons, key=lambda r: r.count or 0)
    counts = token.stats.counts()
    errors = counts[2] if counts else 0
    fitting = [r for r in group.failure_reasons if r.count is not None and r.count <= errors]
    if fitting:
        return max(fitting, key=lambda r: r.count or 0)
    return group.failure_reasons[0] if group.failure_reasons else None


def _group_findings(groups: GroupColumns, covered: Covered, explained: set[str]) -> list[Finding]:
    findings = []
    failing_groups = groups.flag_mask(_FAILING) & ~groups.flag_mask([SMALL_SAMPLE])
    for g in np.flatnonzero(failing_groups).tolist():
        group = groups.health(g)
        if group.name in explained:
            continue
        counts = group.stats.counts() or (0, 0, 0)
        requests, _, errors = counts
        failing = len(flagged(group.tokens, _FAILING))
        top = group.failure_reasons[0] if group.failure_reasons else None
        covered.add_group(g)
        peers = group.assessment.peer_success_rate
        summary = (
            f"{group.name} has a low success rate: {fmt.percent(group.assessment.success_rate)}"
            f" ({fmt.errors_of(counts)})"
            + (f" against {fmt.percent(peers)} for the other groups" if peers is not None else "")
            + (f"; {failing} of {len(group.tokens)} tokens affected." if group.tokens else ".")
        )
        findings.append(
            make_finding(
                "group",
                group.name,
                summary + _reason_sentence(top),
                category=top.category if top else None,
                evidence={
                    "requests": requests,
                    "errors": errors,
                    "success_rate": group.assessment.success_rate,
                    "other_groups_success_rate": peers,
                    "tokens_affected": failing,
                    "tokens": len(group.tokens),
                    "reason": top.label() if top else None,
                },
                rows=group.stats.rows,
                impact=errors,
                groups=(group.name,),
                reasons=group.failure_reasons,
            )
        )
    return findings


def _model_findings(models: Sequence[ModelHealth]) -> list[Finding]:
    failing = [m for m in models if _FAILING & set(m.assessment.flags)]
    if not failing or len(failing) == len(models):
        return []
    findings = []
    for model in failing:
        counts = model.stats.counts() or (0, 0, 0)
        requests, _, errors = counts
        top = max(model.stats.failure_reasons, key=lambda r: r.count or 0, default=None)
        summary = (
            f"Only model {model.stats.model} fails: {fmt.percent(model.assessment.success_rate)}"
            f" success ({fmt.errors_of(counts)})"
            f" against {fmt.percent(model.assessment.peer_success_rate)} for the other models."
        )
        findings.append(
            make_finding(
                "model",
                model.stats.model,
                summary + _reason_sentence(top),
                category=top.category if top else None,
                evidence={"model": model.stats.model, "requests": requests, "errors": errors},
                rows=model.stats.rows,
                impact=errors,
                reasons=model.stats.failure_reasons,
            )
        )
    return findings


def _small_sample_findings(groups: GroupColumns) -> list[Finding]:
    findings = []
    errors = groups.counts()[2]
    with np.errstate(invalid="ignore"):
        failed = ~np.isnan(errors) & (errors != 0)
    for g in np.flatnonzero(groups.flag_mask([SMALL_SAMPLE]) & failed).tolist():
        group = groups.health(g)
        counts = group.stats.counts()
        assert counts is not None
        top = group.failure_reasons[0] if group.failure_reasons else None
        summary = (
            f"{group.name} has only {fmt.requests_known(counts)}"
            f" ({fmt.counted(counts[2], 'error')},"
            f" {fmt.percent(group.assessment.success_rate)} success): too few to call it an outage."
            + _reason_sentence(top)
        )
        findings.append(
            make_finding(
                "small_sample",
                group.name,
                summary,
                category=top.category if top else None,
                evidence={"requests": counts[0], "errors": counts[2]},
                rows=group.stats.rows,
                impact=counts[2],
                groups=(group.name,),
                reasons=group.failure_reasons,
            )
        )
    return findings


def _reason_sentence(reason: FailureReason | None) -> str:
    if reason is None:
        return ""
    counted = f" ({fmt.count(reason.count)})" if reason.count is not None else ""
    info = reason.category.info
    return (
        f" Top reason: {reason.label()}{counted}, {info.label.lower()}"
        f" ({info.attribution.lower()})."
    )
