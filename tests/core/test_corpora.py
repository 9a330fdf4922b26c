"""Conformance corpora (csv-spectrum, PapaParse) and the real sample exports (issue 2).

The corpora are vendored from ``../shared/corpora`` into ``tests/fixtures/corpora``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvinspect.core import ReadOptions, load
from csvinspect.core.reading.parse import ParsedCells, read_cells

CORPORA = Path(__file__).resolve().parents[1] / "fixtures" / "corpora"
SPECTRUM = CORPORA / "csv-spectrum"
PAPAPARSE = CORPORA / "papaparse" / "papaparse_parse_cases.json"

SPECTRUM_SKIPS = {
    # Upstream's JSON is an object, not a list, and its phone number differs from the CSV.
    "location_coordinates": "expected output is wrong upstream (csv-spectrum corpus README)",
}

# PapaParse cases whose expectation conflicts with behaviour csvinspect documents.
_BLANK = "blank lines are skipped and reported, not read as rows of one empty cell"
_UNCLOSED = (
    "an unclosed quote is kept as a plain character at the end of its line and the "
    "following lines load as rows, instead of swallowing the rest of the file"
)
_AFTER_QUOTE = (
    "text after a closing quote is kept as written and a quote then stays closed "
    "(RFC 4180 reading, as Python's csv module and pyarrow do); PapaParse trims or reopens"
)
_LINE_ENDS = "every \\r, \\n and \\r\\n ends a line, as in Python's csv module and pyarrow"
PAPAPARSE_SKIPS = {
    "Quoted field has no closing quote": _UNCLOSED,
    "Quoted field has invalid trailing quote after delimiter with a valid closer": _AFTER_QUOTE,
    "Quoted field has invalid trailing quote after delimiter": _AFTER_QUOTE,
    "Quoted field has invalid trailing quote before delimiter": _AFTER_QUOTE,
    "Quoted field has invalid trailing quote after new line": _AFTER_QUOTE,
    "One column input with empty fields": _BLANK,
    "Blank lines at end": _BLANK,
    "Quoted fields with spaces between closing quote and next delimiter": _AFTER_QUOTE,
    "Quoted fields with spaces between closing quote and next new line": _AFTER_QUOTE,
    "Quoted fields with spaces after closing quote": _AFTER_QUOTE,
    "Quoted fields with spaces between closing quote and next delimiter and contains delimiter": (
        _AFTER_QUOTE
    ),
    "Quoted fields with spaces between closing quote and newline and contains newline": (
        _AFTER_QUOTE
    ),
    "Mixed slash n and slash r should choose first as precident": _LINE_ENDS,
}


def _spectrum_cases() -> list[object]:
    if not SPECTRUM.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason="corpora not present"))]
    cases = []
    for csv_path in sorted((SPECTRUM / "csvs").glob("*.csv")):
        reason = SPECTRUM_SKIPS.get(csv_path.stem)
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        cases.append(pytest.param(csv_path, id=csv_path.stem, marks=marks))
    return cases


def _papaparse_cases() -> list[object]:
    if not PAPAPARSE.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason="corpora not present"))]
    groups = json.loads(PAPAPARSE.read_text(encoding="utf-8"))
    cases = []
    for group, entries in groups.items():
        for index, case in enumerate(entries):
            if case["config"] or case["config_has_function"]:
                continue  # options we do not have, or a JavaScript callback
            reason = PAPAPARSE_SKIPS.get(case["description"])
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            cases.append(pytest.param(case, id=f"{group}-{index}", marks=marks))
    return cases


def _records(parsed: ParsedCells) -> list[list[str]]:
    """Each record as its own cells: a short row's null padding is not part of it."""
    records = []
    for row in range(len(parsed.line_numbers)):
        cells = [column[row].as_py() for column in parsed.columns]
        while cells and cells[-1] is None:
            cells.pop()
        records.append(cells)
    return records


@pytest.mark.parametrize("csv_path", _spectrum_cases())
def test_csv_spectrum(csv_path: Path) -> None:
    expected = json.loads((SPECTRUM / "json" / f"{csv_path.stem}.json").read_text("utf-8"))

    table = load(csv_path)

    got = [dict(zip(table.header, table.row_texts(r), strict=True)) for r in range(table.n_rows)]
    assert got == expected
    assert table.source.problems == []


@pytest.mark.parametrize("case", _papaparse_cases())
def test_papaparse_default_parsing(case: dict[str, object]) -> None:
    # PapaParse without a config returns the header as the first row of cells.
    parsed = read_cells(
        str(case["input"]).encode("utf-8"), ReadOptions(encoding="utf-8", has_header=False)
    )

    assert _records(parsed) == case["expected_data"], case["description"]


def test_the_skip_lists_name_only_real_cases() -> None:
    if not PAPAPARSE.is_file():
        pytest.skip("corpora not present")
    groups = json.loads(PAPAPARSE.read_text(encoding="utf-8"))
    descriptions = {case["description"] for cases in groups.values() for case in cases}

    assert set(PAPAPARSE_SKIPS) <= descriptions


SAMPLES = {
    # name: (encoding, delimiter, data rows, columns)
    "group_health_demo.csv": ("utf-8-sig", ",", 23, 19),
    "usage_logs_newapi_fork.csv": ("utf-8-sig", ",", 11, 19),
    "console_paste_zh.tsv": ("utf-8", "\t", 11, 14),
    "request_events_cpa.csv": ("utf-8", ",", 10, 17),
    "team_usage_litellm.csv": ("utf-8", ",", 10, 10),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_export_loads_with_the_right_dialect_and_no_problems(
    samples_dir: Path, name: str
) -> None:
    encoding, delimiter, n_rows, n_columns = SAMPLES[name]

    table = load(samples_dir / name)

    assert (table.source.encoding, table.source.delimiter) == (encoding, delimiter)
    assert (table.n_rows, len(table.columns)) == (n_rows, n_columns)
    assert table.line_numbers.tolist() == list(range(2, n_rows + 2))
    assert table.source.problems == []


def test_console_paste_keeps_empty_cells_and_unquoted_chinese(samples_dir: Path) -> None:
    table = load(samples_dir / "console_paste_zh.tsv")

    assert table.header[:3] == ["时间", "渠道", "用户"]
    assert table.header[7] == "用时/首字"
    error_row = table.row_texts(2)
    assert error_row[5] == "错误"
    assert error_row[9] == ""  # an empty output-tokens cell stays empty text, not null
    assert table.columns[9].text.null_count == 0


def test_every_value_quoted_export_reads_the_values_without_quotes(samples_dir: Path) -> None:
    table = load(samples_dir / "request_events_cpa.csv")

    first = table.row_texts(0)
    assert first[0] == "2026-05-15T16:02:11.482913+08:00"
    assert first[6] == "8123"
    assert first[11] == ""  # "" is an empty cell
    assert any(text.startswith("'+") for r in range(table.n_rows) for text in table.row_texts(r))


def test_the_demo_export_keeps_thousands_separators_and_currency_text(samples_dir: Path) -> None:
    table = load(samples_dir / "group_health_demo.csv")

    assert table.header[0] == "Type"  # the BOM is gone
    assert table.row_texts(0)[6] == "8,790"
    assert table.row_texts(0)[9] == "¥512.93"
