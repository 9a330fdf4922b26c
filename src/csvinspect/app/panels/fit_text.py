"""Export text made to fit a narrow analysis panel: long unbroken words are cut or made breakable.

A word-wrapped ``QLabel`` is never narrower than its longest word, so one JWT in a token cell
or a long file name made the whole panel wider than its scroll area and pushed the findings
and the Copy for support button off screen (issue 9). A run longer than ``LONGEST_WORD`` is
cut in the middle (``eyJhbGciOiJIUzI1NiIsInR5…adQssw5c``: both ends stay recognisable) and the
label's tooltip keeps the full text; shorter long runs get invisible break opportunities so
they wrap at the panel's edge instead of widening it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtWidgets import QBoxLayout, QLabel

LONGEST_WORD = 36  # characters of one unbroken run shown before it is cut in the middle
KEEP_HEAD, KEEP_TAIL = 24, 8
BREAK_EVERY = 14  # a break opportunity every so many characters of a long run
STACK_BELOW_WIDTH = 300  # a panel or card narrower than this stacks its head row
ZERO_WIDTH_SPACE = "\u200b"  # a line-break opportunity that draws nothing (UAX #14, class ZW)
TOOLTIP_LINE = 64
_TOOLTIP_RUN = re.compile(rf"\S{{{TOOLTIP_LINE + 1},}}")
_RUN = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")


def fit_words(text: str) -> str:
    """``text`` with every long run of non-space characters cut or made breakable."""

    def fit(match: re.Match[str]) -> str:
        run = match.group(0)
        if len(run) > LONGEST_WORD:
            run = f"{run[:KEEP_HEAD]}…{run[-KEEP_TAIL:]}"
        pieces = [run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY)]
        return ZERO_WIDTH_SPACE.join(pieces)

    return _RUN.sub(fit, text)


def is_cut(text: str) -> bool:
    """True when ``fit_words`` drops characters of ``text`` (then a tooltip must show them)."""
    return any(len(run) > LONGEST_WORD for run in text.split())


def tooltip_lines(text: str) -> str:
    """``text`` with long runs folded onto lines of ``TOOLTIP_LINE`` characters: a plain
    tooltip never wraps, and a whole JWT on one line runs off the screen."""

    def fold(match: re.Match[str]) -> str:
        run = match.group(0)
        return "\n".join(run[i : i + TOOLTIP_LINE] for i in range(0, len(run), TOOLTIP_LINE))

    return _TOOLTIP_RUN.sub(fold, text)


def names_in_lines(names: Sequence[str], per_line: int = 6) -> str:
    """Names for a tooltip, ``per_line`` a line (a plain tooltip never wraps): a finding's or
    a failure reason's groups."""
    return ",\n".join(", ".join(names[i : i + per_line]) for i in range(0, len(names), per_line))


def set_fitted_text(label: QLabel, text: str, tooltip: str = "") -> None:
    """Show ``text`` word-wrapped in ``label`` at any width; the full text goes in the tooltip
    when some of it had to be cut (``tooltip`` is used otherwise)."""
    label.setWordWrap(True)
    label.setText(fit_words(text))
    label.setToolTip(tooltip_lines(text) if is_cut(text) else tooltip)


def stack_when_narrow(head: QBoxLayout, width: int) -> bool:
    """Lay ``head`` out side by side when ``width`` leaves room, else one above the other;
    True when stacked."""
    stacked = width < STACK_BELOW_WIDTH
    head.setDirection(
        QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
    )
    return stacked
