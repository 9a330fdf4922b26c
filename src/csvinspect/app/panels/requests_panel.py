"""The Requests panel beside a request-log table (issue 5, "Views and statistics").

Seed 001's flow: summary cards (requests, failures, success rate, latency, tokens, cost),
filters, then breakdowns to see whether failures concentrate on a status code, model,
account or caller. A second tab shows the group health derived from the requests with the
same ``HealthPanel`` a group-health export gets. Every figure comes from the core
(``core.requests``); after a filter change it is recomputed by a ``LatestRunner``, in a worker
thread when the log is large.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.panels.analysis_worker import LatestRunner, StatsResult, compute_stats
from csvinspect.app.panels.breakdown_model import BREAKDOWN_TITLES, BreakdownModel, short_seconds
from csvinspect.app.panels.cards import (
    Card,
    CardRow,
    panel_scroll,
    section_label,
    success_rate_card,
)
from csvinspect.app.panels.compact_table import CompactTable, breakdown_view
from csvinspect.app.panels.health_panel import HealthPanel
from csvinspect.app.panels.panel import PanelHost
from csvinspect.app.panels.request_filter_bar import RequestFilterBar
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.concentration import failure_concentration
from csvinspect.core.requests.filters import RequestFilter
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.records import RequestRecords
from csvinspect.core.requests.row_marks import request_row_marks
from csvinspect.core.requests.stats import SummaryCards
from csvinspect.core.table import Table

# Seed 001: "check summary cards to see whether failures concentrate on a status code or
# model", then accounts, then API keys; time buckets last.
BREAKDOWN_ORDER = (
    "status",
    "outcome",
    "failure_category",
    "model",
    "account",
    "auth_index",
    "token",
    "user",
    "group",
    "provider",
    "project",
    "call_type",
    "hour",
    "day",
)
HEALTH_TAB_TIP = "Group health derived from the requests"
WARNING_STYLE = (
    "QLabel { background: #fff4d6; color: #6b4a00; border: 1px solid #e0b44c;"
    " border-radius: 3px; padding: 4px 6px; }"
)
# a concentration finding reads like the low-rate highlight of the group-health tables
CONCENTRATED_STYLE = "QLabel { color: #a4161a; font-weight: bold; }"


class RequestsPanel(QWidget):
    """Cards, filter bar and breakdowns of a request log, plus its derived group health."""

    rows_requested = Signal(object, str)  # np.ndarray of table rows, label for the banner
    filter_changed = Signal(object, str)  # bool mask per table row (None = all), description
    stats_updated = Signal()  # cards and breakdowns now show the current filter
    busy_changed = Signal(bool)
    # bool per table row, True for account events (top-up, manage, ...), after each new table
    account_rows_found = Signal(object)
    request_marks_found = Signal(object)  # RequestRowMarks: failed and in-progress rows
    analysis_shown = Signal()  # cards and breakdowns (or why there are none) are on screen

    def __init__(self, parent: QWidget | None = None, *, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self.records: RequestRecords | None = None
        self.result: StatsResult | None = None
        self.settings: AnalysisSettings | None = None
        self.money: MoneySettings | None = None
        self._new_table = False  # the next result is the first for this table
        self._shown_filter: RequestFilter | None = None  # last one reported in filter_changed
        self.stats_updated.connect(self.analysis_shown)
        self.runner = LatestRunner(self, pool)
        self.runner.computed.connect(self._on_runner_computed)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.runner.progressed.connect(self._on_runner_progressed)

        self.title_label = QLabel("Requests")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title_label.setFont(font)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.cards = CardRow()
        # Do failures concentrate on one account, key, model or group? (issue 11, seed 001)
        self.concentration_label = QLabel()
        self.concentration_label.setTextFormat(Qt.TextFormat.PlainText)  # names from the log
        self.concentration_label.setWordWrap(True)
        self.concentration_label.hide()
        self.filter_bar = RequestFilterBar()
        self.filter_bar.filter_edited.connect(self._on_filter_bar_filter_edited)
        self.warning_label = QLabel()
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)  # echoes what the user typed
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.hide()
        self.models: dict[str, BreakdownModel] = {}
        self.views: dict[str, CompactTable] = {}
        self._titles: dict[str, QLabel] = {}

        content = QWidget()
        self._body = QVBoxLayout(content)
        self._body.setContentsMargins(8, 8, 8, 8)
        self._body.setSpacing(8)
        self.count_label.setWordWrap(True)
        self._body.addWidget(self.title_label)
        self._body.addWidget(self.count_label)
        self._body.addWidget(self.cards)
        self._body.addWidget(self.concentration_label)
        self._body.addWidget(section_label("Filter"))
        self._body.addWidget(self.filter_bar)
        self._body.addWidget(self.warning_label)
        self._breakdown_title = section_label("Breakdowns  ·  click a row to show its requests")
        self._body.addWidget(self._breakdown_title)
        for name in BREAKDOWN_ORDER:
            self._add_breakdown(name)
        self._body.addStretch(1)
        scroll = panel_scroll(content)

        self.health_panel = HealthPanel(title="Group health (derived from requests)", pool=pool)
        self.health_panel.rows_requested.connect(self.rows_requested)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # Both tab names stay readable in a narrow panel: they shrink with "…" (full name in
        # the tooltip) instead of hiding behind scroll arrows (issue 9).
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(scroll, "Requests")
        self.tabs.addTab(self.health_panel, "Health (derived)")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)

    def _add_breakdown(self, name: str) -> None:
        title = section_label(BREAKDOWN_TITLES[name])
        model = BreakdownModel(self)
        view = breakdown_view(model, 8, lambda index, n=name: self._on_breakdown_clicked(n, index))
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
        """Read ``table`` as requests and show everything for "no filter".

        ``settings`` carries the user's thresholds for the derived group health, ``money``
        the quota rate and display currency (issue 5).
        """
        self.table, self.records, self.result = table, None, None
        self.settings, self.money = settings, money
        self._new_table = True
        self.count_label.setText("computing…")
        self._compute("table", RequestFilter())

    def apply_filter(self) -> None:
        """Recompute for the filter bar's current filter (the bar calls this after edits)."""
        if self.table is not None:
            self._compute("filter", self.filter_bar.current_filter()[0])

    def set_money(self, money: MoneySettings) -> None:
        """Show costs with another quota rate or currency, keeping the filter."""
        self.money = money
        if self.table is not None:
            self.records = None  # costs are read when the records are built
            self._compute("money", self.filter_bar.current_filter()[0])

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Show the cards and derived health with the user's new thresholds, keeping the
        filter and the table's rows (issue 10: the success-rate card ignored the threshold)."""
        self.settings = settings
        if self.table is not None:
            self._compute("settings", self.filter_bar.current_filter()[0])

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def connect_host(self, host: PanelHost) -> None:
        """Clicks narrow the table; the filter narrows it too; account events are muted."""
        self.rows_requested.connect(host.show_rows)

        def on_filter_changed(mask: np.ndarray | None, description: str) -> None:
            if mask is None:
                host.clear_row_subset()
            else:
                host.show_rows(np.flatnonzero(mask), f"Requests filter: {description}")

        self.filter_changed.connect(on_filter_changed)
        # The table's "×" on the filter label, Clear filters or Edit > Clear All Filters
        # clears the panel's filter too, so the cards never count rows the table no longer
        # narrows to (issue 9).
        host.subset_cleared.connect(self.clear_filter)
        host.filters_cleared.connect(self.clear_filter)
        # account events (top-up, manage, ...) shown muted in the table: not requests (issue 5)
        self.account_rows_found.connect(host.mute_rows)
        # failed requests marked, in-progress ones muted, the category on hover (issue 11)
        self.request_marks_found.connect(host.mark_requests)

    def _compute(self, reason: str, flt: RequestFilter) -> None:
        table, records, settings, money = self.table, self.records, self.settings, self.money
        self.runner.request(
            table.n_rows,
            lambda is_cancelled, progress: (
                reason,
                compute_stats(
                    table,
                    records,
                    flt,
                    settings,
                    money,
                    is_cancelled=is_cancelled,
                    progress=progress,
                ),
            ),
        )

    # -- results -------------------------------------------------------------------------

    def _on_runner_computed(self, computed: tuple[str, StatsResult]) -> None:
        reason, result = computed
        first, self._new_table = self._new_table, False
        self.records, self.result = result.records, result
        if first:
            self.filter_bar.set_records(result.records)
            self._shown_filter = result.request_filter
            self.account_rows_found.emit(~result.records.is_request)
            self.request_marks_found.emit(request_row_marks(self.table, result.records))
        _, local_warnings = self.filter_bar.current_filter()
        self._show_warnings(local_warnings + result.filtered.warnings)
        usage = result.records.usage_totals(result.filtered.mask)
        self.cards.set_cards(
            request_cards(result.cards, result.records.cost_source, self.settings, usage)
        )
        self._show_count(result)
        self._show_concentration(result)
        for name in BREAKDOWN_ORDER:
            breakdown = result.breakdowns.get(name)
            shown = breakdown is not None and bool(breakdown.rows)
            shown = shown and not (name == "failure_category" and not result.cards.failures)
            self._titles[name].setVisible(shown)
            self.views[name].setVisible(shown)
            if breakdown is not None:
                self._set_breakdown(name, breakdown, result.cards.currency)
        if result.health is not None:
            self.health_panel.set_report(result.health.report, self.table, reconciled=False)
        self.tabs.setTabEnabled(1, result.health is not None)
        self.tabs.setTabToolTip(1, result.health_error or HEALTH_TAB_TIP)
        # a new quota rate or currency leaves the rows as they are; a new filter does not
        if not first and (reason == "filter" or result.request_filter != self._shown_filter):
            self._shown_filter = result.request_filter
            description = self.filter_bar.describe()
            mask = result.filtered.mask if description else None
            self.filter_changed.emit(mask, description)
        self.stats_updated.emit()

    def _set_breakdown(self, name: str, breakdown, currency: str | None) -> None:
        model, view = self.models[name], self.views[name]
        header = view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        model.set_breakdown(breakdown, currency)
        if 0 <= column < model.columnCount():  # keep the user's sort across refreshes
            model.sort(column, order)
        empty = model.empty_columns()
        for c in range(model.columnCount()):
            view.setColumnHidden(c, c in empty)
        view.fit_rows()

    def _show_count(self, result: StatsResult) -> None:
        total = int(np.count_nonzero(result.records.is_request))
        shown = result.cards.requests
        events = result.records.non_request_rows
        text = (
            f"{fmt.count(shown)} of {fmt.counted(total, 'request')}"
            if shown != total
            else fmt.counted(total, "request")
        )
        if events:
            text += f"  ·  {fmt.count(events)} account events not counted"
        described = self.filter_bar.describe()
        if described and shown != total:  # what the cards count, and how to undo it
            text += f"  ·  filtered to {described} (Reset clears it)"
        self.count_label.setText(text)

    def _show_concentration(self, result: StatsResult) -> None:
        """The concentration finding for the requests the cards count (issue 11)."""
        found = failure_concentration(result.records, result.filtered.mask)
        lines = found.findings()
        self.concentration_label.setText("\n".join(f"• {line}" for line in lines))
        self.concentration_label.setStyleSheet(
            CONCENTRATED_STYLE if found.concentrated else "color: palette(placeholder-text);"
        )
        self.concentration_label.setVisible(bool(lines))

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))

    def warnings(self) -> list[str]:
        text = self.warning_label.text()
        return [line.removeprefix("⚠ ") for line in text.splitlines()] if text else []

    def _on_runner_failed(self, message: str) -> None:
        self._show_warnings([f"Statistics could not be computed: {message}"])
        self.count_label.setText("")
        self.stats_updated.emit()

    def _on_runner_progressed(self, stage: str) -> None:
        """A big log's analysis names its stage ("Deriving group health"), issue 10."""
        self.count_label.setText(f"computing: {stage}…")

    def _on_runner_busy_changed(self, busy: bool) -> None:
        if busy:
            self.count_label.setText("computing…")
        self.busy_changed.emit(busy)

    # -- clicks --------------------------------------------------------------------------

    def _on_filter_bar_filter_edited(self) -> None:
        self.apply_filter()

    def clear_filter(self) -> None:
        """Reset the filter bar when it filters anything: the table's filter was cleared, and
        the cards must count every request again (issue 9)."""
        if self.filter_bar.describe():
            self.filter_bar.reset()

    def _on_breakdown_clicked(self, name: str, index: QModelIndex) -> None:
        model = self.models[name]
        if model.breakdown is None or not index.isValid():
            return
        row = model.breakdown_row(index.row())
        shown = model.index(index.row(), 0).data()
        # As a filter the cards, the breakdowns and the table all follow (issue 9); a row no
        # control can express (requests without a model) still narrows the table.
        if not self.filter_bar.select_value(name, row.value, shown):
            self.rows_requested.emit(model.row_indices(index.row()), model.label(index.row()))


