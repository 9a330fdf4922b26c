"""Findings from cost, cache and latency: seed 000's "Combine cost and cache data" table.

Their impact is the number of requests of the unit (these findings affect requests, not
errors); they rank after every finding about errors.

A unit is a token compared with the other tokens of its group; a group that has no Token
rows is compared with the other groups instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.group_columns import GroupList
from csvinspect.core.analysis.peers import (
    CACHE_FEW_LARGE,
    CACHE_MANY_SMALL,
    COST_OUTLIER,
    LATENCY_OUTLIER,
    Assessment,
)
from csvinspect.core.analysis.playbook import make_finding
from csvinspect.core.analysis.results import Finding, GroupHealth
from csvinspect.core.analysis.stats import Figures, TokenStats


def usage_findings(
    groups: Sequence[GroupHealth], currency: str | None, *, keep: int | None = None
) -> list[Finding]:
    """One finding per flagged token (or token-less group) and flag.

    ``keep``: build only the ``keep`` findings of each kind that the report would list
    (the most requests first, ties in table order). A big export flags tokens by the
    hundred thousand; writing each one's text only to drop it took most of the analysis.
    """
    if keep is not None and isinstance(groups, GroupList):
        flagged = _flagged_columns(groups, keep)
    else:
        flagged = _flagged(groups, keep)
    findings = []
    for flag, group, subject, peers, stats, assessment, token in flagged:
        finding = _BUILDERS[flag](subject, peers, stats, assessment, currency)
        users = (stats,) if isinstance(stats, TokenStats) else ()
        findings.append(replace(finding, groups=(group.name,), token=token, users=users))
    return findings


Flagged = tuple[str, GroupHealth, str, str, Figures, Assessment, str | None]


def _flagged(groups: Sequence[GroupHealth], keep: int | None) -> list[Flagged]:
    """(flag, group, subject, peers, figures, assessment, token) of every flagged unit."""
    flagged: list[Flagged] = []
    for group in groups:
        units: list[tuple[str, str, Figures, Assessment, str | None]] = [
            (
                f"{group.name} / {t.stats.token}",
                f"tokens in {group.name}",
                t.stats,
                t.assessment,
                t.stats.token,
            )
            for t in group.tokens
            if t.assessment.flags and not _BUILDERS.keys().isdisjoint(t.assessment.flags)
        ]
        if not group.tokens:
            units = [(group.name, "groups", group.stats, group.assessment, None)]
        for subject, peers, stats, assessment, token in units:
            for flag in assessment.flags:
                if flag in _BUILDERS:
                    flagged.append((flag, group, subject, peers, stats, assessment, token))
    return flagged if keep is None else _most_requests(flagged, keep)


def _flagged_columns(groups: GroupList, keep: int) -> list[Flagged]:
    """``_most_requests(_flagged(groups), keep)`` read from the group and token columns
    (issue 10: a big export flags tokens by the hundred thousand; only the kept ones, and
    their groups, become objects)."""
    group_columns = groups.columns
    columns = group_columns.tokens
    assert columns.assessment is not None
    starts = columns.starts
    tokenless = np.flatnonzero(np.diff(columns.starts) == 0)
    group_requests = np.nan_to_num(group_columns.figures["requests"], nan=0.0)
    chosen: list[tuple[int, int, int, str]] = []  # (group, token position or -1, flag order)
    for k, flag in enumerate(columns.assessment.names):
        if flag not in _BUILDERS:
            continue
        found = np.flatnonzero(columns.flag_mask([flag]))
        requests = np.nan_to_num(columns.figures["requests"][found], nan=0.0)  # these only
        top = _most(found, requests, keep)
        of = np.searchsorted(starts, found[top], side="right") - 1
        candidates = [
            (-float(requests[t]), g, p)
            for t, g, p in zip(top.tolist(), of.tolist(), found[top].tolist(), strict=True)
        ] + [
            (-float(group_requests[g]), g, -1)
            for g in tokenless[group_columns.flag_mask([flag])[tokenless]].tolist()
        ]
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        chosen += [(g, p, k, flag) for _, g, p in candidates[:keep]]
    columns.make(p for _, p, _, _ in chosen if p >= 0)  # the kept tokens, in one pass
    flagged: list[Flagged] = []
    for g, position, _k, flag in sorted(chosen):
        group = groups[g]
        if position < 0:
            flagged.append((flag, group, group.name, "groups", group.stats, group.assessment, None))
            continue
        token = columns.health(position)
        subject = f"{group.name} / {token.stats.token}"
        peers = f"tokens in {group.name}"
        flagged.append(
            (flag, group, subject, peers, token.stats, token.assessment, token.stats.token)
        )
    return flagged


def _most(found: np.ndarray, requests: np.ndarray, keep: int) -> np.ndarray:
    """Where in ``found`` the ``keep`` with the most ``requests`` (one per found) are, ties
    in order: a stable sort of only those at or above the ``keep``-th figure (issue 10)."""
    figures = -requests
    at = np.arange(len(found))
    if len(found) > keep > 0:
        cut = np.partition(figures, keep - 1)[keep - 1]
        at, figures = at[figures <= cut], figures[figures <= cut]
    most: np.ndarray = at[np.argsort(figures, kind="stable")[:keep]]
    return most


def _most_requests(flagged: list[Flagged], keep: int) -> list[Flagged]:
    """The first ``keep`` of each flag by requests (then order), in their original order."""
    by_flag: dict[str, list[int]] = {}
    for index, entry in enumerate(flagged):
        by_flag.setdefault(entry[0], []).append(index)
    chosen = set()
    for indexes in by_flag.values():
        ranked = sorted(indexes, key=lambda i: -(flagged[i][4].requests or 0))  # stable
        chosen.update(ranked[:keep])
    return [entry for index, entry in enumerate(flagged) if index in chosen]


def _cost(subject: str, peers: str, stats: Figures, a: Assessment, currency: str | None) -> Finding:
    per_request = stats.cost_per_request
    summary = (
        f"{subject} costs {fmt.money(stats.cost, currency)} over {fmt.count(stats.requests)}"
        f" requests ({_per_request(per_request, currency)}), against a median of"
        f" {fmt.money(a.peer_cost, currency)} ({_per_request(a.peer_cost_per_request, currency)})"
        f" for the other {peers}."
    )
    return make_finding(
        "cost_outlier",
        subject,
        summary,
        evidence={
            "cost": stats.cost,
            "peer_median_cost": a.peer_cost,
            "cost_per_request": per_request,
            "peer_median_cost_per_request": a.peer_cost_per_request,
            "requests": stats.requests,
            "avg_latency_s": stats.avg_latency_s,
        },
        rows=stats.rows,
        impact=stats.requests or 0,
    )


def _latency(
    subject: str, peers: str, stats: Figures, a: Assessment, currency: str | None
) -> Finding:
    summary = (
        f"{subject} averages {fmt.seconds(stats.avg_latency_s)} per request against a median"
        f" of {fmt.seconds(a.peer_latency_s)} for the other {peers}"
        f" ({fmt.count(stats.requests)} requests, cache hit rate"
        f" {fmt.percent(stats.hit_rate)}, {fmt.counted(stats.errors, 'error')})."
    )
    return make_finding(
        "latency_outlier",
        subject,
        summary,
        evidence={
            "avg_latency_s": stats.avg_latency_s,
            "peer_median_latency_s": a.peer_latency_s,
            "requests": stats.requests,
        },
        rows=stats.rows,
        impact=stats.requests or 0,
    )


def _few_large(
    subject: str, peers: str, stats: Figures, a: Assessment, currency: str | None
) -> Finding:
    summary = (
        f"{subject}: cache hit rate {fmt.percent(stats.hit_rate)} but cache request share"
        f" only {fmt.percent(stats.cache_request_share)} ({fmt.count(stats.cache_requests)} of"
        f" {fmt.count(stats.requests)} requests hit cache,"
        f" {fmt.count(stats.avg_cache_tokens)} tokens per hit): a few large requests hit cache."
    )
    return make_finding(
        "cache_few_large",
        subject,
        summary,
        evidence={
            "cache_hit_rate": stats.hit_rate,
            "cache_request_share": stats.cache_request_share,
            "avg_cache_tokens": stats.avg_cache_tokens,
            "requests": stats.requests,
        },
        rows=stats.rows,
        impact=stats.requests or 0,
    )


def _many_small(
    subject: str, peers: str, stats: Figures, a: Assessment, currency: str | None
) -> Finding:
    against = (
        f" against a median of {fmt.count(a.peer_avg_cache_tokens)} for the other {peers}"
        if a.peer_avg_cache_tokens is not None
        else ""
    )
    summary = (
        f"{subject}: cache request share {fmt.percent(stats.cache_request_share)} but only"
        f" {fmt.count(stats.avg_cache_tokens)} tokens per cache hit{against}:"
        f" many requests hit cache, but each hit saves little."
    )
    return make_finding(
        "cache_many_small",
        subject,
        summary,
        evidence={
            "cache_request_share": stats.cache_request_share,
            "avg_cache_tokens": stats.avg_cache_tokens,
            "peer_median_avg_cache_tokens": a.peer_avg_cache_tokens,
            "requests": stats.requests,
        },
        rows=stats.rows,
        impact=stats.requests or 0,
    )


def _per_request(value: float | None, currency: str | None) -> str:
    if value is None:
        return "n/a per request"
    return f"{fmt.money(value, currency, digits=4)} per request"


_BUILDERS = {
    COST_OUTLIER: _cost,
    LATENCY_OUTLIER: _latency,
    CACHE_FEW_LARGE: _few_large,
    CACHE_MANY_SMALL: _many_small,
}
