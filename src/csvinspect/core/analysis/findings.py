"""Findings about errors, following seed 000's troubleshooting flow.

1. Determine the impact scope: one token (the rest of its group is fine), one group (low
   or clearly below the other groups), one model; 2. check top failure reasons: 502/504
   in several groups at once, many 413s, many 429s (split into RPM, daily limit and
   cooldown); what is left in a healthy group is "usually a transient error" where its
   category passes on its own (a 401 does not: issue 9). Small samples are reported as
   information, never as an outage.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.categories import (
    FEW_ERRORS_MEANING,
    TOO_MANY_REQUESTS,
    TRANSIENT,
    UPSTREAM_PATH,
    FailureCategory,
)
from csvinspect.core.analysis.finding_users import with_users
from csvinspect.core.analysis.peers import BELOW_GROUP, BELOW_PEERS, LOW_SUCCESS
from csvinspect.core.analysis.playbook import PLAYBOOK, TIERS, make_finding
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import (
    Finding,
    GroupHealth,
    HealthReport,
    ModelHealth,
    TokenHealth,
)
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Rows, combine, joined_rows, merge_reasons
from csvinspect.core.analysis.token_views import TokenSlice, columns_of, flagged
from csvinspect.core.analysis.usage_findings import usage_findings

Covered = set[tuple[str, tuple[int | None, str]]]  # (group, reason key) already explained
_FAILING = frozenset({LOW_SUCCESS, BELOW_GROUP, BELOW_PEERS})
_ORDER = list(TIERS)  # ties: the order of the seed's tables


def find_findings(report: HealthReport) -> list[Finding]:
    """All findings of a report, ordered by tier then impact (errors affected)."""
    settings = report.settings
    covered: Covered = set()
    explained: set[str] = set()  # groups whose trouble is one or a few tokens
    findings = _token_findings(report.groups, settings, covered, explained)
    findings += _group_findings(report.groups, covered, explained)
    findings += _model_findings(report.models)
    findings += _cross_group_findings(report.groups, settings, covered)
    findings += usage_findings(report.groups, report.currency, keep=settings.max_findings_per_scope)
    grouped = {f.subject for f in findings if f.scope == "group"}
    findings += _transient_findings(
        report.groups, covered, grouped, keep=settings.max_findings_per_scope
    )
    findings += _small_sample_findings(report.groups)
    ranked = sorted(findings, key=lambda f: (TIERS[f.scope], -f.impact, _ORDER.index(f.scope)))
    kept: dict[str, int] = {}
    listed = []
    for finding in ranked:
        kept[finding.scope] = kept.get(finding.scope, 0) + 1
        if kept[finding.scope] <= settings.max_findings_per_scope:
            listed.append(finding)
    return with_users(listed, report)


def _token_findings(
    groups: Sequence[GroupHealth], settings: AnalysisSettings, covered: Covered, explained: set[str]
) -> list[Finding]:
    findings = []
    columns = columns_of([group.tokens for group in groups])
    # failing tokens before each position, to pass over the groups without any (issue 10)
    before = None
    if columns is not None:
        before = np.zeros(len(columns) + 1, np.int32 if len(columns) < 2**31 else np.int64)
        np.cumsum(columns.flag_mask(_FAILING), out=before[1:])  # in place: 4 MB, not 16
    for group in groups:
        if group.small_sample:
            continue
        if before is not None and isinstance(group.tokens, TokenSlice):
            if before[group.tokens.stop] == before[group.tokens.start]:
                continue
        failing = flagged(group.tokens, _FAILING)
        if not failing:
            continue
        failing_ids = {id(t) for t in failing}
        rest = [t.stats for t in group.tokens if id(t) not in failing_ids]
        rest_rate = combine(rest).success_rate if rest else None
        if rest_rate is None or rest_rate < settings.low_success_rate:
            continue  # the whole group is failing: a group finding
        explained.add(group.name)
        for token in failing:
            findings.append(_token_finding(group, token, rest_rate, len(failing), covered))
    return findings


def _token_finding(
    group: GroupHealth, token: TokenHealth, rest_rate: float, failing: int, covered: Covered
) -> Finding:
    stats = token.stats
    requests, _, errors = stats.counts() or (0, 0, 0)
    reason = _attribute(token, group)
    if reason is not None:
        covered.add((group.name, reason.key))
    who = f"{group.name} / {stats.token}"
    opening = f"Only {who} fails" if failing == 1 else f"{who} fails ({failing} tokens of"
    opening += "" if failing == 1 else f" {len(group.tokens)} in {group.name} do)"
    rest = "the rest of" if failing == 1 else "the other tokens of"
    summary = (
        f"{opening}: {fmt.percent(token.assessment.success_rate)} success"
        f" ({fmt.counted(errors, 'error')} of {fmt.counted(requests, 'request')}), while {rest}"
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
        rows=joined_rows([stats.rows, _own_row(group)]),
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


def _group_findings(
    groups: Sequence[GroupHealth], covered: Covered, explained: set[str]
) -> list[Finding]:
    findings = []
    for group in groups:
        if group.small_sample or group.name in explained or not _FAILING & set(group.flags):
            continue
        requests, _, errors = group.stats.counts() or (0, 0, 0)
        failing = len(flagged(group.tokens, _FAILING))
        top = group.failure_reasons[0] if group.failure_reasons else None
        covered.update((group.name, r.key) for r in group.failure_reasons)
        peers = group.assessment.peer_success_rate
        summary = (
            f"{group.name} has a low success rate: {fmt.percent(group.assessment.success_rate)}"
            f" ({fmt.counted(errors, 'error')} of {fmt.counted(requests, 'request')})"
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
        requests, _, errors = model.stats.counts() or (0, 0, 0)
        top = max(model.stats.failure_reasons, key=lambda r: r.count or 0, default=None)
        summary = (
            f"Only model {model.stats.model} fails: {fmt.percent(model.assessment.success_rate)}"
            f" success ({fmt.counted(errors, 'error')} of {fmt.counted(requests, 'request')})"
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


def _cross_group_findings(
    groups: Sequence[GroupHealth], settings: AnalysisSettings, covered: Covered
) -> list[Finding]:
    findings = []
    # each group's reasons that counted errors, once for the three patterns (issue 10)
    counted = [
        (group, [r for r in group.failure_reasons if r.count != 0])
        for group in groups
        if group.failure_reasons
    ]
    upstream = _reasons_by_group(counted, UPSTREAM_PATH, include_small=True)
    if len(upstream) >= 2:
        findings.append(_pattern_finding("multi_group_upstream", upstream, covered))
    for scope, categories in (
        ("rate_limit", TOO_MANY_REQUESTS),
        ("body_too_large", frozenset({FailureCategory.BODY_TOO_LARGE})),
    ):
        found = _reasons_by_group(counted, categories, include_small=False)
        total = sum(r.count or 0 for _, reasons in found.values() for r in reasons)
        if total >= settings.repeated_errors:
            findings.append(_pattern_finding(scope, found, covered))
    return findings


def _reasons_by_group(
    counted: Sequence[tuple[GroupHealth, list[FailureReason]]],
    categories: frozenset[FailureCategory],
    *,
    include_small: bool,
) -> dict[str, tuple[GroupHealth, list[FailureReason]]]:
    found: dict[str, tuple[GroupHealth, list[FailureReason]]] = {}
    for group, reasons in counted:
        if not reasons or (not include_small and group.small_sample):
            continue
        chosen = [r for r in reasons if r.category in categories]
        if chosen:
            found[group.name] = (group, chosen)
    return found


_GROUPS_LISTED = 8  # groups a pattern finding's summary names (the groups field holds them all)


def _pattern_finding(
    scope: str, found: dict[str, tuple[GroupHealth, list[FailureReason]]], covered: Covered
) -> Finding:
    by_category: dict[FailureCategory, int] = {}
    per_group = []
    counts: list[int] = []
    rows: list[Rows] = []
    all_reasons: list[FailureReason] = []
    for name, (group, reasons) in found.items():
        covered.update((name, r.key) for r in reasons)
        all_reasons.extend(reasons)
        counts.append(sum(r.count or 0 for r in reasons))
        per_group.append(f"{name} ({fmt.count(counts[-1])})")
        rows.append(group.stats.rows)
        for reason in reasons:
            by_category[reason.category] = by_category.get(reason.category, 0) + (reason.count or 0)
    if len(per_group) == 1:
        per_group = list(found)  # one group: its count is the total already
    elif len(per_group) > _GROUPS_LISTED:  # a big export's thousands: the most failing first
        top = sorted(range(len(counts)), key=lambda i: -counts[i])[:_GROUPS_LISTED]
        more = len(per_group) - _GROUPS_LISTED
        per_group = [per_group[i] for i in top] + [f"and {fmt.counted(more, 'more group')}"]
    total = sum(by_category.values())
    split = ", ".join(
        f"{fmt.count(n)} {c.label.lower()} ({c})"
        for c, n in sorted(by_category.items(), key=lambda item: -item[1])
    )
    play = PLAYBOOK[scope]
    summary = (
        f"{play.symptom}: {fmt.count(total)} failed requests in {', '.join(per_group)}."
        f" By type: {split}. Likely: {play.likely_cause.lower()}."
    )
    return make_finding(
        scope,
        ", ".join(found),
        summary,
        category=max(by_category, key=lambda c: by_category[c]),
        evidence={"errors": total, **{str(c): n for c, n in by_category.items()}},
        rows=joined_rows(rows),
        impact=total,
        groups=tuple(found),
        reasons=merge_reasons(all_reasons),
    )


def _transient_findings(
    groups: Sequence[GroupHealth], covered: Covered, with_group_finding: set[str], *, keep: int
) -> list[Finding]:
    """The errors left in groups no other finding explains; only the ``keep`` with the most
    errors are built (ties in group order), as the report lists no more (issue 10: a big
    export has such errors in thousands of groups)."""
    left_over: list[tuple[GroupHealth, list[FailureReason], int]] = []
    for group in groups:
        if group.small_sample or group.name in with_group_finding:
            continue
        left = [r for r in group.failure_reasons if (group.name, r.key) not in covered]
        errors = sum(r.count or 0 for r in left)
        if errors:
            left_over.append((group, left, errors))
    most = sorted(range(len(left_over)), key=lambda i: -left_over[i][2])[:keep]
    return [_transient_finding(*left_over[i]) for i in sorted(most)]


def _transient_finding(group: GroupHealth, left: list[FailureReason], errors: int) -> Finding:
    listed = "; ".join(f"{r.label()} ({fmt.count(r.count)})" for r in left)
    rate = group.assessment.success_rate
    state = f"succeeds {fmt.percent(rate)}" if rate is not None else "looks healthy"
    categories = list(dict.fromkeys(r.category for r in left))
    if TRANSIENT.issuperset(categories):
        meaning = ": usually a transient error."
    else:  # issue 9: a 401 is a credential problem, however few
        meaning = ". " + " ".join(f"{c.label}: {FEW_ERRORS_MEANING[c]}." for c in categories)
    summary = f"{group.name} {state}; its remaining errors are few ({listed}){meaning}"
    return make_finding(
        "transient",
        group.name,
        summary,
        category=left[0].category,
        evidence={"errors": errors, "success_rate": group.assessment.success_rate},
        rows=_own_row(group) or group.stats.rows,
        impact=errors,
        groups=(group.name,),
        reasons=left,
    )


def _small_sample_findings(groups: Sequence[GroupHealth]) -> list[Finding]:
    findings = []
    for group in groups:
        counts = group.stats.counts()
        if not group.small_sample or counts is None or not counts[2]:
            continue
        top = group.failure_reasons[0] if group.failure_reasons else None
        summary = (
            f"{group.name} has only {fmt.counted(counts[0], 'request')}"
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


def _own_row(group: GroupHealth) -> tuple[int, ...]:
    return () if group.stats.row is None else (group.stats.row,)
