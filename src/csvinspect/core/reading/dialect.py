"""Which delimiter a file uses, and Excel's ``sep=`` hint line.

The delimiter is the candidate that splits the sample into records of one consistent width
(respecting quotes), as issue 2 asks, rather than the one that merely occurs most often: a
comma export whose Failure Reason cells hold ``"502 (3); 401 (5)"`` must stay comma.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from csvinspect.core.reading.tokenizer import allow_long_fields

CANDIDATES = (",", ";", "\t", "|")
DEFAULT_DELIMITER = ","
# Share of records that must have the modal width for a delimiter to count as consistent.
CONSISTENT = 0.9
_SEP_LINE = re.compile(r'"?sep=(.)"?(\r\n|\r|\n|$)')
# The delimiters people name rather than type: ``--delimiter tab``, "delimiter semicolon" in
# the text report, the import bar's list. One table for all three (issue 10).
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", " ": "space"}


def delimiter_name(delimiter: str) -> str:
    """The word for a delimiter ("tab"), or the quoted character when it has none ("'#'")."""
    return DELIMITER_NAMES.get(delimiter, repr(delimiter))


def named_delimiter(text: str) -> str:
    """The delimiter ``text`` names ("tab", "\\t") or is; any other text comes back as is."""
    by_name = {name: value for value, name in DELIMITER_NAMES.items()}
    return "\t" if text == "\\t" else by_name.get(text.lower(), text)


@dataclass(frozen=True)
class SepLine:
    """Excel's first line ``sep=;``: the delimiter it names and its length in characters."""

    delimiter: str
    length: int


def find_sep_line(text: str) -> SepLine | None:
    """The ``sep=X`` line at the very start of ``text`` (after any BOM), if there is one."""
    match = _SEP_LINE.match(text)
    if match is None or match.group(1) in '\r\n"':
        return None
    return SepLine(match.group(1), match.end())


@dataclass(frozen=True)
class Sniffed:
    """The delimiter, the widest record in the sample, and whether a cell spans lines."""

    delimiter: str
    width: int
    multiline: bool


def sniff(sample: str, *, complete: bool, delimiter: str | None = None) -> Sniffed:
    """Choose the delimiter of ``sample`` (unless given) and describe its records.

    ``complete`` says whether ``sample`` is the whole file; if not, its last record may be
    cut short and is ignored. Among ``, ; tab |``, near-consistent candidates
    (``CONSISTENT``) win, then wider records, then stricter consistency, and a header of
    the modal width counts first.
    """
    if delimiter is not None:
        return _shape(sample, delimiter, complete)
    best: tuple[tuple[bool, bool, int, float], Sniffed] | None = None
    for candidate in CANDIDATES:
        if candidate not in sample:
            continue
        shape, widths = _shape_and_widths(sample, candidate, complete)
        counts = Counter(widths)
        mode = max(counts, key=lambda width: (counts[width], width), default=0)
        if mode < 2:
            continue
        consistency = counts[mode] / len(widths)
        near = consistency >= CONSISTENT
        key = (near and widths[0] == mode, near, mode, consistency)
        if best is None or key > best[0]:
            best = (key, shape)
    # No candidate splits the records: a one-column file.
    return best[1] if best is not None else _shape(sample, DEFAULT_DELIMITER, complete)


def sniff_delimiter(sample: str, *, complete: bool) -> str:
    """The delimiter ``sniff`` would choose for ``sample``."""
    return sniff(sample, complete=complete).delimiter


def _shape(sample: str, delimiter: str, complete: bool) -> Sniffed:
    return _shape_and_widths(sample, delimiter, complete)[0]


def _shape_and_widths(sample: str, delimiter: str, complete: bool) -> tuple[Sniffed, list[int]]:
    """Widths of the non-blank records of ``sample`` (without a possibly cut last one)."""
    allow_long_fields()
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
    rows = 0
    widths: list[int] = []
    try:
        for row in reader:
            rows += 1
            if row:
                widths.append(len(row))
    except csv.Error:
        pass  # cannot happen with the field limit lifted; judge on the records before it
    # A record that spans lines consumes more lines than it yields rows.
    multiline = reader.line_num > rows
    if not complete and len(widths) > 1:
        widths.pop()
    return Sniffed(delimiter, max(widths, default=1), multiline), widths
