"""The Health panel beside a group-health table (issue 4, "In the app").

Top to bottom, in the order of seed 000's troubleshooting flow: summary cards, the ranked
findings (what to check first), the top failure reasons with their categories, and the
reconciliation for finance. Clicking a finding, a reason or a mismatch emits
``rows_requested`` so the table can narrow to those rows; ``cells_marked`` carries the cells
the table should mark (mismatches, tokens clearly below their group). "Copy for support"
puts one redacted message on the clipboard, built by the core (``core.support``). While a big
export is analysed, a strip names the stage and offers Cancel (issue 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csvinspect.app.panels.analysis_strip import AnalysisStrip
from csvinspect.app.panels.analysis_worker import LatestRunner
from csvinspect.app.panels.cards import (
    Card,
    CardRow,
    panel_scroll,
    section_label,
    success_rate_card,
)
from csvinspect.app.panels.compact_table import CompactTable
from csvinspect.app.panels.findings_list import FindingsList, finding_label
from csvinspect.app.panels.fit_text import set_fitted_text, stack_when_narrow
from csvinspect.app.panels.health_tables import MismatchModel, ReasonModel, format_figure
from csvinspect.app.panels.panel import PanelHost
from csvinspect.core.analysis import formatting as fmt
from csvinspect.core.analysis.health import analyze_health
from csvinspect.core.analysis.peers import BELOW_GROUP, LOW_SUCCESS, SMALL_SAMPLE
from csvinspect.core.analysis.results import Finding, HealthReport, Totals
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.analysis.stats import Rows
from csvinspect.core.cells.zones import WrittenZones
from csvinspect.core.report_times import report_zone
from csvinspect.core.requests.money import MoneySettings
from csvinspect.core.requests.stats import CACHE_HIT_RATE_HINT
from csvinspect.core.support import build_support_message
from csvinspect.core.table import Table

COPIED_SHOWN_MS = 2000  # how long "Copied ✓" shows before the button reads as before
EXPORTED_CACHE_HIT_RATE_HINT = (
    "Cache hit rate = cache-hit tokens ÷ total tokens (seed 000), over all groups: each"
    " group's total tokens is its Cache Tokens ÷ its exported Cache Hit Rate."
)


@dataclass(frozen=True)
class CellMark:
    """A table cell to mark: ``kind`` is ``mismatch`` or ``below_group``; ``note`` its tooltip."""

    row: int
    column: int
    kind: str
    note: str


class HealthPanel(QWidget):
    """Cards, findings, failure reasons and reconciliation of one ``HealthReport``."""

    rows_requested = Signal(object, str)  # np.ndarray of table rows, label for the banner
    cells_marked = Signal(object)  # list[CellMark], emitted whenever a report is shown
    support_copied = Signal(str)  # the message put on the clipboard
    report_shown = Signal()  # a report (or the reason there is none) is on screen
    analysis_shown = Signal()  # the same moment, under the name every panel uses

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str = "Group health",
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.report: HealthReport | None = None
        self.table: Table | None = None
        self.settings: AnalysisSettings | None = None
        self.selected_finding: Finding | None = None
        self._marks: list[CellMark] = []
        self._zone: tuple[Table | None, WrittenZones | None] = (None, None)  # the times' offsets
        self.report_shown.connect(self.analysis_shown)
        self.runner = LatestRunner(self, pool)
        self.runner.computed.connect(self._on_runner_computed)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.strip = AnalysisStrip()
        self.strip.cancel_requested.connect(self._on_strip_cancel_requested)
        self.strip.retry_requested.connect(self._on_strip_retry_requested)

        self.title_label = QLabel(title)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title_label.setFont(font)
        # The title wraps and the status line wraps or cuts a long file name, so the Copy for
        # support button stays within a narrow panel (issue 9).
        self.title_label.setWordWrap(True)
        self.copy_button = QPushButton("Copy for support")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.copy_button.setEnabled(False)  # until there is a report to describe
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        head.addWidget(self.title_label, 1)
        head.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._head = head

        self.cards = CardRow()
        self.findings = FindingsList()
        self.findings.finding_clicked.connect(self._on_findings_finding_clicked)
        self.reason_model = ReasonModel(self)
        self.reason_view = CompactTable(max_rows=8)
        self.reason_view.setModel(self.reason_model)
        self.reason_view.clicked.connect(self._on_reason_view_clicked)
        self.reason_view.activated.connect(self._on_reason_view_clicked)  # Enter key
        self.mismatch_model = MismatchModel(self)
        self.mismatch_view = CompactTable(max_rows=8)
        self.mismatch_view.setModel(self.mismatch_model)
        self.mismatch_view.clicked.connect(self._on_mismatch_view_clicked)
        self.mismatch_view.activated.connect(self._on_mismatch_view_clicked)
        self.reconciled_label = QLabel()
        self.reconciled_label.setWordWrap(True)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(8, 8, 8, 8)
        body.setSpacing(8)
        body.addLayout(head)
        body.addWidget(self.status_label)
        body.addWidget(self.strip)
        body.addWidget(self.cards)
        self.findings_title = section_label("Findings")
        body.addWidget(self.findings_title)
        body.addWidget(self.findings)
        self.reasons_title = section_label("Top failure reasons")
        body.addWidget(self.reasons_title)
        body.addWidget(self.reason_view)
        self.reconcile_title = section_label("Reconciliation")
        body.addWidget(self.reconcile_title)
        body.addWidget(self.reconciled_label)
        body.addWidget(self.mismatch_view)
        body.addStretch(1)
        scroll = panel_scroll(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Copy for support beside the title when there is room, else under it (issue 9)."""
        super().resizeEvent(event)
        stack_when_narrow(self._head, self.width())

    # -- showing a report ----------------------------------------------------------------

    def set_table(
        self,
        table: Table,
        settings: AnalysisSettings | None = None,
        money: MoneySettings | None = None,
    ) -> None:
        """Analyse a group-health export (in a worker when it is large), then show it.

        ``settings`` carries the user's thresholds (low success rate, small sample); ``money``
        is not used: a group-health export states its own currency.
        """
        self.table, self.settings = table, settings
        self._show_pending()
        set_fitted_text(self.status_label, f"Analysing {table.source.name}…")
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        self.strip.show_running()
        self.runner.request(
            table.n_rows,
            lambda is_cancelled, progress: analyze_health(
                table, settings, progress=progress, is_cancelled=is_cancelled
            ),
        )

    def set_settings(self, settings: AnalysisSettings) -> None:
        """Analyse the same table again with the user's new thresholds."""
        if self.table is not None and self.runner.generation:  # not the derived-health view
            self.set_table(self.table, settings)

    def set_money(self, money: MoneySettings) -> None:
        """Nothing to do: the export's own currency is shown."""

    def clear_filter(self) -> None:
        """Nothing to do: the panel shows the whole export whatever the table shows."""

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def connect_host(self, host: PanelHost) -> None:
        self.rows_requested.connect(host.show_rows)
        self.cells_marked.connect(lambda marks: host.mark_cells(cell_mark_map(marks)))

    def _show_pending(self) -> None:
        """While the analysis runs, claim nothing: no findings, reasons or reconciliation."""
        self.report = None
        self.copy_button.setEnabled(False)
        self.findings.clear()
        self.findings_title.setText("Findings")
        for section in (
            self.reasons_title,
            self.reason_view,
            self.reconcile_title,
            self.mismatch_view,
            self.reconciled_label,
        ):
            section.setVisible(False)

    def _on_runner_computed(self, report: HealthReport) -> None:
        self.set_report(report, self.table)

    def _on_runner_progressed(self, stage: str) -> None:
        self.strip.show_stage(stage)

    def _on_strip_cancel_requested(self) -> None:
        """Stop the analysis at its next stage; say that nothing is shown, and why."""
        self.runner.cancel()
        self.strip.show_cancelled()
        if self.table is not None:
            set_fitted_text(self.status_label, f"{self.table.source.name} was not analysed.")
        self.report_shown.emit()  # the reason there is no report is on screen

    def _on_strip_retry_requested(self) -> None:
        if self.table is not None:
            self.set_table(self.table, self.settings)

    def _on_runner_failed(self, message: str) -> None:
        self.strip.hide()
        self.report = None
        self.copy_button.setEnabled(False)
        set_fitted_text(self.status_label, f"The analysis failed: {message}")
        self.status_label.setStyleSheet("color: #c62828;")
        self.report_shown.emit()

    def set_report(
        self, report: HealthReport, table: Table | None = None, *, reconciled: bool = True
    ) -> None:
        """Show ``report``; ``table`` maps mismatch fields to columns for ``cells_marked``.

        ``reconciled`` is False for a report derived from requests, which has no exported
        group rows to reconcile (the section is hidden rather than claiming "all add up").
        """
        self.report, self.table = report, table
        self.strip.hide()
        self.selected_finding = None
        self._reset_copy_button()
        self.copy_button.setEnabled(True)
        self.cards.set_cards(
            health_cards(report, from_requests=not reconciled, zone=self._zone_of(table))
        )
        self.findings.set_findings(report.findings)
        alarms = sum(1 for f in report.findings if f.severity == "alarm")
        self.findings_title.setText(
            f"Findings ({len(report.findings)}"
            + (f", {alarms} to act on)" if alarms else ")")
            + "  ·  most important first, click to show the rows"
        )
        self.reason_model.set_reasons(report.failure_reasons)
        self.reason_view.fit_rows()
        has_reasons = bool(report.failure_reasons)
        self.reasons_title.setVisible(has_reasons)
        self.reason_view.setVisible(has_reasons)
        self._show_reconciliation(report, reconciled)
        groups = report.groups.columns  # issue 10: counted, not made as objects
        source = "" if table is None else f"  ·  {table.source.name}"
        set_fitted_text(
            self.status_label,
            f"{fmt.counted(len(groups), 'group')}, {fmt.counted(len(groups.tokens), 'token row')}"
            f"{source}",
        )
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        self._marks = cell_marks(report, table)
        self.cells_marked.emit(list(self._marks))
        self.report_shown.emit()

    def _zone_of(self, table: Table | None) -> WrittenZones | None:
        """The offsets the table's times are written at, read once per table (the Requests
        panel shows a new report at every filter)."""
        if table is not None and self._zone[0] is not table:
            self._zone = (table, report_zone(table))
        return self._zone[1] if table is not None else None

    def marks(self) -> list[CellMark]:
        return list(self._marks)

    def _show_reconciliation(self, report: HealthReport, reconciled: bool) -> None:
        mismatches = report.reconciliation
        self.mismatch_model.set_mismatches(mismatches, report.currency)
        self.mismatch_view.fit_rows()
        self.reconcile_title.setVisible(reconciled)
        self.mismatch_view.setVisible(reconciled and bool(mismatches))
        self.reconciled_label.setVisible(reconciled)
        if mismatches:
            self.reconcile_title.setText(
                f"Reconciliation: {len(mismatches)} mismatch{'es' if len(mismatches) != 1 else ''}"
            )
            self.reconciled_label.setText(
                "These figures do not add up (group row vs the sum of its token rows, success +"
                " errors vs requests, exported vs recomputed rate). Click one to show its rows."
            )
            self.reconciled_label.setStyleSheet("color: #c62828;")
        else:
            self.reconcile_title.setText("Reconciliation")
            groups = report.groups.columns  # a group row with token rows under it
            paired = bool(np.any((np.diff(groups.tokens.starts) > 0) & (groups.row >= 0)))
            self.reconciled_label.setText(
                "Everything adds up: "
                + ("each group row equals the sum of its token rows, and " if paired else "")
                + "success + errors = requests wherever the export has both."
            )
            self.reconciled_label.setStyleSheet("color: #2e7d32;")

    # -- clicks --------------------------------------------------------------------------

    def _on_findings_finding_clicked(self, index: int) -> None:
        if self.report is None:
            return
        finding = self.report.findings[index]
        self.selected_finding = finding
        self._reset_copy_button()
        if len(finding.rows):
            self.rows_requested.emit(_rows(finding.rows), finding_label(finding))

    def _on_reason_view_clicked(self, index: QModelIndex) -> None:
        reason = self.reason_model.reasons[index.row()]
        if reason.rows:
            self.rows_requested.emit(
                _rows(reason.rows), f"{reason.label()} ({reason.category.label})"
            )

    def _on_mismatch_view_clicked(self, index: QModelIndex) -> None:
        if self.report is None:
            return
        mismatch = self.mismatch_model.mismatches[index.row()]
        groups = self.report.groups.columns
        rows: Rows = () if mismatch.row is None else (mismatch.row,)
        if mismatch.check == "token_sum" and mismatch.group in groups.names:
            # the Group row and the Token rows that should sum to it
            rows = groups.group_rows(groups.position(mismatch.group))
        if len(rows):
            self.rows_requested.emit(
                _rows(rows), f"Reconciliation: {mismatch.group}, {mismatch.field}"
            )

    def _on_copy_button_clicked(self) -> None:
        if self.report is None:
            return
        message = self.support_message()
        QGuiApplication.clipboard().setText(message)
        self.support_copied.emit(message)
        self.copy_button.setText("Copied ✓")
        self.copy_button.setToolTip("Copied to the clipboard. Click to copy again.")
        # issue 9: "Copied ✓" stayed for good; it is feedback for a moment, then the label
        QTimer.singleShot(COPIED_SHOWN_MS, self, self._reset_copy_button)

    def _reset_copy_button(self) -> None:
        finding = self.selected_finding
        self.copy_button.setText("Copy for support")
        self.copy_button.setToolTip(
            "Copy one message for support about "
            + (f"the selected finding ({finding.subject})" if finding else "the top finding")
            + ": user ID, time range, group, model, status code, error content, request ID and"
            " impact scope (seed 000's list), with API keys and bearer tokens redacted."
        )

    def support_message(self) -> str:
        """The redacted support message for the selected finding (else the top one)."""
        assert self.report is not None
        return build_support_message(self.report, table=self.table, finding=self.selected_finding)


