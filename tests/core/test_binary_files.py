"""A binary file picked by mistake is named for what it is, never read as a table (issue 9)."""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from csvinspect.cli import main
from csvinspect.core import LoadError, ReadOptions, load
from csvinspect.core.ingest.combine_files import load_combined


def _noise(size: int, seed: int = 9) -> bytes:
    return random.Random(seed).randbytes(size)


def _windows_program() -> bytes:
    data = bytearray(_noise(2048))
    data[:2] = b"MZ"
    data[0x3C:0x40] = (0x80).to_bytes(4, "little")
    data[0x80:0x84] = b"PE\x00\x00"
    return bytes(data)


def _workbook() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("gateway", b"\x7fELF\x02\x01\x01\x00" + _noise(4000), "a program or library (ELF)"),
        ("setup.exe", _windows_program(), "a Windows program (.exe or .dll)"),
        ("tool", b"\xcf\xfa\xed\xfe" + _noise(4000), "a macOS program (Mach-O)"),
        ("usage.xlsx", _workbook(), "an Excel workbook (.xlsx)"),
        ("usage.rar", b"Rar!\x1a\x07\x01\x00" + _noise(200), "a RAR archive"),
    ],
)
def test_a_program_or_workbook_is_named_for_what_it_is(name: str, data: bytes, what: str) -> None:
    with pytest.raises(LoadError) as raised:
        load(data, name=name)
    assert str(raised.value).startswith(f"{name}: this is {what}, not a CSV file; ")


def test_an_excel_workbook_says_to_save_it_as_csv() -> None:
    with pytest.raises(LoadError, match=r"Excel workbook \(\.xlsx\).*save it as CSV"):
        load(_workbook(), name="usage.xlsx")


def test_unknown_binary_bytes_are_called_a_binary_file_not_a_table() -> None:
    with pytest.raises(LoadError, match=r"^dump\.bin: this is a binary file, not a CSV file: "):
        load(_noise(20_000), name="dump.bin")


def test_a_binary_file_read_with_a_chosen_encoding_opens_as_asked() -> None:
    # The user's explicit encoding is the way out for an odd text file the check refuses.
    table = load(b"a,b\n" + _noise(3000), name="odd.txt", options=ReadOptions(encoding="latin-1"))
    assert table.header[:2] == ["a", "b"]
    assert table.n_rows > 0


@pytest.mark.parametrize(
    ("name", "data", "header"),
    [
        # A log whose tail a crash filled with zeros still shows its rows.
        ("crash.csv", b"id,model\n1,gpt-4o\n" + bytes(6000), ["id", "model"]),
        # Colour codes copied from a terminal are text.
        ("colour.log", b"id,status\n" + b"1,\x1b[31mfailed\x1b[0m\n" * 300, ["id", "status"]),
        # A header that starts with the two letters of a Windows program.
        ("codes.csv", b"MZ,code\n1,2\n", ["MZ", "code"]),
        # UTF-8 Chinese text has no byte below 0x20 but line breaks.
        ("zh.csv", "分组,请求数\n默认,8790\n".encode() * 200, ["分组", "请求数"]),
    ],
)
def test_text_with_odd_bytes_still_opens(name: str, data: bytes, header: list[str]) -> None:
    assert load(data, name=name).header == header


def test_utf16_text_without_a_bom_is_not_called_binary() -> None:
    data = "分组,请求数\n默认,8790\n".encode("utf-16-le") * 200
    load(data, name="zh16.csv")  # no LoadError: its NULs and low bytes are UTF-16


def test_report_on_an_elf_file_exits_non_zero_with_the_message(capsys, tmp_path: Path) -> None:
    path = tmp_path / "csvinspect-linux"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + _noise(8000))

    assert main(["report", str(path)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert "csvinspect-linux: this is a program or library (ELF), not a CSV file" in captured.err
    assert "Traceback" not in captured.err


def test_binary_piped_to_report_is_refused_too() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "csvinspect", "report", "-"],
        input=_noise(5000),
        capture_output=True,
        check=False,
    )
    assert out.returncode == 2
    assert b"stdin: this is a binary file" in out.stderr
    assert b"Traceback" not in out.stderr


def test_combining_with_a_binary_file_names_that_file_once(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,model\n1,gpt-4o\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(_noise(5000))

    with pytest.raises(LoadError) as raised:
        load_combined([tmp_path / "a.csv", tmp_path / "b.csv"])

    assert str(raised.value).startswith("b.csv: this is a binary file")


def test_a_gzipped_program_is_named_after_decompressing() -> None:
    with pytest.raises(LoadError, match=r"^tool\.gz: this is a program or library \(ELF\)"):
        load(gzip.compress(b"\x7fELF\x02\x01\x01\x00" + _noise(3000)), name="tool.gz")
    assert load(gzip.compress(b"id,model\n1,gpt-4o\n"), name="day.csv.gz").n_rows == 1
