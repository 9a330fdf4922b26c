"""Request filters (seeds 001-004) as plain data, turned into a boolean row mask.

Seed 004: "Invalid or unsupported filters are ignored with a warning so operators can fix the
query without losing the page". So ``apply_filter`` never raises on what a user typed: a part
it cannot use is skipped and named in ``FilterResult.warnings``. No user text is ever
evaluated; values are compared with the labels read from the export.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow.compute as pc

from csvinspect.core.requests.outcome import CATEGORIES, WRITTEN_ZERO
from csvinspect.core.requests.records import (
    DIMENSIONS,
    NO_VALUE,
    OUTCOMES,
    STATUS_CLASSES,
    RequestRecords,
)

# Presets are relative to the latest time in the data: an export is a snapshot, and "the last
# 24 hours" of a file written last week means its last day, not the reader's.
TIME_PRESETS: dict[str, float | None] = {
    "last_hour": 3600.0,
    "last_24h": 86400.0,
    "last_7d": 7 * 86400.0,
    "all": None,
}
_DIMENSION_NAMES = {
    "model": "model",
    "token": "API key / token",
    "user": "user",
    "group": "group",
    "account": "account / channel",
    "auth_index": "auth index",
    "provider": "provider",
    "project": "project",
    "call_type": "call type",
    "provider_model": "provider model",
    "plan": "plan",
    "transport": "transport",
    "route": "route",
}


@dataclass(frozen=True)
class RequestFilter:
    """What the user narrowed the requests to; empty tuples and None mean "any".

    ``values`` maps a dimension of ``records.DIMENSIONS`` (model, token, user, group, account,
    provider, project, call_type) to the labels to keep; ``""`` selects rows without a label.
    """

    time_preset: str = "all"
    time_from: float | None = None  # epoch seconds, as ``RequestRecords.time``
    time_to: float | None = None
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    status_classes: tuple[str, ...] = ()  # "2xx", "4xx", "5xx", "unknown"
    status_codes: tuple[int, ...] = ()
    failure_categories: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()  # names of ``records.OUTCOMES``: rejected apart (issue 11)
    latency_min_s: float | None = None
    latency_max_s: float | None = None
    cache: str | None = None  # "hit" or "miss"
    stream: bool | None = None
    request_id: str = ""  # part of a request, trace or row ID, case-insensitive
    include_account_events: bool = False  # top-up / manage / system rows


@dataclass(frozen=True)
class FilterResult:
    mask: np.ndarray  # bool per table row
    count: int
    warnings: list[str]


def apply_filter(records: RequestRecords, flt: RequestFilter) -> FilterResult:
    """The rows ``flt`` keeps, and a warning for every part of it that had to be ignored."""
    n = records.n
    mask = np.ones(n, dtype=bool) if flt.include_account_events else records.is_request.copy()
    warnings: list[str] = []
    mask &= _time_mask(records, flt, warnings)
    for dimension, wanted in flt.values.items():
        if wanted:
            mask &= _label_mask(records, dimension, wanted, warnings)
    if flt.status_classes:
        mask &= _class_mask(records, flt.status_classes, warnings)
    if flt.status_codes:
        mask &= _code_mask(records, flt.status_codes, warnings)
    if flt.failure_categories:
        mask &= _category_mask(records, flt.failure_categories, warnings)
    if flt.outcomes:
        mask &= _outcome_mask(records, flt.outcomes, warnings)
    mask &= _latency_mask(records, flt, warnings)
    if flt.cache is not None:
        mask &= _cache_mask(records, flt.cache, warnings)
    if flt.stream is not None:
        if (records.is_stream >= 0).any():
            mask &= records.is_stream == (1 if flt.stream else 0)
        else:
            warnings.append("This export does not say which requests streamed: ignored.")
    if flt.request_id.strip():
        mask &= _request_id_mask(records, flt.request_id.strip(), warnings)
    return FilterResult(mask, int(np.count_nonzero(mask)), warnings)


def _time_mask(records: RequestRecords, flt: RequestFilter, warnings: list[str]) -> np.ndarray:
    n = records.n
    start, end = flt.time_from, flt.time_to
    if flt.time_preset not in TIME_PRESETS:
        warnings.append(f"Unknown time range {flt.time_preset!r}: showing all times.")
    elif TIME_PRESETS[flt.time_preset] is not None:
        known = records.time[~np.isnan(records.time)]
        if not len(known):
            warnings.append("This export has no request times: the time range is ignored.")
            return np.ones(n, dtype=bool)
        start = float(known.max()) - TIME_PRESETS[flt.time_preset]  # type: ignore[operator]
        end = None
    if start is None and end is None:
        return np.ones(n, dtype=bool)
    bad = [v for v in (start, end) if v is not None and not math.isfinite(v)]
    if bad or (start is not None and end is not None and start > end):
        warnings.append("The time range is empty or invalid (start after end): ignored.")
        return np.ones(n, dtype=bool)
    if np.isnan(records.time).all():
        warnings.append("This export has no request times: the time range is ignored.")
        return np.ones(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        mask = np.ones(n, dtype=bool)
        if start is not None:
            mask &= records.time >= start
        if end is not None:
            mask &= records.time <= end
    return mask


def _label_mask(
    records: RequestRecords, dimension: str, wanted: tuple[str, ...], warnings: list[str]
) -> np.ndarray:
    n = records.n
    if dimension not in DIMENSIONS:
        warnings.append(f"Unknown filter {dimension!r}: ignored.")
        return np.ones(n, dtype=bool)
    labels = records.dims[dimension]
    title = _DIMENSION_NAMES[dimension]
    if not labels.present:
        warnings.append(f"This export has no {title} column: the {title} filter is ignored.")
        return np.ones(n, dtype=bool)
    lookup = np.zeros(len(labels.names) + 1, dtype=bool)
    folded = {name.casefold(): i for i, name in enumerate(labels.names)}
    missing = []
    for value in wanted:
        if value in ("", NO_VALUE):
            lookup[0] = True
        elif value in labels.names:
            lookup[labels.names.index(value) + 1] = True
        elif value.casefold() in folded:
            lookup[folded[value.casefold()] + 1] = True
        else:
            missing.append(value)
    if missing:
        warnings.append(f"No {title} {', '.join(map(repr, missing))} in this export: ignored.")
    if not lookup.any():
        return np.ones(n, dtype=bool)
    mask: np.ndarray = lookup[labels.codes + 1]
    return mask


def _class_mask(
    records: RequestRecords, classes: tuple[str, ...], warnings: list[str]
) -> np.ndarray:
    known = [c for c in classes if c in STATUS_CLASSES]
    if len(known) < len(classes):
        unknown = [c for c in classes if c not in STATUS_CLASSES]
        warnings.append(f"Unknown status class {', '.join(map(repr, unknown))}: ignored.")
    if not known:
        return np.ones(records.n, dtype=bool)
    return np.isin(records.status_class, [STATUS_CLASSES.index(c) for c in known])


def _code_mask(records: RequestRecords, codes: tuple[int, ...], warnings: list[str]) -> np.ndarray:
    valid = []
    present = set(np.unique(records.status_code).tolist())
    for code in codes:
        try:
            number = int(code)
        except (TypeError, ValueError):
            warnings.append(f"{code!r} is not a status code: ignored.")
            continue
        # any number the log wrote, 999 or -1 too (issue 11)
        if (number or WRITTEN_ZERO) in present:
            valid.append(number or WRITTEN_ZERO)
        else:
            warnings.append(f"No status {number} in this export: ignored.")
    if not valid:
        return np.ones(records.n, dtype=bool)
    return np.isin(records.status_code, valid)


def _outcome_mask(
    records: RequestRecords, names: tuple[str, ...], warnings: list[str]
) -> np.ndarray:
    known = [OUTCOMES.index(name) for name in names if name in OUTCOMES]
    if len(known) < len(names):
        unknown = [name for name in names if name not in OUTCOMES]
        warnings.append(f"Unknown outcome {', '.join(map(repr, unknown))}: ignored.")
    if not known:
        return np.ones(records.n, dtype=bool)
    return np.isin(records.outcome, known)


def _category_mask(
    records: RequestRecords, names: tuple[str, ...], warnings: list[str]
) -> np.ndarray:
    index = {str(c): i for i, c in enumerate(CATEGORIES)}
    known = [index[name] for name in names if name in index]
    if len(known) < len(names):
        unknown = [name for name in names if name not in index]
        warnings.append(f"Unknown failure category {', '.join(map(repr, unknown))}: ignored.")
    if not known:
        return np.ones(records.n, dtype=bool)
    return np.isin(records.outcomes.category, known)


_LATENCY = re.compile(
    r"^\s*(?P<n>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>ms|msec|s|sec|secs|seconds|min|m|h|毫秒|秒|分钟)?\s*$",
    re.IGNORECASE,
)
_LATENCY_UNITS = {
    "ms": 0.001, "msec": 0.001, "毫秒": 0.001, "s": 1.0, "sec": 1.0, "secs": 1.0,
    "seconds": 1.0, "秒": 1.0, "min": 60.0, "m": 60.0, "分钟": 60.0, "h": 3600.0,
}  # fmt: skip
UNIT_NAMES = {0.001: "ms", 1.0: "s", 60.0: "min", 3600.0: "h"}


def parse_latency(text: str, unit: float = 1.0) -> float | None:
    """A latency bound as typed, in seconds: ``30000`` in ``unit`` (the latency column's own,
    0.001 for ``latency_ms``), ``30s``/``500ms``/``2min`` as they say; None if not one.

    Issue 11: a bare number means what the user sees in the latency column, as the column
    filters read it.
    """
    match = _LATENCY.match(text)
    if match is None:
        return None
    written = (match["unit"] or "").lower()
    factor = _LATENCY_UNITS[written] if written else unit
    return round(float(match["n"]) * factor, 9)


def _latency_mask(records: RequestRecords, flt: RequestFilter, warnings: list[str]) -> np.ndarray:
    low, high = flt.latency_min_s, flt.latency_max_s
    mask = np.ones(records.n, dtype=bool)
    if low is None and high is None:
        return mask
    bad = [v for v in (low, high) if v is not None and (not math.isfinite(v) or v < 0)]
    if bad or (low is not None and high is not None and low > high):
        warnings.append("The latency range is invalid (negative, or min above max): ignored.")
        return mask
    if np.isnan(records.latency_s).all():
        warnings.append("This export has no latency column: the latency range is ignored.")
        return mask
    with np.errstate(invalid="ignore"):
        if low is not None:
            mask &= records.latency_s >= low
        if high is not None:
            mask &= records.latency_s <= high
    return mask


def _cache_mask(records: RequestRecords, cache: str, warnings: list[str]) -> np.ndarray:
    hit = records.cache_hit
    if cache not in ("hit", "miss"):
        warnings.append(f"Unknown cache state {cache!r} (use hit or miss): ignored.")
        return np.ones(records.n, dtype=bool)
    if not (hit >= 0).any():
        warnings.append("This export has no cached-token figures: the cache filter is ignored.")
        return np.ones(records.n, dtype=bool)
    mask: np.ndarray = hit == (1 if cache == "hit" else 0)
    return mask


def _request_id_mask(records: RequestRecords, text: str, warnings: list[str]) -> np.ndarray:
    """Rows whose request ID, trace ID (seed 001: one business request) or row ID (seed 004:
    "Correlation or row id, for finding one request by known id") contains ``text``."""
    columns = [c for c in (records.request_id, records.trace_id, records.row_id) if c is not None]
    if not columns:
        warnings.append("This export has no request ID column: the request ID filter is ignored.")
        return np.ones(records.n, dtype=bool)
    found = np.zeros(records.n, dtype=bool)
    for ids in columns:
        matched = pc.match_substring(ids, text, ignore_case=True).fill_null(False)
        found |= matched.to_numpy(zero_copy_only=False)
    return found
