"""The Usage panel beside a usage summary (LiteLLM, Anthropic, OpenAI usage exports).

Seed 003's usage analytics: total requests (successful and failed), tokens (input, output,
total), total cost and cost per 1K tokens over a date range, then breakdowns by time period,
team, model and API key. Every figure comes from the core (``core.usage``, on top of
``core.requests.summaries``); a click on a breakdown row asks the table tab to show the
export rows it adds up, as the Health and Requests panels do, and the cards then count
those rows only (issue 9: they went on counting the whole export beside a narrowed table).
While a big export is analysed, a strip names the stage and offers Cancel (issue 10).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QModelIndex, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from csvinspect.app.panels.analysis_strip import AnalysisStrip
from csvinspect.app.panels.analysis_worker import LatestRunner
from csvinspect.app.panels.breakdown_model import BREAKDOWN_TITLES, money_texts
from csvinspect.app.panels.cards import (
    Card,
    CardRow,
    panel_scroll,
    section_label,
    success_rate_card,
    success_tone,
)
from csvinspect.app.panels.compact_table import CompactTable, breakdown_view
from csvinspect.app.panels.panel import PanelHost
from csvinspect.app.panels.usage_breakdown_model import SPEND_COLUMN, UsageBreakdownModel
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.table import Table
from csvinspect.core.usage import UsageAnalysis, UsageCards, analyse_usage, usage_cards_of_rows

# Seed 003: "View breakdown by: time period, model, API key, team member"; a LiteLLM team
# export reads its teams as the group dimension.
BREAKDOWN_ORDER = (
    "day",
    "group",
    "model",
    "token",
    "user",
    "project",
    "account",
    "provider",
    "call_type",
)


class UsagePanel(QWidget):
    """Summary cards and sortable, clickable breakdowns of a usage summary."""

    rows_requested = Signal(object, str)  # np.ndarray of table rows, label for the banner
    stats_updated = Signal()  # cards and breakdowns now show the current table
    busy_changed = Signal(bool)
    analysis_shown = Signal()  # cards and breakdowns (or why there are none) are on screen

    def __init__(self, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self.analysis: UsageAnalysis | None = None
        self.settings = AnalysisSettings()
        self.money: MoneySettings | None = None
        self.clicked: tuple[np.ndarray, str] | None = None  # the table rows the cards count
        self.stats_updated.connect(self.analysis_shown)
        self.runner = LatestRunner(self, pool)
        self.runner.computed.connect(self._on_runner_computed)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.strip = AnalysisStrip()
        self.strip.cancel_requested.connect(self._on_strip_cancel_requested)
        self.strip.retry_requested.connect(self._on_strip_retry_requested)

        self.title_label = QLabel("Usage")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title_label.setFont(font)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.cards = CardRow()
        self.models: dict[str, UsageBreakdownModel] = {}
        self.views: dict[str, CompactTable] = {}
        self._titles: dict[str, QLabel] = {}

        content = QWidget()
        self._body = QVBoxLayout(content)
        self._body.setContentsMargins(8, 8, 8, 8)
        self._body.setSpacing(8)
        self._body.addWidget(self.title_label)
        self._body.addWidget(self.count_label)
        self._body.addWidget(self.strip)
        self._body.addWidget(self.cards)
        self._body.addWidget(section_label("Breakdowns  ·  click a row to show its rows"))
        for name in BREAKDOWN_ORDER:
            self._add_breakdown(name)
        self._body.addStretch(1)
        scroll = panel_scroll(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _add_breakdown(self, name: str) -> None:
        title = section_label(BREAKDOWN_TITLES[name])
        model = UsageBreakdownModel(self)
        view = breakdown_view(model, 10, lambda index, n=name: self._on_breakdown_clicked(n, index))
        self._body.addWidget(title)
        self._body.addWidget(view)
        self.models[name], self.views[name], self._titles[name] = model, view, title
        title.hide()
        view.hide()

    # -- input ---------------------------------------------------------------------------

    def set_table(
        self,
        table: Table,
        settings: AnalysisSettings | None = None,
        money: MoneySettings | None = None,
    ) -> None:
        """Show ``table``'s usage; ``settings`` hold the low success-rate line and the
        spend-outlier ratio, ``money`` the display currency (as for request logs)."""
        self.table, self.analysis, self.clicked = table, None, None
        self.settings = settings or AnalysisSettings()
        self.money = money
        self._compute()

    def set_money(self, money: MoneySettings) -> None:
        self.money = money
        if self.table is not None:
            self._compute()

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Recount with the user's new thresholds (low success rate, outliers)."""
        self.settings = settings
        if self.table is not None:
            self._compute()

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def connect_host(self, host: PanelHost) -> None:
        """Clicks narrow the table; clearing the table's filter recounts the whole export."""
        self.rows_requested.connect(host.show_rows)
        host.subset_cleared.connect(self.clear_filter)
        host.filters_cleared.connect(self.clear_filter)

    def _compute(self) -> None:
        table, settings, money = self.table, self.settings, self.money
        if table is None:
            return
        self.count_label.setText("computing…")
        self.strip.show_running()
        self.runner.request(
            table.n_rows,
            lambda is_cancelled, progress: analyse_usage(
                table, settings, money, progress=progress, is_cancelled=is_cancelled
            ),
        )

    # -- results -------------------------------------------------------------------------

    def _on_runner_progressed(self, stage: str) -> None:
        self.strip.show_stage(stage)

    def _on_strip_cancel_requested(self) -> None:
        """Stop the analysis at its next stage; the panel says nothing was counted."""
        self.runner.cancel()
        self.strip.show_cancelled()
        # Cards of an earlier count (other money settings) would pass for this one: none.
        self.analysis, self.clicked = None, None
        self.cards.set_cards([])
        for name in BREAKDOWN_ORDER:
            self._titles[name].hide()
            self.views[name].hide()
        self.count_label.setText("Not counted: the analysis was cancelled.")
        self.stats_updated.emit()

    def _on_strip_retry_requested(self) -> None:
        self._compute()

    def _on_runner_computed(self, analysis: UsageAnalysis) -> None:
        self.strip.hide()
        self.analysis = analysis
        cards = analysis.cards
        self._show_cards()
        for name in BREAKDOWN_ORDER:
            usage = analysis.breakdowns.get(name)
            shown = usage is not None and bool(usage.breakdown.rows)
            self._titles[name].setVisible(shown)
            self.views[name].setVisible(shown)
            if usage is not None and shown:
                self._titles[name].setText(usage.title or BREAKDOWN_TITLES[name])
                self._set_breakdown(name, usage, cards.currency)
        self.stats_updated.emit()

    def _set_breakdown(self, name: str, usage, currency: str | None) -> None:
        model, view = self.models[name], self.views[name]
        header = view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        model.set_usage(usage, currency, usage.title)
        # Spend right after the key: the panel is narrow and spend is what a finance reader
        # compares first; the rest may scroll.
        header.moveSection(header.visualIndex(SPEND_COLUMN), 1)
        if 0 <= column < model.columnCount():  # keep the user's sort across refreshes
            model.sort(column, order)
        empty = model.empty_columns()
        for c in range(model.columnCount()):
            view.setColumnHidden(c, c in empty)
        view.fit_rows()

    def _on_runner_failed(self, message: str) -> None:
        self.strip.hide()
        self.count_label.setText(f"Usage could not be computed: {message}")
        self.stats_updated.emit()

    # -- clicks --------------------------------------------------------------------------

    def _on_breakdown_clicked(self, name: str, index: QModelIndex) -> None:
        """Narrow the table to the row's export rows, and count the cards over them too."""
        model = self.models[name]
        if model.breakdown is None or not index.isValid():
            return
        rows, label = model.row_indices(index.row()), model.label(index.row())
        self.clicked = (np.asarray(rows, dtype=np.int64), label)
        self.rows_requested.emit(rows, label)
        self._show_cards()
        self.stats_updated.emit()

    def clear_filter(self) -> None:
        """The table shows every row again (its × or Clear filters): so do the cards."""
        if self.clicked is not None:
            self.clicked = None
            self._show_cards()
            self.stats_updated.emit()

    def _show_cards(self) -> None:
        """The whole export's cards, or those of the clicked breakdown row's rows, saying
        which: a finance reader compares a team's spend with the total, and must not take
        one for the other. The breakdowns stay whole, so another row is one click away."""
        analysis = self.analysis
        if analysis is None:
            return
        whole = analysis.cards
        if self.clicked is None or analysis.summary is None:
            self.cards.set_cards(usage_cards(whole, self.settings))
            days = fmt.counted(whole.days, "day")
            self.count_label.setText(f"{fmt.counted(whole.rows, 'row')} over {days}")
            return
        rows, label = self.clicked
        cards = usage_cards_of_rows(analysis.summary, rows)
        self.cards.set_cards(usage_cards(cards, self.settings))
        self.count_label.setText(
            f"Cards for {label} only: {cards.rows:,} of {fmt.counted(whole.rows, 'row')}, "
            f"spend {fmt.money(cards.cost, cards.currency)} of "
            f"{fmt.money(whole.cost, whole.currency)}. The breakdowns count the whole "
            "export; the table's × shows every row."
        )


