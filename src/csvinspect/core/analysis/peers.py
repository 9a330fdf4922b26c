"""Each token (or group, or model) against its peers: flags for low, small and outlying.

Seed 000: "Pay attention when it is below 80%; if it is clearly lower than peer rows, check
that group or token first", and the cost-and-cache table ("clearly higher than other tokens
in the same group", "Cache Hit Rate is high but Cache Request Share is low", ...). Peers are
the other units of the same set (the tokens of one group, or all groups); figures are
compared with the peers' median, leaving the unit itself out, so one huge token cannot hide
by pulling the median up. Vectorised over all sets at once: a million-row export has tens
of thousands of groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from csvinspect.core.analysis.peer_medians import MEDIAN_FIGURES, PeerSets
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Figures

LOW_SUCCESS = "low_success"
BELOW_PEERS = "below_peers"  # a token's flag is spelled "below_group" (issue 4's JSON)
BELOW_GROUP = "below_group"
SMALL_SAMPLE = "small_sample"
COST_OUTLIER = "cost_outlier"
LATENCY_OUTLIER = "latency_outlier"
CACHE_FEW_LARGE = "cache_few_large"
CACHE_MANY_SMALL = "cache_many_small"


@dataclass(slots=True)
class Assessment:
    """A unit's recomputed success rate, what its peers look like, and its flags."""

    success_rate: float | None
    flags: tuple[str, ...] = ()
    peer_success_rate: float | None = None  # success / known outcomes of all the peers together
    peer_cost: float | None = None  # medians of the peers, the unit left out
    peer_cost_per_request: float | None = None
    peer_latency_s: float | None = None
    peer_avg_cache_tokens: float | None = None


@dataclass(slots=True)
class FlagColumns:
    """Many units' recomputed success rates (NaN = unknown) and flags, as bits of ``names``."""

    success_rate: np.ndarray
    bits: np.ndarray  # unsigned or int64: bit i set = flag names[i]
    names: tuple[str, ...]
    _tuples: dict[int, tuple[str, ...]] = field(default_factory=dict, kw_only=True)
    _lists: dict[int, list[str]] = field(default_factory=dict, kw_only=True)

    @classmethod
    def empty(cls, n: int, names: tuple[str, ...]) -> FlagColumns:
        """Columns for ``n`` units, to be filled by ``place``; a byte of flags each where
        they fit (issue 10: a million tokens' flags in 1 MB, not 8)."""
        bits = np.empty(n, np.uint8 if len(names) <= 8 else np.int64)
        return FlagColumns(np.empty(n), bits, names)

    def place(self, start: int, part: FlagColumns) -> None:
        """Put ``part``'s units in at ``start`` (its flag names are these)."""
        assert part.names == self.names
        stop = start + len(part.bits)
        self.success_rate[start:stop], self.bits[start:stop] = part.success_rate, part.bits

    def flags(self, i: int) -> tuple[str, ...]:
        return self.flags_of(int(self.bits[i]))

    def flags_of(self, bits: int) -> tuple[str, ...]:
        """The flag names of a bit set (one shared tuple per distinct set)."""
        found = self._tuples.get(bits)
        if found is None:
            found = tuple(name for k, name in enumerate(self.names) if bits >> k & 1)
            self._tuples[bits] = found
        return found

    def flag_lists(self, start: int, stop: int) -> list[list[str]]:
        """The flags of units ``start:stop`` as lists, for the JSON report."""
        lists = self._lists  # one list per distinct set of flags, shared: read, never change
        for bits in np.unique(self.bits[start:stop]).tolist():
            if bits not in lists:
                lists[bits] = list(self.flags_of(bits))
        return [lists[bits] for bits in self.bits[start:stop].tolist()]

    def has_any(self, names: Iterable[str]) -> np.ndarray:
        wanted = set(names)
        bits = sum(1 << k for k, name in enumerate(self.names) if name in wanted)
        found: np.ndarray = (self.bits & bits) != 0
        return found


