"""Which columns show, in what order, and how many stay frozen on the left.

Kept per report kind (issue 3: "remembered per report kind") and matched by header name,
so a layout made on one group-health export applies to the next one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ColumnLayout:
    order: list[str] = field(default_factory=list)  # header names in display order
    hidden: set[str] = field(default_factory=set)
    frozen: int = 0  # the first N shown columns stay put while scrolling sideways

    def to_json(self) -> dict:
        return {"order": self.order, "hidden": sorted(self.hidden), "frozen": self.frozen}

    @classmethod
    def from_json(cls, data: dict) -> ColumnLayout:
        return cls(
            order=[str(n) for n in data.get("order", [])],
            hidden={str(n) for n in data.get("hidden", [])},
            frozen=max(0, int(data.get("frozen", 0))),
        )

    def resolve(self, header: list[str]) -> tuple[list[int], set[int], int]:
        """Logical column order, hidden columns and frozen count for a table's header.

        Names the layout does not know keep their file position after the known ones;
        duplicate names are matched in turn.
        """
        positions: dict[str, list[int]] = {}
        for index, name in enumerate(header):
            positions.setdefault(name, []).append(index)
        order: list[int] = []
        for name in self.order:
            if positions.get(name):
                order.append(positions[name].pop(0))
        placed = set(order)
        order += [i for i in range(len(header)) if i not in placed]
        hidden = {i for i, name in enumerate(header) if name in self.hidden}
        if len(hidden) == len(header):
            hidden = set()
        return order, hidden, min(self.frozen, len(header) - len(hidden))


def default_layout(
    header: list[str], report_kind: str, fields: list[str | None] | None = None
) -> ColumnLayout:
    """File order, except that a group-health export keeps Type and Group in view and shows
    Failure Reason beside Errors (seed 000: "check Failure Reason ... first"; "handle the
    most frequent error first"), instead of off-screen after the cache columns.
    """
    order = list(header)
    if report_kind != "group_health":
        return ColumnLayout(order=order)
    fields = fields or [None] * len(header)
    by_field = {f: name for f, name in zip(fields, header, strict=True) if f}
    reason, errors = by_field.get("failure_reason"), by_field.get("errors")
    if reason and errors and reason != errors:
        order.remove(reason)
        order.insert(order.index(errors) + 1, reason)
    return ColumnLayout(order=order, frozen=2 if len(header) > 6 else 0)