def request_cards(
    cards: SummaryCards,
    cost_source: str = "",
    settings: AnalysisSettings | None = None,
    usage: dict[str, float | None] | None = None,
) -> list[Card]:
    """Seed 001's summary cards: requests, failures, success rate, latency, tokens, cost.

    ``cost_source`` names what the costs were read from (``quota (500,000 = 1 USD)``);
    ``usage`` holds ``RequestRecords.usage_totals``: the Usage column's quota or credits
    (seed 002) and the cost's components (seed 003), shown under the cost;
    ``settings`` hold the user's low success-rate and small-sample lines (the defaults
    when None), the same the health analysis and the table's highlights use.
    """
    settings = settings or AnalysisSettings()
    rate = cards.success_rate
    finished = cards.success + cards.failures
    rate_card = success_rate_card(
        rate,
        finished,
        "success / finished requests",
        settings.low_success_rate,
        settings.small_sample_requests,
    )
    rate_card = _outcome_rate_card(rate_card, cards)
    tone = rate_card.tone
    lat, first = cards.latency, cards.first_token
    lat_detail = (
        f"P50 {short_seconds(lat.p50)} · P95 {short_seconds(lat.p95)}"
        f" · P99 {short_seconds(lat.p99)}"
        if lat.count
        else "no latency in this export"
    )
    if first.count:
        lat_detail += f" · first token {short_seconds(first.mean)}"
    token_parts = [
        f"{label} {fmt.compact(value)}"
        for label, value in (
            ("in", cards.tokens_in),
            ("out", cards.tokens_out),
            ("cached", cards.tokens_cached),
        )
        if value is not None
    ]
    cost_detail = ""
    if cards.cost_per_1k_tokens is not None:
        cost_detail = f"{fmt.price(cards.cost_per_1k_tokens, cards.currency)} per 1K tokens"
    cost_detail = " · ".join(
        [*([cost_detail] if cost_detail else []), *_usage_parts(usage or {}, cards.currency)]
    )
    detail = []
    if cards.in_progress:
        detail.append(f"{fmt.count(cards.in_progress)} in progress")
    if cards.unknown:
        detail.append(f"{fmt.count(cards.unknown)} outcome unknown")
    if cards.usage_unknown:
        detail.append(f"{fmt.count(cards.usage_unknown)} usage unknown")
    if cards.non_request_rows:
        detail.append(f"+{fmt.count(cards.non_request_rows)} account events")
    requests_detail = " · ".join(detail) or "all with a known outcome"
    return [
        Card("Requests", fmt.count(cards.requests), requests_detail),
        Card(
            "Failures",
            fmt.count(cards.failures),
            _failures_detail(cards),
            _failures_tone(cards, tone),
        ),
        rate_card,
        Card(
            "Latency (mean)",
            short_seconds(lat.mean) if lat.count else "n/a",
            lat_detail,
            tooltip="Over the requests that report a latency",
        ),
        Card(
            "Tokens",
            fmt.compact(cards.tokens_total),
            " · ".join(token_parts),
            tooltip=f"{fmt.count(cards.tokens_total)} tokens in total"
            if cards.tokens_total is not None
            else "",
        ),
        Card(
            "Cost",
            fmt.money(cards.cost, cards.currency),
            cost_detail,
            tooltip=f"From {cost_source}; Settings > Money sets the quota rate and currency"
            if cost_source
            else "",
        ),
    ]


