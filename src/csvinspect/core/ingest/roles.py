"""Which column plays each role of a request export, for the dialect decided at load.

A role is what the request view asks for: time, model, latency, status, cost... Every role
is found among the canonical fields of the alias table (``core/fields.py``), for a known
gateway and an unknown one alike: ``ROLE_FIELDS`` names them where a role is not simply the
field of the same name, and the table's dialect may prefer other fields first
(``Dialect.prefer``). Reading the columns as arrays is the request view's business
(``core/requests/columns.py``); combining files needs only the request IDs.
"""

from __future__ import annotations

from csvinspect.core.fields import alias_rank
from csvinspect.core.ingest.dialects import Dialect
from csvinspect.core.table import Column, Table

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


class Roles:
    """The columns of ``table`` by role, best first: by field (the dialect's preferred
    fields, then ``ROLE_FIELDS``), then by alias (``fields.alias_rank``), then position.

    The dialect is the one recorded at load (``table.source.dialect``) unless ``dialect``
    names another.
    """

    def __init__(self, table: Table, dialect: Dialect | None = None) -> None:
        self.table = table
        self.n = table.n_rows
        self.dialect = dialect if dialect is not None else table.source.dialect
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
