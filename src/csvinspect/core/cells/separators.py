"""Decimal comma or decimal point: decided once per file, from the evidence in its cells.

``12,345`` is twelve thousand in an English export and twelve point three four five in a
German one; the same file never means both, so the decision is made once for the file and
used for every column (issue 2). Each number-like cell votes:

* for a decimal comma: ``12,5``, ``905,48 €``, ``87,5 %``, ``0,000120`` (a comma not followed
  by exactly three digits, or after a lone ``0``), ``1.234,56`` (comma after dots), and
  ``1.234.567`` (dots grouping thousands);
* for a decimal point: ``3.85``, ``99.64%``, ``0.466996``, ``1,234.56`` and ``10,630,215``;
* not at all: ``12,345`` or ``12.345`` (one separator followed by three digits), plain integers.

The side with more votes wins. With no votes either way, a ``;``-delimited file whose
numbers contain commas is read with a decimal comma (that is how spreadsheets in
decimal-comma locales save CSV); everything else defaults to a decimal point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# One number, possibly signed, with up to a few characters of currency/unit around it.
_NUMBER_CELL = re.compile(r"^[^0-9]{0,4}?[-+\u2212(]?\s*([0-9][0-9.,]*[0-9]|[0-9])\s*[^0-9]{0,4}$")
_GROUPS_OF_THREE = re.compile(r"^[0-9]{1,3}(?:[.][0-9]{3})+$")


def vote(body: str) -> int:
    """+1 if ``body`` (digits, dots, commas) reads as decimal comma, -1 if as point, else 0."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return 1 if body.rfind(",") > body.rfind(".") else -1
    if commas == 1:
        head, tail = body.split(",")
        return 1 if len(tail) != 3 or head == "0" else 0
    if commas > 1:
        groups = body.split(",")
        return -1 if all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3 else 0
    if dots == 1:
        head, tail = body.split(".")
        return -1 if len(tail) != 3 or head == "0" else 0
    if dots > 1:
        groups = body.split(".")
        if len(groups) == 4 and all(int(g) <= 255 for g in groups if g):
            return 0  # an IPv4 address
        return 1 if _GROUPS_OF_THREE.match(body) else 0  # dates do not vote
    return 0


def decide_decimal_comma(cells: Iterable[str], delimiter: str = ",") -> bool:
    """Whether the file writes numbers with a decimal comma, from a sample of its cells."""
    comma_votes = point_votes = ambiguous_commas = 0
    for text in cells:
        if not text or len(text) > 40:
            continue
        match = _NUMBER_CELL.match(text.strip())
        if match is None:
            continue
        body = match.group(1)
        if ":" in text or text.count("-") > 1 or text.count("/") > 0:
            continue  # times and dates
        v = vote(body)
        if v > 0:
            comma_votes += 1
        elif v < 0:
            point_votes += 1
        elif "," in body:
            ambiguous_commas += 1
    if comma_votes != point_votes:
        return comma_votes > point_votes
    return delimiter == ";" and ambiguous_commas > 0
