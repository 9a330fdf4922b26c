"""Numbers as people read them in findings, reports and support messages."""

from __future__ import annotations

import datetime as dt
import math

from csvinspect.core.cells.zones import WrittenZones

_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def percent(fraction: float | None, digits: int = 2) -> str:
    return "n/a" if fraction is None else f"{fraction * 100:.{digits}f}%"


def count(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value):,}"


def compact(value: float | None) -> str:
    """``99,193``; ``12.3M`` and ``4.56B`` once the exact figure no longer fits a card."""
    if value is None:
        return "n/a"
    if abs(value) >= 1e9:
        return f"{value / 1e9:.2f}B"
    if abs(value) >= 1e7:
        return f"{value / 1e6:.1f}M"
    return count(value)


def counted(value: float | None, noun: str) -> str:
    """``1 error``, ``990 errors``: a count with its noun, singular when it is one."""
    one = value is not None and round(value) == 1
    return f"{count(value)} {noun if one else noun + 's'}"


def errors_of(counts: tuple[float, float, float], errors: float | None = None) -> str:
    """``7 errors of 24 requests``, from (requests, success, errors); ``errors``: some of
    them (a finding's), in place of all. Of the requests the rate is over: ``7 errors of 23
    requests with a known outcome, 1 without`` (``requests_known``)."""
    return (
        f"{counted(counts[2] if errors is None else errors, 'error')} of {requests_known(counts)}"
    )


def requests_known(counts: tuple[float, float, float]) -> str:
    """``24 requests``, from (requests, success, errors); where some have no known outcome
    (in progress, no status), those that have one, and the others counted apart: ``23
    requests with a known outcome, 1 without``. Issue 11: a rate is over those only."""
    requests, success, errors = counts
    unknown = round(requests - success - errors)
    if unknown <= 0:
        return counted(requests, "request")
    return (
        f"{counted(requests - unknown, 'request')} with a known outcome, {count(unknown)} without"
    )


def money(amount: float | None, currency: str | None, digits: int = 2) -> str:
    """``¥1,799.80``, ``$12.30``, ``12.30 GBP``; amounts below a cent keep 6 decimals."""
    if amount is None:
        return "n/a"
    if 0 < abs(amount) < 10**-digits:
        digits = 6
    text = f"{abs(amount):,.{digits}f}"
    sign = "-" if amount < 0 else ""
    symbol = _SYMBOLS.get(currency or "")
    if symbol:
        return f"{sign}{symbol}{text}"
    return f"{sign}{text} {currency}" if currency else f"{sign}{text}"


def price(amount: float | None, currency: str | None) -> str:
    """A unit price (per 1K tokens, per request) with two significant digits at least.

    ``¥0.0042``, ``¥0.13``, ``¥1.25``: rounded to cents, a cost per 1K tokens of ¥0.0123
    read ¥0.01 and one of ¥0.0042 read ¥0.00 (issue 9).
    """
    if amount is None or amount == 0 or not math.isfinite(amount) or abs(amount) >= 0.1:
        return money(amount, currency)
    digits = min(8, 1 - math.floor(math.log10(abs(amount))))
    return money(round(amount, digits), currency, digits)


RATE_FIELDS = frozenset({"success_rate", "cache_hit_rate", "cache_request_share", "failure_rate"})


def figure(field: str, value: float, currency: str | None, *, signed: bool = False) -> str:
    """A reconciled figure as the export writes it: money, percent or count."""
    shown = abs(value) if signed else value
    if field in RATE_FIELDS:
        text = percent(shown)
    elif field == "cost":
        text = money(shown, currency)
    elif float(value).is_integer():
        text = count(shown)
    else:
        text = f"{shown:,.4g}"
    if signed:
        return ("+" if value > 0 else "-" if value < 0 else "") + text
    return text


def seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}s"


def timestamp(epoch: float | None) -> str:
    """Epoch seconds as the wall-clock time the export showed (read as UTC, issue 2)."""
    if epoch is None:
        return "n/a"
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def time_span(start: float | None, latest: float | None, zone: WrittenZones | None = None) -> str:
    """The first and latest times as written, with the offset they were written at (issue
    11: ``zone``, the export's), or saying that the rows were written at different offsets."""
    if start is None and latest is None:
        return "n/a"
    label = zone.label if zone is not None and not zone.mixed else None
    first, last = (
        "n/a" if epoch is None else timestamp(epoch) + (label or "") for epoch in (start, latest)
    )
    note = ""
    if zone is not None and zone.mixed:
        note = f" (as written; UTC offsets differ: {', '.join(zone.labels)})"
    return f"{first} to {last}{note}"
