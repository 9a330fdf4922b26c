"""What a unit's peers look like, the unit left out: their medians and success rate.

Seed 000 compares a token with "other tokens in the same group"; the peers' median leaves
the token itself out so one huge token cannot hide by pulling it up. Issue 10: a million
tokens in twenty thousand groups, four figures each; ``np.lexsort`` and arithmetic per
token took a second and a half. Each set's peers are summed up once (``PeerSets``), and
any unit's peer figures read from that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

MEDIAN_FIGURES = ("cost", "cost_per_request", "avg_latency_s", "avg_cache_tokens")


@dataclass(frozen=True)
class SetMedians:
    """What each set's peer medians are made of: a unit's median is one of three figures of
    its set, picked by where its own value sorts (``loo_median``).

    Issue 10: held per token, the peer medians of a million tokens took 32 MB for the few
    a finding shows; per set they are a few figures a group, and ``of`` gives any unit's.
    """

    at_low: np.ndarray  # per set: the others' middle-low value, when the unit sorts after it
    at_high: np.ndarray
    choices: np.ndarray  # per set, three a set: unit before, between and after the middle

    def of(self, values: np.ndarray, sets: np.ndarray) -> np.ndarray:
        """The peer median of units with ``values`` in ``sets`` (NaN where a value is)."""
        result = np.full(values.shape, np.nan)
        valid = np.flatnonzero(~np.isnan(values))
        if not len(self.at_low) or not len(valid):
            return result
        if len(valid) < len(values):
            values, sets = values[valid], sets[valid]
        result[valid] = self._picked(values, sets.astype(np.int64, copy=False))
        return result

    def copy(self) -> SetMedians:
        return SetMedians(self.at_low.copy(), self.at_high.copy(), self.choices.copy())

    def place(self, first: int, part: SetMedians) -> None:
        """Put ``part``'s sets in from set ``first`` on."""
        n = len(part.at_low)
        self.at_low[first : first + n], self.at_high[first : first + n] = part.at_low, part.at_high
        self.choices[3 * first : 3 * (first + n)] = part.choices

    def _picked(self, values: np.ndarray, sets: np.ndarray) -> np.ndarray:
        place = (values > self.at_low[sets]).astype(np.int64) + (values > self.at_high[sets])
        medians: np.ndarray = self.choices[sets * 3 + place]
        return medians


_NONE = SetMedians(np.zeros(0), np.zeros(0), np.zeros(0))


@dataclass(frozen=True)
class PeerSets:
    """Each set's units summed up: any unit's peer success rate and peer medians follow
    from its set's figures and its own (``rate_of``, ``medians[name].of``)."""

    outcomes: np.ndarray  # per set: requests with a known outcome, of units that say them
    success: np.ndarray
    size: np.ndarray  # units per set
    medians: dict[str, SetMedians]  # MEDIAN_FIGURES -> per set

    @classmethod
    def of(cls, figures: Mapping[str, np.ndarray], sets: np.ndarray) -> PeerSets:
        """The sets of units with derived ``figures`` (``peers.derived_figures``)."""
        outcomes, success = figures["outcomes"], figures["success"]
        known = ~np.isnan(outcomes) & ~np.isnan(success)
        n_sets = int(sets.max()) + 1 if len(sets) else 0
        return cls(
            np.bincount(sets, np.where(known, outcomes, 0.0), n_sets),
            np.bincount(sets, np.where(known, success, 0.0), n_sets),
            np.bincount(sets, minlength=n_sets),
            {name: set_medians(figures[name], sets) for name in MEDIAN_FIGURES},
        )

    @classmethod
    def empty(cls, n_sets: int) -> PeerSets:
        """``n_sets`` sets, to be filled by ``place``."""
        nan = np.full(n_sets, np.nan)
        medians = SetMedians(nan, nan.copy(), np.full(3 * n_sets, np.nan))
        return cls(
            np.zeros(n_sets),
            np.zeros(n_sets),
            np.zeros(n_sets, np.int64),
            {name: medians.copy() for name in MEDIAN_FIGURES},
        )

    def place(self, first: int, part: PeerSets) -> None:
        """Put ``part``'s sets in from set ``first`` on."""
        for mine, theirs in ((self.outcomes, part.outcomes), (self.success, part.success)):
            mine[first : first + len(theirs)] = theirs
        self.size[first : first + len(part.size)] = part.size
        for name, medians in part.medians.items():
            self.medians[name].place(first, medians)

    def rate_of(self, outcomes: np.ndarray, success: np.ndarray, sets: np.ndarray) -> np.ndarray:
        """Success / known outcomes of all the other units of each unit's set together (NaN
        if none), for units with derived ``outcomes`` and ``success`` in ``sets`` (issue 11:
        requests in progress or of unknown outcome count in neither)."""
        known = ~np.isnan(outcomes) & ~np.isnan(success)
        set_outcomes, set_success = self.outcomes[sets], self.success[sets]
        with np.errstate(divide="ignore", invalid="ignore"):
            peer_outcomes = np.where(known, set_outcomes - outcomes, set_outcomes)
            peer_success = np.where(known, set_success - success, set_success)
            has_peers = (peer_outcomes > 0) & (self.size[sets] > 1)
            peer_rate: np.ndarray = np.where(has_peers, peer_success / peer_outcomes, np.nan)
        return peer_rate


def loo_median(values: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """For each element, the median of the other non-NaN elements of its set (NaN if none)."""
    return set_medians(values, sets).of(values, sets)


def set_medians(values: np.ndarray, sets: np.ndarray) -> SetMedians:
    """The peer medians of every set of ``values`` (set ``sets[i]`` for ``values[i]``).

    Within a set sorted by value, the median of the others is one of three figures: the
    element sorts at or before the middle-low value, after the middle-high one, or between
    them. Which one depends only on the element's value (equal values give equal medians),
    so each set needs only its sorted values.
    """
    valid = np.flatnonzero(~np.isnan(values))
    if len(valid) < 2:
        return _NONE
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
        ordered = own
        first = np.flatnonzero(np.r_[True, own_sets[1:] != own_sets[:-1]])
        sizes = np.zeros(int(own_sets.max()) + 1, np.int64)
        sizes[own_sets[first]] = np.diff(np.r_[first, len(own)])
        starts = np.zeros(len(sizes), np.int64)
        starts[own_sets[first]] = first
    return _medians(ordered, starts, sizes)


def _medians(ordered: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> SetMedians:
    """Each set's three peer medians; set ``k``'s values sorted at ``ordered[starts[k]:]``."""
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
    return SetMedians(at_low, at_high, choices)


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
