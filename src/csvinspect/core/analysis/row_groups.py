"""Each row's group, as a number per row and each group's name once.

A group-health export names a row's group in its Group column, or (an export without one)
by the Group row above it. Issue 10: reading that as a Python string per row, stripped one
by one, took a second and a hundred megabytes on a million-row export; here pyarrow
dictionary-encodes the column, and only its distinct cells (one per group) are stripped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.table import RowKind, Table


@dataclass(frozen=True)
class RowGroups:
    """``names[codes[row]]`` is the group of ``row``; two rows share a code exactly when
    their stripped group names are equal."""

    codes: np.ndarray  # int64 per row
    names: list[str]  # distinct, stripped ("" for an empty cell)

    def name(self, row: int) -> str:
        return self.names[int(self.codes[row])]


def row_groups(table: Table, kinds: np.ndarray) -> RowGroups:
    """The group of every row: its Group cell stripped, or without a Group column the Group
    row above it (``line 12``; ``(all)`` before the first Group row)."""
    column = table.column("group")
    if column is not None:
        return _encoded(column.text)
    group_rows = np.flatnonzero(kinds == RowKind.GROUP)
    labels = ["(all)", *(f"line {line}" for line in table.line_numbers[group_rows].tolist())]
    above = np.searchsorted(group_rows, np.arange(table.n_rows), side="right")
    return _distinct(labels, above)


def _encoded(text: pa.Array | pa.ChunkedArray) -> RowGroups:
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    encoded = pc.dictionary_encode(text)
    labels = [cell.strip() for cell in encoded.dictionary.to_pylist()]
    labels.append("")  # an empty (null) cell, as a short row leaves it
    indices = pc.fill_null(encoded.indices, len(labels) - 1)
    return _distinct(labels, np.asarray(indices.to_numpy(zero_copy_only=False)))


def _distinct(labels: Sequence[str], index: np.ndarray) -> RowGroups:
    """Codes over ``labels[index]`` with equal labels made one code."""
    position: dict[str, int] = {}
    remap = np.array([position.setdefault(label, len(position)) for label in labels], np.int64)
    return RowGroups(remap[index], list(position))