def usage_cards(cards: UsageCards, settings: AnalysisSettings) -> list[Card]:
    """Seed 003's key metrics: requests (successful, failed), success rate, spend, tokens,
    cost per 1K tokens and the date span."""
    requests, currency = cards.requests, cards.currency
    if requests is None:
        rate_card = Card("Success rate", "n/a", "no request counts in this export", "muted")
    else:
        low, small = settings.low_success_rate, settings.small_sample_requests
        rate_card = success_rate_card(
            cards.success_rate, requests, "successful / requests", low, small
        )
    tone = success_tone(cards.success_rate, settings.low_success_rate)

    def share(part: int | None) -> str:
        return (
            f"{fmt.percent(part / requests, 1)} of requests"
            if part is not None and requests
            else ""
        )

    per_request = cards.cost_per_request
    tokens = cards.tokens_total
    return [
        Card(
            "Requests",
            fmt.count(requests),
            fmt.counted(cards.rows, "export row"),
            "muted" if requests is None else "normal",
        ),
        Card(
            "Successful",
            fmt.count(cards.success),
            share(cards.success),
            "muted" if cards.success is None else "normal",
        ),
        Card(
            "Failed",
            fmt.count(cards.errors),
            share(cards.errors),
            "muted"
            if cards.errors is None
            else ("alarm" if tone == "alarm" else "warning" if cards.errors else "good"),
        ),
        rate_card,
        Card(
            "Spend",
            fmt.money(cards.cost, currency),
            f"{fmt.money(per_request, currency, 4)} per request"
            if per_request
            else ("no spend in this export" if cards.cost is None else ""),
            "muted" if cards.cost is None else "normal",
            tooltip=f"Total spend in {currency}" if currency else "Currency not stated",
        ),
        Card(
            "Cost per 1K tokens",
            money_texts([cards.cost_per_1k_tokens], currency)[0] or "n/a",
            "spend / total tokens × 1,000",
            "muted" if cards.cost_per_1k_tokens is None else "normal",
        ),
        Card("Date span", _date_span(cards), fmt.counted(cards.days, "day"), wide=True),
        Card(
            "Tokens",
            fmt.count(tokens),
            f"prompt {fmt.count(cards.tokens_in)} · completion {fmt.count(cards.tokens_out)}",
            "muted" if tokens is None else "normal",
            wide=True,
        ),
    ]


def _date_span(cards: UsageCards) -> str:
    """``2026-05-01 – 2026-05-05``: a daily summary's dates without a midnight time."""
    if cards.first_time is None or cards.latest_time is None:
        return "n/a"
    first, latest = (
        dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d")
        for t in (cards.first_time, cards.latest_time)
    )
    return first if first == latest else f"{first} – {latest}"
