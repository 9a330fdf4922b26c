"""The users a finding is about: the tokens whose errors its reasons may explain (issue 9).

A support message names these users, not the flagged tokens of other findings. Read from
the token columns where the groups share them (issue 10: no object per token).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from csvinspect.core.analysis.group_columns import GroupColumns, ranges
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import Finding, HealthReport
from csvinspect.core.analysis.token_columns import TokenColumns, token_errors
from csvinspect.core.analysis.token_views import TokenList


def with_users(findings: list[Finding], report: HealthReport) -> list[Finding]:
    """The listed findings, each with the tokens (users) its errors come from (issue 9).

    Done once the list is cut to what is shown: a big export builds a finding per group
    and keeps a few, and naming users walks every token of the groups concerned.
    """
    groups = report.groups.columns
    columns = groups.tokens
    # The reason each token finding gave for its token's errors, so that the other findings
    # do not name that token's user among theirs.
    attributed = {id(f.users[0]): f.reasons[0] for f in findings if f.users and f.reasons}
    made = {id(columns.stats(i)): i for i in columns.made_positions()}
    known_at = {made[key]: reason for key, reason in attributed.items() if key in made}
    named = []
    for finding in findings:
        if finding.users or not finding.reasons:
            named.append(finding)
            continue
        # issue 10: from the token columns, no object per token
        positions = _positions(groups, finding)
        users = _involved_columns(columns, positions, finding.reasons, known_at)
        named.append(replace(finding, users=users))
    return named


def _positions(groups: GroupColumns, finding: Finding) -> np.ndarray:
    """The token positions a finding is about: its model's, or its groups' in its order."""
    columns = groups.tokens
    if finding.scope == "model":
        model = finding.evidence.get("model")
        return np.array([i for i, m in enumerate(columns.model) if m == model], dtype=np.int64)
    chosen = np.array([groups.position(name) for name in finding.groups], dtype=np.int64)
    return ranges(columns.starts[chosen], columns.starts[chosen + 1])


def _involved_columns(
    columns: TokenColumns,
    positions: np.ndarray,
    reasons: Sequence[FailureReason],
    known_at: dict[int, FailureReason],
) -> TokenList:
    """The tokens at ``positions`` whose errors may come from ``reasons``, most errors
    first (ties in order).

    Failure Reason is written on Group rows only (seed 000), so a token with errors is
    involved unless its own reasons are other ones, or a token finding already explained
    all its errors with a reason outside ``reasons`` (issue 9: the 401s of one token are
    not the upstream 502s of its group). ``known_at``: token position -> the reason its
    token finding gave for its errors.
    """
    keys = {r.key for r in reasons}
    errors = token_errors(columns, positions)
    keep = errors != 0  # a token whose errors are unknown (NaN) may be involved
    own = np.fromiter(columns.reasons, dtype=np.int64, count=len(columns.reasons))
    for position, k in zip(own.tolist(), _index_in(positions, own).tolist(), strict=True):
        if k >= 0 and keys.isdisjoint(r.key for r in columns.reasons[position]):
            keep[k] = False
    known = np.fromiter(known_at, dtype=np.int64, count=len(known_at))
    for position, k in zip(known.tolist(), _index_in(positions, known).tolist(), strict=True):
        if k < 0 or position in columns.reasons or not keep[k]:
            continue
        reason = known_at[position]
        if reason.key not in keys and not np.isnan(errors[k]) and (reason.count or 0) >= errors[k]:
            keep[k] = False
    return TokenList(columns, positions[keep], most_first=np.nan_to_num(errors[keep], nan=0.0))


def _index_in(positions: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of ``wanted`` is in ``positions`` (distinct), -1 where it is not."""
    if not len(positions) or not len(wanted):
        return np.full(len(wanted), -1, dtype=np.int64)
    by_position = np.argsort(positions)
    at = by_position[
        np.minimum(np.searchsorted(positions, wanted, sorter=by_position), len(positions) - 1)
    ]
    found: np.ndarray = np.where(positions[at] == wanted, at, -1)
    return found
