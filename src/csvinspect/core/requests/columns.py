"""Read the column that plays each role in a request export as arrays.

Which column plays a role is found once per table from the dialect decided at load
(``core/ingest/roles.py``); this module only reads it. Values come from the typed columns
(``Column.values``, units and currency included); a column the typing left as text (too many
unreadable cells) is read with the typing's own readers (``cells.infer.reread``), never with
a parser of this package's own.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.infer import Typed, reread
from csvinspect.core.cells.timestamps import unix_epoch
from csvinspect.core.ingest.roles import Roles
from csvinspect.core.requests.labels import Labels
from csvinspect.core.table import NUMERIC_TYPES, Column, ColumnType

# Roles several columns feed at once: their numbers add up (Anthropic writes its 5-minute
# and 1-hour cache writes apart). Any other role reads its best column.
ADDED_ROLES = frozenset({"cache_write_tokens"})
_NUMBERS = frozenset(NUMERIC_TYPES - {ColumnType.TIMESTAMP})
_MONEY = frozenset({ColumnType.MONEY, ColumnType.COUNT, ColumnType.NUMBER})
_TIMES = frozenset({ColumnType.TIMESTAMP})


class RoleColumns(Roles):
    """The columns of ``table`` by role (``ingest.roles.Roles``), read as arrays."""

    # -- readers ---------------------------------------------------------------------------
    def text(self, role: str) -> pa.Array | None:
        col = self.get(role)
        return None if col is None else plain_text(col.text)

    def labels(self, role: str) -> Labels:
        text = self.text(role)
        return Labels.missing(self.n) if text is None else Labels.from_text(text)

    def numbers(self, role: str) -> np.ndarray:
        """Float values of the role's column (NaN = empty/unknown), durations in seconds."""
        cols = self.all(role)
        if not cols:
            return np.full(self.n, np.nan)
        total = self.numbers_of(cols[0])
        for col in cols[1:] if role in ADDED_ROLES else ():
            more = self.numbers_of(col)
            total = np.where(np.isnan(total), more, total + np.nan_to_num(more))
        return total

    def numbers_of(self, col: Column) -> np.ndarray:
        """A column's numbers as typed (durations in seconds: the header's unit applied)."""
        if col.is_numeric and col.type is not ColumnType.TIMESTAMP:
            return col.values.copy()  # type: ignore[union-attr]
        return self._reread(col, _NUMBERS).values  # type: ignore[return-value]

    def times(self, role: str = "time") -> np.ndarray:
        """Epoch seconds (naive local times as UTC wall clock, as the loader reads them)."""
        col = self.get(role)
        if col is None:
            return np.full(self.n, np.nan)
        if col.type is ColumnType.TIMESTAMP and col.values is not None:
            return col.values
        if col.is_numeric:  # unix numbers in a column whose header did not say time
            epoch = unix_epoch(col.values)  # type: ignore[arg-type]
            return np.full(self.n, np.nan) if epoch is None else epoch
        return self._reread(col, _TIMES).values  # type: ignore[return-value]

    def money(self, role: str) -> tuple[np.ndarray, str | None]:
        """Amounts and their currency: the column's (cells or header), else the dialect's."""
        col = self.get(role)
        if col is None:
            return np.full(self.n, np.nan), None
        if col.is_numeric:
            values, currency = col.values, col.currency
        else:
            typed = self._reread(col, _MONEY)
            values, currency = typed.values, typed.currency
        dialect_currency = None if self.dialect is None else self.dialect.cost_currency
        return values, currency or dialect_currency  # type: ignore[return-value]

    def _reread(self, col: Column, wanted: frozenset[ColumnType]) -> Typed:
        typed = reread(
            col.name,
            plain_text(col.text),
            col.field,
            wanted,
            decimal_comma=self.table.source.decimal_comma,
        )
        if typed.values is None:
            typed.values = np.full(self.n, np.nan)
        return typed


def plain_text(text: pa.Array) -> pa.Array:
    """One ``pa.string()`` array (a column may be chunked or ``large_string``)."""
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if pa.types.is_large_string(text.type):
        text = text.cast(pa.string())
    return text


def extract(text: pa.Array, pattern: str, group: str) -> pa.Array:
    """One named group of a regular expression per row; null where it does not match."""
    return pc.struct_field(pc.extract_regex(text, pattern), group)
