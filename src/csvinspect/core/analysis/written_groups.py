"""What the report's JSON writer reads of a group-health export's groups, as columns.

Issue 10: the writer makes a run of groups' JSON at once from arrays (``group_heads``,
``token_json``). What it reads of the groups is here, behind small typed reads: ``heads_of``
(the figures each group's head shows), ``token_spans`` (where each group's tokens are) and
``head_strings`` (the strings redaction may change). They read the group columns of an
export's ``GroupList``, and the ``GroupHealth`` objects of any other list of groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.group_columns import GroupColumns, GroupList
from csvinspect.core.analysis.peers import LOW_SUCCESS, SMALL_SAMPLE
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


def heads_of(
    groups: Sequence[GroupHealth], start: int = 0, stop: int | None = None
) -> GroupHeads | None:
    """The heads of groups ``start:stop`` as columns; None where the objects hold a figure
    the columns cannot (a count that is no whole number below 2**53, a NaN that
    ``json.dumps`` writes as ``NaN``), for the writer to write those groups one by one, from
    the objects."""
    stop = len(groups) if stop is None else stop
    columns = _columns(groups)
    if columns is not None:
        return _column_heads(columns, start, stop)
    return _object_heads(groups[start:stop])


def _columns(groups: Sequence[GroupHealth]) -> GroupColumns | None:
    """The columns of an export's groups, read from the table (issue 10: a million-row
    export's twenty thousand groups are not made as objects to be written); None for groups
    built as objects (request logs), whose objects may hold what the columns cannot."""
    if isinstance(groups, GroupList) and groups.columns.from_table:
        return groups.columns
    return None


def _column_heads(columns: GroupColumns, start: int, stop: int) -> GroupHeads | None:
    requests, success, errors = (figure[start:stop] for figure in columns.counts())
    with np.errstate(invalid="ignore"):
        if any(bool((np.abs(c) >= _EXACT).any()) for c in (requests, success, errors)):
            return None
    assert columns.assessment is not None, "groups are assessed before they are written"
    return GroupHeads(
        names=columns.names[start:stop],
        requests=requests,
        success=success,
        errors=errors,
        success_rate=columns.assessment.success_rate[start:stop],
        cost=columns.figures["cost"][start:stop],
        low_success=columns.flag_mask((LOW_SUCCESS,))[start:stop],
        small_sample=columns.flag_mask((SMALL_SAMPLE,))[start:stop],
        reasons=columns.reasons.in_turn(np.arange(start, stop)),
    )


def _object_heads(groups: Sequence[GroupHealth]) -> GroupHeads | None:
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
    table = _columns(groups)
    if table is not None:  # one set of token columns, each group's tokens in turn
        starts = table.tokens.starts
        return TokenSpans([table.tokens], np.zeros(len(table), np.int64), starts[:-1], starts[1:])
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
    columns = _columns(groups)
    reasons: Sequence[FailureReason]
    if columns is not None:
        reasons = columns.reasons.items
        names: Sequence[str] = columns.names
    else:
        reasons = [r for g in groups for r in g.failure_reasons]
        names = [g.name for g in groups]
    categories = {str(c) for c in {r.category for r in reasons}}
    return list(set(names) | {r.message for r in reasons} | categories)
