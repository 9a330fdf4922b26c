"""``HealthReport`` -> issue 4's JSON sections (numbers as numbers, rates as fractions 0-1,
money in the file's currency).

The keys of issue 4's example are kept exactly. Three additions carry what the issue's
text asks for and its example leaves out: ``totals`` also has ``cache_request_share``,
``start_time`` and ``latest_time`` ("first and latest time"); each finding has its
``evidence`` ("the evidence (numbers)"); each reconciliation entry names its ``check`` and,
for a Token row, its ``token``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any, overload

import numpy as np

from csvinspect.core.analysis.json_text import rounded_array
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import (
    Finding,
    GroupHealth,
    HealthReport,
    Mismatch,
    ReasonTotal,
    TokenHealth,
)
from csvinspect.core.analysis.stats import gc_paused
from csvinspect.core.analysis.token_views import TokenSlice


def health_to_json(report: HealthReport, *, streamed: bool = False) -> dict[str, Any]:
    """The ``totals``, ``groups``, ``failure_reasons``, ``findings`` and ``reconciliation``
    sections of ``csvinspect report --format json``.

    ``streamed``: ``groups`` is a ``GroupRows`` that makes each group's JSON when read, for
    a writer that writes one group at a time (issue 10: a million token dicts took 600 MB).
    """
    with gc_paused():  # a dict and a list per token, no cycles (see ``gc_paused``)
        return _health_json(report, streamed)


class GroupRows(Sequence[dict[str, Any]]):
    """The ``groups`` section, each group's JSON made when it is read.

    The report's JSON writer does not read these dicts: it writes each group's tokens as
    text straight from the token columns (``report_json.group_lines``, issue 10).
    """

    def __init__(self, groups: Sequence[GroupHealth]) -> None:
        self.groups = groups
        # applied to each group's JSON as it is made (``report`` redacts secrets with it)
        self.redact: Callable[[GroupHealth, dict[str, Any]], dict[str, Any]] | None = None

    def __len__(self) -> int:
        return len(self.groups)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.made(g) for g in self.groups[index]]
        return self.made(self.groups[index])

    def made(self, group: GroupHealth) -> dict[str, Any]:
        """``group``'s JSON as a dict, redacted."""
        made = _group(group)
        return made if self.redact is None else self.redact(group, made)


def _health_json(report: HealthReport, streamed: bool) -> dict[str, Any]:
    totals = report.totals
    return {
        "totals": {
            "requests": totals.requests,
            "success": totals.success,
            "errors": totals.errors,
            "success_rate": rounded(totals.success_rate),
            "cost": rounded(totals.cost),
            "currency": totals.currency,
            "cache_hit_rate": rounded(totals.cache_hit_rate),
            "avg_latency_s": _round(totals.avg_latency_s, 3),
            "cache_request_share": rounded(totals.cache_request_share),
            "start_time": _time(totals.start_time),
            "latest_time": _time(totals.latest_time),
        },
        "groups": GroupRows(report.groups) if streamed else [_group(g) for g in report.groups],
        "failure_reasons": [_reason_total(r) for r in report.failure_reasons],
        "findings": [_finding(f) for f in report.findings],
        "reconciliation": [_mismatch(m) for m in report.reconciliation],
    }


def _group(group: GroupHealth) -> dict[str, Any]:
    return {**group_head(group), "tokens": _tokens(group.tokens)}


def group_head(group: GroupHealth) -> dict[str, Any]:
    """A group's JSON but its ``tokens``, which come last (written apart: ``token_json``)."""
    requests, success, errors = group.stats.counts() or (None, None, None)
    return {
        "group": group.name,
        "requests": requests,
        "success": success,
        "errors": errors,
        "success_rate": rounded(group.assessment.success_rate),
        "cost": rounded(group.stats.cost),
        "low_success": group.low_success,
        "small_sample": group.small_sample,
        "failure_reasons": [_reason(r) for r in group.failure_reasons],
    }


def head_json(group: GroupHealth, changed: Mapping[str, str]) -> str:
    """``group_head`` as compact JSON text but its closing brace, strings in ``changed``
    replaced: what ``json.dumps`` writes of the dict, made without it.

    Issue 10: a dict and an encoder call per group took a fifth of a 1M-row export's JSON
    writing; the keys are fixed, only the values are written here (``test_token_json``).
    """
    requests, success, errors = group.stats.counts() or (None, None, None)
    reasons = reasons_json(group.failure_reasons, changed)
    return (
        f'{{"group":{_text(group.name, changed)},"requests":{_scalar(requests)}'
        f',"success":{_scalar(success)},"errors":{_scalar(errors)}'
        f',"success_rate":{_scalar(rounded(group.assessment.success_rate))}'
        f',"cost":{_scalar(rounded(group.stats.cost))}'
        f',"low_success":{_scalar(group.low_success)}'
        f',"small_sample":{_scalar(group.small_sample)},"failure_reasons":[{reasons}]'
    )


