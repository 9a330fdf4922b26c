"""Times written with an offset are shown, filtered, grouped and reported as written (issue 11).

``16:02+08:00`` reads 16:02 in the table, so ``>=2026-07-08 16:00`` must keep it, the hour
breakdown must put it in the 16:00 hour and the report must say 16:02+08:00, not 08:02 UTC
without a word. A column whose offsets differ still sorts by the instant.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pytest

from csvinspect.cli import main
from csvinspect.core import load_text
from csvinspect.core.cells.timestamps import read_timestamps
from csvinspect.core.cells.zones import column_zones, export_zone
from csvinspect.core.query.filters import TableQuery, apply_query
from csvinspect.core.query.sorting import sort_order
from csvinspect.core.requests.records import build_records
from csvinspect.core.requests.stats import RequestStats

HEADER = "generation_id,created_at,cost_total,tokens_prompt,tokens_completion,model_permaslug"
PLUS8 = f"""{HEADER}
gen-1,2026-07-08T12:40:00+08:00,0.01,100,20,openai/gpt-4.1
gen-2,2026-07-08T13:00:00+08:00,0.01,100,20,openai/gpt-4.1
gen-3,2026-07-08T16:02:11+08:00,0.01,100,20,openai/gpt-4.1
"""
MIXED = f"""{HEADER}
gen-1,2026-07-08 13:00+02:00,0.01,100,20,openai/gpt-4.1
gen-2,2026-07-08 12:30Z,0.01,100,20,openai/gpt-4.1
gen-3,2026-07-08 12:45+08:00,0.01,100,20,openai/gpt-4.1
"""


def wall(*parts: int) -> float:
    return datetime(*parts, tzinfo=UTC).timestamp()


def filtered(text: str, expression: str) -> list[str]:
    table = load_text(text)
    column = [c.name for c in table.columns].index("created_at")
    mask = apply_query(table, TableQuery(column_filters={column: expression})).mask
    ids = table.columns[0].text.to_pylist()
    return [ids[i] for i in np.flatnonzero(mask)]


def report(capsys, tmp_path, text: str, fmt: str = "json"):
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["report", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    return json.loads(out) if fmt == "json" else out


def test_a_time_keeps_the_wall_clock_it_was_written_with():
    cells = ["2026-07-08T16:02:11+08:00", "2026-07-08 16:02+0800", "16:02:11 08.07.2026"]
    values = read_timestamps(pa.array(cells[:2]))
    assert values.tolist() == [wall(2026, 7, 8, 16, 2, 11), wall(2026, 7, 8, 16, 2)]


def test_offsets_are_read_after_a_time_only():
    zones = column_zones(pa.array(["2026-07-08T16:02:11+08:00", "2026-07-08", "2026-07-08 13:00Z"]))
    assert zones.offsets[0] == 8 * 3600
    assert np.isnan(zones.offsets[1])  # the day -08 of a date is no offset
    assert zones.offsets[2] == 0
    assert zones.labels == ("Z", "+08:00") and zones.mixed


def test_date_filter_compares_with_the_time_as_written():
    mixed = filtered(MIXED, ">=2026-07-08 13:00")
    assert mixed == ["gen-1"]  # 13:00+02:00 as written; 12:30Z and 12:45+08:00 are earlier
    assert filtered(PLUS8, ">=2026-07-08 13:00") == ["gen-2", "gen-3"]
    assert filtered(PLUS8, "2026-07-08 12:00..2026-07-08 13:00") == ["gen-1", "gen-2"]


def test_mixed_offsets_sort_by_the_instant():
    table = load_text(MIXED)
    order = sort_order(table, [(1, False)])
    # 12:45+08:00 is 04:45Z, 13:00+02:00 is 11:00Z, 12:30Z is 12:30Z
    assert [table.columns[0].text[i].as_py() for i in order] == ["gen-3", "gen-1", "gen-2"]


def test_hour_buckets_use_the_wall_clock_of_the_export():
    records = build_records(load_text(PLUS8))
    hours = RequestStats(records).breakdown("hour").rows
    assert [(r.key, r.requests) for r in hours] == [
        ("2026-07-08 12:00", 1),
        ("2026-07-08 13:00", 1),
        ("2026-07-08 16:00", 1),
    ]


def test_report_times_keep_the_offset_as_written(capsys, tmp_path):
    totals = report(capsys, tmp_path, PLUS8)["totals"]
    assert totals["start_time"] == "2026-07-08T12:40:00+08:00"
    assert totals["latest_time"] == "2026-07-08T16:02:11+08:00"
    assert "time_offsets" not in totals
    text = report(capsys, tmp_path, PLUS8, "text")
    assert "2026-07-08 12:40:00+08:00 to 2026-07-08 16:02:11+08:00" in text


def test_report_says_when_offsets_differ(capsys, tmp_path):
    totals = report(capsys, tmp_path, MIXED)["totals"]
    assert totals["time_offsets"] == ["+02:00", "+08:00", "Z"]
    assert totals["latest_time"] == "2026-07-08T13:00:00"  # as written, no single offset
    markdown = report(capsys, tmp_path, MIXED, "markdown")
    assert "UTC offsets differ: +02:00, +08:00, Z" in markdown


def test_times_without_an_offset_are_reported_as_before(capsys, tmp_path):
    totals = report(capsys, tmp_path, PLUS8.replace("+08:00", ""))["totals"]
    assert totals["start_time"] == "2026-07-08T12:40:00"


def test_a_date_with_an_offset_filters_by_the_instant():
    # 11:00Z is 13:00+02:00 (gen-1) and 12:30Z (gen-2); 12:45+08:00 is 04:45Z
    assert filtered(MIXED, ">=2026-07-08 11:00Z") == ["gen-1", "gen-2"]
    assert filtered(MIXED, "<2026-07-08T13:00+08:00") == ["gen-3"]
    assert filtered(MIXED, "2026-07-08 04:00Z..2026-07-08 05:00Z") == ["gen-3"]


def test_every_offset_shape_people_write_is_read():
    cells = {
        "2026-07-08T16:02:11+0800": 8.0,
        "2026-07-08 16:02+08": 8.0,
        "2026-07-08T16:02:11.123456-05:30": -5.5,
        "2026-07-08 16:02:11 UTC": 0.0,
        "2026-07-08 16:02 GMT": 0.0,
        "2026-07-08T16:02:11z": 0.0,
        "2026-07-08 16:02+08:00 ": 8.0,
        "2026-07-08 16:02+25:00": None,  # no such offset
        "2026-07-08 16:02": None,
        "08.07.2026 16:02": None,
    }
    offsets = column_zones(pa.array(list(cells))).offsets / 3600
    assert [None if np.isnan(o) else o for o in offsets] == list(cells.values())


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("cut", [None, 1, 2, 4])
def test_the_report_names_the_offsets_the_columns_tooltip_names(reverse, cut, monkeypatch):
    # issue 10: the report reads only the distinct offsets, not one per cell; every shape,
    # the regex's rare ones too, gives the offsets the column's tooltip names
    cells = [
        "2026-07-08T16:02:11+0800",
        "2026-07-08 16:02:11 UTC",
        "2026-07-08T16:02:11.123456-05:30",
        "2026-07-08 16:02 GMT",
        "2026-07-08 16:02+25:00",
        "2026-07-08 16:02",
        "2026-07-08 16:02+08 ",
        None,
        "",
    ]
    if cut is not None:  # issue 10: a big column is read a slice of cells at a time
        monkeypatch.setattr("csvinspect.core.cells.zones._SLICE", cut)
    column = pa.array(cells[::-1] if reverse else cells)
    zone = export_zone([column])
    chunked = pa.chunked_array([column.slice(0, 3), column.slice(3)])
    assert export_zone([chunked]).labels == zone.labels
    assert zone is not None and zone.labels == ("+08:00", "-05:30", "Z")
    assert set(zone.labels) == set(column_zones(pa.array(cells)).labels)
    assert export_zone([pa.array(["2026-07-08 16:02", None, "16:02:11 08.07.2026"])]) is None
