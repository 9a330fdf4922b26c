"""Where bytes come from: paths, raw bytes, pasted text and gzip (issue 2, "Sources")."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from csvinspect.core import LoadError, load, load_text
from csvinspect.core.reading import sources
from csvinspect.core.reading.sources import read_source

CSV = "Group,Requests\ndefault,8790\nvip,12\n"


def test_a_path_and_its_string_give_the_bytes_and_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")

    assert read_source(path) == (CSV.encode(), "export.csv")
    assert read_source(str(path)) == (CSV.encode(), "export.csv")


def test_raw_bytes_are_read_as_they_are_under_the_given_name() -> None:
    assert read_source(CSV.encode(), name="clipboard") == (CSV.encode(), "clipboard")


def test_a_missing_file_is_a_load_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nowhere\.csv: file not found"):
        load(tmp_path / "nowhere.csv")


def test_a_folder_is_a_load_error_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a folder"):
        load(tmp_path)


def test_gzip_is_recognised_by_its_magic_bytes_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"  # no .gz suffix: the content decides
    path.write_bytes(gzip.compress(CSV.encode()))

    table = load(path)

    assert table.header == ["Group", "Requests"]
    assert table.row_texts(1) == ["vip", "12"]
    assert table.source.name == "export.csv"


def test_concatenated_gzip_members_are_all_read() -> None:
    data = gzip.compress(b"a,b\n1,2\n") + gzip.compress(b"3,4\n")

    assert read_source(data)[0] == b"a,b\n1,2\n3,4\n"


def test_gzip_past_the_size_cap_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sources, "MAX_DECOMPRESSED_BYTES", 1024**2)
    bomb = gzip.compress(b"0" * (3 * 1024**2))  # 3 MiB that compress to a few KiB

    with pytest.raises(LoadError, match=r"decompresses to more than 1 MiB"):
        read_source(bomb, name="bomb.csv.gz")


def test_truncated_and_corrupt_gzip_are_load_errors() -> None:
    whole = gzip.compress(CSV.encode() * 100)

    with pytest.raises(LoadError, match="cut short"):
        read_source(whole[: len(whole) // 2], name="half.gz")
    with pytest.raises(LoadError, match="cannot be decompressed"):
        read_source(whole[:10] + b"\xff" * 40, name="junk.gz")


def test_pasted_text_reads_exactly_like_the_same_file(tmp_path: Path) -> None:
    text = "时间\t用户\t花费\n2026-05-06 18:02:11\talice\t¥0.466996\n"
    path = tmp_path / "paste.tsv"
    path.write_bytes(text.encode("utf-8"))

    pasted, from_file = load_text(text), load(path)

    assert pasted.header == from_file.header == ["时间", "用户", "花费"]
    assert pasted.row_texts(0) == from_file.row_texts(0)
    assert pasted.source.delimiter == "\t"
    assert pasted.source.encoding == "utf-8"
    assert pasted.source.name == "pasted text"


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffGroup,Cost\r\ndefault,¥1\r\nvip,\r\n\r\n".encode(),
        "Name,City\nJosé,Zürich\n".encode("cp1252") + b"Bad,\x81\n",
        b'a,b\n1,"x\x00\n2,\xff\n',
        gzip.compress(b"a,b\n1,2\n"),
        b"",
    ],
    ids=["bom-crlf-blank", "cp1252-invalid", "nul-unclosed-invalid-utf8", "gzip", "empty"],
)
def test_a_memory_mapped_file_reads_exactly_like_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    monkeypatch.setattr(sources, "MMAP_MIN_BYTES", 0)  # map even this tiny file

    mapped, from_bytes = load(path), load(data)

    assert mapped.header == from_bytes.header
    assert [mapped.row_texts(r) for r in range(mapped.n_rows)] == [
        from_bytes.row_texts(r) for r in range(from_bytes.n_rows)
    ]
    assert mapped.source.problems == from_bytes.source.problems
    assert mapped.source.encoding == from_bytes.source.encoding
    assert mapped.source.size_bytes == from_bytes.source.size_bytes


def test_an_excel_workbook_is_a_clear_load_error() -> None:
    with pytest.raises(LoadError, match=r"report\.xlsx: .*Excel workbook \(\.xlsx\)"):
        load(b"PK\x03\x04\x14\x00\x06\x00" + bytes(100), name="report.xlsx")


def test_releasing_mapped_pages_while_parsing_keeps_every_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csvinspect.core.reading import fastpath

    monkeypatch.setattr(sources, "MMAP_MIN_BYTES", 0)
    monkeypatch.setattr(fastpath, "_PROGRESS_STEP", 1 << 20)  # release every MiB ...
    monkeypatch.setattr(fastpath, "_KEEP_BEHIND", 1 << 20)  # ... right behind the reader
    data = b"id,note\n" + b"".join(b'%d,"cell %d\nline two"\n' % (i, i) for i in range(200_000))
    path = tmp_path / "big.csv"
    path.write_bytes(data)

    table = load(path)

    assert table.n_rows == 200_000
    assert table.row_texts(199_999) == ["199999", "cell 199999\nline two"]
    assert table.line_numbers[-1] == 2 + 2 * 199_999


@pytest.mark.parametrize(
    ("name", "head", "what"),
    [
        ("shot.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        ("invoice.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF document"),
        ("usage.db", b"SQLite format 3\x00\x10\x00", "SQLite database"),
    ],
)
def test_a_file_dropped_by_mistake_is_named_for_what_it_is(name: str, head: bytes, what: str):
    with pytest.raises(LoadError, match=rf"{name}: this is an? {what}, not a CSV file"):
        load(head + bytes(200), name=name)


def test_a_csv_whose_header_starts_like_a_signature_still_loads() -> None:
    table = load(b"GIF8_share,PAR1\n0.5,2\n", name="odd.csv")
    assert table.header == ["GIF8_share", "PAR1"]
