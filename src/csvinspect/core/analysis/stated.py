"""Figures of a ``HealthReport`` as ``csvinspect report`` states them, for its text renderers.

The report rounds rates and money to 6 decimals and reconciliation figures as its JSON does
(``jsonify``), and a group's or token's request count is filled from its other counts; the
text and Markdown state the same figures, read from the typed result and its token columns
(issue 10: they used to read the JSON back), so all three formats say the same thing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from csvinspect.core.analysis.jsonify import rounded
from csvinspect.core.analysis.results import GroupHealth, Mismatch, TokenHealth
from csvinspect.core.analysis.token_views import TokenSlice


@dataclass(frozen=True)
class GroupLine:
    """A group's row of the report."""

    requests: int | None
    errors: int | None
    success_rate: float | None
    cost: float | None
    marks: tuple[str, ...]  # low_success, small_sample


@dataclass(frozen=True, slots=True)
class TokenLine:
    """A token's row of the report (under its group)."""

    token: str
    username: str
    requests: int | None
    success_rate: float | None
    cost: float | None
    flags: Sequence[str]


def group_line(group: GroupHealth) -> GroupLine:
    requests, _success, errors = group.stats.counts() or (None, None, None)
    marks = (("low_success",) if group.low_success else ()) + (
        ("small_sample",) if group.small_sample else ()
    )
    return GroupLine(
        requests=requests,
        errors=errors,
        success_rate=rounded(group.assessment.success_rate),
        cost=rounded(group.stats.cost),
        marks=marks,
    )


def token_lines(tokens: Sequence[TokenHealth]) -> list[TokenLine]:
    """A group's tokens, read from the token columns where the analysis holds them."""
    if not isinstance(tokens, TokenSlice):
        return [_token_line(t) for t in tokens]
    columns, start, stop = tokens.columns, tokens.start, tokens.stop
    assert columns.assessment is not None, "tokens are assessed before they are reported"
    figures = columns.figures
    requests = columns.requests(start, stop)
    values = zip(
        columns.token[start:stop],
        columns.username[start:stop],
        _counts(requests),
        _rounded(columns.assessment.success_rate[start:stop]),
        _rounded(figures["cost"][start:stop]),
        columns.assessment.flag_lists(start, stop),
        strict=True,
    )
    return [TokenLine(*row) for row in values]


def _token_line(token: TokenHealth) -> TokenLine:
    counts = token.stats.counts()
    return TokenLine(
        token=token.stats.token,
        username=token.stats.username,
        requests=counts[0] if counts else token.stats.requests,
        success_rate=rounded(token.assessment.success_rate),
        cost=rounded(token.stats.cost),
        flags=token.flags,
    )


def _counts(values: np.ndarray) -> list[int | None]:
    return [None if v != v else int(v) for v in values.tolist()]


def _rounded(values: np.ndarray) -> list[float | None]:
    """``rounded`` over an array (NaN: None), digit for digit: ``rint(v * 1e6) / 1e6`` is the
    double nearest the 6-decimal rounding unless ``v * 1e6`` lies within rounding error of a
    half (or is too big to hold exactly); those few go through ``round`` itself."""
    with np.errstate(invalid="ignore"):
        scaled = values * 1e6
        unsure = (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-3) | ~(np.abs(values) < 1e9)
        out: list[float | None] = (np.rint(scaled) / 1e6).tolist()
    for i in np.flatnonzero(unsure).tolist():
        value = float(values[i])
        out[i] = None if value != value else round(value, 6)
    return out


def stated_mismatch(mismatch: Mismatch) -> Mismatch:
    """A reconciliation entry with its figures rounded as the report states them: money and
    recomputed rates to 6 decimals, counts and other figures to 3 (a whole number as one)."""
    digits = 6 if mismatch.field == "cost" or mismatch.check == "recomputed_rate" else 3
    return dataclasses.replace(
        mismatch,
        group_value=_round(mismatch.group_value, digits),
        token_sum=_round(mismatch.token_sum, digits),
        difference=_round(mismatch.difference, digits),
    )


def _round(value: float, digits: int) -> float:
    number = round(float(value), digits)
    return int(number) if digits <= 3 and number.is_integer() else number
