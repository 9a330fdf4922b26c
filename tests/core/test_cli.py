"""``csvinspect report`` and ``csvinspect export`` as a support engineer runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from csvinspect.cli import main


def _report_json(capsys, *args: str) -> dict:
    assert main(["report", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_report_json_has_the_published_source_and_column_keys(capsys, demo_path):
    report = _report_json(capsys, str(demo_path))
    assert set(report["source"]) == {
        "name",
        "encoding",
        "delimiter",
        "format",
        "kind",
        "rows",
        "problems",
    }
    assert report["source"]["format"] == "csv"
    assert report["source"]["rows"] == 23
    assert report["source"]["delimiter"] == ","
    assert report["source"]["encoding"] == "utf-8-sig"
    assert [c["name"] for c in report["columns"]][:3] == ["Type", "Group", "User ID"]
    for col in report["columns"]:
        assert set(col) == {"name", "field", "type", "currency", "parsed", "unparsed"}


def test_report_reads_standard_input_like_a_paste(demo_path):
    out = subprocess.run(
        [sys.executable, "-m", "csvinspect", "report", "-", "--format", "json"],
        input=demo_path.read_bytes(),
        capture_output=True,
        check=True,
    )
    report = json.loads(out.stdout)
    assert report["source"]["name"] == "stdin"
    assert report["source"]["rows"] == 23


def test_report_on_a_missing_file_is_a_clear_message_not_a_traceback(capsys, tmp_path):
    assert main(["report", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert "nope.csv" in err
    assert "Traceback" not in err


def test_export_neutralises_formulas_and_keeps_plain_numbers(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,note,delta\n007,=HYPERLINK("x"),-3.20\n008,@SUM(A1),+86 138\n')
    out = tmp_path / "out.csv"
    assert main(["export", str(src), "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1] == ["007", '\'=HYPERLINK("x")', "-3.20"]
    assert rows[2] == ["008", "'@SUM(A1)", "'+86 138"]


def test_export_json_keeps_cell_texts_exactly(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("request_id,status,value\n1234567890123456789,NA,00042\n")
    out = tmp_path / "out.json"
    assert main(["export", str(src), "-o", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload == {
        "header": ["request_id", "status", "value"],
        "rows": [["1234567890123456789", "NA", "00042"]],
    }


def test_export_redacts_api_keys_unless_asked_to_keep_them(tmp_path):
    key = "sk-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4"
    src = tmp_path / "in.csv"
    src.write_text(f"user,detail\nalice,Authorization: Bearer {key}\n")
    shared = tmp_path / "shared.json"
    kept = tmp_path / "kept.json"
    assert main(["export", str(src), "-o", str(shared)]) == 0
    assert main(["export", str(src), "-o", str(kept), "--keep-secrets"]) == 0
    assert key not in shared.read_text(encoding="utf-8")
    assert key in kept.read_text(encoding="utf-8")


def test_output_into_a_closed_pipe_ends_quietly(demo_path):
    # issue 9: `csvinspect -h | head` ended in a BrokenPipeError traceback
    for args in (["-h"], ["report", str(demo_path)]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "csvinspect", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        proc.stdout.close()  # the reader is gone before anything is written
        stderr = proc.stderr.read().decode()
        proc.wait()
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
        assert "Broken pipe" not in stderr


def test_a_full_disk_is_said_plainly(demo_path):
    # `csvinspect report big.csv > /mnt/full/out.json`: the message ended in a bare colon
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "csvinspect", "report", str(demo_path), "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "csvinspect: No space left on device"
