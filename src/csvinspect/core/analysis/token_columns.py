"""Every token of a report as columns; ``token_views.py`` holds the views the findings and
panels use.

Issue 10: a 1M-row group-health export built a ``TokenStats``, an ``Assessment`` and a
``TokenHealth`` per token and then a JSON dict from each (13 s). Here the figures and the
assessment of all tokens are numpy arrays, one entry per token, the tokens of a group
contiguous; ``GroupHealth.tokens`` is a ``TokenSlice`` over them that makes a ``TokenHealth``
only for the tokens someone looks at (a finding, a marked cell), and the same object each
time, so identity-keyed bookkeeping in the findings keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow.compute as pc

from csvinspect.core.analysis.peer_medians import PeerSets
from csvinspect.core.analysis.peers import (
    RAW_FIGURES,
    Assessment,
    FlagColumns,
    assess_with_peers,
    derived_figures,
    peer_figures,
)
from csvinspect.core.analysis.reasons import FailureReason
from csvinspect.core.analysis.results import TokenHealth
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import TokenStats
from csvinspect.core.analysis.text_column import TextColumn as TextColumn  # where it was
from csvinspect.core.analysis.token_figures import TokenFigure
from csvinspect.core.analysis.token_views import TokenSlice

# Figures attributes held as columns; counts are whole numbers stored as floats (NaN = unknown)
FIGURES = (
    "requests",
    "success",
    "errors",
    "cost",
    "cache_tokens",
    "cache_requests",
    "cache_hit_rate",
    "total_tokens",
    "avg_latency_s",
    "start_time",
    "latest_time",
    "exported_success_rate",
)
_COUNTS = frozenset({"requests", "success", "errors"})
_BLOCK = 1 << 16  # tokens assessed at a time
_WINDOW = 1 << 12  # tokens whose peer figures are read at a time


@dataclass(eq=False)
class TokenColumns:
    """All tokens: ``starts[g]:starts[g + 1]`` are group ``g``'s, in report order."""

    starts: np.ndarray
    token: Sequence[str]  # a list, or a TextColumn over the table's cells
    user_id: Sequence[str]
    username: Sequence[str]
    model: Sequence[str]
    rows: np.ndarray  # the Token row of each token, -1 where the stats hold their own rows
    figures: dict[str, TokenFigure]  # FIGURES -> float64, NaN where the export did not say
    reasons: dict[int, list[FailureReason]] = field(default_factory=dict)  # own, sparse
    assessment: FlagColumns | None = None  # with the peers' figures: ``assessment_at``
    _peers: PeerSets | None = None  # each group's peers, summed up
    _window: tuple[int, int, tuple[np.ndarray, ...]] | None = None  # peers read last
    _stats: list[TokenStats] | None = None  # when built from objects (request logs)
    _made: dict[int, TokenHealth] = field(default_factory=dict)
    _made_stats: dict[int, TokenStats] = field(default_factory=dict)
    _masks: dict[frozenset[str], np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_stats(cls, per_group: Sequence[Sequence[TokenStats]]) -> TokenColumns:
        """Columns over tokens built elsewhere as objects (request logs, summaries)."""
        stats = [t for tokens in per_group for t in tokens]
        starts = np.zeros(len(per_group) + 1, dtype=np.int64)
        starts[1:] = np.cumsum([len(tokens) for tokens in per_group])
        return cls(
            starts=starts,
            token=[t.token for t in stats],
            user_id=[t.user_id for t in stats],
            username=[t.username for t in stats],
            model=[t.model for t in stats],
            rows=np.full(len(stats), -1, dtype=np.int64),
            figures={
                name: TokenFigure(np.array([getattr(t, name) for t in stats], dtype=np.float64))
                for name in FIGURES
            },
            reasons={i: list(t.failure_reasons) for i, t in enumerate(stats) if t.failure_reasons},
            _stats=stats,
        )

    def __len__(self) -> int:
        return len(self.token)

    @property
    def group_of(self) -> np.ndarray:
        """Each token's group position."""
        return np.repeat(np.arange(len(self.starts) - 1), np.diff(self.starts))

    def assess(self, settings: AnalysisSettings, below_flag: str) -> None:
        """Flag every token against the other tokens of its group.

        A block of whole groups at a time, into arrays made once (issue 10: over a million
        tokens at once the assessment's temporaries took 200 MB); a token's peers are its
        group's tokens, so blocks give the same figures. The peers' figures of each token
        are not kept, only each group's (``assessment_at``: 40 MB less on a million tokens).
        One block at a time, on this thread: two at a time, every other one on a worker
        thread, took 0.20-0.26 s instead of 0.31-0.35 s for a million tokens, but the
        report's peak rose by 15-20 MB, to 2.9x the file (target 3x).
        """
        flags: FlagColumns | None = None
        peers = PeerSets.empty(len(self.starts) - 1)
        for start, stop in self._blocks():
            first = int(np.searchsorted(self.starts, start, side="right")) - 1
            sets = np.searchsorted(self.starts[first:], np.arange(start, stop), side="right") - 1
            raw = {name: self.figures[name][start:stop] for name in RAW_FIGURES}
            part, part_peers = assess_with_peers(raw, settings, sets=sets, below_flag=below_flag)
            if flags is None:
                flags = FlagColumns.empty(len(self), part.names)
            flags.place(start, part)
            peers.place(first, part_peers)
            del raw, part, part_peers
        if flags is None:  # no tokens
            raw = {name: self.figures[name][0:0] for name in RAW_FIGURES}
            flags, _ = assess_with_peers(raw, settings, below_flag=below_flag)
        self.assessment, self._peers, self._window = flags, peers, None

    def assessment_at(self, i: int) -> Assessment:
        """Token ``i``'s assessment, its peers' figures read from its group's (issue 10: a
        token's own, kept for a million tokens, took 40 MB)."""
        assert self.assessment is not None, "tokens are assessed before they are read"
        start, peers = self._peer_window(i)
        figures = [float(self.assessment.success_rate[i])]
        figures += [float(p[i - start]) for p in peers]
        rate, *peer = [None if v != v else v for v in figures]  # NaN: unknown
        return Assessment(rate, self.assessment.flags(i), *peer)

    def _peer_window(self, i: int) -> tuple[int, tuple[np.ndarray, ...]]:
        """The peer figures of the whole groups from token ``i``'s on, and where they start.

        Token ``i``'s group; reading on in order (a finding reads each group's tokens, the
        table marks flagged tokens group by group), twice as many tokens as the last time,
        up to ``_WINDOW``.
        """
        assert self._peers is not None
        window = self._window
        if window is None or not window[0] <= i < window[1]:
            starts = self.starts
            g = int(np.searchsorted(starts, i, side="right")) - 1
            start, ahead = int(starts[g]), 0
            if window is not None and 0 <= start - window[1] < 4 * (window[1] - window[0]):
                ahead = min(2 * (window[1] - window[0]), _WINDOW)
            stop = int(starts[np.searchsorted(starts, start + ahead, side="right") - 1])
            stop = max(stop, int(starts[g + 1]))
            raw = {name: self.figures[name][start:stop] for name in RAW_FIGURES}
            groups = np.searchsorted(starts, np.arange(start, stop), side="right") - 1
            peers = peer_figures(derived_figures(raw), self._peers, groups)
            window = self._window = (start, stop, peers)
        return window[0], window[2]

    def _blocks(self) -> Iterator[tuple[int, int]]:
        """Token ranges of about ``_BLOCK`` tokens that never split a group."""
        starts, n, start = self.starts, len(self), 0
        while start < n:
            stop = int(starts[np.searchsorted(starts, start + _BLOCK, side="right") - 1])
            if stop <= start:  # one group bigger than a block: the block is that group
                stop = int(starts[np.searchsorted(starts, start, side="right")])
            yield start, stop
            start = stop

    def requests(self, start: int, stop: int) -> np.ndarray:
        """Requests of the tokens ``start:stop``, or success + errors where the export has
        no request count, as ``Figures.counts`` fills them (NaN where neither is known)."""
        f = self.figures
        requests = f["requests"][start:stop]
        summed = f["success"][start:stop] + f["errors"][start:stop]
        filled: np.ndarray = np.where(np.isnan(requests), summed, requests)
        return filled

    def with_model(self) -> list[int]:
        """The positions of the tokens that name a model."""
        model = self.model
        if not isinstance(model, TextColumn):
            return [i for i, name in enumerate(model) if name]
        filled = pc.fill_null(pc.greater(pc.binary_length(model.text), 0), False)
        return [i for i in np.flatnonzero(filled).tolist() if model[i]]  # not blank either

    def group(self, g: int) -> TokenSlice:
        return TokenSlice(self, int(self.starts[g]), int(self.starts[g + 1]))

    def health(self, i: int) -> TokenHealth:
        """Token ``i`` as an object, made once."""
        made = self._made.get(i)
        if made is None:
            made = TokenHealth(self.stats(i), self.assessment_at(i))
            self._made[i] = made
        return made

    def make(self, positions: Iterable[int]) -> None:
        """Make the tokens at ``positions`` as objects (``health``) at once, their peers'
        figures read in one pass (issue 10: a finding's few hundred tokens, scattered over
        as many groups, took a numpy pass each)."""
        assert self.assessment is not None and self._peers is not None
        wanted = sorted({int(i) for i in positions} - self._made.keys())
        if not wanted:
            return
        at = np.array(wanted, dtype=np.int64)
        raw = {name: self.figures[name][at] for name in RAW_FIGURES}
        groups = np.searchsorted(self.starts, at, side="right") - 1
        peers = peer_figures(derived_figures(raw), self._peers, groups)
        rates = self.assessment.success_rate[at].tolist()
        for k, (i, rate) in enumerate(zip(wanted, rates, strict=True)):
            own, *peer = [None if v != v else v for v in (rate, *(float(p[k]) for p in peers))]
            assessment = Assessment(own, self.assessment.flags(i), *peer)
            self._made[i] = TokenHealth(self.stats(i), assessment)

    def stats(self, i: int) -> TokenStats:
        """Token ``i``'s figures as an object, made once."""
        if self._stats is not None:
            return self._stats[i]
        made = self._made_stats.get(i)
        if made is not None:
            return made
        row = int(self.rows[i])
        stats = TokenStats(
            token=self.token[i],
            user_id=self.user_id[i],
            username=self.username[i],
            model=self.model[i],
            rows=(row,) if row >= 0 else (),
            failure_reasons=self.reasons.get(i, []),
        )
        for name in FIGURES:  # read here, not through TokenFigure: a token at a time is slow
            figure = self.figures[name]
            value = float(figure.values[i if figure.rows is None else row])
            if value != value:  # NaN: unknown
                continue
            if name in _COUNTS:  # whole: rounded half to even, as numpy's rint
                setattr(stats, name, round(value) if figure.whole else int(value))
            else:
                setattr(stats, name, value)
        self._made_stats[i] = stats
        return stats

    def made_positions(self) -> list[int]:
        """The positions of the tokens made as objects so far."""
        return list(self._made)

    def flag_mask(self, names: Iterable[str]) -> np.ndarray:
        """Which tokens carry any of the flags ``names``."""
        assert self.assessment is not None
        key = frozenset(names)
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = self.assessment.has_any(key)
        return mask


def token_errors(columns: TokenColumns, positions: np.ndarray) -> np.ndarray:
    """Errors of the tokens at ``positions`` as ``Figures.counts`` fills them (NaN unknown)."""
    f = columns.figures
    requests, success, errors = (f[name][positions] for name in ("requests", "success", "errors"))
    rate = f["exported_success_rate"][positions]
    requests = np.where(np.isnan(requests), success + errors, requests)
    success = np.where(np.isnan(success), requests - errors, success)
    success = np.where(np.isnan(success), np.round(rate * requests), success)
    filled: np.ndarray = np.where(np.isnan(errors), requests - success, errors)
    return filled
