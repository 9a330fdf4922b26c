"""Findings over the failure reasons of all groups: seed 000's step 2, "check top failure
reasons", and what is left once every other finding has explained its part.

502/504 in several groups at once, many 413s, many 429s; then the errors left in a group no
other finding explains, "usually a transient error" where their category passes on its own
(a 401 does not: issue 9). Read from the reason columns (issue 10: on a 1M-row export these
walked ten thousand groups' reasons three times); only the findings' subjects are objects.
"""

from __future__ import annotations

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.categories import (
    FEW_ERRORS_MEANING,
    TOO_MANY_REQUESTS,
    TRANSIENT,
    UPSTREAM_PATH,
    FailureCategory,
)
from csvinspect.core.analysis.group_columns import GroupColumns
from csvinspect.core.analysis.peers import SMALL_SAMPLE
from csvinspect.core.analysis.playbook import PLAYBOOK, make_finding
from csvinspect.core.analysis.reason_columns import CATEGORIES, ReasonColumns
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import Finding, GroupHealth
from csvinspect.core.analysis.settings import AnalysisSettings


class Covered:
    """The (group, reason) pairs a finding already explains, as a mask over the reason
    items: an item is covered when its group's reason with its identity is."""

    def __init__(self, reasons: ReasonColumns) -> None:
        self.reasons = reasons
        self.items = np.zeros(len(reasons), dtype=bool)

    def add(self, g: int, key: tuple[int | None, str]) -> None:
        """Group ``g``'s reason ``key`` (``FailureReason.key``)."""
        reasons = self.reasons
        for i in range(int(reasons.starts[g]), int(reasons.starts[g + 1])):
            if reasons.items[i].key == key:
                self.items[i] = True

    def add_group(self, g: int) -> None:
        """All of group ``g``'s reasons."""
        self.items[int(self.reasons.starts[g]) : int(self.reasons.starts[g + 1])] = True

    def add_items(self, chosen: np.ndarray) -> None:
        """The reasons of the ``chosen`` items, in their groups."""
        self.items |= self.reasons.pairs(chosen)


def cross_group_findings(
    groups: GroupColumns, settings: AnalysisSettings, covered: Covered
) -> list[Finding]:
    """Upstream errors in two or more groups; many 429s; many 413s (small samples aside)."""
    reasons = groups.reasons
    findings = []
    counted = reasons.count != 0  # reasons that counted errors (or gave no count)
    upstream = counted & reasons.in_categories(UPSTREAM_PATH)
    if len(np.unique(reasons.group[upstream])) >= 2:
        findings.append(_pattern_finding("multi_group_upstream", groups, upstream, covered))
    sampled = counted & ~groups.flag_mask([SMALL_SAMPLE])[reasons.group]
    for scope, categories in (
        ("rate_limit", TOO_MANY_REQUESTS),
        ("body_too_large", frozenset({FailureCategory.BODY_TOO_LARGE})),
    ):
        found = sampled & reasons.in_categories(categories)
        total = int(reasons.counted()[found].sum())
        if total >= settings.repeated_errors:
            findings.append(_pattern_finding(scope, groups, found, covered))
    return findings


_GROUPS_LISTED = 8  # groups a pattern finding's summary names (the groups field holds them all)


def _pattern_finding(
    scope: str, groups: GroupColumns, found: np.ndarray, covered: Covered
) -> Finding:
    """One finding over the ``found`` reason items, its groups in group order."""
    reasons = groups.reasons
    covered.add_items(found)
    members = np.unique(reasons.group[found])
    counts = [int(n) for n in reasons.per_group(found)[members].tolist()]
    names = [groups.names[g] for g in members.tolist()]
    ordered = range(len(names))
    if len(names) > _GROUPS_LISTED:  # a big export's thousands: the most failing first
        ordered = np.argsort(-np.asarray(counts), kind="stable").tolist()
    per_group = [f"{names[i]} ({fmt.count(counts[i])})" for i in ordered[:_GROUPS_LISTED]]
    if len(names) == 1:
        per_group = names  # one group: its count is the total already
    elif len(names) > _GROUPS_LISTED:
        more = len(names) - _GROUPS_LISTED
        per_group.append(f"and {fmt.counted(more, 'more group')}")
    # errors by category, the categories in the order first seen
    codes = reasons.category[found]
    seen, first = np.unique(codes, return_index=True)
    sums = np.bincount(codes, weights=reasons.counted()[found], minlength=len(CATEGORIES))
    by_category = {
        CATEGORIES[c]: int(sums[c])
        for _, c in sorted(zip(first.tolist(), seen.tolist(), strict=True))
    }
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
        ", ".join(names),
        summary,
        category=max(by_category, key=lambda c: by_category[c]),
        evidence={"errors": total, **{str(c): n for c, n in by_category.items()}},
        rows=groups.rows_of(members),
        impact=total,
        groups=tuple(names[i] for i in ordered),  # as the summary names them
        reasons=reasons.merged(found),
    )


def transient_findings(
    groups: GroupColumns, covered: Covered, with_group_finding: set[str], *, keep: int
) -> list[Finding]:
    """The errors left in groups no other finding explains; only the ``keep`` with the most
    errors are built (ties in group order), as the report lists no more (issue 10: a big
    export has such errors in thousands of groups)."""
    reasons = groups.reasons
    eligible = ~groups.flag_mask([SMALL_SAMPLE])
    for name in with_group_finding:
        eligible[groups.position(name)] = False
    left = ~covered.items & eligible[reasons.group]
    errors = reasons.per_group(left)
    candidates = np.flatnonzero(errors != 0)
    most = np.sort(candidates[np.argsort(-errors[candidates], kind="stable")[:keep]])
    findings = []
    for g in most.tolist():
        start, stop = int(reasons.starts[g]), int(reasons.starts[g + 1])
        unexplained = [reasons.items[i] for i in range(start, stop) if left[i]]
        findings.append(_transient_finding(groups.health(g), unexplained, int(errors[g])))
    return findings


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
        rows=own_row(group) or group.stats.rows,
        impact=errors,
        groups=(group.name,),
        reasons=left,
    )


def own_row(group: GroupHealth) -> tuple[int, ...]:
    return () if group.stats.row is None else (group.stats.row,)
