"""Every group of a report as columns, and ``GroupList``, the groups as objects on demand.

Issue 10: a 1M-row group-health export has twenty thousand groups, and the analysis built a
``GroupStats``, an ``Assessment`` and a ``GroupHealth`` for each and then looped over them
for the totals, the reason totals and every kind of finding. Here the groups' figures, rows,
assessment and failure reasons are arrays, one entry per group, read in vectorised passes;
``HealthReport.groups`` is a ``GroupList`` that makes a ``GroupHealth`` only for the groups
someone reads (a finding's subject, the panels), and the same object each time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from csvinspect.core.analysis.peers import (
    RAW_FIGURES,
    Assessment,
    AssessmentColumns,
    assess_with_peers,
)
from csvinspect.core.analysis.reason_columns import ReasonColumns
from csvinspect.core.analysis.results import GroupHealth
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import GroupStats, Rows, gc_paused, joined_rows
from csvinspect.core.analysis.token_columns import FIGURES, TokenColumns
from csvinspect.core.analysis.token_views import TokenSlice

_COUNTS = frozenset({"requests", "success", "errors"})


@dataclass(eq=False)
class GroupColumns:
    """All groups, in report order: group ``g``'s figures are ``figures[name][g]``, its rows
    ``rows[row_starts[g]:row_starts[g + 1]]``, its tokens ``tokens.group(g)``."""

    names: list[str]
    row: np.ndarray  # int64: each group's own Group row, -1 where it has none
    figures: dict[str, np.ndarray]  # FIGURES -> float64, NaN = unknown, counts whole
    rows: np.ndarray  # each group's rows in turn (table rows, Group and Token)
    row_starts: np.ndarray  # int64, one more than there are groups
    tokens: TokenColumns
    reasons: ReasonColumns
    assessment: AssessmentColumns | None = None  # once assessed (``assess``)
    _stats: list[GroupStats] | None = None  # when built from objects (request logs)
    _made: dict[int, GroupHealth] = field(default_factory=dict)
    _made_stats: dict[int, GroupStats] = field(default_factory=dict)
    _positions: dict[str, int] | None = None

    @classmethod
    def from_stats(
        cls, groups: Sequence[GroupStats], tokens: TokenColumns | None = None
    ) -> GroupColumns:
        """Columns over groups built elsewhere as objects (request logs, combined exports).

        ``tokens``: their tokens as columns, if made already; else from ``GroupStats.tokens``.
        """
        if tokens is None:
            tokens = TokenColumns.from_stats([g.tokens for g in groups])
        figures = {
            name: np.array([getattr(g, name) for g in groups], dtype=np.float64) for name in FIGURES
        }
        errors = filled_counts(figures)[2]
        return cls(
            names=[g.group for g in groups],
            row=np.array([-1 if g.row is None else g.row for g in groups], dtype=np.int64),
            figures=figures,
            rows=np.zeros(0, dtype=np.int64),  # each object holds its own
            row_starts=np.zeros(len(groups) + 1, dtype=np.int64),
            tokens=tokens,
            reasons=ReasonColumns.of([g.failure_reasons for g in groups], errors),
            _stats=list(groups),
        )

    def __len__(self) -> int:
        return len(self.names)

    @property
    def from_table(self) -> bool:
        """Whether the figures were read from an export's table, not from objects (which
        may hold what the columns cannot: a float count, a NaN written as such)."""
        return self._stats is None

    def position(self, name: str) -> int:
        """The position of the group named ``name`` (names are distinct)."""
        if self._positions is None:
            self._positions = {n: g for g, n in enumerate(self.names)}
        return self._positions[name]

    def assess(self, settings: AnalysisSettings, rate_flags: frozenset[str]) -> None:
        """Flag every group against the other groups; a group with tokens keeps only the
        ``rate_flags``, as its cost, cache and latency are judged through its tokens."""
        raw = {name: self.figures[name] for name in RAW_FIGURES}
        found, _ = assess_with_peers(raw, settings)
        keep = sum(1 << k for k, name in enumerate(found.names) if name in rate_flags)
        with_tokens = np.diff(self.tokens.starts) > 0
        found.bits = np.where(with_tokens, found.bits & keep, found.bits)
        self.assessment = found

    def flag_mask(self, names: Sequence[str] | frozenset[str]) -> np.ndarray:
        """Which groups carry any of the flags ``names``."""
        assert self.assessment is not None, "groups are assessed before they are read"
        return self.assessment.has_any(names)

    def counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(requests, success, errors) of every group as ``Figures.counts`` fills them."""
        return filled_counts(self.figures)

    def health(self, g: int) -> GroupHealth:
        """Group ``g`` as an object, made once."""
        made = self._made.get(g)
        if made is None:
            self.make(np.array([g]))
            made = self._made[g]
        return made

    def stats(self, g: int) -> GroupStats:
        """Group ``g``'s figures as an object, made once."""
        if self._stats is not None:
            return self._stats[g]
        made = self._made_stats.get(g)
        if made is None:
            self._make_stats(np.array([g]))
            made = self._made_stats[g]
        return made

    def make(self, groups: np.ndarray) -> None:
        """Make the ``groups`` (positions, ascending) as objects (``health``), each figure
        read as a list at once (issue 10: twenty thousand groups read a number at a time
        took half a second; a finding's five thousand made one by one, 0.7 s)."""
        assert self.assessment is not None, "groups are assessed before they are read"
        wanted = np.array([g for g in groups.tolist() if g not in self._made], dtype=np.int64)
        if len(wanted):
            with gc_paused():  # many small objects, no cycles (``gc_paused``)
                self._make(wanted)

    def _make(self, groups: np.ndarray) -> None:
        if self._stats is None:
            self._make_stats(groups)
        a = self.assessment
        assert a is not None
        peers = zip(
            *(
                _numbers(figure[groups])
                for figure in (
                    a.success_rate,
                    a.peer_success_rate,
                    a.peer_cost,
                    a.peer_cost_per_request,
                    a.peer_latency_s,
                    a.peer_avg_cache_tokens,
                )
            ),
            strict=True,
        )
        bits = a.bits[groups].tolist()
        starts = self.tokens.starts
        first, stop = starts[groups].tolist(), starts[groups + 1].tolist()
        reasons = self.reasons.in_turn(groups)
        for k, (g, (rate, *peer)) in enumerate(zip(groups.tolist(), peers, strict=True)):
            self._made[g] = GroupHealth(
                self.stats(g),
                Assessment(rate, a.flags_of(bits[k]), *peer),
                reasons[k],
                TokenSlice(self.tokens, first[k], stop[k]),
            )

    def _make_stats(self, groups: np.ndarray) -> None:
        """Make the figures of the ``groups`` as objects, as ``make``."""
        figures = {
            name: (_counts if name in _COUNTS else _numbers)(self.figures[name][groups])
            for name in FIGURES
        }
        rows = self.row[groups].tolist()
        begins, ends = self.row_starts[groups].tolist(), self.row_starts[groups + 1].tolist()
        reasons = self.reasons.in_turn(groups, written=True)
        listed = zip(*(figures[name] for name in FIGURES), strict=True)
        for k, (g, f) in enumerate(zip(groups.tolist(), listed, strict=True)):
            if g in self._made_stats:
                continue
            self._made_stats[g] = GroupStats(
                group=self.names[g],
                row=rows[k] if rows[k] >= 0 else None,
                failure_reasons=reasons[k],
                rows=self.rows[begins[k] : ends[k]],
                **dict(zip(FIGURES, f, strict=True)),
            )

    def group_rows(self, g: int) -> Rows:
        """Group ``g``'s rows (as its ``GroupStats.rows``), without making it."""
        made = self._stats[g] if self._stats is not None else self._made_stats.get(g)
        if made is not None:
            return made.rows
        return self.rows[int(self.row_starts[g]) : int(self.row_starts[g + 1])]

    def rows_of(self, chosen: np.ndarray) -> Rows:
        """The rows of the ``chosen`` groups (positions, in order) in turn."""
        if self._stats is not None:
            return joined_rows([self.group_rows(g) for g in chosen.tolist()])
        first, stop = self.row_starts[chosen], self.row_starts[chosen + 1]
        picked: np.ndarray = self.rows[ranges(first, stop)].astype(np.int64)
        return picked

    def reason_rows(self, chosen: list[int]) -> list[int]:
        """The rows that carry the ``chosen`` groups' reasons: each one's Group row, else
        all its rows."""
        own = self.row[chosen]
        if np.all(own >= 0):
            found: list[int] = own.tolist()
            return found
        rows: list[int] = []
        for g, row in zip(chosen, own.tolist(), strict=True):
            listed = self.group_rows(g) if row < 0 else [row]
            rows += listed.tolist() if isinstance(listed, np.ndarray) else listed
        return rows


