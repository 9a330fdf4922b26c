"""What is wrong in an input, said once, clearly, with the lines it concerns.

Each kind of problem has a code (``LoadProblem.code``). Row-level problems (a ragged row, a
very long cell) are listed one by one up to ``MAX_LISTED`` per code and then summed up in
one entry, so a broken 1M-row file yields a readable list rather than a million entries.
Problems that touch many lines at once (blank lines, invalid bytes, NUL bytes) are one
entry naming the first few lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pyarrow.compute as pc

from csvinspect.core.chunks import Text, pieces
from csvinspect.core.reading.lines import offsets_of
from csvinspect.core.table import LoadProblem

MAX_LISTED = 1000
LINES_NAMED = 10  # lines spelled out in an aggregated message
LONG_CELL_CHARS = 100_000

RAGGED = "ragged"
BLANK_LINES = "blank_lines"
INVALID_BYTES = "invalid_bytes"
NUL = "nul"
LONG_FIELD = "long_field"
UNCLOSED_QUOTE = "unterminated_quote"
DUPLICATE_HEADER = "duplicate_header"
HEADER_ONLY = "header_only"
EMPTY = "empty"
# A file with no data rows has no rows to shade: it gets a plain sentence (issue 9).
NO_DATA = frozenset({EMPTY, HEADER_ONLY})


class ProblemLog:
    """Collects problems, capping the entries per code and summarising the rest."""

    def __init__(self) -> None:
        self._problems: list[LoadProblem] = []
        self._listed: Counter[str] = Counter()
        self._unlisted: dict[str, int] = defaultdict(int)

    def add(self, code: str, line: int | None, message: str, row: int | None = None) -> None:
        if self._listed[code] >= MAX_LISTED:
            self._unlisted[code] += 1
            return
        self._listed[code] += 1
        self._problems.append(LoadProblem(line=line, message=message, code=code, row=row))

    def skip(self, code: str, count: int) -> None:
        """Count ``count`` more problems of ``code`` without building them (past the cap)."""
        if count > 0:
            self._unlisted[code] += count

    def result(self) -> list[LoadProblem]:
        """Problems in line order, file-wide ones first, then one summary per capped code."""
        problems = sorted(self._problems, key=lambda p: -1 if p.line is None else p.line)
        for code, more in self._unlisted.items():
            problems.append(
                LoadProblem(
                    line=None,
                    message=f"{more:,} more problems of this kind ({code}) are not listed",
                    code=code,
                )
            )
        return problems


def no_data_sentence(problems: list[LoadProblem]) -> str | None:
    """``The file is empty`` or ``Only a header row, no data rows``; None when it has rows.

    Issue 9: an empty file read "empty (1). Every row is kept; affected rows are shaded".
    """
    for problem in problems:
        if problem.code == EMPTY:
            return problem.message[:1].upper() + problem.message[1:]  # "(only 3 blank lines)"
        if problem.code == HEADER_ONLY:
            return "Only a header row, no data rows"
    return None


def name_lines(lines: list[int] | np.ndarray, total: int | None = None) -> str:
    """``"lines 5, 9, 12"``, or ``"line 5"``, or ``"lines 5, 9, … and 997 more"``."""
    total = len(lines) if total is None else total
    shown = ", ".join(str(int(n)) for n in lines[:LINES_NAMED])
    word = "line" if total == 1 else "lines"
    more = total - min(len(lines), LINES_NAMED)
    return f"{word} {shown}" + (f" and {more:,} more" if more > 0 else "")


def rows_containing(columns: list[Text], needle: str) -> np.ndarray:
    """Sorted indices of the rows in which any cell contains ``needle``."""
    if not columns:
        return np.empty(0, dtype=np.int64)
    hit = np.zeros(len(columns[0]), dtype=bool)
    for column in columns:
        found = pc.fill_null(pc.match_substring(column, needle), False)
        hit |= found.to_numpy(zero_copy_only=False)
    return np.flatnonzero(hit)


def long_cells(columns: list[Text]) -> list[tuple[int, int, int]]:
    """``(row, column, characters)`` of every cell longer than ``LONG_CELL_CHARS``."""
    found: list[tuple[int, int, int]] = []
    for index, column in enumerate(columns):
        for start, piece in pieces(column):
            values = piece.buffers()[2]
            if values is None or values.size <= LONG_CELL_CHARS:
                continue  # a chunk of pyarrow's: too few bytes for a long cell
            offsets = offsets_of(piece)
            byte_lengths = offsets[1:] - offsets[:-1]
            # Bytes bound characters from above, so only the few long ones are measured.
            for row in np.flatnonzero(byte_lengths > LONG_CELL_CHARS):
                chars = len(piece[int(row)].as_py() or "")
                if chars > LONG_CELL_CHARS:
                    found.append((int(row) + start, index, chars))
    found.sort()
    return found


def duplicate_names(header: list[str]) -> dict[str, list[int]]:
    """Each header name written more than once, with its 1-based column positions."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, name in enumerate(header):
        positions[name].append(index + 1)
    return {name: where for name, where in positions.items() if len(where) > 1}
