"""The failure reasons of every group, as columns over one flat list.

Issue 10: a 1M-row export has about ten thousand groups with reasons, and the findings
asked each group object for its reasons three times over (which groups show 502s, which
429s, what is left unexplained). Here each group's reasons lie in turn in one list, with an
array per figure the findings select on (group, count, category, the reason's identity), so
"the 502s of every group" is a mask, and only the reasons a finding names are read as
objects.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import numpy as np

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.analysis.reasons import FailureReason

CATEGORIES = list(FailureCategory)  # a reason's category code is its place here
_CODE = {category: code for code, category in enumerate(CATEGORIES)}


@dataclass(eq=False)
class ReasonColumns:
    """``items[starts[g]:starts[g + 1]]`` are group ``g``'s reasons, counts resolved."""

    items: list[FailureReason]
    starts: np.ndarray  # int64, one more than there are groups
    group: np.ndarray  # int64: each item's group
    count: np.ndarray  # float64: each item's count, NaN where the export gave none
    category: np.ndarray  # int64: each item's place in CATEGORIES
    key: np.ndarray  # int64: each item's place in ``keys``
    keys: list[tuple[int | None, str]]  # the distinct ``FailureReason.key``s, first seen first
    written: dict[int, FailureReason]  # item -> as written, where its count was resolved

    @classmethod
    def of(cls, per_group: Sequence[Sequence[FailureReason]], errors: np.ndarray) -> ReasonColumns:
        """The reasons of each group in turn; ``errors`` are the groups' errors (NaN unknown).

        A lone reason written without a count accounts for all of its group's errors.
        """
        items = [reason for reasons in per_group for reason in reasons]
        lengths = np.fromiter(map(len, per_group), np.int64, len(per_group))
        starts = np.zeros(len(per_group) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        count = np.array([r.count for r in items], dtype=np.float64)  # None: NaN
        key, keys = _key_codes(items)
        category = np.fromiter((_CODE[r.category] for r in items), np.int64, len(items))
        written: dict[int, FailureReason] = {}
        with np.errstate(invalid="ignore"):
            lone = (lengths == 1) & (errors != 0) & ~np.isnan(errors)
        for g in np.flatnonzero(lone).tolist():
            i = int(starts[g])
            if items[i].count is None:
                written[i] = items[i]
                items[i] = replace(items[i], count=int(errors[g]))
                count[i] = errors[g]
        return cls(
            items=items,
            starts=starts,
            group=np.repeat(np.arange(len(per_group), dtype=np.int64), lengths),
            count=count,
            category=category,
            key=key,
            keys=keys,
            written=written,
        )

    def __len__(self) -> int:
        return len(self.items)

    def of_group(self, g: int) -> list[FailureReason]:
        """Group ``g``'s reasons, counts resolved (a new list each time)."""
        return self.items[int(self.starts[g]) : int(self.starts[g + 1])]

    def in_turn(self, groups: np.ndarray, *, written: bool = False) -> list[list[FailureReason]]:
        """The reasons of ``groups`` (positions, ascending), a list each: as ``of_group``, or
        with ``written`` as the export wrote them (a resolved count left out)."""
        begins, ends = self.starts[groups].tolist(), self.starts[groups + 1].tolist()
        lists = [self.items[b:e] for b, e in zip(begins, ends, strict=True)]
        if written and self.written:
            at = {g: k for k, g in enumerate(groups.tolist())}
            for i, reason in self.written.items():
                k = at.get(int(self.group[i]))
                if k is not None:
                    lists[k][i - begins[k]] = reason
        return lists

    def in_categories(self, categories: Collection[FailureCategory]) -> np.ndarray:
        """Which items are of one of ``categories``."""
        found: np.ndarray = np.isin(self.category, [_CODE[c] for c in categories])
        return found

    def counted(self) -> np.ndarray:
        """Each item's count, 0 where the export gave none (``count or 0``)."""
        filled: np.ndarray = np.nan_to_num(self.count, nan=0.0)
        return filled

    def per_group(self, chosen: np.ndarray) -> np.ndarray:
        """The counts (``or 0``) of the ``chosen`` items summed per group."""
        sums: np.ndarray = np.bincount(
            self.group[chosen], weights=self.counted()[chosen], minlength=len(self.starts) - 1
        )
        return sums

    def pairs(self, chosen: np.ndarray) -> np.ndarray:
        """Which items share their (group, key) with one of the ``chosen`` items."""
        n_keys = max(len(self.keys), 1)
        pair = self.group * n_keys + self.key
        found: np.ndarray = np.isin(pair, pair[chosen])
        return found

    def merged(self, chosen: np.ndarray) -> list[FailureReason]:
        """The ``chosen`` items with equal reasons merged, counts added (None where none of
        them has one), most frequent first, ties in first-seen order: ``merge_reasons``."""
        return [
            self.items[i] if self.items[i].count == count else replace(self.items[i], count=count)
            for i, count in self.merged_at(chosen)
        ]

    def merged_at(self, chosen: np.ndarray) -> list[tuple[int, int | None]]:
        """(first item, summed count) of each distinct reason among ``chosen``, as ``merged``."""
        at = np.flatnonzero(chosen)
        keys = self.key[at]
        distinct, first = np.unique(keys, return_index=True)
        counted = ~np.isnan(self.count[at])
        n_keys = len(self.keys)
        sums = np.bincount(keys, weights=np.where(counted, self.count[at], 0.0), minlength=n_keys)
        some = np.bincount(keys, weights=counted, minlength=n_keys) > 0
        found = [
            (int(at[f]), int(sums[k]) if some[k] else None)
            for f, k in sorted(zip(first.tolist(), distinct.tolist(), strict=True))
        ]
        return sorted(found, key=lambda pair: -(pair[1] or 0))


def _key_codes(items: list[FailureReason]) -> tuple[np.ndarray, list[tuple[int | None, str]]]:
    """Each item's place among the distinct ``FailureReason.key``s, and those keys, first
    seen first; each wording's key is worked out once (a big export repeats a few)."""
    codes: dict[tuple[int | None, str], int] = {}
    by_wording: dict[tuple[int | None, str], int] = {}
    found = []
    for reason in items:
        wording = (reason.status, reason.message)
        code = by_wording.get(wording)
        if code is None:
            code = by_wording[wording] = codes.setdefault(reason.key, len(codes))
        found.append(code)
    return np.array(found, dtype=np.int64), list(codes)