@dataclass(slots=True)
class AssessmentColumns(FlagColumns):
    """The assessments of many units as arrays (NaN = unknown): the flags, and what the
    peers look like."""

    peer_success_rate: np.ndarray
    peer_cost: np.ndarray
    peer_cost_per_request: np.ndarray
    peer_latency_s: np.ndarray
    peer_avg_cache_tokens: np.ndarray

    def at(self, i: int) -> Assessment:
        return Assessment(
            _number(self.success_rate[i]),
            self.flags(i),
            _number(self.peer_success_rate[i]),
            _number(self.peer_cost[i]),
            _number(self.peer_cost_per_request[i]),
            _number(self.peer_latency_s[i]),
            _number(self.peer_avg_cache_tokens[i]),
        )


def assess(
    units: Sequence[Figures],
    settings: AnalysisSettings,
    *,
    sets: np.ndarray | None = None,
    below_flag: str = BELOW_PEERS,
    spending: bool = True,
) -> list[Assessment]:
    """Flags for every unit; ``sets`` gives each unit's peer set (default: one set).

    ``spending`` adds the cost, cache and latency flags.
    """
    if not units:
        return []
    raw = {name: _column(units, name) for name in RAW_FIGURES}
    found, _ = assess_with_peers(raw, settings, sets=sets, below_flag=below_flag, spending=spending)
    figures = zip(
        *(
            _numbers(values)
            for values in (
                found.success_rate,
                found.peer_success_rate,
                found.peer_cost,
                found.peer_cost_per_request,
                found.peer_latency_s,
                found.peer_avg_cache_tokens,
            )
        ),
        strict=True,
    )
    return [  # as ``found.at(i)`` makes them, a list at a time
        Assessment(rate, found.flags_of(bits), *peers)
        for (rate, *peers), bits in zip(figures, found.bits.tolist(), strict=True)
    ]


def assess_with_peers(
    raw: Mapping[str, np.ndarray],
    settings: AnalysisSettings,
    *,
    sets: np.ndarray | None = None,
    below_flag: str = BELOW_PEERS,
    spending: bool = True,
) -> tuple[AssessmentColumns, PeerSets]:
    """``assess`` over figures already held as columns (``RAW_FIGURES`` -> float arrays),
    and the peer sets its peer figures come from (``peer_figures``)."""
    n = len(raw["requests"])
    sets = np.zeros(n, dtype=np.int64) if sets is None else np.asarray(sets, dtype=np.int64)
    f = derived_figures(raw)
    rate = f["success_rate"]
    peers = PeerSets.of(f, sets)
    peer_rate, peer_cost, peer_per_request, peer_latency, peer_avg_cache = peer_figures(
        f, peers, sets
    )

    # no requests is no sample at all: nothing to flag (issue 9); requests in progress or of
    # unknown outcome are no sample either
    sample = f["outcomes"]  # the requests the rate is over
    small = (sample > 0) & (sample < settings.small_sample_requests)
    judged = ~small & ~np.isnan(rate)
    marks: dict[str, np.ndarray] = {
        SMALL_SAMPLE: small,
        LOW_SUCCESS: judged & (rate < settings.low_success_rate),
        below_flag: judged & (rate < peer_rate - settings.below_peer_margin),
    }
    cost, per_request = f["cost"], f["cost_per_request"]
    latency, avg_cache = f["avg_latency_s"], f["avg_cache_tokens"]
    if spending:
        ratio = settings.cost_outlier_ratio
        hit, share = f["hit_rate"], f["cache_request_share"]
        with np.errstate(invalid="ignore"):
            costly = ((peer_cost > 0) & (cost >= ratio * peer_cost)) | (
                (peer_per_request > 0) & (per_request >= ratio * peer_per_request)
            )
            slow = (latency >= settings.latency_outlier_ratio * peer_latency) & (
                latency - peer_latency >= settings.latency_min_excess_s
            )
            low_avg = np.where(
                np.isnan(peer_avg_cache),
                avg_cache <= settings.cache_low_avg_tokens,
                avg_cache <= settings.cache_low_avg_tokens_ratio * peer_avg_cache,
            )
            few_large = (hit >= settings.cache_high_hit_rate) & (
                share <= settings.cache_low_request_share
            )
            many_small = (share >= settings.cache_high_request_share) & low_avg & (avg_cache > 0)
        marks[COST_OUTLIER] = ~small & costly
        marks[LATENCY_OUTLIER] = ~small & slow
        marks[CACHE_FEW_LARGE] = ~small & few_large
        marks[CACHE_MANY_SMALL] = ~small & many_small

    bits = np.zeros(n, dtype=np.int64)
    for k, mark in enumerate(marks.values()):
        bits |= np.asarray(mark, dtype=np.int64) << k
    found = AssessmentColumns(
        rate, bits, tuple(marks), peer_rate, peer_cost, peer_per_request, peer_latency,
        peer_avg_cache,
    )  # fmt: skip
    return found, peers