def _error_share(totals: Totals) -> str:
    """The errors' share of the requests the rate is over (issue 11: those with a known
    outcome; the rest are in progress or unknown)."""
    decided = totals.success + totals.errors
    if totals.success_rate is None or not decided:
        return ""
    share = fmt.percent(totals.errors / decided)
    return f"{share} of requests" if decided >= totals.requests else f"{share} of known outcomes"


def health_cards(
    report: HealthReport, *, from_requests: bool = False, zone: WrittenZones | None = None
) -> list[Card]:
    """Seed 000's summary figures: requests, success rate, errors, cost, cache, latency, span;
    the span's times as written, at ``zone``'s offset (issue 11)."""
    totals, settings = report.totals, report.settings
    rate = totals.success_rate
    # issue 10: read from the group columns; a million-row export's twenty thousand groups
    # made as objects here held the window for a third of a second
    columns = report.groups.columns
    low = [columns.names[g] for g in np.flatnonzero(columns.flag_mask((LOW_SUCCESS,))).tolist()]
    rate_card = success_rate_card(
        rate,
        totals.requests,
        f"below {fmt.percent(settings.low_success_rate, 0)}: {', '.join(low)}"
        if low
        else f"{fmt.count(totals.success)} succeeded",
        settings.low_success_rate,
        settings.small_sample_requests,
    )
    tone = rate_card.tone
    groups, tokens = len(columns), len(columns.tokens)
    cost_detail = ""
    if totals.cost is not None and totals.requests:
        cost_detail = f"{fmt.price(totals.cost / totals.requests, totals.currency)} per request"
    latency = columns.figures["avg_latency_s"]
    timed = np.flatnonzero(~np.isnan(latency) & ~columns.flag_mask((SMALL_SAMPLE,)))
    slowest = int(timed[np.argmax(latency[timed])]) if len(timed) else None  # first of ties
    return [
        Card(
            "Requests",
            fmt.count(totals.requests),
            f"{fmt.counted(groups, 'group')} · {fmt.counted(tokens, 'token')}",
        ),
        rate_card,
        Card(
            "Errors",
            fmt.count(totals.errors),
            _error_share(totals),
            "alarm" if tone == "alarm" else ("warning" if totals.errors else "good"),
        ),
        Card("Cost", fmt.money(totals.cost, totals.currency), cost_detail),
        Card(
            "Cache hit rate",
            fmt.percent(totals.cache_hit_rate),
            f"{fmt.percent(totals.cache_request_share)} of requests hit cache"
            if totals.cache_request_share is not None
            else "",
            tooltip=CACHE_HIT_RATE_HINT if from_requests else EXPORTED_CACHE_HIT_RATE_HINT,
        ),
        Card(
            "Avg latency",
            fmt.seconds(totals.avg_latency_s),
            f"slowest: {columns.names[slowest]} {fmt.seconds(float(latency[slowest]))}"
            if slowest is not None and groups > 1
            else "",
        ),
        Card(
            "Time span",
            _duration(totals.start_time, totals.latest_time),
            f"{_minute(totals.start_time)} → {_minute(totals.latest_time)}{_offset(zone)}",
            wide=True,
            tooltip=fmt.time_span(totals.start_time, totals.latest_time, zone),
        ),
    ]


