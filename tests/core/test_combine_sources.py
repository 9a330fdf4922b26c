"""Each row of a combined view says which file and which line it came from (issue 9)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csvinspect.cli import main
from csvinspect.core import load
from csvinspect.core.ingest.combine_files import load_combined

DAY_1 = """request_id,created_at,type,model,quota
r1,2026-05-06 10:00:00,consume,gpt-4o,500
r2,2026-05-06 10:01:00,consume,gpt-4o,600
"""
# Line 3 repeats r1 (dropped as a duplicate); line 4 is r3, the row this file adds; line 5
# is ragged (one cell too many).
DAY_2 = """request_id,created_at,type,model,quota
r1,2026-05-06 10:00:00,consume,gpt-4o,500
r3,2026-05-07 09:00:00,consume,"claude, sonnet",700
r4,2026-05-07 09:30:00,consume,gpt-4o,800,extra
"""


@pytest.fixture
def two_logs(tmp_path: Path) -> list[Path]:
    first, second = tmp_path / "2026-05-06.csv", tmp_path / "2026-05-07.csv"
    first.write_text(DAY_1, encoding="utf-8")
    second.write_text(DAY_2, encoding="utf-8")
    return [first, second]


def _cell(table, row: int, name: str) -> str:
    return table.cell_text(row, table.header.index(name))


def test_a_row_from_the_second_file_names_that_file_and_its_own_line(two_logs) -> None:
    table = load_combined(two_logs).table
    row = [_cell(table, r, "request_id") for r in range(table.n_rows)].index("r3")

    assert table.header[:2] == ["Source file", "Source line"]
    assert _cell(table, row, "Source file") == "2026-05-07.csv"
    assert _cell(table, row, "Source line") == "3"
    assert table.row_place(row) == "line 3 of 2026-05-07.csv"
    assert table.row_place(0) == "line 2 of 2026-05-06.csv"


def test_combining_keeps_every_original_cell_exactly(two_logs) -> None:
    table = load_combined(two_logs).table
    second = load(two_logs[1])
    row = [_cell(table, r, "request_id") for r in range(table.n_rows)].index("r3")

    assert table.row_texts(row)[2:] == second.row_texts(1)
    assert table.header[2:] == second.header[: len(table.header) - 2]


def test_a_problem_in_the_second_file_leads_to_its_row_not_the_first_files(two_logs) -> None:
    table = load_combined(two_logs).table
    ragged = next(p for p in table.source.problems if p.code == "ragged")

    assert ragged.source == "2026-05-07.csv"
    assert ragged.place == "2026-05-07.csv:4"
    row = table.row_at_line(4, ragged.source)
    assert _cell(table, row, "request_id") == "r4"
    # Line 3 of each file is a different row.
    assert _cell(table, table.row_at_line(3, "2026-05-06.csv"), "request_id") == "r2"
    assert _cell(table, table.row_at_line(3, "2026-05-07.csv"), "request_id") == "r3"


def test_export_of_two_logs_writes_the_source_file_and_line(two_logs, tmp_path) -> None:
    out = tmp_path / "combined.csv"

    assert main(["export", *map(str, two_logs), "-o", str(out)]) == 0

    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    r3 = next(r for r in rows if r["request_id"] == "r3")
    assert (r3["Source file"], r3["Source line"], r3["model"]) == (
        "2026-05-07.csv",
        "3",
        "claude, sonnet",
    )
    assert [r["request_id"] for r in rows] == ["r1", "r2", "r3", "r4"]


def test_files_of_one_name_in_two_folders_are_told_apart(tmp_path) -> None:
    for folder in ("east", "west"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "usage.csv").write_text(f"group,requests\n{folder},1\n")

    table = load_combined([tmp_path / "east/usage.csv", tmp_path / "west/usage.csv"]).table

    assert [_cell(table, r, "Source file") for r in range(2)] == [
        "east/usage.csv",
        "west/usage.csv",
    ]


def test_an_export_with_its_own_source_file_column_keeps_it(tmp_path) -> None:
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("Source file,requests\nupstream.log,1\n")

    table = load_combined([tmp_path / "a.csv", tmp_path / "b.csv"]).table

    assert table.header == ["Source file (combined)", "Source line", "Source file", "requests"]
    assert _cell(table, 1, "Source file") == "upstream.log"
