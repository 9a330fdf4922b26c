"""The per-column filter language, parsed into a small tree and never evaluated as code.

One expression per column, spaces around operators allowed; the syntax is ``FILTER_HELP``,
the text the app shows (issue 10: one copy, so the app's help cannot fall behind the
parser). Regular expressions are RE2. A filter that cannot be parsed raises
``FilterSyntaxError`` with a message meant for the user (issue 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

OPERATORS = (">=", "<=", "!=", "==", ">", "<", "=")

FILTER_HELP = """\
Filter this column:
  429            equals 429 (numbers) / contains 429 (text)
  =alice         the whole cell is alice (any case)
  >80  <=5s      compare values; also >= and !=
  <80%           below 80 percent (<80 on a percent column)
  10..20         between 10 and 20, both included
  empty  !empty  the cell is empty / is not empty
  /regex/        regular expression (/regex/i ignores case)
  !expr          where expr does not hold: !alice  !/^gpt/
Numbers may carry a currency sign, thousands separators
and a unit (% s ms min h, or k M for thousands, millions):
  >$1,000  <=¥2.5k  €5..€10  >1.5min  <300ms  >1.2M
On a duration column a bare number is in the column's
own unit: >30000 on latency_ms is 30 s.
Dates on time columns:
  >2026-11-22 07:00  <=2026-11-30
They compare with the time as written in the cell,
whatever its UTC offset: >=2026-07-08 13:00
matches 2026-07-08 13:00+02:00. A date with an
offset is an instant: >=2026-07-08 11:00Z
matches 13:00+02:00 too."""

_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)\s*[¥$€£]?\s*(?P<digits>(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)"
    r"\s*(?P<unit>%|ms|min|s|m|h|k|K|M)?$"
)
_TIMESTAMP = re.compile(
    r"^(?P<wall>\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?)"
    r"(?P<zone>(?<=\d:\d\d)\s*(Z|[-+]\d{2}:?\d{2}))?$"
)
_REGEX = re.compile(r"^/(?P<pattern>.*)/(?P<flags>i?)$", re.DOTALL)


class FilterSyntaxError(ValueError):
    """A filter the user typed that cannot be understood; ``str()`` explains why."""


@dataclass(frozen=True)
class Literal:
    """A value as typed, with its number and unit when it reads as one."""

    text: str
    number: float | None = None
    unit: str = ""
    timestamp: float | None = None  # wall-clock seconds (as if UTC) for date literals
    offset: float | None = None  # seconds east of UTC when the date writes one: an instant


@dataclass(frozen=True)
class Comparison:
    op: str  # one of OPERATORS, "==" normalised to "="
    value: Literal


@dataclass(frozen=True)
class Between:
    low: Literal
    high: Literal


@dataclass(frozen=True)
class Empty:
    pass


@dataclass(frozen=True)
class Pattern:
    regex: str
    ignore_case: bool = False


@dataclass(frozen=True)
class Term:
    """A bare value: numeric equality on numeric columns, substring on text columns."""

    value: Literal


@dataclass(frozen=True)
class Negation:
    inner: FilterNode


FilterNode = Comparison | Between | Empty | Pattern | Term | Negation


def parse_literal(text: str) -> Literal:
    """Read ``text`` as a number (with unit) or a timestamp when it is one."""
    text = text.strip()
    match = _NUMBER.match(text)
    if match:
        number = float(match["digits"].replace(",", ""))
        if match["sign"] == "-":
            number = -number
        return Literal(text, number, match["unit"] or "")
    stamp = _TIMESTAMP.match(text)
    if stamp:
        try:
            moment = np.datetime64(stamp["wall"].replace(" ", "T"), "s")
        except ValueError:  # 2026-13-45 looks like a date but is none
            raise FilterSyntaxError(f"{text!r} is not a valid date") from None
        offset = _zone_seconds(stamp["zone"].strip()) if stamp["zone"] else None
        return Literal(text, timestamp=float(moment.astype(np.int64)), offset=offset)
    return Literal(text)


def _zone_seconds(zone: str) -> float:
    if zone == "Z":
        return 0.0
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes >= 60:
        raise FilterSyntaxError(f"{zone!r} is not a UTC offset")
    return (-1.0 if zone[0] == "-" else 1.0) * (hours * 3600 + minutes * 60)


def _needs_value(literal: Literal, what: str) -> Literal:
    if literal.number is None and literal.timestamp is None:
        shown = literal.text or "nothing"
        raise FilterSyntaxError(f"{what} needs a number or a date, not {shown!r}")
    return literal


def parse_filter(text: str) -> FilterNode | None:
    """Parse one column filter; ``None`` for an empty filter (no restriction)."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("!") and not text.startswith("!="):
        inner = parse_filter(text[1:])
        if inner is None:
            raise FilterSyntaxError("'!' needs something to negate, e.g. !empty")
        return Negation(inner)
    if text.lower() == "empty":
        return Empty()
    if text.startswith("/"):
        match = _REGEX.match(text)
        if not match or not match["pattern"]:
            raise FilterSyntaxError("a regular expression is written /pattern/ or /pattern/i")
        return Pattern(match["pattern"], ignore_case=match["flags"] == "i")
    for op in OPERATORS:
        if text.startswith(op):
            value = parse_literal(text[len(op) :])
            op = "=" if op == "==" else op
            if op in ("=", "!="):
                if not value.text:
                    raise FilterSyntaxError(f"'{op}' needs a value after it")
                return Comparison(op, value)
            return Comparison(op, _needs_value(value, f"'{op}'"))
    if ".." in text:
        low_text, _, high_text = text.partition("..")
        low = _needs_value(parse_literal(low_text), "a range")
        high = _needs_value(parse_literal(high_text), "a range")
        return Between(low, high)
    return Term(parse_literal(text))


def parse_search(text: str) -> Pattern | Term | None:
    """Parse the search box: plain text (any case) or ``/regex/``."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("/") and len(text) > 1:
        match = _REGEX.match(text)
        if not match or not match["pattern"]:
            raise FilterSyntaxError("a regular expression is written /pattern/ or /pattern/i")
        return Pattern(match["pattern"], ignore_case=match["flags"] == "i")
    return Term(Literal(text))
