"""The request filter bar: time range presets, dimensions, status, category, latency, cache
hit or miss, stream or not, request ID.

Every control only fills a core ``RequestFilter`` (``core.requests.filters``); nothing typed
is evaluated. The dimension boxes list the labels the export has but stay editable, so a
value that does not exist reaches the core and comes back as a warning (seed 004: "Invalid
or unsupported filters are ignored with a warning"). The latency bounds are read by the core
(``parse_latency``: a bare number in the latency column's own unit, issue 11); text that is
not one is dropped with a warning of its own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from csvinspect.core.analysis.categories import FailureCategory
from csvinspect.core.requests.filters import UNIT_NAMES, RequestFilter, parse_latency
from csvinspect.core.requests.outcome import status_number
from csvinspect.core.requests.records import (
    DIMENSIONS,
    OUTCOMES,
    STATUS_CLASSES,
    RequestRecords,
)

ANY = "Any"
# Issue 11: outcomes in the Status box, rejected (before upstream work, seed 004) apart from
# failed; "outcome unknown" is not the status class "unknown" (no status code).
OUTCOME_CHOICES = {
    "succeeded": "success",
    "failed": "failed",
    "rejected": "rejected",
    "in progress": "in_progress",
    "outcome unknown": "unknown",
}
CACHE_CHOICES = ((ANY, None), ("Hit (cached tokens)", "hit"), ("Miss (no cached tokens)", "miss"))
STREAM_CHOICES = ((ANY, None), ("Streamed", True), ("Not streamed", False))
TIME_CHOICES = (
    ("All times", "all"),
    ("Last hour", "last_hour"),
    ("Last 24 h", "last_24h"),
    ("Last 7 days", "last_7d"),
)
DIMENSION_TITLES = {
    "model": "Model",
    "token": "API key / token",
    "user": "User",
    "group": "Group",
    "account": "Account / channel",
    "auth_index": "Auth index",
    "provider": "Provider",
    "project": "Project",
    "call_type": "Call type",
    "provider_model": "Provider model",
    "plan": "Plan",
    "transport": "Transport",
    "route": "Route",
}
BUCKET_SECONDS = {"hour": 3600, "day": 86400}  # the hour and day breakdowns' buckets
WIDE_ENOUGH = 440  # pixels: below this the bar shows one label/control pair per row
DEBOUNCE_MS = 250  # typing in a box re-filters once the user pauses, not on every key


class RequestFilterBar(QWidget):
    """Controls that build a ``RequestFilter``; ``filter_edited`` fires after a short pause."""

    filter_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.filter_edited)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self.time_box = self._choice([label for label, _ in TIME_CHOICES])
        self.status_box = self._choice([ANY, *STATUS_CLASSES])
        self.status_box.setToolTip(
            "An outcome (rejected: refused before upstream work; in progress: no outcome yet),"
            " a status class, or one status code seen in this export"
        )
        self.time_box.setToolTip(
            "Relative to the latest request in the export: an export is a snapshot, so"
            ' "last 24 h" is its last day, not the day you read it'
        )
        self.category_box = self._choice([ANY])
        self.cache_box = self._data_choice(CACHE_CHOICES)
        self.cache_box.setToolTip("Requests that read cached tokens (hit) or none (miss)")
        self.stream_box = self._data_choice(STREAM_CHOICES)
        self.stream_box.setToolTip("Streamed responses, or whole responses at once")
        self.dimension_boxes: dict[str, QComboBox] = {}
        self._latency_unit = 1.0  # seconds per unit of a bare number: the column's own
        self.latency_min = self._line("min s")
        self.latency_max = self._line("max s")
        self.request_id = self._line("part of a request ID")
        self.latency_range = QWidget(self)
        row = QHBoxLayout(self.latency_range)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.latency_min)
        row.addWidget(QLabel("–"))
        row.addWidget(self.latency_max)
        self._has_request_id = False
        self._time_range: tuple[float, float] | None = None  # an hour or day clicked (issue 9)
        self._cells: list[tuple[QLabel, QWidget]] = []
        self._pairs = 0
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.reset_button = QPushButton("Reset")
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        for control in self._fixed_controls():
            control.hide()  # until ``set_records`` lays out what this export can filter

    # -- building ------------------------------------------------------------------------

    def _fixed_controls(self) -> tuple[QWidget, ...]:
        """The controls every export may get, beside its own dimension boxes."""
        return (
            self.time_box,
            self.status_box,
            self.category_box,
            self.cache_box,
            self.stream_box,
            self.latency_range,
            self.request_id,
            self.reset_button,
        )

    def set_records(self, records: RequestRecords) -> None:
        """Offer the dimensions and categories this export has, and clear every control."""
        while self._grid.count():
            self._grid.takeAt(0)
        for control in self._fixed_controls():
            control.hide()  # shown again below when this export has what it filters
        self._pairs = 0
        for box in self.dimension_boxes.values():
            box.deleteLater()
        self.dimension_boxes = {}
        cells: list[tuple[str, QWidget]] = [("Time", self.time_box), ("Status", self.status_box)]
        self._latency_unit = records.latency_unit
        unit = UNIT_NAMES.get(records.latency_unit, "s")
        self.latency_min.setPlaceholderText(f"min {unit}")
        self.latency_max.setPlaceholderText(f"max {unit}")
        for line in (self.latency_min, self.latency_max):
            line.setToolTip(
                f"A bare number is in {unit}, as the latency column is written;"
                " 30s, 500ms and 2min say their unit"
            )
        codes = [status_number(int(c)) for c in np.unique(records.status_code) if c != 0]
        seen = set(np.unique(records.outcome[records.is_request]).tolist())
        outcomes = [k for k, v in OUTCOME_CHOICES.items() if OUTCOMES.index(v) in seen]
        self._fill(self.status_box, [ANY, *outcomes, *STATUS_CLASSES, *(str(c) for c in codes)])
        present = np.unique(records.outcomes.category)
        categories = [list(FailureCategory)[int(c)] for c in present if c >= 0]
        self._fill(self.category_box, [ANY, *(c.label for c in categories)])
        for i, category in enumerate(categories, start=1):
            self.category_box.setItemData(i, str(category))
            self.category_box.setItemData(i, str(category), Qt.ItemDataRole.ToolTipRole)
        ids = {"request": records.request_id, "trace": records.trace_id, "row": records.row_id}
        id_names = [name for name, column in ids.items() if column is not None]
        self._has_request_id = bool(id_names)
        if categories:
            cells.append(("Failure", self.category_box))
        for name in DIMENSIONS:
            labels = records.dims[name]
            if not labels.present:
                continue
            box = self._choice([ANY, *sorted(labels.names, key=str.casefold)], editable=True)
            self.dimension_boxes[name] = box
            cells.append((DIMENSION_TITLES[name], box))
        cells.append(("Latency", self.latency_range))
        # only what this export says: a log without cached-token figures has no cache filter
        if (records.cache_hit >= 0).any():
            cells.append(("Cache", self.cache_box))
        if (records.is_stream >= 0).any():
            cells.append(("Stream", self.stream_box))
        if self._has_request_id:
            # seed 001 filters by trace ID, seed 004 by row id: the one box searches them all
            spoken = " or ".join(id_names)
            self.request_id.setPlaceholderText(f"part of a {spoken} ID")
            title = " / ".join(name.capitalize() if i == 0 else name for i, name in
                               enumerate(id_names))  # fmt: skip
            cells.append((f"{title} ID", self.request_id))
        for label, _ in self._cells:
            label.deleteLater()
        self._cells = []
        for title, widget in cells:
            label = QLabel(title, self)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setWordWrap(True)  # "Account / channel" folds in a narrow panel (issue 9)
            self._cells.append((label, widget))
            widget.show()
        self._pairs = 0
        self._arrange()
        self._clear()

    def _arrange(self) -> None:
        """Two label/control pairs per row when there is room, else one (narrow panel)."""
        pairs = 2 if self.width() >= WIDE_ENOUGH else 1
        if pairs == self._pairs:
            return
        self._pairs = pairs
        while self._grid.count():
            self._grid.takeAt(0)
        for i, (label, widget) in enumerate(self._cells):
            r, c = divmod(i, pairs)
            self._grid.addWidget(label, r, 2 * c)
            self._grid.addWidget(widget, r, 2 * c + 1)
        last = (len(self._cells) + pairs - 1) // pairs
        self._grid.addWidget(self.reset_button, last, 2 * pairs - 1, Qt.AlignmentFlag.AlignRight)
        self.reset_button.show()
        for column in range(4):
            self._grid.setColumnStretch(column, 1 if column % 2 and column < 2 * pairs else 0)

    def minimumSizeHint(self) -> QSize:
        """One pair wide: the bar folds into one column instead of forcing the panel wider.

        The widest label/control pair, not a fixed width: 220 pixels made the Requests panel
        wider than its scroll area at 800×600 and cut off its right edge (issue 9).
        """
        spacing = self._grid.horizontalSpacing()
        widest = max(
            (
                label.minimumSizeHint().width() + spacing + control.minimumSizeHint().width()
                for label, control in self._cells
            ),
            default=0,
        )
        reset = self.reset_button.minimumSizeHint().width()
        return QSize(max(widest, reset), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _choice(self, items: list[str], *, editable: bool = False) -> QComboBox:
        box = QComboBox(self)
        box.setEditable(editable)
        box.setMinimumContentsLength(6)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.addItems(items)
        if editable:
            box.lineEdit().setPlaceholderText(ANY)
            box.lineEdit().textEdited.connect(self._on_control_edited)
            box.lineEdit().returnPressed.connect(self._on_control_committed)
        box.currentIndexChanged.connect(self._on_control_committed)
        return box

    def _data_choice(self, choices: tuple[tuple[str, object], ...]) -> QComboBox:
        box = self._choice([label for label, _ in choices])
        for i, (_, value) in enumerate(choices):
            box.setItemData(i, value)
        return box

    def _line(self, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setPlaceholderText(placeholder)
        line.setClearButtonEnabled(True)
        line.textEdited.connect(self._on_control_edited)
        line.returnPressed.connect(self._on_control_committed)
        return line

    @staticmethod
    def _fill(box: QComboBox, items: list[str]) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItems(items)
        box.blockSignals(False)

    # -- reading -------------------------------------------------------------------------

    def current_filter(self) -> tuple[RequestFilter, list[str]]:
        """The filter the controls describe, and warnings for bounds that are not numbers."""
        warnings: list[str] = []
        values = {}
        for name, box in self.dimension_boxes.items():
            text = box.currentText().strip()
            if text and text != ANY:
                values[name] = (text,)
        status = self.status_box.currentText()
        code = int(status) if status.lstrip("-").isdigit() else None  # -1: unusual, issue 11
        category = self.category_box.currentData()
        time_index = max(0, self.time_box.currentIndex())
        bucket = self._time_range if time_index >= len(TIME_CHOICES) else None
        flt = RequestFilter(
            time_preset=TIME_CHOICES[time_index][1] if bucket is None else "all",
            time_from=None if bucket is None else bucket[0],
            time_to=None if bucket is None else bucket[1],
            values=values,
            status_classes=(status,) if status in STATUS_CLASSES else (),
            outcomes=(OUTCOME_CHOICES[status],) if status in OUTCOME_CHOICES else (),
            status_codes=(code,) if code is not None else (),
            failure_categories=(category,) if category else (),
            latency_min_s=self._seconds(self.latency_min, "minimum", warnings),
            latency_max_s=self._seconds(self.latency_max, "maximum", warnings),
            cache=self.cache_box.currentData(),
            stream=self.stream_box.currentData(),
            request_id=self.request_id.text().strip() if self._has_request_id else "",
        )
        return flt, warnings

    def describe(self) -> str:
        """The active filter in words for the table's banner (empty when nothing is set)."""
        parts = []
        if self.time_box.currentIndex() > 0:
            parts.append(self.time_box.currentText())
        for name, box in self.dimension_boxes.items():
            text = box.currentText().strip()
            if text and text != ANY:
                parts.append(f"{DIMENSION_TITLES[name]} = {text}")
        for title, box in (("status", self.status_box), ("failure", self.category_box)):
            if box.currentText() != ANY:
                parts.append(f"{title} {box.currentText()}")
        if self.cache_box.currentData() is not None:
            parts.append(f"cache {self.cache_box.currentData()}")
        if self.stream_box.currentData() is not None:
            parts.append("streamed" if self.stream_box.currentData() else "not streamed")
        low, high = (
            parse_latency(line.text(), self._latency_unit)
            for line in (self.latency_min, self.latency_max)
        )
        if low is not None or high is not None:  # only bounds that apply are described
            parts.append(f"latency {low or 0:g}–{'∞' if high is None else f'{high:g}'} s")
        if self.request_id.text().strip():
            parts.append(f"request ID ~ {self.request_id.text().strip()}")
        return ", ".join(parts)

    def select_value(self, dimension: str, value: object, text: str) -> bool:
        """Narrow the filter to one breakdown row (``value`` as ``BreakdownRow.value``,
        ``text`` as shown) and emit ``filter_edited``; False when no control can say it.

        Issue 9: a click on a breakdown row filtered the table but left the cards and the
        other breakdowns on every request; as a filter, everything follows and Reset clears it.
        """
        box = self.dimension_boxes.get(dimension)
        index = -1
        if box is not None and isinstance(value, str) and value:
            index = box.findText(
                value, Qt.MatchFlag.MatchFixedString | Qt.MatchFlag.MatchCaseSensitive
            )
        elif dimension == "status" and isinstance(value, int):  # 999, 0, -1 too (issue 11)
            box, index = self.status_box, self.status_box.findText(str(value))
        elif dimension == "outcome" and value in OUTCOMES:  # issue 11
            label = next(k for k, v in OUTCOME_CHOICES.items() if v == value)
            box, index = self.status_box, self.status_box.findText(label)
        elif dimension == "failure_category" and value:
            box, index = self.category_box, self.category_box.findData(str(value))
        elif dimension in BUCKET_SECONDS and isinstance(value, int | float):
            start = float(value)
            self._time_range = (start, start + BUCKET_SECONDS[dimension] - 1e-3)
            self._fill(self.time_box, [label for label, _ in TIME_CHOICES] + [text])
            box, index = self.time_box, len(TIME_CHOICES)
        if box is None or index < 0:
            return False
        box.blockSignals(True)
        box.setCurrentIndex(index)
        box.blockSignals(False)
        self._on_control_committed()
        return True

    def _seconds(self, line: QLineEdit, bound: str, warnings: list[str]) -> float | None:
        text = line.text().strip()
        if not text:
            return None
        value = parse_latency(text, self._latency_unit)
        if value is None:
            warnings.append(f"Latency {bound} {text!r} is not a duration: ignored.")
        return value

    # -- edits ---------------------------------------------------------------------------

    def _on_control_edited(self) -> None:
        self._timer.start()

    def _on_control_committed(self) -> None:
        self._timer.stop()
        self.filter_edited.emit()

    def _on_reset_button_clicked(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Clear every control and emit ``filter_edited`` (Reset, or the table's filter cleared)."""
        self._clear()
        self._on_control_committed()

    def _clear(self) -> None:
        for box in (
            self.time_box,
            self.status_box,
            self.category_box,
            self.cache_box,
            self.stream_box,
            *self.dimension_boxes.values(),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            if box.isEditable():
                box.setEditText(ANY)
            box.blockSignals(False)
        for line in (self.latency_min, self.latency_max, self.request_id):
            line.clear()
        if self.time_box.count() > len(TIME_CHOICES):  # drop a clicked hour or day
            self._fill(self.time_box, [label for label, _ in TIME_CHOICES])
        self._time_range = None
