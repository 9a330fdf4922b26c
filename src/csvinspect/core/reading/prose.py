"""Whether pasted text is a table at all, or prose that a delimiter would chop into columns.

Issue 9: "Pasted prose becomes a 2-column 'table'". A sentence with a comma splits into two
cells like any CSV row, so the reader alone cannot tell. Before a paste opens, the app asks
``judge_paste``; when the text reads as sentences that no delimiter splits consistently, it
says why and opens the text only if the user insists. Files are never asked about: a file
is opened on purpose.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

from csvinspect.core.reading.dialect import DELIMITER_NAMES, sniff
from csvinspect.core.reading.json_records import json_format
from csvinspect.core.reading.tokenizer import allow_long_fields

SAMPLE_CHARS = 64 * 1024  # the start of the paste that is judged
SAMPLE_LINES = 200
CONSISTENT = 0.9  # as in dialect.py: share of records with the common width
# Share of lines that read as sentences from which lines that no delimiter splits are
# prose; a list of models, IDs or tokens has none.
PROSE_SHARE = 0.3
# Share of the records with the common width below which the lines have no structure.
SCATTERED = 0.5
# Share of delimiters followed by a space ("one, two"), as in writing; exports write "1,2".
SPACED_SHARE = 0.8
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"’”)\]」』]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_NOT_IN_A_RUN = re.compile(r"[,;\t|]")
_RUN_WORDS = 10  # words in a row, no delimiter between them, that make a sentence


@dataclass(frozen=True)
class PasteVerdict:
    """Whether pasted text looks like a table; ``reason`` says why not, for the question."""

    looks_like_table: bool
    reason: str = ""


def judge_paste(text: str) -> PasteVerdict:
    """Judge the start of pasted ``text``: a table, or prose to ask about before opening.

    A table is text that a delimiter splits into records of one width, or a one-column
    list (models, IDs, tokens). Text is not a table when its lines read as sentences
    (words ending in ``.``, ``?``, ``!`` or ``。``, or a long run of words) that no delimiter
    splits consistently, when the delimiter splits lines into scattered numbers of fields,
    or when the only delimiter is the comma of writing (``one, two``).
    """
    sample = text[:SAMPLE_CHARS]
    if json_format(sample.encode("utf-8", errors="replace")) is not None:
        return PasteVerdict(True)  # JSON records open as a table of their keys (issue 11)
    lines = [line.strip() for line in sample.splitlines() if line.strip()][:SAMPLE_LINES]
    if not lines:
        return PasteVerdict(True)
    sentences = sum(1 for line in lines if _is_sentence(line))
    share = sentences / len(lines)
    said = _sentences(sentences, len(lines))
    read = "\n".join(lines)
    delimiter = sniff(read, complete=True).delimiter
    widths = _widths(read, delimiter)
    counts = Counter(widths)
    mode, common = counts.most_common(1)[0]
    consistency = common / len(widths)
    spaced = _spaced_share(read, delimiter) >= SPACED_SHARE and delimiter != "\t"
    name = DELIMITER_NAMES[delimiter]
    if mode < 2:
        if share < PROSE_SHARE:
            return PasteVerdict(True)  # a one-column list
        return PasteVerdict(False, f"{said}, and no comma, tab, semicolon or | splits them")
    if consistency < CONSISTENT:
        if share >= PROSE_SHARE or spaced or consistency < SCATTERED:
            split_what = "them" if sentences else "its lines"
            split = f"the {name}s split {split_what} into {_spread(counts)}"
            return PasteVerdict(False, f"{said}; {split}" if sentences else split)
        return PasteVerdict(True)  # a table with a few ragged rows, reported when read
    if spaced and share >= PROSE_SHARE:
        return PasteVerdict(False, f"{said}, and each {name} is followed by a space, as in writing")
    return PasteVerdict(True)


def _is_sentence(line: str) -> bool:
    """Words ending like a sentence, or a long run of words, in any script."""
    if _SENTENCE_END.search(line):
        return len(line.split()) >= 3 or len(_CJK.findall(line)) >= 6
    pieces = _NOT_IN_A_RUN.split(line)
    words = max(len(piece.split()) for piece in pieces)
    cjk = max(len(_CJK.findall(piece)) for piece in pieces)
    return words >= _RUN_WORDS or cjk >= 2 * _RUN_WORDS


def _widths(text: str, delimiter: str) -> list[int]:
    allow_long_fields()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        return [len(row) for row in reader if row] or [1]
    except csv.Error:
        return [1]


def _spaced_share(text: str, delimiter: str) -> float:
    found = text.count(delimiter)
    if not found:
        return 0.0
    return text.count(delimiter + " ") / found


def _sentences(count: int, lines: int) -> str:
    if lines == 1:
        return "it reads as a sentence"
    if count == lines == 2:
        return "both its lines read as sentences"
    if count == lines:
        return f"all {lines} lines read as sentences"
    return f"{count} of its {lines} lines read as sentences"


def _spread(counts: Counter[int]) -> str:
    """``"2 fields on 3 lines, 1 on 2"``: the widths the records have, commonest first."""
    parts = [
        f"{width} {'field' if width == 1 else 'fields'} on {n} {'line' if n == 1 else 'lines'}"
        if index == 0
        else f"{width} on {n}"
        for index, (width, n) in enumerate(counts.most_common(3))
    ]
    return ", ".join(parts)
