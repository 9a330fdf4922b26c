"""One figure of every token, read from the table where it is rather than copied.

Issue 10: on a 1M-row group-health export the twelve token figures were copied out of the
table (eight megabytes each, and a second copy for the rounded counts) and held for the
whole report, while the table already holds every value. A ``TokenFigure`` keeps the
table's column and the tokens' rows, and gathers only the slice someone reads: a group's
tokens for the JSON, a block of groups for the assessment.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np


class TokenFigure:
    """``values[rows]`` as float64 (NaN = unknown), rounded to whole numbers if ``whole``;
    without ``rows``, ``values`` is the figure itself (request logs build it from objects).
    """

    __slots__ = ("rows", "values", "whole")

    def __init__(
        self, values: np.ndarray, rows: np.ndarray | None = None, *, whole: bool = False
    ) -> None:
        self.values, self.rows, self.whole = values, rows, whole

    def __len__(self) -> int:
        return len(self.values) if self.rows is None else len(self.rows)

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice | np.ndarray) -> np.ndarray: ...
    def __getitem__(self, index: int | slice | np.ndarray) -> float | np.ndarray:
        if isinstance(index, int | np.integer):
            value = float(self.values[index if self.rows is None else self.rows[index]])
            return float(np.rint(value)) if self.whole else value
        if self.rows is None:
            return np.asarray(self.values[index], dtype=np.float64)
        gathered: np.ndarray = self.values[self.rows[index]]  # a copy: rounded in place
        if self.whole:
            np.rint(gathered, out=gathered)
        return gathered

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        whole = self[0 : len(self)]
        return whole if dtype is None else whole.astype(dtype, copy=False)
