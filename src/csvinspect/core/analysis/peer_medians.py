"""The median of a unit's peers, the unit left out, for every unit at once.

Seed 000 compares a token with "other tokens in the same group"; the peers' median leaves
the token itself out so one huge token cannot hide by pulling it up. Issue 10: a million
tokens in twenty thousand groups, four figures each; ``np.lexsort`` and arithmetic per
token took a second and a half.
"""

from __future__ import annotations

import numpy as np


def loo_median(values: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """For each element, the median of the other non-NaN elements of its set (NaN if none).

    Within a set sorted by value, the median of the others is one of three figures: the
    element sorts at or before the middle-low value, after the middle-high one, or between
    them. Which one depends only on the element's value (equal values give equal medians),
    so each set needs only its sorted values.
    """
    result = np.full(values.shape, np.nan)
    valid = np.flatnonzero(~np.isnan(values))
    if len(valid) < 2:
        return result
    if len(valid) == len(values):  # every unit says: no copies (issue 10)
        own, own_sets = values, sets.astype(np.int64, copy=False)
    else:
        own, own_sets = values[valid], sets[valid].astype(np.int64, copy=False)
    in_order = bool(np.all(own_sets[1:] >= own_sets[:-1]))  # a group's tokens are together
    sizes = np.bincount(own_sets) if in_order else np.zeros(0, np.int64)
    if in_order and len(sizes) * int(sizes.max()) <= 4 * len(own) + 4096:
        ordered, starts = _sorted_in_rows(own, own_sets, sizes)
    else:
        order = _by_set_then_value(own, own_sets)
        own, own_sets = own[order], own_sets[order]
        valid = valid[order]
        ordered = own
        first = np.flatnonzero(np.r_[True, own_sets[1:] != own_sets[:-1]])
        sizes = np.zeros(int(own_sets.max()) + 1, np.int64)
        sizes[own_sets[first]] = np.diff(np.r_[first, len(own)])
        starts = np.zeros(len(sizes), np.int64)
        starts[own_sets[first]] = first
    result[valid] = _medians(own, own_sets, ordered, starts, sizes)
    return result


def _medians(
    values: np.ndarray, sets: np.ndarray, ordered: np.ndarray, starts: np.ndarray, sizes: np.ndarray
) -> np.ndarray:
    """Each value's peer median; set ``k``'s values sorted at ``ordered[starts[k]:]``."""
    peers = np.maximum(sizes - 1, 0)
    # the others' middle two are at sorted positions low and high of the set, or one further
    # along where the element itself sorts at or before them
    low, high = np.maximum(peers - 1, 0) // 2, peers // 2
    last = len(ordered) - 1  # a lone element reads past its set: its median is NaN anyway
    at_low = ordered[np.minimum(starts + low, last)]
    at_high = ordered[np.minimum(starts + high, last)]
    after_low = ordered[np.minimum(starts + low + 1, last)]
    after_high = ordered[np.minimum(starts + high + 1, last)]
    lone = peers < 1
    with np.errstate(invalid="ignore"):  # infinities of both signs: NaN, as before
        below = np.where(lone, np.nan, (after_low + after_high) / 2.0)
        between = np.where(lone, np.nan, (at_low + after_high) / 2.0)
        above = np.where(lone, np.nan, (at_low + at_high) / 2.0)
    choices = np.stack([below, between, above], axis=1).ravel()  # three a set
    place = (values > at_low[sets]).astype(np.int64) + (values > at_high[sets])
    medians: np.ndarray = choices[sets * 3 + place]
    return medians


def _sorted_in_rows(
    values: np.ndarray, sets: np.ndarray, sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Values sorted within their sets (in order, contiguous): one row per set, padded with
    infinity and sorted along the rows; the sorted values flattened, and each set's start."""
    width = int(sizes.max())
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    grid = np.full((len(sizes), width), np.inf)
    grid[sets, np.arange(len(values)) - starts[sets]] = values
    grid.sort(axis=1)
    return grid.ravel(), np.arange(len(sizes)) * width


def _by_set_then_value(values: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """``np.lexsort((values, sets))`` up to the order of equal values, which no median
    sees: the values ranked once, then one sort of integers (set, rank)."""
    n = len(values)
    by_value = np.argsort(values)
    rank = np.empty(n, dtype=np.int64)
    rank[by_value] = np.arange(n)
    keys = np.sort(sets * n + rank)  # a plain sort is several times faster than argsort
    order: np.ndarray = by_value[keys % n]
    return order