def ranges(first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """The positions ``first[k]:stop[k]`` of every ``k`` in turn, as one array."""
    lengths = stop - first
    begins = np.cumsum(lengths) - lengths  # where each range starts in the result
    found: np.ndarray = np.repeat(first - begins, lengths) + np.arange(int(lengths.sum()))
    return found


def filled_counts(figures: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(requests, success, errors) as ``Figures.counts`` fills them, NaN where it gives None."""
    requests, success, errors = figures["requests"], figures["success"], figures["errors"]
    requests = np.where(np.isnan(requests), success + errors, requests)
    success = np.where(np.isnan(success), requests - errors, success)
    success = np.where(
        np.isnan(success), np.round(figures["exported_success_rate"] * requests), success
    )
    errors = np.where(np.isnan(errors), requests - success, errors)
    unknown = np.isnan(requests) | np.isnan(success)
    return (
        np.where(unknown, np.nan, requests),
        np.where(unknown, np.nan, success),
        np.where(unknown, np.nan, errors),
    )


def _numbers(values: np.ndarray) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


def _counts(values: np.ndarray) -> list[int | None]:
    return [None if v != v else int(v) for v in values.tolist()]


_BLOCK = 1 << 12  # groups made at a time when all are read in turn


class GroupList(Sequence[GroupHealth]):
    """The groups of a report, as a sequence of ``GroupHealth`` made on demand; ``columns``
    holds them all as arrays, for readers that need no object per group."""

    __slots__ = ("columns",)

    def __init__(self, columns: GroupColumns) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns)

    @overload
    def __getitem__(self, index: int) -> GroupHealth: ...
    @overload
    def __getitem__(self, index: slice) -> list[GroupHealth]: ...
    def __getitem__(self, index: int | slice) -> GroupHealth | list[GroupHealth]:
        if isinstance(index, slice):
            return self.picked(np.arange(len(self))[index])
        return self.columns.health(range(len(self))[index])  # IndexError past the end

    def picked(self, groups: np.ndarray) -> list[GroupHealth]:
        """The groups at ``groups`` (positions, ascending), made at once."""
        self.columns.make(groups)
        return [self.columns.health(g) for g in groups.tolist()]

    def __iter__(self) -> Iterator[GroupHealth]:
        columns = self.columns
        for start in range(0, len(columns), _BLOCK):
            stop = min(start + _BLOCK, len(columns))
            columns.make(np.arange(start, stop))
            yield from (columns.health(g) for g in range(start, stop))
