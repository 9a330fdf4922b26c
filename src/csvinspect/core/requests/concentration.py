"""Do a request log's failures concentrate on one account, API key, model or group? (issue 11)

Seed 001: "Open Account Overview to see whether only a few accounts are unhealthy", and the
first question of seed 004's request logs is which upstream account and API key were
involved; it is the request-log counterpart of seed 000's impact scope. For each dimension the
value holding the most failures is compared with its share of the requests: it concentrates
the failures when it holds most of them (more than ``MOST``) and clearly more than its share
of the traffic (``LIFT`` times), so the one account that serves everything is not blamed for
being busy. Fewer than ``MIN_FAILURES`` failures support no claim either way, and that is
said. Everything is one ``np.bincount`` per dimension over the records' codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.requests.records import RequestRecords

# The dimensions asked about, in the order a support engineer checks them (seed 001: account
# overview, then API key summary), with the word the finding uses.
DIMENSIONS = {"account": "account", "token": "API key", "model": "model", "group": "group"}
MIN_FAILURES = 5
MOST = 0.5
LIFT = 1.5


@dataclass(frozen=True)
class TopValue:
    """The value of one dimension holding the most failures, with its shares."""

    dimension: str  # records' dimension name: account, token, model, group
    label: str  # the word a user reads: account, API key, model, group
    value: str
    failures: int
    failure_share: float  # of all failures
    requests: int
    request_share: float | None  # of the requests with a value; None: only failures have one
    concentrated: bool

    @property
    def holds_most(self) -> bool:
        return self.failure_share > MOST and self.failures > 1


@dataclass(frozen=True)
class Concentration:
    """Where the failures of a request log fall, and the sentence that says it."""

    requests: int
    failures: int
    top: list[TopValue]  # one per dimension the log has, in ``DIMENSIONS`` order
    enough: bool  # at least ``MIN_FAILURES`` failures

    @property
    def concentrated(self) -> list[TopValue]:
        return [t for t in self.top if t.concentrated] if self.enough else []

    def findings(self) -> list[str]:
        """One line per concentrating dimension, or the line saying they are spread."""
        if not self.failures or not self.top:
            return []
        words = _listed([t.label for t in self.top])
        if not self.enough:
            return [
                f"Only {fmt.counted(self.failures, 'failure')}: too few to say whether failures"
                f" concentrate on one {words} (at least {MIN_FAILURES} needed)"
            ]
        busy = [t for t in self.top if t.holds_most and not t.concentrated]
        if not self.concentrated and not busy:
            return [f"Failures are spread: no {words} holds most of them"]
        lines = [_sentence("Failures concentrate on", t, self.failures) for t in self.concentrated]
        if not lines:  # the value serving most requests has most failures: not a culprit
            lines = [_sentence("Failures follow the traffic on", t, self.failures) for t in busy]
        return lines


def _sentence(claim: str, top: TopValue, failures: int) -> str:
    traffic = (
        f"{fmt.percent(top.request_share, 0)} of requests"
        if top.request_share is not None
        else f"the log names the {top.label} of failed requests only"
    )
    return (
        f"{claim} {top.label} {top.value}: {fmt.count(top.failures)} of"
        f" {fmt.counted(failures, 'failure')} ({fmt.percent(top.failure_share, 0)}), {traffic}"
    )


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def failure_concentration(records: RequestRecords, rows: np.ndarray | None = None) -> Concentration:
    """Where the failures of ``records`` fall (only ``rows``, a bool mask, when given)."""
    counted = records.is_request if rows is None else records.is_request & rows
    failed = counted & (records.success == 0)
    n_requests, n_failures = int(np.count_nonzero(counted)), int(np.count_nonzero(failed))
    top: list[TopValue] = []
    for name, label in DIMENSIONS.items():
        labels = records.dims.get(name)
        if labels is None or not labels.present:
            continue
        size = len(labels.names) + 1  # bin 0: no value
        by_failure = np.bincount(labels.codes[failed] + 1, minlength=size)[1:]
        by_request = np.bincount(labels.codes[counted] + 1, minlength=size)[1:]
        if not by_failure.any() or np.count_nonzero(by_request) < 2:
            continue  # no failure names a value, or every request has the same one
        best = int(np.argmax(by_failure))
        fails, requests = int(by_failure[best]), int(by_request[best])
        known_ok = int(by_request.sum() - by_failure.sum())  # successes etc. with a value
        request_share = requests / int(by_request.sum()) if known_ok > 0 else None
        failure_share = fails / n_failures
        lifted = request_share is None or failure_share >= LIFT * request_share
        top.append(
            TopValue(
                name, label, labels.names[best], fails, failure_share, requests,
                request_share, failure_share > MOST and lifted and fails > 1,
            )
        )  # fmt: skip
    return Concentration(n_requests, n_failures, top, n_failures >= MIN_FAILURES)


def concentration_json(result: Concentration) -> dict[str, Any]:
    """The report's ``concentration`` key: the finding lines and each dimension's top value."""
    return {
        "failures": result.failures,
        "requests": result.requests,
        "min_failures": MIN_FAILURES,
        "concentrated": None if not result.enough else bool(result.concentrated),
        "findings": result.findings(),
        "dimensions": [
            {
                "dimension": t.dimension,
                "top": t.value,
                "failures": t.failures,
                "failure_share": round(t.failure_share, 4),
                "requests": t.requests,
                "request_share": None if t.request_share is None else round(t.request_share, 4),
                "concentrated": t.concentrated and result.enough,
            }
            for t in result.top
        ],
    }
