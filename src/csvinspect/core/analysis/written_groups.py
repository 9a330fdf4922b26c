"""What the report's JSON writer reads of a group-health export's groups, as columns.

Issue 10: the writer makes a run of groups' JSON at once from arrays (``group_heads``,
``token_json``). What it reads of the groups is here, behind small typed reads: ``heads_of``
(the figures each group's head shows), ``token_spans`` (where each group's tokens are) and
``head_strings`` (the strings redaction may change). Today they read the ``GroupHealth``
objects; columns of the groups' figures can fill the same types without touching the writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.token_columns import TokenColumns
from csvinspect.core.analysis.token_views import TokenSlice


@dataclass(frozen=True)
class GroupHeads:
    """What the JSON says of each of some groups but their tokens, as columns.

    Counts, rates and costs are floats, NaN where the JSON says ``null``: the counts as
    ``GroupStats.counts()`` gives them, the success rate the assessment's, the cost the
    group's, each written rounded as ``jsonify.rounded`` rounds it.
    """

    names: Sequence[str]
    requests: np.ndarray
    success: np.ndarray
    errors: np.ndarray
    success_rate: np.ndarray
    cost: np.ndarray
    low_success: np.ndarray  # bool
    small_sample: np.ndarray  # bool
    reasons: Sequence[Sequence[FailureReason]]


_EXACT = 2.0**53  # whole numbers below it are held exactly by a float


def heads_of(groups: Sequence[GroupHealth]) -> GroupHeads | None:
    """The heads of ``groups`` as columns; None where the objects hold a figure the columns
    cannot (a count that is no whole number below 2**53, a NaN that ``json.dumps`` writes as
    ``NaN``), for the writer to write those groups one by one, from the objects."""
    counts = [g.stats.counts() or _UNKNOWN for g in groups]
    if not {type(v) for c in counts for v in c} <= {int, type(None)}:
        return None
    requests, success, errors = (np.array([c[i] for c in counts], np.float64) for i in range(3))
    rates = [g.assessment.success_rate for g in groups]
    costs = [g.stats.cost for g in groups]
    success_rate, cost = np.array(rates, np.float64), np.array(costs, np.float64)
    with np.errstate(invalid="ignore"):
        inexact = any(bool((np.abs(c) >= _EXACT).any()) for c in (requests, success, errors))
    nan = any(
        int(np.isnan(figure).sum()) != listed.count(None)
        for figure, listed in ((success_rate, rates), (cost, costs))
    )
    if inexact or nan:
        return None
    return GroupHeads(
        names=[g.name for g in groups],
        requests=requests,
        success=success,
        errors=errors,
        success_rate=success_rate,
        cost=cost,
        low_success=np.array([g.low_success for g in groups], dtype=bool),
        small_sample=np.array([g.small_sample for g in groups], dtype=bool),
        reasons=[g.failure_reasons for g in groups],
    )


_UNKNOWN = (None, None, None)


@dataclass(frozen=True)
class TokenSpans:
    """Where each group's tokens are: rows ``start[g]:stop[g]`` of ``columns[source[g]]``.

    ``source`` is -1 for a group whose tokens are not assessed token columns (a list of
    ``TokenHealth``, written from its dict); its ``stop - start`` is still its token count.
    """

    columns: Sequence[TokenColumns]
    source: np.ndarray
    start: np.ndarray
    stop: np.ndarray


def token_spans(groups: Sequence[GroupHealth]) -> TokenSpans:
    """Where the tokens of ``groups`` are, read off each group's ``TokenSlice``."""
    columns: list[TokenColumns] = []
    found: dict[int, int] = {}  # id of a set of columns -> its index in ``columns``
    source, start, stop = [], [], []
    for group in groups:
        tokens = group.tokens
        if isinstance(tokens, TokenSlice) and tokens.columns.assessment is not None:
            at = found.get(id(tokens.columns))
            if at is None:
                at = found[id(tokens.columns)] = len(columns)
                columns.append(tokens.columns)
            source.append(at)
            start.append(tokens.start)
            stop.append(tokens.stop)
        else:
            source.append(-1)
            start.append(0)
            stop.append(len(tokens))
    return TokenSpans(
        columns, np.array(source, np.int64), np.array(start, np.int64), np.array(stop, np.int64)
    )


def head_strings(groups: Sequence[GroupHealth]) -> list[str]:
    """The strings of the groups' heads, each once: names, and the failure reasons' texts
    (the strings redaction may change; counts and statuses are numbers), in no order."""
    reasons = [r for g in groups for r in g.failure_reasons]
    categories = {str(c) for c in {r.category for r in reasons}}
    return list({g.name for g in groups} | {r.message for r in reasons} | categories)
