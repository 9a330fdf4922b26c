"""From records to the header, the data columns and the problems found on the way.

Both reading paths end here, so a file reports the same problems with the same line
numbers whichever path read it. Ragged rows stay: a short row's missing cells are null, a
long row's extra cells go into extra columns named ``(extra 1)``, ``(extra 2)``, ...
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from csvinspect.core.chunks import Text
from csvinspect.core.reading import problems as P
from csvinspect.core.reading.tokenizer import Records
from csvinspect.core.table import LoadProblem


@dataclass
class Assembled:
    header: list[str]
    columns: list[Text]
    line_numbers: np.ndarray
    problems: list[LoadProblem]


def assemble(
    records: Records | None,
    *,
    has_header: bool,
    encoding: str,
    invalid_bytes: int = 0,
    has_nul: bool = False,
    blank_lines: int = 0,
) -> Assembled:
    """Split off the header, name every column and collect the problems of ``records``.

    ``records`` is ``None`` for a file with no records at all; ``blank_lines`` then says
    how many blank lines it had.
    """
    log = P.ProblemLog()
    if records is None or not records.columns or len(records.start_lines) == 0:
        # A table with no columns rather than a LoadError (issue 2 prefers a table): the
        # user sees the file and why it is empty.
        blank = blank_lines if records is None else len(records.blank_lines)
        detail = f" (only {blank:,} blank line{'s' if blank != 1 else ''})" if blank else ""
        log.add(P.EMPTY, None, f"the file is empty{detail}")
        return Assembled([], [], np.empty(0, dtype=np.int64), log.result())
    lines = records.start_lines
    expected = int(records.widths[0])
    skip = 1 if has_header else 0
    header = _header(records, has_header, expected)
    columns = [column.slice(skip) for column in records.columns]
    data_lines = lines[skip:]
    _report_ragged(log, records.widths[skip:], data_lines, expected, has_header)
    if records.blank_lines:
        count = len(records.blank_lines)
        log.add(
            P.BLANK_LINES,
            records.blank_lines[0],
            f"{count:,} blank line{'s' if count != 1 else ''} skipped "
            f"({P.name_lines(records.blank_lines)})",
        )
    for line in records.unclosed_quote_lines:
        log.add(
            P.UNCLOSED_QUOTE,
            line,
            f"a quote opened on line {line} is never closed; it is kept as a plain character "
            "and the lines after it are read as usual",
            _row_of(line, data_lines),
        )
    if invalid_bytes:
        _report_in_cells(
            log,
            P.INVALID_BYTES,
            records.columns,
            "\ufffd",
            lines,
            skip,
            f"{invalid_bytes:,} byte sequence{'s are' if invalid_bytes != 1 else ' is'} "
            f"not valid {encoding} and show{'' if invalid_bytes != 1 else 's'} as \ufffd",
        )
    if has_nul:
        _report_in_cells(
            log,
            P.NUL,
            records.columns,
            "\x00",
            lines,
            skip,
            "NUL bytes (binary zeros) are kept in the cells as they are",
        )
    for row, column, chars in P.long_cells(columns):
        log.add(
            P.LONG_FIELD,
            int(data_lines[row]),
            f"a cell of {chars:,} characters in column {column + 1} ({header[column]}); "
            "it is kept whole but may be slow to show",
            row,
        )
    if has_header:
        for name, where in P.duplicate_names(header).items():
            log.add(
                P.DUPLICATE_HEADER,
                int(lines[0]),
                f"the header name {name!r} appears {len(where)} times (columns "
                f"{', '.join(map(str, where))}); every column is kept",
            )
        if len(data_lines) == 0:
            log.add(P.HEADER_ONLY, int(lines[0]), "header only, no data rows")
    return Assembled(header, columns, data_lines, log.result())


def _header(records: Records, has_header: bool, expected: int) -> list[str]:
    width = len(records.columns)
    if not has_header:
        return [f"Column {i + 1}" for i in range(width)]
    names = [records.columns[i][0].as_py() or "" for i in range(expected)]
    return names + [f"(extra {i - expected + 1})" for i in range(expected, width)]


def _report_ragged(
    log: P.ProblemLog, widths: np.ndarray, lines: np.ndarray, expected: int, has_header: bool
) -> None:
    rows = np.flatnonzero(widths != expected)
    reference = "the header has" if has_header else "the first row has"
    for row in rows[: P.MAX_LISTED].tolist():
        got = int(widths[row])
        if got < expected:
            what = "the missing cells are left empty"
        else:
            extra = got - expected
            what = (
                "the extra cell is kept in column (extra 1)"
                if extra == 1
                else f"the extra cells are kept in columns (extra 1)-(extra {extra})"
            )
        log.add(
            P.RAGGED,
            int(lines[row]),
            f"row has {got} cell{'s' if got != 1 else ''}, {reference} {expected}; {what}",
            row,
        )
    log.skip(P.RAGGED, max(0, len(rows) - P.MAX_LISTED))


def _report_in_cells(
    log: P.ProblemLog,
    code: str,
    columns: list[Text],
    needle: str,
    lines: np.ndarray,
    skip: int,
    message: str,
) -> None:
    """One problem naming the lines of the records whose cells contain ``needle``."""
    records = P.rows_containing(columns, needle)
    if len(records) == 0:
        log.add(code, None, message)
        return
    where = lines[records]
    first = int(records[0])
    row = first - skip if first >= skip else None
    log.add(code, int(where[0]), f"{message}: {P.name_lines(where)}", row)


def _row_of(line: int, data_lines: np.ndarray) -> int | None:
    """The data row starting on ``line``, if one does."""
    index = int(np.searchsorted(data_lines, line))
    if index < len(data_lines) and data_lines[index] == line:
        return index
    return None