def _outcome_rate_card(card: Card, cards: SummaryCards) -> Card:
    """Issue 11: the rate counts finished requests only; what it leaves out is said beside
    it, and when most outcomes are unknown the card says so instead of a rate."""
    if cards.mostly_unknown:
        return Card(
            "Success rate",
            "unknown",
            f"{fmt.count(cards.unknown)} of {fmt.counted(cards.requests, 'request')}"
            " have no readable outcome",
            "muted",
            tooltip="The export does not say whether most requests succeeded, so no rate is"
            " shown and no low-success alarm raised",
        )
    left_out = [
        f"{fmt.count(n)} {words}"
        for n, words in ((cards.in_progress, "in progress"), (cards.unknown, "unknown"))
        if n
    ]
    if not left_out:
        return card
    return replace(
        card,
        detail=f"{card.detail} · not counted: {', '.join(left_out)}",
        tooltip="Success ÷ (success + failures); requests in progress or with no readable"
        " outcome are neither",
    )


def _failures_tone(cards: SummaryCards, rate_tone: str) -> str:
    """No green "0 failures" when the export does not say which requests failed (issue 11)."""
    if cards.mostly_unknown:
        return "muted"
    return "alarm" if rate_tone == "alarm" else ("warning" if cards.failures else "good")


def _failures_detail(cards: SummaryCards) -> str:
    """Share of finished requests, with the rejected ones (before upstream work) named."""
    finished = cards.success + cards.failures
    if cards.mostly_unknown:
        return "most outcomes unknown"
    if not finished:
        return ""
    text = f"{fmt.percent(cards.failures / finished, 1)} of finished requests"
    if cards.rejected:
        text += f" · {fmt.count(cards.rejected)} rejected"
    return text


USAGE_LABELS = {
    "quota": "usage",
    "provider_cost": "provider",
    "markup": "markup",
    "fixed_fee": "fees",
}


def _usage_parts(usage: dict[str, float | None], currency: str | None) -> list[str]:
    """``usage 1.2M`` (the quota or credits column, a count) and the cost's components."""
    parts = []
    for name, label in USAGE_LABELS.items():
        value = usage.get(name)
        if value is None:
            continue
        shown = fmt.compact(value) if name == "quota" else fmt.money(value, currency)
        parts.append(f"{label} {shown}")
    return parts
