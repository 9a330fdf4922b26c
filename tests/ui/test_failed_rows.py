"""Issue 11, item 11: in a request log's table a failed request stands out, its category on
hover, and a request still in progress is muted."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from csvinspect.app.table.table_model import LOW_RATE_SHADE, LOW_RATE_TEXT, MUTED_TEXT

LOAD_TIMEOUT_MS = 20_000
FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _open(qtbot, window, path: Path):
    with qtbot.waitSignal(window.loads_settled, timeout=LOAD_TIMEOUT_MS):
        (tab,) = window.open_files([path])
    return tab


def test_failed_requests_status_cell_is_red_and_names_its_category(qtbot, window, samples_dir):
    path = samples_dir / "usage_logs_newapi_fork.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        written = list(csv.DictReader(f))
    failed_ids = {r["id"] for r in written if r["type"] == "5"}  # new-api's error rows
    assert len(failed_ids) == 2
    tab = _open(qtbot, window, path)
    model = tab.model
    type_column, id_column = tab.table.header.index("type"), tab.table.header.index("id")
    ids = [model.index(r, id_column).data() for r in range(model.rowCount())]
    for row, row_id in enumerate(ids):
        status_cell = model.index(row, type_column)
        if row_id in failed_ids:
            assert status_cell.data(FOREGROUND) == LOW_RATE_TEXT
            assert status_cell.data(BACKGROUND) == LOW_RATE_SHADE
        else:
            assert status_cell.data(FOREGROUND) != LOW_RATE_TEXT
            assert status_cell.data(BACKGROUND) != LOW_RATE_SHADE
    rate_limited = model.index(ids.index("918275"), type_column)
    assert "Rate limit (rate_limit)" in rate_limited.data(TOOLTIP)
    assert "status 429" in rate_limited.data(TOOLTIP)
    # the whole row says it on hover, not only the status cell
    timeout_row = ids.index("918280")
    model_cell = model.index(timeout_row, tab.table.header.index("model_name"))
    assert "Gateway timeout (gateway_timeout)" in model_cell.data(TOOLTIP)
    assert "status 504" in model_cell.data(TOOLTIP)
    ok_row = ids.index("918273")
    assert model.index(ok_row, id_column).data(TOOLTIP) is None
    ModelTester(None).check(model)
    # sorting moves the rows; the marks go with them
    tab.sort_by([(id_column, True)])
    ids = [model.index(r, id_column).data() for r in range(model.rowCount())]
    red = {ids[r] for r in range(model.rowCount())
           if model.index(r, type_column).data(FOREGROUND) == LOW_RATE_TEXT}  # fmt: skip
    assert red == failed_ids


def test_in_progress_requests_are_muted_and_say_so(qtbot, window, tmp_path):
    path = tmp_path / "request_logs.csv"
    path.write_text(
        "row_id,created_at,status,upstream_account,model,errors\n"
        "r1,2026-07-08 13:00:00,completed,codex-alice,gpt-5,\n"
        "r2,2026-07-08 13:00:05,failed,codex-bob,gpt-5,upstream_timeout: no response in 60 s\n"
        "r3,2026-07-08 13:00:09,in_progress,codex-alice,gpt-5,\n"
        "r4,2026-07-08 13:00:12,completed,codex-alice,gpt-5,\n",
        encoding="utf-8",
    )
    tab = _open(qtbot, window, path)
    model = tab.model
    status_column = tab.table.header.index("status")
    statuses = [model.index(r, status_column).data() for r in range(model.rowCount())]
    running, failed = statuses.index("in_progress"), statuses.index("failed")
    for column in range(model.columnCount()):
        assert model.index(running, column).data(FOREGROUND) == MUTED_TEXT
    assert "In progress" in model.index(running, status_column).data(TOOLTIP)
    assert model.index(failed, status_column).data(FOREGROUND) == LOW_RATE_TEXT
    assert model.index(statuses.index("completed"), status_column).data(FOREGROUND) is None


def test_a_failure_written_only_in_the_details_json_marks_that_cell(qtbot, window):
    # TokenOpen (seed 002) writes the status only inside Details: its failed rows were plain
    path = Path(__file__).resolve().parents[1] / "fixtures" / "tokenopen_usage_logs.csv"
    with path.open(encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    statuses = [int(json.loads(r["Details"]).get("status_code", 200)) for r in written]
    failed = {i for i, status in enumerate(statuses) if status >= 400}
    assert len(failed) == 8
    tab = _open(qtbot, window, path)
    model = tab.model
    details = tab.table.header.index("Details")
    red = {r for r in range(model.rowCount())
           if model.index(r, details).data(FOREGROUND) == LOW_RATE_TEXT}  # fmt: skip
    assert red == failed
