"""The ranked list of findings: one clickable card per finding, worst first.

The analysis already orders findings by impact (core ``analysis.findings``); this widget only
draws them, so "what do I check first" is the card at the top. A finding's summary and next
step are sentences that must wrap, which is why each is a small widget with word-wrapped
labels rather than an item in a view (there are tens of findings, never thousands).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.panels.fit_text import (
    fit_words,
    is_cut,
    names_in_lines,
    set_fitted_text,
    stack_when_narrow,
    tooltip_lines,
)
from csvinspect.core.analysis.results import Finding

SEVERITY_COLOURS = {"alarm": "#c62828", "warning": "#e08a00", "info": "#5b7fa6"}
SEVERITY_NAMES = {"alarm": "Alarm", "warning": "Warning", "info": "Info"}
SCOPE_NAMES = {
    "token": "One token fails",
    "model": "One model fails",
    "group": "Group has a low success rate",
    "multi_group_upstream": "Several groups: upstream errors",
    "body_too_large": "Many 413: body too large",
    "rate_limit": "Many 429: rate or quota",
    "transient": "Few remaining errors",  # not all transient: a 401 is not (issue 9)
    "cost_outlier": "Cost above peers",
    "cache_few_large": "Cache: few large hits",
    "cache_many_small": "Cache: many small hits",
    "latency_outlier": "Latency above peers",
    "small_sample": "Small sample",
}


_GROUPS_NAMED = 3  # a finding about many groups names the first few; its tooltip, all


def shown_subject(finding: Finding) -> str:
    """The finding's subject as a card or banner shows it: a finding about 40 groups of a big
    export names the first three and counts the rest instead of a card 40 lines tall."""
    groups = finding.groups
    if len(groups) <= _GROUPS_NAMED + 1 or not _names_its_groups(finding):
        return finding.subject
    return f"{', '.join(groups[:_GROUPS_NAMED])} and {len(groups) - _GROUPS_NAMED:,} more groups"


def _names_its_groups(finding: Finding) -> bool:
    """Whether the subject is the finding's groups, one after another: in the export's
    order, where ``groups`` has them as the summary names them (the most failing first)."""
    listed = finding.subject.split(", ")
    return len(listed) == len(finding.groups) and sorted(listed) == sorted(finding.groups)


def _subject_tip(finding: Finding) -> str:
    """The whole subject for the tooltip, when the card shows less of it (six names a line:
    a plain tooltip never wraps)."""
    if shown_subject(finding) != finding.subject:
        return f"{len(finding.groups)} groups:\n" + names_in_lines(finding.groups)
    return tooltip_lines(finding.subject) if is_cut(finding.subject) else ""


def finding_label(finding: Finding) -> str:
    """The short name of a finding for a filter banner: ``vip / ci-bot: One token fails``."""
    return f"{shown_subject(finding)}: {SCOPE_NAMES.get(finding.scope, finding.scope)}"


def evidence_text(finding: Finding) -> str:
    """The finding's evidence as ``key: value`` lines for its tooltip."""
    lines = []
    for key, value in finding.evidence.items():
        if value is None or value == "":
            continue
        if isinstance(value, float) and "rate" in key:
            value = f"{value * 100:.2f}%"
        lines.append(f"{key.replace('_', ' ')}: {value}")
    return "\n".join(lines)


