"""What a column's header says about its bare numbers: unit, currency, scale, identity.

Cells like ``8123`` mean nothing without their header: ``latency_ms`` makes them
milliseconds, ``use_time`` seconds, ``created_at`` unix time, ``Spend ($)`` US dollars,
``success_rate (0-100)`` a percentage and ``user_id`` an identifier that must never be
summed. The canonical field (``core/fields.py``) is consulted first; the header words
catch the dialects the alias table does not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from csvinspect.core.cells.money import currency_in_header

# Fields whose cells identify something: typed ID whatever their cells look like.
ID_FIELDS = frozenset(
    {
        "id",
        "request_id",
        "user_id",
        "token",
        "api_key",
        "team_id",
        "project_id",
        "channel",
        "auth_index",
        "trace_id",
    }
)
# Fields holding codes: numbers that are neither counted nor summed.
CODE_FIELDS = frozenset({"status_code", "log_type"})
DURATION_FIELDS = frozenset({"latency", "first_token_latency"})
TIME_FIELDS = frozenset({"time", "start_time", "latest_time", "end_time", "first_token_time"})
RATE_FIELDS = frozenset({"success_rate", "failure_rate", "cache_hit_rate", "cache_request_share"})
MONEY_FIELDS = frozenset({"cost", "cost_usd"})

# Duration headers whose dialects do not name the unit: one-api's elapsed_time is in
# milliseconds, new-api's use_time in seconds (shared/samples/README.md).
_MS_HEADERS = ("elapsed_time", "elapsedtime", "frt", "generation_time")
_S_HEADERS = ("use_time", "usetime")
_UNIT_SECONDS = {
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "毫秒": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "秒": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minutes": 60.0,
    "分钟": 60.0,
}
_WORDS = re.compile(r"[a-z]+|[0-9]+|[\u4e00-\u9fff]+")
_PARENS = re.compile(r"[(（\[]([^)）\]]*)[)）\]]")


@dataclass(frozen=True)
class HeaderHints:
    """How to read a column's bare numbers, from its header alone."""

    is_id: bool = False
    is_code: bool = False
    is_duration: bool = False
    duration_unit: float | None = None  # seconds per unit of bare numbers; None: guess
    is_time: bool = False  # a point in time: unix seconds/milliseconds allowed
    is_rate: bool = False  # a rate or share: 0-1 fraction or 0-100 percentage
    percent_scale: float | None = None  # 0.01 when the header says the numbers are 0-100
    is_money: bool = False
    currency: str | None = None


def header_hints(header: str, field: str | None) -> HeaderHints:
    """Read ``header`` (and its canonical ``field``) for units, currency and meaning."""
    lower = header.strip().lower()
    words = _WORDS.findall(lower)
    last = words[-1] if words else ""
    unit = _unit_of(lower, words)
    currency = currency_in_header(header)
    is_id = field in ID_FIELDS or (field is None and last == "id")
    is_duration = field in DURATION_FIELDS or (
        field is None
        and (
            last == "ms"
            or unit is not None
            or any(w in ("latency", "duration", "elapsed") for w in words)
            or "耗时" in lower
            or "用时" in lower
        )
    )
    duration_unit = None
    if is_duration:
        if unit is not None:
            duration_unit = unit
        elif any(h in lower.replace(" ", "_") for h in _MS_HEADERS):
            duration_unit = 0.001
        elif any(h in lower.replace(" ", "_") for h in _S_HEADERS):
            duration_unit = 1.0
    is_time = field in TIME_FIELDS or (
        not is_duration
        and field is None
        and (last in ("at", "time", "timestamp", "date") or "时间" in lower)
    )
    rate_word = any(w in ("rate", "share") for w in words) or "率" in lower or "占比" in lower
    is_rate = field in RATE_FIELDS or (field is None and rate_word)
    percent_scale = 0.01 if is_rate and ("0-100" in lower or "%" in lower) else None
    is_money = field in MONEY_FIELDS or (
        field is None and any(w in ("cost", "spend", "price", "amount") for w in words)
    )
    if field == "cost_usd" and currency is None:
        currency = "USD"
    return HeaderHints(
        is_id=is_id,
        is_code=field in CODE_FIELDS,
        is_duration=is_duration,
        duration_unit=duration_unit,
        is_time=is_time and not is_duration,
        is_rate=is_rate,
        percent_scale=percent_scale,
        is_money=is_money,
        currency=currency if is_money else None,
    )


def _unit_of(lower: str, words: list[str]) -> float | None:
    """Seconds per unit named in ``(ms)``-style parentheses or a ``_ms`` suffix."""
    for inside in _PARENS.findall(lower):
        for word in _WORDS.findall(inside):
            if word in _UNIT_SECONDS:
                return _UNIT_SECONDS[word]
    if words and words[-1] in ("ms", "sec", "secs", "seconds", "毫秒", "秒"):
        return _UNIT_SECONDS[words[-1]]
    return None
