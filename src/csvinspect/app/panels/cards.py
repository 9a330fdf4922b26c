"""A row of summary cards (title, big figure, small detail) shared by the analysis panels.

Seed 000's console and seed 001's monitoring page both open with summary cards; the health
panel and the requests panel show theirs through this one widget so they look alike. The
cards reflow into as many columns as the panel's width allows, because the panel sits beside
the table and may be narrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.panels.fit_text import fit_words
from csvinspect.core.analysis import formatting as fmt

# Tone -> accent colour of the card's left edge and figure (the figure stays readable on both
# light and dark palettes; only the accent carries the colour).
TONE_COLOURS = {
    "normal": None,
    "good": "#2e7d32",
    "warning": "#e08a00",
    "alarm": "#c62828",
    "muted": "#8a8a8a",
}

# Success rate at or above this is shown green; between it and the low line, amber. Seed 000
# only names the low line ("Pay attention when it is below 80%"); "close to normal" is
# judgement, kept here.
HEALTHY_SUCCESS_RATE = 0.98


def success_tone(rate: float | None, low: float = 0.80) -> str:
    """Tone of a success-rate figure: alarm below ``low``, warning below healthy, else good."""
    if rate is None:
        return "muted"
    if rate < low:
        return "alarm"
    return "warning" if rate < HEALTHY_SUCCESS_RATE else "good"


def success_rate_card(
    rate: float | None, requests: int, detail: str, low: float, small_sample: int
) -> Card:
    """The Success rate card; few requests mute its colour instead of raising an alarm.

    Seed 000: "Avoid over-reading success rate when the sample size is small".
    """
    tone = success_tone(rate, low)
    if requests == 0:  # issue 9: "only 0 requests: a small sample"
        tone, detail = "muted", "no requests"
    elif requests < small_sample:
        tone = "muted" if tone == "good" else "warning"
        detail = f"only {fmt.counted(requests, 'request')}: a small sample"
    return Card("Success rate", fmt.percent(rate), detail, tone)


@dataclass(frozen=True)
class Card:
    """One summary figure: ``value`` is already formatted (``¥4,208.02``, ``97.5%``)."""

    title: str
    value: str
    detail: str = ""
    tone: str = "normal"  # normal, good, warning, alarm or muted
    tooltip: str = ""
    wide: bool = False  # spans two columns (a time span needs the room)


class CardWidget(QFrame):
    """The frame that draws one ``Card``."""

    def __init__(self, card: Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Preferred vertically: the cards of one grid row grow to the tallest one's height
        # (a wrapped detail line must never be clipped).
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.title_label = QLabel(self)
        self.value_label = QLabel(self)
        self.detail_label = QLabel(self)
        for label in (self.title_label, self.value_label, self.detail_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # group names are export text
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setWordWrap(True)
        self.value_label.setWordWrap(True)  # a date span folds at its dash in a narrow panel
        for label in (self.title_label, self.value_label, self.detail_label):
            layout.addWidget(label)
        layout.addStretch(1)
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 0.9)
        self.title_label.setFont(title_font)
        self.detail_label.setFont(title_font)
        value_font = self.value_label.font()
        value_font.setPointSizeF(value_font.pointSizeF() * 1.45)
        value_font.setBold(True)
        self.value_label.setFont(value_font)
        self.set_card(card)

    def set_card(self, card: Card) -> None:
        self.card = card
        self.title_label.setText(card.title)
        self.value_label.setText(card.value)
        self.detail_label.setText(fit_words(card.detail))  # a long group name wraps (issue 9)
        self.detail_label.setVisible(bool(card.detail))
        self.setToolTip(card.tooltip)
        accent = TONE_COLOURS.get(card.tone)
        edge = accent or "palette(mid)"
        self.setStyleSheet(
            f"QFrame#summaryCard {{ border: 1px solid palette(mid); border-left: 4px solid {edge};"
            " border-radius: 4px; background: palette(base); }"
        )
        self.title_label.setStyleSheet("color: palette(placeholder-text);")
        self.detail_label.setStyleSheet("color: palette(placeholder-text);")
        self.value_label.setStyleSheet(f"color: {accent};" if accent else "")


class CardRow(QWidget):
    """Summary cards in a grid that reflows with the width (``min_card_width`` each)."""

    def __init__(self, parent: QWidget | None = None, min_card_width: int = 130) -> None:
        super().__init__(parent)
        self._min_card_width = min_card_width
        self._widgets: list[CardWidget] = []
        self._columns = 0
        self._grid = QGridLayout(self)
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Show ``cards``, reusing the existing frames where the count is unchanged."""
        if len(cards) == len(self._widgets):
            for widget, card in zip(self._widgets, cards, strict=True):
                widget.set_card(card)
            self._columns = 0  # a card may have become wide
        else:
            for widget in self._widgets:
                self._grid.removeWidget(widget)
                widget.deleteLater()
            self._widgets = [CardWidget(card, self) for card in cards]
            self._columns = 0
        self._reflow()

    def cards(self) -> list[Card]:
        return [w.card for w in self._widgets]

    def card(self, title: str) -> Card | None:
        """The card titled ``title`` (tests and screenshots read figures this way)."""
        return next((w.card for w in self._widgets if w.card.title == title), None)

    def minimumSizeHint(self) -> QSize:
        """One card wide: the row reflows to fewer columns instead of forcing its width."""
        return QSize(self._card_width(), super().minimumSizeHint().height())

    def _card_width(self) -> int:
        """The narrowest a card may be: ``min_card_width``, or more if a figure needs it."""
        return max([self._min_card_width, *(w.minimumSizeHint().width() for w in self._widgets)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        width = self.width() if self.isVisible() else max(self.width(), 480)
        # as many columns as fit with the spacing between them (issue 9: a second column
        # that did not fit was cut off at the panel's edge)
        spacing = self._grid.horizontalSpacing()
        columns = max(1, min(4, (width + spacing) // (self._card_width() + spacing)))
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self._widgets:
            self._grid.removeWidget(widget)
        row = column = 0
        for widget in self._widgets:
            span = min(2, columns) if widget.card.wide else 1
            if column + span > columns:
                row, column = row + 1, 0
            self._grid.addWidget(widget, row, column, 1, span)
            column += span
            if column >= columns:
                row, column = row + 1, 0
        for c in range(4):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)


def section_label(text: str) -> QLabel:
    """A bold heading between the sections of an analysis panel."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 4, 0, 0)
    return label


def panel_scroll(content: QWidget) -> QScrollArea:
    """An analysis panel's sections, scrolling vertically only (the panel sets the width)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(content)
    return scroll
