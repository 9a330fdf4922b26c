"""Find the column that plays each role in a request export and read it as arrays.

A role is what the request view asks for: time, model, latency, status, cost... Every role
is read from canonical fields of the alias table (``core/fields.py``), for a known gateway
and an unknown one alike: ``ROLE_FIELDS`` names them where a role is not simply the field of
the same name, and a dialect may prefer other fields first (``Dialect.prefer``). Values come
from the typed columns (``Column.values``, units and currency included); a column the typing
left as text (too many unreadable cells) is read with the typing's own readers
(``cells.infer.reread``), never with a parser of this package's own.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.infer import Typed, reread
from csvinspect.core.cells.timestamps import unix_epoch
from csvinspect.core.fields import alias_rank
from csvinspect.core.requests.dialects import Dialect, detect_dialect
from csvinspect.core.requests.labels import Labels
from csvinspect.core.table import NUMERIC_TYPES, Column, ColumnType, Table

# Roles read from fields of another name, best first; any other role is its own field.
ROLE_FIELDS: dict[str, tuple[str, ...]] = {
    "user": ("username",),
    "status": ("status_code",),
    "first_token": ("first_token_latency",),
    "row_type": ("log_type", "row_type"),
    "channel": ("channel_name", "channel"),
    "team": ("team", "team_id"),
    "cached_tokens": ("cached_tokens", "cache_tokens"),
    "error_message": ("error_message", "failure_reason"),
    "request_id": ("request_id", "trace_id"),
}
# Roles several columns feed at once: their numbers add up (Anthropic writes its 5-minute
# and 1-hour cache writes apart). Any other role reads its best column.
ADDED_ROLES = frozenset({"cache_write_tokens"})
_NUMBERS = frozenset(NUMERIC_TYPES - {ColumnType.TIMESTAMP})
_MONEY = frozenset({ColumnType.MONEY, ColumnType.COUNT, ColumnType.NUMBER})
_TIMES = frozenset({ColumnType.TIMESTAMP})


class RoleColumns:
    """The columns of ``table`` by role, best first: by field (the dialect's preferred
    fields, then ``ROLE_FIELDS``), then by alias (``fields.alias_rank``), then position."""

    def __init__(self, table: Table, dialect: Dialect | None = None) -> None:
        self.table = table
        self.n = table.n_rows
        self.dialect = dialect if dialect is not None else detect_dialect(table.header)
        self._prefer = self.dialect.prefer if self.dialect is not None else {}
        # A column a dialect assigns to a role serves that role only (sub2api's Type).
        self._claimed: dict[int, str] = {}
        for role, fields in self._prefer.items():
            for col in table.columns:
                if col.field in fields:
                    self._claimed.setdefault(id(col), role)
        self._found: dict[str, list[Column]] = {}

    def all(self, role: str) -> list[Column]:
        if role not in self._found:
            fields = self._fields(role)
            ranked = [
                (fields.index(col.field), alias_rank(col.name, col.field), i, col)
                for i, col in enumerate(self.table.columns)
                if col.field in fields and self._claimed.get(id(col), role) == role
            ]
            ranked.sort(key=lambda entry: entry[:3])
            self._found[role] = [entry[3] for entry in ranked]
        return list(self._found[role])

    def _fields(self, role: str) -> tuple[str, ...]:
        fields = (*self._prefer.get(role, ()), *ROLE_FIELDS.get(role, (role,)))
        return tuple(dict.fromkeys(fields))

    def get(self, role: str) -> Column | None:
        cols = self.all(role)
        return cols[0] if cols else None

    def has(self, role: str) -> bool:
        return bool(self.all(role))

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
