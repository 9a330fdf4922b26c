"""Which Group row each Token row sums into, found a block of rows at a time.

A Group row sums the Token rows of its group (seed 000), and in a table combined from
several files only its own file's (issue 10). When a group has several Group rows, its
tokens sum into the first. Issue 10: reconciliation held a row-long array of owners and of
token rows, and their temporaries, while the analysis held all it keeps; here a block's
Token rows and owners are found when the block is read.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.analysis.row_groups import RowGroups, row_groups
from csvinspect.core.table import Column, RowKind, Table


class TokenOwners:
    """The Group rows tokens sum into (``group_rows``), each block's tokens and owners, and
    each row's group name (``name``)."""

    def __init__(self, table: Table, kinds: np.ndarray, block: int) -> None:
        self._groups = _BlockGroups(table, kinds)
        self._kinds, self._block = kinds, block
        self._files = None if table.row_sources is None else table.row_sources.of_row
        self._span = table.n_rows + 2  # more than there can be groups: (file, group) as one
        rows = np.flatnonzero(kinds == RowKind.GROUP)
        # (file, group) as one number, sorted; the first Group row of each
        self._subjects, first = np.unique(self._subject(rows), return_index=True)
        self.group_rows: np.ndarray = rows[first]
        # from one file, a group's number is its subject: its position is read, not searched
        self._position: np.ndarray | None = None
        if self._files is None:
            self._position = np.full(self._groups.count, -1, np.intp)
            self._position[self._subjects] = np.arange(len(self._subjects))

    def name(self, row: int) -> str:
        """The group of ``row``, as written in its Group cell (stripped) or the Group row's
        line above it."""
        return self._groups.name(row)

    def blocks(self) -> Iterator[tuple[int, tuple[np.ndarray, np.ndarray]]]:
        """For each block of rows: its first row, its Token rows that have a Group row, and
        the position of that Group row in ``group_rows``."""
        for start in range(0, len(self._kinds), self._block):
            yield start, self._owned(start, start + self._block)

    def tokens_of(self, owners: np.ndarray) -> list[np.ndarray]:
        """The Token rows of each of ``group_rows[owners]``, in row order."""
        tokens, owner = [], []
        for _start, (block_tokens, block_owner) in self.blocks():
            wanted = np.isin(block_owner, owners)
            tokens.append(block_tokens[wanted])
            owner.append(block_owner[wanted])
        all_tokens, all_owner = np.concatenate(tokens), np.concatenate(owner)
        order = np.argsort(all_owner, kind="stable")
        by_owner = all_owner[order]
        starts = np.searchsorted(by_owner, owners, side="left")
        stops = np.searchsorted(by_owner, owners, side="right")
        return [all_tokens[order[lo:hi]] for lo, hi in zip(starts, stops, strict=True)]

    def _owned(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        tokens = start + np.flatnonzero(self._kinds[start:stop] == RowKind.TOKEN)
        if not len(self._subjects):
            return tokens[:0], np.zeros(0, np.intp)
        wanted = self._subject(tokens)
        if self._position is not None:
            at = self._position[wanted]
            linked = at >= 0
        else:
            at = np.minimum(np.searchsorted(self._subjects, wanted), len(self._subjects) - 1)
            linked = self._subjects[at] == wanted
        if linked.all():
            return tokens, at
        return tokens[linked], at[linked]

    def _subject(self, rows: np.ndarray) -> np.ndarray:
        subject = self._groups.codes(rows)
        if self._files is not None:
            subject += self._files[rows].astype(np.int64) * self._span
        return subject


class _BlockGroups:
    """Each row's group as a number, read for the rows asked for.

    With a Group column, each distinct cell's group is ``row_groups`` of the distinct cells,
    and a row's is that of its cell (issue 10: a code per row of the whole table and its
    temporaries were most of reconciliation's memory; the cells' positions among the
    distinct ones are half the size). Without one, a row's group is the Group row above it,
    read once for the whole table.
    """

    def __init__(self, table: Table, kinds: np.ndarray) -> None:
        column = table.column("group")
        self._whole: RowGroups | None = None
        if column is None:
            self._whole = row_groups(table, kinds)
            return
        text = column.text
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        encoded = pc.dictionary_encode(text)
        distinct = pa.concat_arrays([encoded.dictionary, pa.nulls(1, encoded.dictionary.type)])
        cells = Column(column.name, distinct, column.field, column.type)
        lines = np.zeros(len(distinct), np.int64)  # unused with a Group column
        self._distinct = row_groups(Table(table.source, [cells], lines), kinds[:0])
        indices = pc.fill_null(encoded.indices, len(distinct) - 1)  # a null cell: the last
        self._cells: np.ndarray = indices.to_numpy(zero_copy_only=False)

    @property
    def count(self) -> int:
        """How many groups there are: the numbers go from 0 to ``count - 1``."""
        groups = self._whole if self._whole is not None else self._distinct
        return len(groups.names)

    def codes(self, rows: np.ndarray) -> np.ndarray:
        """The group numbers of ``rows`` (int64)."""
        if self._whole is not None:
            codes: np.ndarray = self._whole.codes[rows]
            return codes
        found: np.ndarray = self._distinct.codes[self._cells[rows]]
        return found

    def name(self, row: int) -> str:
        if self._whole is not None:
            return self._whole.name(row)
        return self._distinct.name(int(self._cells[row]))