def cell_marks(report: HealthReport, table: Table | None) -> list[CellMark]:
    """Cells the table should mark: reconciliation mismatches and tokens below their group."""
    if table is None:
        return []
    marks = []
    cur = report.currency
    for m in report.reconciliation:
        column = table.column_index(m.field)
        if m.row is None or column is None:
            continue
        marks.append(
            CellMark(
                m.row,
                column,
                "mismatch",
                f"Does not reconcile: {format_figure(m.field, m.group_value, cur)} exported,"
                f" {format_figure(m.field, m.token_sum, cur)} expected",
            )
        )
    column = table.column_index("success_rate")
    if column is not None:
        groups = report.groups.columns
        tokens = groups.tokens
        below = np.flatnonzero(tokens.flag_mask((BELOW_GROUP,)))  # issue 10: only these made
        owners = np.searchsorted(tokens.starts, below, side="right") - 1
        for i, g in zip(below.tolist(), owners.tolist(), strict=True):
            token = tokens.health(i)
            if token.stats.rows:
                peer = token.assessment.peer_success_rate
                marks.append(
                    CellMark(
                        token.stats.rows[0],
                        column,
                        "below_group",
                        f"Clearly below the rest of {groups.names[g]} ({fmt.percent(peer)})",
                    )
                )
    return marks


def _rows(rows: Rows) -> np.ndarray:
    return np.unique(np.asarray(rows, dtype=np.int64))  # each row once, in order


def _duration(start: float | None, latest: float | None) -> str:
    if start is None or latest is None:
        return "n/a"
    minutes = round((latest - start) / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def _minute(epoch: float | None) -> str:
    return fmt.timestamp(epoch)[:16] if epoch is not None else "n/a"


def _offset(zone: WrittenZones | None) -> str:
    """The offset the times are written at, or that they differ (the tooltip lists them)."""
    if zone is None or not zone.labels:
        return ""
    return " (offsets differ)" if zone.mixed else f" {zone.label}"


def cell_mark_map(marks: list[CellMark]) -> dict[tuple[int, int], str]:
    """``CellMark`` list -> ``{(row, column): tooltip}`` as ``TableTab.mark_cells`` takes."""
    result: dict[tuple[int, int], str] = {}
    for mark in marks:
        key = (mark.row, mark.column)
        result[key] = f"{result[key]}\n{mark.note}" if key in result else mark.note
    return result
