"""JSON Lines and JSON array exports open like a CSV (issue 11, seed 001).

The fixture ``cpamp_requests.jsonl`` is a CPAMP monitoring export as seed 001 describes it:
request events with time, provider, model, auth index and auth file, project, API key, trace
and request IDs, status code, latency, token usage nested under ``usage``, cost, and a
sanitised failure summary nested under ``failure``; line 18 is cut short.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests.conftest import FIXTURES

from csvinspect.cli import main
from csvinspect.core import ReadOptions, load, load_text
from csvinspect.core.reading.prose import judge_paste
from csvinspect.core.requests.filters import RequestFilter, apply_filter
from csvinspect.core.requests.records import build_records
from csvinspect.core.table import ReportKind

CPAMP = FIXTURES / "cpamp_requests.jsonl"


def _good_records() -> list[tuple[int, dict]]:
    """The fixture's records counted independently: (line, record) of each line that parses."""
    found = []
    for number, line in enumerate(CPAMP.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            found.append((number, json.loads(line)))
        except ValueError:
            continue
    return found


def test_a_cpamp_jsonl_export_is_a_request_log_with_its_figures():
    table = load(CPAMP)
    good = _good_records()
    assert table.source.kind is ReportKind.REQUEST_LOG
    assert table.source.format == "jsonl"
    assert table.n_rows == len(good)
    assert table.line_numbers.tolist() == [number for number, _ in good]
    records = build_records(table)
    failed = sum(1 for _, r in good if r["status_code"] >= 400)
    assert int((records.outcomes.success == 0).sum()) == failed
    assert int((records.outcomes.success == 1).sum()) == len(good) - failed
    tokens_in = sum(r.get("usage", {}).get("input_tokens", 0) for _, r in good)
    assert np.nansum(records.tokens_in) == tokens_in
    messages = {r["failure"]["summary"] for _, r in good if "failure" in r}
    assert set(records.outcomes.message.names) == messages


def test_a_broken_line_is_named_and_the_rest_loads():
    table = load(CPAMP)
    bad = [p for p in table.source.problems if p.code == "invalid_json"]
    assert [p.line for p in bad] == [18]
    assert "not valid JSON" in bad[0].message
    assert "req_broken" not in table.column("request_id").text.to_pylist()


def test_cells_keep_their_text_as_written():
    text = (
        '{"id": 12345678901234567890, "ratio": 1.0, "cost": 0.0170, "ok": true,'
        ' "usage": {"input_tokens": 12, "detail": {"cached": 3}}, "tags": [1.0, {"a": "b"}],'
        ' "note": null}\n'
        '{"id": 9223372036854775807, "ratio": 2, "extra": "only here"}\n'
    )
    table = load_text(text)
    assert table.header == [
        "id",
        "ratio",
        "cost",
        "ok",
        "usage.input_tokens",
        "usage.detail.cached",
        "tags",
        "extra",
    ]
    cells = {c.name: c.text.to_pylist() for c in table.columns}
    assert cells["id"] == ["12345678901234567890", "9223372036854775807"]
    assert cells["ratio"] == ["1.0", "2"]
    assert cells["cost"] == ["0.0170", None]
    assert cells["ok"] == ["true", None]
    assert cells["usage.detail.cached"] == ["3", None]
    assert cells["tags"] == ['[1.0, {"a": "b"}]', None]
    assert cells["extra"] == [None, "only here"]
    assert table.column("prompt_tokens").name == "usage.input_tokens"


def test_a_json_array_reads_like_the_same_records_as_lines():
    lines = [
        line for line in CPAMP.read_text(encoding="utf-8").splitlines() if "req_broken" not in line
    ]
    array = "[\n  " + ",\n  ".join(lines) + "\n]\n"
    from_lines = load_text("\n".join(lines) + "\n")
    from_array = load_text(array)
    assert from_array.source.format == "json"
    assert from_array.source.kind is ReportKind.REQUEST_LOG
    assert from_array.header == from_lines.header
    for a, b in zip(from_array.columns, from_lines.columns, strict=True):
        assert a.text.to_pylist() == b.text.to_pylist()
    assert from_array.line_numbers.tolist() == list(range(2, len(lines) + 2))


def test_a_broken_record_in_a_pretty_printed_array_is_named_and_skipped():
    text = (
        '[\n  {\n    "model": "a",\n    "n": 1\n  },\n'
        '  {\n    "model": "b",\n    "n": \n  },\n'
        '  {\n    "model": "c",\n    "n": 3\n  }\n]\n'
    )
    table = load_text(text)
    assert table.column("model").text.to_pylist() == ["a", "c"]
    assert table.line_numbers.tolist() == [2, 10]
    (problem,) = [p for p in table.source.problems if p.code == "invalid_json"]
    assert problem.line == 6
    assert "lines 6-9" in problem.message


def test_values_that_are_not_records_are_named():
    table = load_text('{"a": 1}\n[1, 2]\n"text"\n{"a": 2}\n')
    assert table.columns[0].text.to_pylist() == ["1", "2"]
    assert [(p.line, p.code) for p in table.source.problems] == [
        (2, "not_a_record"),
        (3, "not_a_record"),
    ]


@pytest.mark.parametrize(
    "text", ["[time],model\n[10:00],gpt\n", "{x},y\n1,2\n3,4\n5,6\n", "a,b\n{1},2\n"]
)
def test_a_csv_that_starts_with_a_bracket_is_still_a_csv(text):
    table = load_text(text)
    assert table.source.format == "csv"
    assert table.n_rows >= 1 and len(table.header) == 2


def test_a_named_delimiter_reads_json_lines_as_csv():
    table = load_text('{"a": 1}\n', options=ReadOptions(delimiter=","))
    assert table.source.format == "csv"


def test_pasted_json_lines_are_a_table_not_prose():
    text = '{"note": "This is a sentence, with words.", "n": 1}\n{"note": "Another one."}\n'
    assert judge_paste(text).looks_like_table


def test_seed_001_filters_provider_project_account_auth_index_and_trace_id():
    table = load(CPAMP)
    records = build_records(table)
    good = [r for _, r in _good_records()]

    def kept(**values: tuple[str, ...]) -> int:
        return apply_filter(records, RequestFilter(values=values)).count

    assert kept(provider=("codex",)) == sum(r["provider"] == "codex" for r in good)
    assert kept(project=("checkout-bot",)) == sum(r["project"] == "checkout-bot" for r in good)
    bob = "codex-bob@example.com.json"
    assert kept(account=(bob,)) == sum(r["auth_file"] == bob for r in good)
    assert kept(auth_index=("2",)) == sum(r["auth_index"] == 2 for r in good)
    trace = str(good[4]["trace_id"])
    result = apply_filter(records, RequestFilter(request_id=trace))
    assert result.count == 1 and not result.warnings


def test_report_and_export_read_json_lines(capsys, tmp_path):
    assert main(["report", str(CPAMP), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    good = [r for _, r in _good_records()]
    assert report["source"]["format"] == "jsonl"
    assert report["source"]["problems"][0]["line"] == 18
    assert report["totals"]["requests"] == len(good)
    assert report["totals"]["errors"] == sum(r["status_code"] >= 400 for r in good)
    out = tmp_path / "out.csv"
    assert main(["export", str(CPAMP), "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert "usage.input_tokens" in header.split(",")


def test_json_of_which_no_record_reads_is_shown_as_csv_and_said():
    # a blob pasted by mistake stays in view, split at its commas, rather than an empty table
    table = load_text('{"k":1,' * 3 + "}")
    assert table.source.format == "csv"
    assert len(table.header) == 4
    (problem,) = [p for p in table.source.problems if p.code == "not_json"]
    assert problem.line == 1 and "read as CSV instead" in problem.message


def test_a_folder_of_json_lines_exports_combines(capsys, tmp_path):
    (tmp_path / "monday.jsonl").write_bytes(CPAMP.read_bytes())
    (tmp_path / "notes.json").write_text('{"not": "an export"}')
    assert main(["report", str(tmp_path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "format JSON Lines" in out
    assert f"{len(_good_records())} rows, request_log" in out
