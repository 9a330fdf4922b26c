"""Money: ``¥905.48``, ``$1,234.56``, ``905,48 €``, ``CNY 12.30``, ``12.30元``, ``(¥3.20)``.

A cell is an amount with a currency marker before or after it (a symbol, an ISO code or
元), an optional sign on either side of a leading marker, or parentheses for a negative
amount. The column's currency is the one most of its marked cells carry, recorded as an
ISO code (¥/￥/RMB/元/CNY -> CNY, $/＄/USD -> USD, € -> EUR, £ -> GBP ...). A cell in
another currency is left unparsed rather than silently added to the wrong sum. Bare numbers
in a money column take the column's currency (a ``0`` among ``¥`` amounts is still yuan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import (
    SIGN,
    WS,
    number_pattern,
    number_values,
    read_affixed,
    spread_sample,
)
from csvinspect.core.cells.separators import vote

_BASE_MARKERS = {
    "¥": "CNY",
    "￥": "CNY",
    "CN¥": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "$": "USD",
    "＄": "USD",
    "US$": "USD",
    "USD": "USD",
    "美元": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "JPY": "JPY",
    "円": "JPY",
    "JP¥": "JPY",
    "HK$": "HKD",
    "HKD": "HKD",
    "NT$": "TWD",
    "TWD": "TWD",
    "₩": "KRW",
    "KRW": "KRW",
    "₹": "INR",
    "INR": "INR",
    "CHF": "CHF",
    "A$": "AUD",
    "AUD": "AUD",
    "C$": "CAD",
    "CAD": "CAD",
    "S$": "SGD",
    "SGD": "SGD",
    "₽": "RUB",
    "RUB": "RUB",
}
CURRENCY_MARKERS: dict[str, str] = {
    **_BASE_MARKERS,
    **{k.lower(): v for k, v in _BASE_MARKERS.items() if k.isascii() and k.isalpha()},
}
_MARKERS_LONGEST_FIRST = sorted(CURRENCY_MARKERS, key=len, reverse=True)
_CURRENCY = "|".join(re.escape(m) for m in _MARKERS_LONGEST_FIRST)
_HEADER_CODE = re.compile(r"(?<![a-z])(usd|cny|rmb|eur|gbp|jpy|hkd)(?![a-z])", re.IGNORECASE)
_HEADER_SYMBOL = {
    "$": "USD",
    "＄": "USD",
    "¥": "CNY",
    "￥": "CNY",
    "元": "CNY",
    "€": "EUR",
    "£": "GBP",
}


def money_pattern(decimal_comma: bool) -> str:
    number = number_pattern(decimal_comma)
    return (
        f"^(?P<open>\\()?{WS}(?P<s1>{SIGN})?{WS}(?P<pre>{_CURRENCY})?{WS}(?P<s2>{SIGN})?{WS}"
        f"(?P<num>{number}){WS}(?P<suf>{_CURRENCY})?{WS}(?P<close>\\))?$"
    )


@dataclass
class MoneyValues:
    """A column read as money."""

    values: np.ndarray  # float64 amounts in ``currency``; NaN where not read
    currency: str | None  # ISO code, None when no cell names one
    marked: int  # cells that carried a currency marker


def read_money(
    cells: pa.Array, *, decimal_comma: bool, weights: np.ndarray | None = None
) -> MoneyValues:
    """Read every cell as an amount and settle the column's currency.

    ``weights``: how many rows each cell stands for, when ``cells`` are a column's
    distinct texts; the currency is the one most rows carry.
    """
    markers = _markers_seen(spread_sample(cells), decimal_comma)
    fast = read_affixed(cells, decimal_comma=decimal_comma, prefixes=markers, suffixes=markers)
    values = fast.values
    marker_of_cell = np.full(len(values), -1, np.int16)
    both = (fast.prefix >= 0) & (fast.suffix >= 0)
    values[both] = np.nan
    marker_of_cell[fast.prefix >= 0] = fast.prefix[fast.prefix >= 0]
    marker_of_cell[fast.suffix >= 0] = fast.suffix[fast.suffix >= 0]
    codes = [CURRENCY_MARKERS[m] for m in markers]

    valid = cells.is_valid().to_numpy(zero_copy_only=False)
    leftover = np.flatnonzero(valid & np.isnan(values))
    if len(leftover):
        exact_values, exact_markers = _read_exact(cells.take(pa.array(leftover)), decimal_comma)
        values[leftover] = exact_values
        for marker in pc.unique(exact_markers).drop_null().to_pylist():
            if marker not in markers:
                markers.append(marker)
                codes.append(CURRENCY_MARKERS[marker])
        found = pc.index_in(exact_markers, value_set=pa.array(markers, pa.string()))
        marker_of_cell[leftover] = found.fill_null(-1).to_numpy(zero_copy_only=False)

    read = ~np.isnan(values)
    marked = read & (marker_of_cell >= 0)
    if not codes or not marked.any():
        return MoneyValues(values, None, 0)
    isos = sorted(set(codes))
    iso_index = np.array([isos.index(c) for c in codes], np.int16)
    iso_of_cell = np.where(marker_of_cell >= 0, iso_index[np.maximum(marker_of_cell, 0)], -1)
    rows = None if weights is None else weights[marked]
    counts = np.bincount(iso_of_cell[marked], weights=rows, minlength=len(isos))
    main = int(np.argmax(counts))
    values[marked & (iso_of_cell != main)] = np.nan
    return MoneyValues(values, isos[main], int(counts.sum()))


def _markers_seen(sample: pa.Array, decimal_comma: bool) -> list[str]:
    """Markers used in a sample of the column, longest first (for the fast path)."""
    if len(sample) == 0:
        return []
    _, found = _read_exact(sample, decimal_comma)
    seen = set(pc.unique(found).drop_null().to_pylist())
    return [m for m in _MARKERS_LONGEST_FIRST if m in seen]


def _read_exact(cells: pa.Array, decimal_comma: bool) -> tuple[np.ndarray, pa.Array]:
    """The regular-expression reading: amounts and the marker of each cell (null: none)."""
    parts = pc.extract_regex(cells, money_pattern(decimal_comma))
    field = {name: parts.field(name) for name in ("open", "s1", "pre", "s2", "num", "suf", "close")}
    values = number_values(field["num"], decimal_comma)
    blank = {
        name: pc.equal(arr, "").fill_null(True).to_numpy(zero_copy_only=False)
        for name, arr in field.items()
    }
    ok = ~np.isnan(values)
    ok &= blank["pre"] | blank["suf"]  # one marker at most
    ok &= blank["open"] == blank["close"]  # balanced parentheses
    ok &= blank["s1"] | blank["s2"]  # one sign at most
    ok &= blank["open"] | (blank["s1"] & blank["s2"])  # no sign inside parentheses
    negative = ~blank["open"]
    for sign in ("s1", "s2"):
        negative |= (
            pc.is_in(field[sign], value_set=pa.array(["-", "\u2212"]))
            .fill_null(False)
            .to_numpy(zero_copy_only=False)
        )
    values = np.where(negative, -values, values)
    values[~ok] = np.nan
    markers = pc.if_else(pc.equal(field["pre"], ""), field["suf"], field["pre"])
    keep = pa.array(ok & ~(blank["pre"] & blank["suf"]))
    return values, pc.if_else(keep, markers, pa.scalar(None, pa.string()))


def currency_in_header(header: str) -> str | None:
    """ISO code a header names: ``Spend ($)`` -> USD, ``cost_usd`` -> USD, ``金额(元)`` -> CNY."""
    match = _HEADER_CODE.search(header)
    if match:
        code = match.group(1).upper()
        return "CNY" if code == "RMB" else code
    for symbol, code in _HEADER_SYMBOL.items():
        if symbol in header:
            return code
    return None


def parse_money_decimal(
    text: str, *, decimal_comma: bool | None = None
) -> tuple[Decimal, str | None] | None:
    """Exact amount and ISO currency of one cell, for finance reconciliation.

    ``decimal_comma=None`` reads the notation from the cell itself (``905,48 €`` -> comma).
    Returns None when the cell is not an amount.
    """
    if decimal_comma is None:
        digits = re.sub(r"[^0-9.,]", "", text)
        decimal_comma = vote(digits) > 0
    match = re.match(money_pattern(decimal_comma), text.strip())
    if match is None:
        return None
    g = match.groupdict(default="")
    if (g["pre"] and g["suf"]) or bool(g["open"]) != bool(g["close"]) or (g["s1"] and g["s2"]):
        return None
    if g["open"] and (g["s1"] or g["s2"]):
        return None
    number = re.sub(
        r"[.'\s\u00a0\u202f\u2009]" if decimal_comma else r"[,'\s\u00a0\u202f\u2009]", "", g["num"]
    )
    if decimal_comma:
        number = number.replace(",", ".")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    if g["open"] or (g["s1"] + g["s2"]) in ("-", "\u2212"):
        amount = -amount
    marker = g["pre"] or g["suf"]
    return amount, CURRENCY_MARKERS[marker] if marker else None