def reasons_json(reasons: Sequence[FailureReason], changed: Mapping[str, str]) -> str:
    """A group's ``failure_reasons`` as compact JSON text without the brackets, strings in
    ``changed`` replaced (``head_json``; ``group_heads`` for many groups at once)."""
    return ",".join(
        f'{{"status":{_text(r.status, changed)},"message":{_text(r.message, changed)}'
        f',"count":{_scalar(r.count)},"category":{_text(str(r.category), changed)}}}'
        for r in reasons
    )


def _text(value: Any, changed: Mapping[str, str]) -> str:
    """A string as JSON, its redaction where ``changed`` has one; any other value as is."""
    if isinstance(value, str):
        return encode_basestring(changed.get(value, value))
    return _scalar(value)


def _scalar(value: Any) -> str:
    """``value`` as ``json.dumps`` writes it, with its C encoder's shortcuts for the plain
    types (``int.__repr__``, ``float.__repr__`` of a finite float)."""
    kind = type(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0:
        return float.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return _ENCODER.encode(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _tokens(tokens: Sequence[TokenHealth]) -> list[dict[str, Any]]:
    """A group's tokens as JSON rows, read from the columns (issue 10: not an object each)."""
    if not isinstance(tokens, TokenSlice):
        return [_token(t) for t in tokens]
    columns, start, stop = tokens.columns, tokens.start, tokens.stop
    assert columns.assessment is not None
    figures = columns.figures
    requests = columns.requests(start, stop)
    values = zip(
        columns.token[start:stop],
        columns.user_id[start:stop],
        columns.username[start:stop],
        [None if v != v else int(v) for v in requests.tolist()],
        _rounded_list(columns.assessment.success_rate[start:stop]),
        _rounded_list(figures["cost"][start:stop]),
        columns.assessment.flag_lists(start, stop),
        strict=True,
    )
    return [
        {
            "token": token,
            "user_id": user_id,
            "username": username,
            "requests": count,
            "success_rate": rate,
            "cost": cost,
            "flags": flags,
        }
        for token, user_id, username, count, rate, cost, flags in values
    ]


def _rounded_list(values: np.ndarray) -> list[float | None]:
    """``rounded`` over an array (``rounded_array``), None for NaN."""
    return [None if v != v else v for v in rounded_array(values).tolist()]


def _token(token: TokenHealth) -> dict[str, Any]:
    counts = token.stats.counts()
    return {
        "token": token.stats.token,
        "user_id": token.stats.user_id,
        "username": token.stats.username,
        "requests": counts[0] if counts else token.stats.requests,
        "success_rate": rounded(token.assessment.success_rate),
        "cost": rounded(token.stats.cost),
        "flags": list(token.flags),
    }


def _reason(reason: FailureReason | ReasonTotal) -> dict[str, Any]:
    return {
        "status": reason.status,
        "message": reason.message,
        "count": reason.count,
        "category": str(reason.category),
    }


def _reason_total(reason: ReasonTotal) -> dict[str, Any]:
    return {**_reason(reason), "groups": list(reason.groups)}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "scope": finding.scope,
        "subject": finding.subject,
        "category": None if finding.category is None else str(finding.category),
        "summary": finding.summary,
        "next_step": finding.next_step,
        "evidence": {k: _plain(v) for k, v in finding.evidence.items()},
    }


def _mismatch(mismatch: Mismatch) -> dict[str, Any]:
    digits = 6 if mismatch.field == "cost" or mismatch.check == "recomputed_rate" else 3
    return {
        "group": mismatch.group,
        "field": mismatch.field,
        "group_value": _round(mismatch.group_value, digits),
        "token_sum": _round(mismatch.token_sum, digits),
        "difference": _round(mismatch.difference, digits),
        "check": mismatch.check,
        "token": mismatch.token,
    }


def rounded(value: float | None, digits: int = 6) -> float | None:
    """A figure as the JSON report writes it: rates (fractions) and money to 6 decimals.

    Money sums are exact to the cent in the export; float addition leaves dust (1e-13).
    """
    return None if value is None else round(float(value), digits)


def _round(value: float | None, digits: int) -> float | int | None:
    number = rounded(value, digits)
    if number is None:
        return None
    return int(number) if digits <= 3 and number.is_integer() else number


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    return value


def _time(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
