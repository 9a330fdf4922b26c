"""Seed 000's "Handle by impact scope" and "Combine cost and cache data" tables.

Each finding scope maps to the seed's symptom, its more likely cause and its "What to do",
quoted as written so a finding says exactly what the console documentation says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import Finding
from csvinspect.core.analysis.stats import Rows, TokenStats


@dataclass(frozen=True)
class Play:
    symptom: str
    likely_cause: str
    what_to_do: str


PLAYBOOK: dict[str, Play] = {
    "token": Play(
        "Only one token fails",
        "Token configuration, permission, or local request format issue",
        "Copy the token again and check client configuration and request body",
    ),
    "model": Play(
        "Only one model fails",
        "Model permission, model channel, or upstream model resource issue",
        "Switch to a similar model and confirm the current plan supports the model",
    ),
    "group": Play(
        "Only one group has a low success rate",
        "Group resource pool, plan permission, or upstream account issue",
        "Switch group/model; when contacting support, provide the group name and time range",
    ),
    "multi_group_upstream": Play(
        "Multiple groups show 502, 504, 521, 522, or 524 at the same time",
        "Upstream or network path issue",
        "Retry later and reduce long-running tasks; contact support if it persists",
    ),
    "body_too_large": Play(
        "Multiple requests show 413",
        "Request body is too large",
        "Shorten context, split files, compress images, or reduce tool results",
    ),
    "rate_limit": Play(
        "Multiple requests show 429",
        "Request rate is too high, daily quota is exhausted, or credentials are cooling down",
        "Reduce concurrency; distinguish RPM, daily limit, and cooldown from the log",
    ),
    "transient": Play(
        "Success Rate is close to normal and Errors is low",
        "Usually a transient error",
        "Copy the request_id from the single request and continue troubleshooting",
    ),
    "cost_outlier": Play(
        "Cost is clearly higher than other tokens in the same group",
        "Large context, long output, high-frequency calls, or repeated tasks",
        "Combine Requests, Avg Latency, and error logs to locate the service or member",
    ),
    "cache_few_large": Play(
        "Cache Hit Rate is high but Cache Request Share is low",
        "A small number of large requests hit cache",
        "Check whether only fixed tasks are reusing context",
    ),
    "cache_many_small": Play(
        "Cache Request Share is high but Avg Cache Tokens is low",
        "Many requests hit cache, but each hit saves little",
        "Check whether context is too short or cache content is unstable",
    ),
    "latency_outlier": Play(
        "One token has clearly higher Avg Latency",
        "Heavy client tasks, long context, long output, or slow upstream",
        "Compare that token's Requests, cache data, Failure Reason, and single logs",
    ),
    "small_sample": Play(
        "Few requests in the selected time range",
        "Too few requests to judge availability",
        "Avoid over-reading success rate when the sample size is small; "
        "open the single error logs instead",
    ),
}

# Findings about errors come first, then cost/cache/latency, then the informational ones.
TIERS: dict[str, int] = {
    "token": 0,
    "model": 0,
    "group": 0,
    "multi_group_upstream": 0,
    "body_too_large": 0,
    "rate_limit": 0,
    "cost_outlier": 1,
    "latency_outlier": 1,
    "cache_few_large": 1,
    "cache_many_small": 1,
    "transient": 2,
    "small_sample": 3,
}
SEVERITY = {0: "alarm", 1: "warning", 2: "info", 3: "info"}


def make_finding(
    scope: str,
    subject: str,
    summary: str,
    *,
    category: FailureCategory | None = None,
    evidence: dict[str, Any] | None = None,
    rows: Iterable[int] | np.ndarray = (),
    impact: float = 0.0,
    groups: Iterable[str] = (),
    token: str | None = None,
    reasons: Iterable[FailureReason] = (),
    users: Iterable[TokenStats] = (),
) -> Finding:
    """A finding whose next step quotes the seed ("What to do", then "What to check first")."""
    next_step = PLAYBOOK[scope].what_to_do + "."
    if category is not None and category is not FailureCategory.OTHER:
        next_step += f" Check first: {category.info.check_first}."
    return Finding(
        scope=scope,
        subject=subject,
        category=category,
        summary=summary,
        next_step=next_step,
        evidence=evidence or {},
        rows=_sorted_rows(rows),
        impact=float(impact),
        severity=SEVERITY[TIERS[scope]],
        groups=tuple(groups),
        token=token,
        reasons=tuple(reasons),
        users=tuple(users),
    )


def _sorted_rows(rows: Iterable[int] | np.ndarray) -> Rows:
    """Each row once, in order; a finding across many groups covers a million rows
    (issue 10: sorted by numpy then, and an export's group rows stay an array)."""
    if isinstance(rows, np.ndarray):
        if np.all(rows[1:] > rows[:-1]):
            return rows
        unique: np.ndarray = np.unique(rows)
        return unique
    listed = rows if isinstance(rows, tuple | list) else list(rows)
    if len(listed) < 1000:
        return tuple(sorted(set(listed)))
    ordered = np.asarray(listed, dtype=np.int64)
    if np.all(ordered[1:] > ordered[:-1]):  # groups in table order: keep the same numbers
        return tuple(listed)
    ordered = np.sort(ordered)
    return tuple(ordered[np.r_[True, ordered[1:] != ordered[:-1]]].tolist())
