"""Encodings: BOMs, strict UTF-8, legacy guesses, overrides, undecodable bytes (issue 2)."""

from __future__ import annotations

import codecs

import pytest

from csvinspect.core import LoadError, ReadOptions, load
from csvinspect.core.reading.encoding import choose_encoding

ZH = "时间,用户,模型,花费\n2026-05-06 18:02:11,张三,gpt-4o-mini,￥0.466996\n2026-05-06,李四,𠀀,€3\n"
JA = (
    "日時,ユーザー,モデル,料金\n"
    "2026-05-06,山田太郎,gpt-4o,①１２円\n"
    "2026-05-07,佐藤花子,claude,～150円\n"
)
WEST = "Name,City,Amount\nJosé,São Paulo,€12\nRené,Zürich,“3”\nFrançois,Köln,5€ – net\n"


@pytest.mark.parametrize(
    ("bom", "encoding", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ],
)
def test_a_bom_decides_the_encoding_and_is_not_part_of_the_header(
    bom: bytes, encoding: str, expected: str
) -> None:
    table = load(bom + WEST.encode(encoding))

    assert table.source.encoding == expected
    assert table.header == ["Name", "City", "Amount"]
    assert table.row_texts(0) == ["José", "São Paulo", "€12"]


def test_strict_utf8_without_bom_is_utf8() -> None:
    table = load(ZH.encode("utf-8"))

    assert table.source.encoding == "utf-8"
    assert table.row_texts(1)[2] == "𠀀"
    assert table.source.problems == []


def test_a_chinese_legacy_file_reads_as_gb18030_keeping_characters_gbk_lacks() -> None:
    data = ZH.encode("gb18030")  # 𠀀 (U+20000) exists in gb18030 only, not in gbk

    table = load(data)

    assert table.source.encoding == "gb18030"
    assert table.row_texts(0) == ["2026-05-06 18:02:11", "张三", "gpt-4o-mini", "￥0.466996"]
    assert table.row_texts(1)[2] == "𠀀"
    assert table.source.problems == []


def test_a_japanese_legacy_file_reads_as_cp932_with_windows_only_characters() -> None:
    table = load(JA.encode("cp932"))  # ① and ～ are cp932 (Windows) characters

    assert table.source.encoding == "cp932"
    assert table.row_texts(0)[3] == "①１２円"
    assert table.row_texts(1)[3] == "～150円"


def test_a_western_legacy_file_reads_as_cp1252_with_euro_and_smart_quotes() -> None:
    table = load(WEST.encode("cp1252"))

    assert table.source.encoding == "cp1252"
    assert table.row_texts(1) == ["René", "Zürich", "“3”"]
    assert table.row_texts(2)[2] == "5€ – net"


def test_a_short_western_file_is_not_mistaken_for_another_script() -> None:
    assert load("id,name\n1,café\n".encode("cp1252")).source.encoding == "cp1252"


def test_a_cyrillic_file_is_not_forced_into_cp1252() -> None:
    text = "Имя,Город,Компания\nИван Петров,Москва,Яндекс\nОльга,Санкт-Петербург,Сбер\n"

    table = load(text.encode("cp1251"))

    assert table.source.encoding == "cp1251"
    assert table.row_texts(0)[1] == "Москва"


def test_the_user_can_override_the_encoding() -> None:
    data = WEST.encode("cp1252")

    table = load(data, options=ReadOptions(encoding="latin-1"))

    assert table.source.encoding == "iso8859-1"  # Python's name for it
    assert table.row_texts(0)[2] == "\x8012"  # what latin-1 makes of cp1252's euro


def test_an_unknown_encoding_override_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="unknown text encoding 'klingon'"):
        load(b"a,b\n1,2\n", options=ReadOptions(encoding="klingon"))


def test_invalid_utf8_bytes_show_as_replacement_and_are_reported_with_their_lines() -> None:
    lines = ["Name,Note"] + [f"user{i},ok ✓" for i in range(2, 40)]
    lines[4] = "user5,bad \xff byte"
    lines[9] = "user10,two \xfe\xfe bytes"
    data = "\n".join(lines).encode("utf-8", errors="surrogateescape")
    data = data.replace("\xff".encode(), b"\xff").replace("\xfe".encode(), b"\xfe")

    table = load(data)

    assert table.source.encoding == "utf-8"
    assert table.row_texts(3) == ["user5", "bad \ufffd byte"]
    assert table.n_rows == 38
    (problem,) = table.source.problems
    assert problem.code == "invalid_bytes"
    assert problem.line == 5
    assert problem.row == 3
    assert "3 byte sequences are not valid utf-8" in problem.message
    assert "lines 5, 10" in problem.message


def test_bytes_undefined_in_cp1252_are_reported_not_fatal() -> None:
    data = "Name,City\nJosé,Zürich\nRené,Köln\n".encode("cp1252") + b"Bad,\x81\n"

    table = load(data)

    assert table.source.encoding == "cp1252"
    assert table.row_texts(2) == ["Bad", "\ufffd"]
    assert [p.code for p in table.source.problems] == ["invalid_bytes"]
    assert table.source.problems[0].line == 4


def test_utf16_without_bom_is_recognised_by_its_zero_bytes() -> None:
    assert choose_encoding(WEST.encode("utf-16-le")).name == "utf-16-le"
    assert choose_encoding(WEST.encode("utf-16-be")).name == "utf-16-be"


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_ragged_row_with_invalid_bytes_is_read_and_reported_quietly(
    capfd: pytest.CaptureFixture[str],
) -> None:
    data = b"a,b,c\n" + "é,ü,ö\n".encode() * 20 + b"4,\xff\n"

    table = load(data)

    assert table.source.encoding == "utf-8"
    assert table.row_texts(20) == ["4", "\ufffd", ""]
    assert [(p.code, p.line) for p in table.source.problems] == [
        ("ragged", 22),
        ("invalid_bytes", 22),
    ]
    # pyarrow's "Exception ignored" print would reach stderr (or pytest's warning above).
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ascii_utf16_without_bom_reads_as_utf16_not_as_utf8_with_nuls(encoding: str) -> None:
    # ASCII text in UTF-16 is also valid UTF-8 (a NUL is a character): read as UTF-8, every
    # row had NULs in its cells and the wrong number of cells.
    text = "Group,Requests,Success Rate\ndefault,8790,99.10%\nvip,12,50.00%\n"
    table = load(text.encode(encoding))
    assert table.source.encoding == encoding
    assert table.header == ["Group", "Requests", "Success Rate"]
    assert table.row_texts(1) == ["vip", "12", "50.00%"]
    assert not table.source.problems


def test_chinese_utf16_without_bom_reads_its_header() -> None:
    table = load("分组,请求数\n默认,8790\n".encode("utf-16-le") * 3)
    assert table.header == ["分组", "请求数"]
    assert table.row_texts(0) == ["默认", "8790"]