class FindingCard(QFrame):
    """One finding: severity stripe, subject and kind, summary, and the next step."""

    clicked = Signal(int)

    def __init__(self, index: int, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.finding = finding
        self._selected = False
        self.setObjectName("findingCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        colour = SEVERITY_COLOURS.get(finding.severity, SEVERITY_COLOURS["info"])

        head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        head.setSpacing(6)
        self._head = head
        # A token name may be a whole JWT: long words are cut or wrapped so the card is as
        # narrow as the panel, never wider (issue 9); the tooltip keeps the full subject.
        self.subject_label = QLabel()
        set_fitted_text(self.subject_label, shown_subject(finding))
        font = self.subject_label.font()
        font.setBold(True)
        self.subject_label.setFont(font)
        kind = SCOPE_NAMES.get(finding.scope, finding.scope)
        if finding.category is not None:
            kind += f" · {finding.category.label}"
        self.kind_label = QLabel(kind)
        self.kind_label.setStyleSheet(f"color: {colour};")
        self.kind_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.kind_label.setWordWrap(True)
        head.addWidget(self.subject_label, 3)
        head.addWidget(self.kind_label, 2)

        self.summary_label = QLabel()
        set_fitted_text(self.summary_label, finding.summary)
        # Export text (group and token names) is never read as HTML.
        for label in (self.subject_label, self.kind_label, self.summary_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_label = QLabel(f"<b>Next:</b> {_escape(fit_words(finding.next_step))}")
        self.next_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.next_label)
        tip = evidence_text(finding)
        rows = len(finding.rows)
        click = f"Click to show its {rows} row{'s' if rows != 1 else ''} in the table."
        subject = _subject_tip(finding)
        if subject:
            tip = f"{subject}\n{tip}" if tip else subject
        self.setToolTip(f"{tip}\n\n{click}" if tip else click)
        self._colour = colour
        self._restyle()

    def minimumSizeHint(self) -> QSize:
        """As narrow as its widest label: subject and kind stack in a narrow panel."""
        labels = (self.subject_label, self.kind_label, self.summary_label, self.next_label)
        margins = self.contentsMargins() + self.layout().contentsMargins()
        width = max(label.minimumSizeHint().width() for label in labels)
        return QSize(width + margins.left() + margins.right(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Kind beside the subject when there is room, else below it (issue 9)."""
        super().resizeEvent(event)
        stacked = stack_when_narrow(self._head, self.width())
        side = Qt.AlignmentFlag.AlignLeft if stacked else Qt.AlignmentFlag.AlignRight
        self.kind_label.setAlignment(side | Qt.AlignmentFlag.AlignTop)

    def set_selected(self, selected: bool) -> None:
        self._selected = selected
        self._restyle()

    def _restyle(self) -> None:
        border = "palette(highlight)" if self._selected else "palette(mid)"
        background = "palette(alternate-base)" if self._selected else "palette(base)"
        self.setStyleSheet(
            f"QFrame#findingCard {{ border: 1px solid {border};"
            f" border-left: 5px solid {self._colour}; border-radius: 4px;"
            f" background: {background}; }}"
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.index)
            return
        super().keyPressEvent(event)


class FindingsList(QWidget):
    """Findings in the analysis' order; ``finding_clicked`` carries the finding's index.

    Every alarm is shown, and at least ``min_shown`` findings; the rest wait behind a
    "Show all" button so the failure reasons below stay within reach.
    """

    finding_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, min_shown: int = 5) -> None:
        super().__init__(parent)
        self._min_shown = min_shown
        self._expanded = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._cards: list[FindingCard] = []
        self._empty = QLabel("No findings: nothing in this export needs attention.")
        self._empty.setStyleSheet("color: #2e7d32;")
        self._empty.hide()  # said only of a finished analysis (``set_findings``)
        self._layout.addWidget(self._empty)
        self.more_button = QPushButton()
        self.more_button.setFlat(True)
        self.more_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_button.clicked.connect(self._on_more_button_clicked)
        self._layout.addWidget(self.more_button)

    def clear(self) -> None:
        """No cards and no "no findings" note: the analysis has not finished."""
        self._remove_cards()
        self._empty.hide()
        self.more_button.hide()

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self._remove_cards()
        for index, finding in enumerate(findings):
            card = FindingCard(index, finding, self)
            card.clicked.connect(self._on_card_clicked)
            self._layout.insertWidget(self._layout.count() - 1, card)
            self._cards.append(card)
        self._empty.setVisible(not self._cards)
        self._expanded = False
        self._update_shown()

    def _remove_cards(self) -> None:
        for card in self._cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self._cards = []

    def cards(self) -> list[FindingCard]:
        return list(self._cards)

    def select(self, index: int | None) -> None:
        for card in self._cards:
            card.set_selected(card.index == index)

    def _update_shown(self) -> None:
        alarms = sum(1 for card in self._cards if card.finding.severity == "alarm")
        collapsed = max(alarms, self._min_shown)
        extra = len(self._cards) - collapsed
        for card in self._cards:
            card.setVisible(self._expanded or card.index < collapsed)
        self.more_button.setVisible(extra > 0)
        if self._expanded:
            self.more_button.setText("Show fewer findings ▴")
        else:
            self.more_button.setText(f"Show {extra} more finding{'s' if extra != 1 else ''} ▾")

    def _on_more_button_clicked(self) -> None:
        self._expanded = not self._expanded
        self._update_shown()

    def _on_card_clicked(self, index: int) -> None:
        self.select(index)
        self.finding_clicked.emit(index)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
