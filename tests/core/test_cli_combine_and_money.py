"""``csvinspect report`` over several exports (combined) and with a quota rate / currency."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from csvinspect.cli import main
from csvinspect.core.ingest.combine_files import export_files, load_combined
from csvinspect.core.table import LoadError

SAMPLE = "usage_logs_newapi_fork.csv"


@pytest.fixture
def two_copies(samples_dir: Path, tmp_path: Path) -> list[Path]:
    folder = tmp_path / "daily"
    folder.mkdir()
    copies = [folder / "b-2026-05-07.csv", folder / "a-2026-05-06.csv"]
    for copy in copies:
        shutil.copy(samples_dir / SAMPLE, copy)
    (folder / "README.md").write_text("not an export")
    return copies


def _json(capsys, *args: str) -> dict:
    assert main(["report", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_two_copies_combined_count_each_request_once(capsys, samples_dir, two_copies):
    single = _json(capsys, str(samples_dir / SAMPLE))
    report = _json(capsys, *map(str, two_copies))
    assert "combined" not in single
    assert report["combined"] == {
        "files": ["b-2026-05-07.csv", "a-2026-05-06.csv"],
        "rows_per_file": [11, 0],  # the second copy repeats every row of the first
        "duplicates_removed": 7,
        "repeated_rows_removed": 4,  # its top-up, manage and system rows carry no request ID
    }
    assert report["totals"]["requests"] == single["totals"]["requests"] == 7
    assert report["non_request_rows"] == single["non_request_rows"] == 4
    assert report["totals"]["errors"] == single["totals"]["errors"]
    assert report["totals"]["cost"] == single["totals"]["cost"]
    assert main(["report", *map(str, two_copies)]) == 0
    text = capsys.readouterr().out
    assert "2 files combined: b-2026-05-07.csv, a-2026-05-06.csv" in text
    assert "7 duplicate request IDs removed" in text
    assert "4 repeated rows without a request ID (account events) removed" in text


def test_a_folder_combines_its_exports_in_name_order(capsys, two_copies):
    report = _json(capsys, str(two_copies[0].parent))
    assert report["combined"]["files"] == ["a-2026-05-06.csv", "b-2026-05-07.csv"]
    assert report["totals"]["requests"] == 7


def test_exports_of_different_kinds_are_refused_with_a_message(capsys, samples_dir, two_copies):
    assert main(["report", str(two_copies[0]), str(samples_dir / "team_usage_litellm.csv")]) == 2
    err = capsys.readouterr().err
    assert "only exports of the same kind can be combined" in err
    assert "Traceback" not in err


def test_an_empty_folder_is_a_clear_message(capsys, tmp_path):
    assert main(["report", str(tmp_path)]) == 2
    assert "holds no .csv, .tsv, .gz or .jsonl exports" in capsys.readouterr().err


def test_quota_rate_and_currency_options_change_the_costs(capsys, samples_dir):
    path = str(samples_dir / SAMPLE)
    default = _json(capsys, path)
    assert default["totals"]["currency"] == "USD"
    assert default["totals"]["cost"] == pytest.approx(69_748 / 500_000)
    doubled = _json(capsys, path, "--quota-per-usd", "250000")
    assert doubled["totals"]["cost"] == pytest.approx(2 * default["totals"]["cost"])
    cny = _json(capsys, path, "--currency", "cny", "--exchange-rate", "7.3")
    assert cny["totals"]["currency"] == "CNY"
    assert cny["totals"]["cost"] == pytest.approx(7.3 * default["totals"]["cost"])
    by_model = {m["model"]: m["cost"] for m in cny["by_model"]}
    assert by_model["gpt-4o"] == pytest.approx(25_000 / 500_000 * 7.3)


def test_a_currency_without_an_exchange_rate_is_refused(capsys, samples_dir):
    assert main(["report", str(samples_dir / SAMPLE), "--currency", "CNY"]) == 2
    assert "--exchange-rate" in capsys.readouterr().err


def test_load_combined_reports_progress_over_all_files(two_copies):
    seen: list[tuple[int, int]] = []
    combined = load_combined(two_copies, progress=lambda done, total: seen.append((done, total)))
    total = sum(p.stat().st_size for p in two_copies)
    assert seen and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert combined.duplicates_removed == 7
    assert export_files([two_copies[0].parent]) == sorted(two_copies)
    with pytest.raises(LoadError, match=r"missing\.csv"):
        load_combined([two_copies[0], two_copies[0].parent / "missing.csv"])


DAY_1 = """request_id,created_at,type,quota
r1,2026-05-06 10:00:00,consume,500
,2026-05-06 10:05:00,topup,0
,2026-05-06 10:05:00,topup,0
"""
DAY_2 = """request_id,created_at,type,quota
r1,2026-05-06 10:00:00,consume,500
,2026-05-06 10:05:00,topup,0
,2026-05-06 11:00:00,topup,0
r2,2026-05-06 11:30:00,consume,700
"""


def test_rows_without_an_id_are_dropped_only_when_an_earlier_file_repeats_them():
    from csvinspect.core import load_text
    from csvinspect.core.ingest.combine import combine_tables

    combined = combine_tables([load_text(DAY_1, name="d1.csv"), load_text(DAY_2, name="d2.csv")])
    assert (combined.duplicates_removed, combined.repeated_rows_removed) == (1, 1)
    # both 10:05 top-ups of day 1 stay (two events in one file); day 2's copy of one goes
    assert combined.table.line_numbers.tolist() == [2, 3, 4, 4, 5]
    assert combined.rows_per_source == [3, 2]


def test_tables_without_request_ids_lose_no_rows():
    from csvinspect.core import load_text
    from csvinspect.core.ingest.combine import combine_tables

    text = "group,requests\ndefault,10\nvip,3\n"
    combined = combine_tables([load_text(text, name="a.csv"), load_text(text, name="b.csv")])
    assert combined.table.n_rows == 4
    assert (combined.duplicates_removed, combined.repeated_rows_removed) == (0, 0)


def test_combined_usage_summaries_say_which_days_an_earlier_file_also_has(
    capsys, samples_dir, tmp_path
):
    """Issue 10: usage summaries have no request IDs ("0 duplicate request IDs removed" was
    said of them); the same day of a team or model in two files is kept and said so."""
    copies = [tmp_path / "week1.csv", tmp_path / "week1-again.csv"]
    for copy in copies:
        shutil.copy(samples_dir / "team_usage_litellm.csv", copy)
    assert main(["report", *map(str, copies)]) == 0
    text = capsys.readouterr().out
    assert "request ID" not in text
    assert (
        "10 rows of a day of a team, model or key an earlier file also has: kept and added up,"
        " files covering the same day count it twice"
    ) in text
