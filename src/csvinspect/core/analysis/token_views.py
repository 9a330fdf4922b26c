"""Views over the token columns: a group's tokens, a finding's users, picked by position.

``GroupHealth.tokens`` is a ``TokenSlice``: it makes a ``TokenHealth`` only for the tokens
someone looks at (a finding, a marked cell), and the same object each time (issue 10).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, overload

import numpy as np

from csvinspect.core.analysis.results import TokenHealth
from csvinspect.core.analysis.stats import TokenStats
from csvinspect.core.analysis.text_column import TextColumn

if TYPE_CHECKING:  # the columns make these views of themselves
    from csvinspect.core.analysis.token_columns import TokenColumns


class TokenSlice(Sequence[TokenHealth]):
    """One group's tokens, as a sequence of ``TokenHealth`` made on demand."""

    __slots__ = ("columns", "start", "stop")

    def __init__(self, columns: TokenColumns, start: int, stop: int) -> None:
        self.columns, self.start, self.stop = columns, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, index: int) -> TokenHealth: ...
    @overload
    def __getitem__(self, index: slice) -> list[TokenHealth]: ...
    def __getitem__(self, index: int | slice) -> TokenHealth | list[TokenHealth]:
        if isinstance(index, slice):
            return [self.columns.health(self.start + i) for i in range(len(self))[index]]
        position = range(self.start, self.stop)[index]  # IndexError past the end
        return self.columns.health(position)

    def __iter__(self) -> Iterator[TokenHealth]:
        return (self.columns.health(i) for i in range(self.start, self.stop))

    def flagged(self, names: Iterable[str]) -> list[TokenHealth]:
        """The tokens carrying any of ``names``, in order; only these are made."""
        mask = self.columns.flag_mask(names)[self.start : self.stop]
        return [self.columns.health(self.start + int(i)) for i in np.flatnonzero(mask)]

    def count_flagged(self, names: Iterable[str]) -> int:
        return int(np.count_nonzero(self.columns.flag_mask(names)[self.start : self.stop]))


class TokenList(Sequence[TokenStats]):
    """Tokens picked by position from the columns (a finding's users), made on demand.

    ``most_first``: a figure per position to order them by, largest first (ties in
    order), sorted when the list is first read (issue 10: a finding over thousands of
    groups names a quarter of a million users, and only the support message reads them).
    """

    __slots__ = ("_most_first", "_positions", "columns")

    def __init__(
        self, columns: TokenColumns, positions: np.ndarray, *, most_first: np.ndarray | None = None
    ) -> None:
        self.columns, self._positions, self._most_first = columns, positions, most_first

    @property
    def positions(self) -> np.ndarray:
        """The tokens' positions, in the list's order."""
        if self._most_first is not None:
            order = np.argsort(-self._most_first, kind="stable")
            self._positions, self._most_first = self._positions[order], None
        return self._positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> TokenStats: ...
    @overload
    def __getitem__(self, index: slice) -> list[TokenStats]: ...
    def __getitem__(self, index: int | slice) -> TokenStats | list[TokenStats]:
        if isinstance(index, slice):
            return [self.columns.stats(int(i)) for i in self.positions[index]]
        return self.columns.stats(int(self.positions[index]))

    def __iter__(self) -> Iterator[TokenStats]:
        return (self.columns.stats(int(i)) for i in self.positions)

    def texts(self, field: str) -> list[str]:
        """One text of every token (``user_id``, ``username``, ``model``), in the list's
        order, read at once: the support message of a finding over thousands of groups
        read a quarter of a million tokens' objects for them (10 s, issue 10)."""
        cells: Sequence[str] = getattr(self.columns, field)
        if isinstance(cells, TextColumn):
            return cells.picked(self.positions)
        return [cells[i] for i in self.positions.tolist()]


def flagged(tokens: Sequence[TokenHealth], names: Collection[str]) -> list[TokenHealth]:
    """The tokens carrying any of the flags ``names``; from the columns where they are."""
    if isinstance(tokens, TokenSlice):
        return tokens.flagged(names)
    return [t for t in tokens if not set(names).isdisjoint(t.flags)]


def columns_of(groups: Sequence[Sequence[TokenHealth]]) -> TokenColumns | None:
    """The columns all these groups' tokens are slices of, if they share one."""
    first = groups[0] if groups else None
    if not isinstance(first, TokenSlice):
        return None
    shared = first.columns
    if all(isinstance(t, TokenSlice) and t.columns is shared for t in groups):
        return shared
    return None