def peer_figures(
    figures: Mapping[str, np.ndarray], peers: PeerSets, sets: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Peer success rate and the peer medians of ``MEDIAN_FIGURES`` of units with derived
    ``figures`` in ``sets``, as ``AssessmentColumns`` orders them."""
    rate = peers.rate_of(figures["outcomes"], figures["success"], sets)
    return rate, *(peers.medians[name].of(figures[name], sets) for name in MEDIAN_FIGURES)


# The Figures attributes the assessment reads
RAW_FIGURES = (
    "requests",
    "success",
    "errors",
    "exported_success_rate",
    "cost",
    "cache_tokens",
    "cache_requests",
    "total_tokens",
    "cache_hit_rate",
    "avg_latency_s",
)


def _column(units: Sequence[Figures], name: str) -> np.ndarray:
    return np.array([getattr(u, name) for u in units], dtype=np.float64)


def figures_arrays(units: Sequence[Figures]) -> dict[str, np.ndarray]:
    """The figures of many units as float arrays (NaN = unknown), derived rates included."""
    return derived_figures({name: _column(units, name) for name in RAW_FIGURES})


def derived_figures(raw: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Counts filled in and rates derived from raw figure columns (NaN = unknown).

    Mirrors ``Figures.counts`` and the rate properties, vectorised.
    """
    requests, success, errors = raw["requests"], raw["success"], raw["errors"]
    exported_rate = raw["exported_success_rate"]
    requests = np.where(np.isnan(requests), success + errors, requests)
    success = np.where(np.isnan(success), requests - errors, success)
    success = np.where(np.isnan(success), np.round(exported_rate * requests), success)
    cost, cache_tokens, cache_requests = raw["cost"], raw["cache_tokens"], raw["cache_requests"]
    total_tokens, exported_hit = raw["total_tokens"], raw["cache_hit_rate"]
    with np.errstate(divide="ignore", invalid="ignore"):
        uncounted = np.isnan(success) | np.isnan(requests)
        decided = success + np.where(np.isnan(errors), requests - success, errors)  # issue 11
        counted = np.where(decided > 0, success / decided, np.nan)
        rate = np.where(uncounted, exported_rate, counted)
        has_total = (total_tokens > 0) & ~np.isnan(cache_tokens)
        return {
            "requests": requests,
            "success": success,
            "outcomes": np.where(uncounted, requests, decided),  # what the rate is over
            "success_rate": rate,
            "cost": cost,
            "cost_per_request": np.where(requests > 0, cost / requests, np.nan),
            "avg_latency_s": raw["avg_latency_s"],
            "hit_rate": np.where(has_total, cache_tokens / total_tokens, exported_hit),
            "cache_request_share": np.where(requests > 0, cache_requests / requests, np.nan),
            "avg_cache_tokens": np.where(cache_requests > 0, cache_tokens / cache_requests, np.nan),
        }


def _numbers(values: np.ndarray) -> list[float | None]:
    return [None if value != value else value for value in values.tolist()]


def _number(value: float) -> float | None:
    number = float(value)
    return None if number != number else number
