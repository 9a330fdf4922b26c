"""The loaded table: exact cell texts plus, beside them, typed values per column.

This is the contract between the loader, the analysis and the UI. Every cell keeps the
text exactly as exported (``Column.text``); typing only ever adds ``values`` beside it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:  # a type only: the table sits below the ingest that decides it
    from csvinspect.core.ingest.dialects import Dialect


class ColumnType(enum.StrEnum):
    """What a column's cells mean, decided from the whole column."""

    TEXT = "text"
    ID = "id"  # request IDs, 19-digit numbers, leading zeros: never numeric
    MONEY = "money"  # values: amount in ``currency``
    PERCENT = "percent"  # values: fraction 0-1 (87.50% -> 0.875)
    COUNT = "count"  # values: the number (12,345 -> 12345; 1.2M -> 1200000)
    NUMBER = "number"  # values: a plain decimal number that is not a count
    DURATION = "duration"  # values: seconds
    TIMESTAMP = "timestamp"  # values: epoch seconds; naive local times read as UTC wall clock


NUMERIC_TYPES = frozenset(
    {
        ColumnType.MONEY,
        ColumnType.PERCENT,
        ColumnType.COUNT,
        ColumnType.NUMBER,
        ColumnType.DURATION,
        ColumnType.TIMESTAMP,
    }
)


class RowKind(enum.IntEnum):
    """Row kind in a group-health export (seed 000: Group rows and Token rows)."""

    OTHER = 0
    GROUP = 1
    TOKEN = 2


class ReportKind(enum.StrEnum):
    GROUP_HEALTH = "group_health"
    REQUEST_LOG = "request_log"
    USAGE_SUMMARY = "usage_summary"
    GENERIC = "generic"


@dataclass(frozen=True)
class LoadProblem:
    """Something wrong in the input, named by the physical line it starts on (1-based)."""

    line: int | None
    message: str
    code: str = "other"  # ragged, unterminated_quote, nul, long_field, invalid_bytes, ...
    row: int | None = None  # 0-based data row the problem belongs to, when there is one
    source: str | None = None  # the file it is in, when the table combines several (issue 9)

    @property
    def place(self) -> str:
        """``17``, or ``b.csv:17`` for a problem in one file of a combined table."""
        line = "" if self.line is None else str(self.line)
        if self.source is None:
            return line
        return f"{self.source}:{line}" if line else self.source


@dataclass(frozen=True)
class ReadOptions:
    """User overrides of what the loader detects; ``None`` means detect."""

    encoding: str | None = None
    delimiter: str | None = None
    has_header: bool | None = None
    kind: ReportKind | None = None


@dataclass
class Column:
    """One column: its header as written, its exact texts and its typed values."""

    name: str
    text: pa.Array  # pa.string()/large_string(); null only for cells a short row lacked
    field: str | None = None  # canonical field from the alias table (core/fields.py)
    type: ColumnType = ColumnType.TEXT
    values: np.ndarray | None = None  # float64, NaN where empty or unparsed
    unparsed: np.ndarray | None = None  # bool, True where a non-empty cell did not parse;
    # None when every non-empty cell parsed (most columns: it saves a byte per row)
    currency: str | None = None  # ISO code for money columns (CNY, USD, EUR, ...)

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES and self.values is not None

    @property
    def parsed_count(self) -> int:
        if self.values is None:
            return 0
        return int(np.count_nonzero(~np.isnan(self.values)))

    @property
    def unparsed_count(self) -> int:
        return 0 if self.unparsed is None else int(np.count_nonzero(self.unparsed))


@dataclass
class SourceInfo:
    """Where a table came from and what the ingest decided about it, once (issue 10):
    ``kind`` and ``dialect`` (the gateway that wrote it, None when unknown)."""

    name: str
    encoding: str
    delimiter: str
    has_header: bool = True
    kind: ReportKind = ReportKind.GENERIC
    size_bytes: int = 0
    decimal_comma: bool = False
    problems: list[LoadProblem] = field(default_factory=list)
    dialect: Dialect | None = None
    format: str = "csv"  # or "jsonl" / "json" (core/reading/json_records.py, issue 11)


@dataclass
class RowSources:
    """Which file each row of a table combined from several files came from (issue 9:
    "A combined view repeats line numbers with no source-file column")."""

    names: list[str]  # file names, in the order combined
    of_row: np.ndarray  # int32 index into ``names`` per row

    def name_of(self, row: int) -> str:
        return self.names[int(self.of_row[row])]


@dataclass
class Table:
    source: SourceInfo
    columns: list[Column]
    line_numbers: np.ndarray  # int64, 1-based physical line on which each data row starts
    row_kinds: np.ndarray | None = None  # int8 RowKind per row, for group-health exports
    # Set for a table combined from several files; ``line_numbers`` are then each file's own.
    row_sources: RowSources | None = None

    @property
    def n_rows(self) -> int:
        return len(self.line_numbers)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column_index(self, canonical_field: str) -> int | None:
        """Index of the first column mapped to ``canonical_field``, or None."""
        for i, col in enumerate(self.columns):
            if col.field == canonical_field:
                return i
        return None

    def column(self, canonical_field: str) -> Column | None:
        i = self.column_index(canonical_field)
        return None if i is None else self.columns[i]

    def row_place(self, row: int) -> str:
        """Where ``row`` starts: ``line 17``, or ``line 17 of b.csv`` in a combined table."""
        line = f"line {int(self.line_numbers[row])}"
        if self.row_sources is None:
            return line
        return f"{line} of {self.row_sources.name_of(row)}"

    def row_at_line(self, line: int, source: str | None = None) -> int | None:
        """The row on or before physical ``line`` (of file ``source`` in a combined table)."""
        rows = np.arange(self.n_rows)
        if self.row_sources is not None and source is not None:
            if source not in self.row_sources.names:
                return None
            index = self.row_sources.names.index(source)
            rows = np.flatnonzero(self.row_sources.of_row == index)
        at = int(np.searchsorted(self.line_numbers[rows], line, side="right")) - 1
        return int(rows[at]) if at >= 0 else None

    def cell_text(self, row: int, col: int) -> str:
        value = self.columns[col].text[row].as_py()
        return "" if value is None else value

    def row_texts(self, row: int) -> list[str]:
        return [self.cell_text(row, c) for c in range(len(self.columns))]

    def problem_rows(self) -> dict[int, list[LoadProblem]]:
        rows: dict[int, list[LoadProblem]] = {}
        for problem in self.source.problems:
            if problem.row is not None:
                rows.setdefault(problem.row, []).append(problem)
        return rows


class LoadError(Exception):
    """Input that cannot be read at all; the message is shown to the user as is."""


class LoadCancelled(Exception):
    """The user cancelled a load in progress."""
