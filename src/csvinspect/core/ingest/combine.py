"""Several exports of the same kind as one table (issue 5): a folder of daily files, or
several files dropped at once. Rows keep their exact texts. What names a row is the kind's
``RowIdentity`` (``identity.py``, issue 10): a request ID seen in an earlier row is dropped as
a duplicate and counted, so overlapping exports are not counted twice; rows without a request
ID (new-api's top-up and manage rows) are dropped only when an earlier file holds the very
same row, every cell alike, and are counted apart. A group or token, or a usage summary's
day, that an earlier file also has is kept (another period) and counted.

The combined table carries what the ingest decided for each file (``kinds.decide``): their
common kind and dialect, and each row's group/token kind (issue 10: combining group-health
exports lost them, so the rows lost their shading and the Groups/Tokens filter did nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.infer import type_columns
from csvinspect.core.fields import header_key
from csvinspect.core.ingest.identity import (
    ROW_IDENTITY,
    RowIdentity,
    as_string,
    first_of_each,
    in_earlier_file,
    row_keys,
)
from csvinspect.core.table import (
    Column,
    ColumnType,
    LoadError,
    LoadProblem,
    RowSources,
    SourceInfo,
    Table,
)


@dataclass
class CombinedTable:
    """The combined table and where its rows came from."""

    table: Table
    sources: list[str]  # file names, in the order given
    source_of_row: np.ndarray  # int32 index into ``sources`` per row of ``table``
    rows_per_source: list[int]  # rows each file contributed after duplicates were removed
    duplicates_removed: int  # rows whose request ID an earlier row already had
    repeated_rows_removed: int = 0  # rows without an ID, identical to one in an earlier file
    # what names a row of the files' kind; None when no file has any of its columns
    identity: RowIdentity | None = None
    in_earlier_files: int = 0  # rows kept whose identity an earlier file has (another period)


def combine_tables(tables: Sequence[Table]) -> CombinedTable:
    """Concatenate exports of one kind, dropping rows the kind's identity says were seen.

    Raises ``LoadError`` (its message is shown as is) when the files are of different kinds.
    Columns are matched by header; a column missing from one file is empty (null) there.
    """
    if not tables:
        raise LoadError("Nothing to combine: no files were given.")
    _check_same_kind(tables)
    names = _column_order(tables)
    columns = [_combined_column(name, tables) for name in names]
    sizes = [t.n_rows for t in tables]
    source_of_row = np.repeat(np.arange(len(tables), dtype=np.int32), sizes)
    line_numbers = np.concatenate([np.asarray(t.line_numbers, dtype=np.int64) for t in tables])

    identity = ROW_IDENTITY[tables[0].source.kind]
    codes = row_keys(tables, identity)
    keep = np.ones(len(source_of_row), dtype=bool)
    repeated = np.zeros(len(source_of_row), dtype=bool)
    in_earlier = 0
    if codes is not None and identity.removes_repeats:
        keep = first_of_each(codes)
        repeated = _repeated_rows_without_id(tables, columns, source_of_row, codes)
    elif codes is not None:
        in_earlier = int(np.count_nonzero(in_earlier_file(codes, source_of_row)))
    removed = int(len(keep) - np.count_nonzero(keep))
    keep &= ~repeated
    repeated_count = int(np.count_nonzero(repeated))
    new_row = np.cumsum(keep) - 1
    if removed or repeated_count:
        index = pa.array(np.flatnonzero(keep))
        for col in columns:
            col.text = col.text.take(index)
            if col.values is not None:
                col.values = col.values[keep]
            if col.unparsed is not None:
                col.unparsed = col.unparsed[keep]
        source_of_row, line_numbers = source_of_row[keep], line_numbers[keep]
    row_kinds = _row_kinds(tables, keep)

    files = [t.source.name for t in tables]
    columns = [*_where_columns(files, source_of_row, line_numbers, columns), *columns]
    first = tables[0].source
    info = SourceInfo(
        name=_combined_name(files),
        encoding=first.encoding,
        delimiter=first.delimiter,
        has_header=first.has_header,
        kind=first.kind,
        dialect=first.dialect,
        size_bytes=sum(t.source.size_bytes for t in tables),
        decimal_comma=any(t.source.decimal_comma for t in tables),
        problems=_problems(tables, keep, new_row),
        format=first.format,
    )
    table = Table(
        source=info,
        columns=columns,
        line_numbers=line_numbers,
        row_kinds=row_kinds,
        row_sources=RowSources(files, source_of_row),
    )
    counts = np.bincount(source_of_row, minlength=len(tables)).tolist()
    named_by = identity if codes is not None else None
    return CombinedTable(
        table, files, source_of_row, counts, removed, repeated_count, named_by, in_earlier
    )


def _row_kinds(tables: Sequence[Table], keep: np.ndarray) -> np.ndarray | None:
    """Each kept row's kind as its file's load decided it; None unless every file has them."""
    parts = [t.row_kinds for t in tables]
    if any(p is None for p in parts):
        return None
    kinds: np.ndarray = np.concatenate([np.asarray(p, dtype=np.int8) for p in parts])[keep]
    return kinds


def _check_same_kind(tables: Sequence[Table]) -> None:
    dialects = [t.source.dialect for t in tables]
    first, first_dialect = tables[0], dialects[0]
    for table, dialect in zip(tables[1:], dialects[1:], strict=True):
        same = (
            dialect.key == first_dialect.key
            if dialect is not None and first_dialect is not None
            else dialect is first_dialect and table.source.kind == first.source.kind
        )
        if not same:
            what = dialect.label if dialect else str(table.source.kind)
            first_what = first_dialect.label if first_dialect else str(first.source.kind)
            raise LoadError(
                f"Cannot combine {table.source.name} ({what}) with {first.source.name}"
                f" ({first_what}): only exports of the same kind can be combined."
            )


def _column_order(tables: Sequence[Table]) -> list[str]:
    """Normalised headers in order of first appearance across the files."""
    order: dict[str, None] = {}
    for table in tables:
        for col in table.columns:
            order.setdefault(header_key(col.name), None)
    return list(order)


def _find(table: Table, name: str) -> Column | None:
    return next((c for c in table.columns if header_key(c.name) == name), None)


def _combined_column(name: str, tables: Sequence[Table]) -> Column:
    parts = [_find(t, name) for t in tables]
    model = next(c for c in parts if c is not None)
    texts = [
        as_string(c.text) if c is not None else pa.nulls(t.n_rows, pa.string())
        for c, t in zip(parts, tables, strict=True)
    ]
    text = pa.concat_arrays(texts)
    same = all(
        c is not None
        and c.type == model.type
        and c.currency == model.currency
        and (c.values is None) == (model.values is None)
        for c in parts
    )
    if same:
        values = None if model.values is None else np.concatenate([c.values for c in parts])  # type: ignore[union-attr]
        unparsed = None
        if any(c.unparsed is not None for c in parts):  # type: ignore[union-attr]
            unparsed = np.concatenate([_unparsed_flags(c) for c in parts])  # type: ignore[arg-type]
        return Column(model.name, text, model.field, model.type, values, unparsed, model.currency)
    # The files disagree about the column's type (one all empty, one with a new currency):
    # decide again over the combined cells, as the loader would for one file.
    typed, _ = type_columns([model.name], [text], [model.field])
    return typed[0]


def _repeated_rows_without_id(
    tables: Sequence[Table], columns: list[Column], source_of_row: np.ndarray, codes: np.ndarray
) -> np.ndarray:
    """True for rows without a request ID (``codes`` -1) whose every cell equals a row of an
    earlier file.

    Only for request logs (tables with a request ID column): overlapping exports repeat their
    account events too, and those carry no ID. Rows alike within one file are kept: there
    they may be two real events. Any other table is combined without dropping rows.
    """
    n = len(source_of_row)
    repeated = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(codes < 0)
    if len(tables) < 2 or not len(rows):
        return repeated
    index = pa.array(rows)
    # one key per row: its cells joined by a unit separator, a missing cell marked apart
    key = pc.binary_join_element_wise(
        *[as_string(c.text).take(index) for c in columns],
        "\x1f",
        null_handling="replace",
        null_replacement="\x00",
    )
    alike = pc.dictionary_encode(key).indices.to_numpy(zero_copy_only=False)
    repeated[rows[in_earlier_file(alike, source_of_row[rows])]] = True
    return repeated


def _problems(tables: Sequence[Table], keep: np.ndarray, new_row: np.ndarray) -> list[LoadProblem]:
    problems = []
    offset = 0
    for table in tables:
        for p in table.source.problems:
            row = None
            if p.row is not None and keep[offset + p.row]:
                row = int(new_row[offset + p.row])
            message = f"{table.source.name}: {p.message}"
            problems.append(LoadProblem(p.line, message, p.code, row, table.source.name))
        offset += table.n_rows
    return problems


def _where_columns(
    names: list[str], source_of_row: np.ndarray, line_numbers: np.ndarray, columns: list[Column]
) -> list[Column]:
    """ "Source file" and "Source line" columns: where each row came from (issue 9).

    Real columns rather than a label, so the table shows them, a filter can pick one file,
    and ``csvinspect export`` and copies carry them; the exports' own cells are unchanged.
    """
    taken = {header_key(c.name) for c in columns}
    file_name, line_name = (_free_name(n, taken) for n in ("Source file", "Source line"))
    files = pa.array(names, pa.string()).take(pa.array(source_of_row))
    lines = pa.array(line_numbers).cast(pa.string())
    values = line_numbers.astype(np.float64)
    return [
        Column(file_name, files, None, ColumnType.TEXT),
        Column(line_name, lines, None, ColumnType.COUNT, values),
    ]


def _free_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (combined)`` when an export already has a column of that name."""
    return name if header_key(name) not in taken else f"{name} (combined)"


def _combined_name(names: list[str]) -> str:
    if len(names) <= 3:
        return " + ".join(names)
    return f"{names[0]} + {len(names) - 1} more files"


def _unparsed_flags(column: Column) -> np.ndarray:
    """``column.unparsed``, or all False when it is None (every cell parsed)."""
    if column.unparsed is not None:
        return column.unparsed
    return np.zeros(len(column.text), dtype=bool)
