"""Issue 10: a group-health report's tokens are written as JSON text from the token columns
at once, not a dict each; the text must be byte for byte what ``json.dumps`` wrote.

These pin the cells the vectorised writer could get wrong (escapes, non-ASCII, padding,
numbers Python prints in exponent form, NaN, big counts, redacted secrets) against
``json.dumps`` itself, cell by cell and through the whole report.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from csvinspect.core import load
from csvinspect.core.analysis.json_text import (
    float_pieces,
    json_counts,
    json_floats,
    json_texts,
    rounded_array,
)
from csvinspect.core.loader import load_text
from csvinspect.core.redact import REDACTED
from csvinspect.core.report import build_report
from csvinspect.core.report_json import render_json

TRICKY = [
    "plain",
    "",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "line\nbreak\r\n",
    "".join(chr(c) for c in range(32)),
    "\x7f delete stays raw",
    "中文 用户",
    "emoji 😀 and 𝄞",
    "line separator \u2028 and \u2029",
    "é\u0301 combining",
]


def _dumped(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def test_text_cells_are_escaped_as_json_dumps_escapes_them():
    cells = pa.array([*TRICKY, None], pa.string())
    written = json_texts(cells, strip=False, redact=False).to_pylist()
    assert [f'"{w}"' for w in written] == [_dumped(t) for t in TRICKY] + ['""']


def test_padded_cells_are_written_as_str_strip_leaves_them():
    padded = [" a ", "\u3000wide space\u3000", "\x1cfile sep\x1f", "\u2028x\u2029", "\t\n"]
    cells = pa.array(padded + TRICKY)
    written = json_texts(cells, strip=True, redact=False).to_pylist()
    assert [f'"{w}"' for w in written] == [_dumped(t.strip()) for t in padded + TRICKY]


def test_secrets_in_cells_are_redacted_and_escaped():
    key = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"
    cells = pa.array([key, "alice", f'a "quoted" {key}', None])
    written = json_texts(cells, strip=False, redact=True).to_pylist()
    assert written == [f"sk-{REDACTED}", "alice", f'a \\"quoted\\" sk-{REDACTED}', ""]
    assert json_texts(cells, strip=False, redact=False).to_pylist()[0] == key


FLOATS = [
    100.0, 1.0, 0.0, -0.0, 0.5, 1e-07, 5e-05, 0.0001, 0.000123, 123456.0, 999999999.999999,
    1e9, 1e15, 1e16, 1.5e16, 1e22, -2.5, 0.1 + 0.2, 2.675, 1.0000005, 0.0000005, 1e300,
    1e5, 1e8, 2e8, 120000000.0, 999999999.0, 1e10, 1e12, 1e14, math.inf, -math.inf,
    16383.5, 16384.0, -16384.25, 999.000001, 0.001, 0.000999, -0.0000004,
]  # fmt: skip


def test_numbers_are_written_as_json_dumps_writes_the_rounded_figure():
    rng = np.random.default_rng(10)
    spread = rng.random(2000) * 10.0 ** rng.integers(-8, 18, 2000) * rng.choice([-1, 1], 2000)
    values = np.array([*FLOATS, *spread, math.nan])
    written = json_floats(rounded_array(values)).to_pylist()
    expected = [json.dumps(round(v, 6)) for v in values[:-1].tolist()] + ["null"]
    assert written == expected


@pytest.mark.parametrize(
    ("scale", "signed"), [(1.0, True), (1e-3, True), (1e4, True), (1.0, False), (1e9, False)]
)
def test_numbers_after_their_key_are_written_as_json_dumps_writes_them(scale, signed):
    # issue 10: a whole part, decimals and the key before them are looked up in tables
    rng = np.random.default_rng(11)
    digits = rng.integers(0, 7, 3000).tolist()
    spread = np.array([round(v, d) for v, d in zip(rng.random(3000) * scale, digits, strict=True)])
    signs = rng.choice([-1.0, 1.0], 3000) if signed else 1.0
    big = [16383.999999, 16384.0, -16384.5] if signed else [16384.0, 1e15]
    values = np.array([*(spread * signs), *big, math.nan])
    pieces = float_pieces(rounded_array(values), ',"cost":')
    joined = pc.binary_join_element_wise(*pieces, pa.scalar("", pa.large_string()))
    expected = [',"cost":' + json.dumps(round(v, 6)) for v in values[:-1].tolist()]
    assert joined.to_pylist() == [*expected, ',"cost":null']
    counts = np.floor(np.abs(values[:-1]) * 7)
    written = json_counts(np.append(counts, math.nan), ',"n":').to_pylist()
    assert written == [f',"n":{int(v)}' for v in counts.tolist()] + [',"n":null']


def test_rates_are_written_as_json_dumps_writes_them():
    # a rate's whole part is looked up with its first decimals: 0 to 3, then any other
    rng = np.random.default_rng(12)
    rates = np.array([*(rng.random(2000) * 1.2), 0.0, 1.0, 3.999999, 1e-07, 5e-05, math.nan])
    pieces = float_pieces(rounded_array(rates), ',"rate":')
    joined = pc.binary_join_element_wise(*pieces, pa.scalar("", pa.large_string()))
    expected = [',"rate":' + json.dumps(round(v, 6)) for v in rates[:-1].tolist()]
    assert joined.to_pylist() == [*expected, ',"rate":null']


def test_counts_are_written_as_python_ints_null_when_unknown():
    values = np.array([0.0, -3.0, 2.0**53, 2.0**62, 2.0**63, 1e20, 12345678901234567890.0])
    written = json_counts(np.append(values, math.nan)).to_pylist()
    assert written == [json.dumps(int(v)) for v in values.tolist()] + ["null"]


def _export(rows: list[tuple[str, str, str, str, str]]) -> str:
    """A group-health export: each (group, user ID, username, token, requests) a Token row."""
    lines = ["Type,Group,User ID,Username,Token,Requests,Success,Errors,Cost"]
    groups: dict[str, list[str]] = {}
    for n, (group, user, name, token, requests) in enumerate(rows):
        cells = [user, name, token]
        quoted = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
        groups.setdefault(group, []).append(
            f'Token,"{group}",{quoted},{requests},{n % 5},{n % 3},{n * 1.25}'
        )
    for group, tokens in groups.items():
        lines.append(f'Group,"{group}",,,,,,,100')
        lines += tokens
    return "\n".join(lines) + "\n"


KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"
ROWS = [
    ("plain", "1", "alice", "alice-laptop", "12"),
    ("plain", "2", 'bob "the builder"', "back\\slash", "7"),
    ("plain", " 3 ", "  padded  ", "tab\tinside", ""),
    ("中文组", "4", "用户 😀", "emoji-𝄞", "123456789"),
    ("中文组", "5", "Bearer abcdefghijkl1234", KEY, "3"),
    (f"team {KEY}", "6", "carol", "carol-nb", "8"),
    (f"team {KEY}", "7", "line\nbreak", "ctl\x01\x1f", "0"),
    ("empty", "", "", "", "4"),
]


@pytest.mark.parametrize("keep_secrets", [False, True])
def test_the_streamed_report_is_what_json_dumps_writes_of_the_dicts(keep_secrets):
    table = load(_export(ROWS).encode(), name="tricky.csv")
    plain = render_json(build_report(table, keep_secrets=keep_secrets))
    streamed = render_json(build_report(table, keep_secrets=keep_secrets, streamed=True))
    assert streamed == plain
    report = json.loads(streamed)
    tokens = [t for g in report["groups"] for t in g["tokens"]]
    assert {t["token"] for t in tokens} >= {"back\\slash", "tab\tinside", "emoji-𝄞"}
    assert (KEY in streamed) == keep_secrets  # in a token and in a group's name
    if not keep_secrets:
        assert f"team sk-{REDACTED}" in {g["group"] for g in report["groups"]}
        assert f"Bearer {REDACTED}" in {t["username"] for t in tokens}


def test_groups_written_in_short_runs_read_the_same(monkeypatch):
    # tokens are rendered a run of whole groups at a time: many short runs read the same
    table = load(_export(ROWS * 3).encode(), name="tricky.csv")
    whole = render_json(build_report(table, streamed=True))
    monkeypatch.setattr("csvinspect.core.report_json._RUN", 2)
    assert render_json(build_report(table, streamed=True)) == whole


def test_a_lone_surrogate_pasted_reaches_the_report_replaced():
    # pasted text may hold lone surrogates; the reader replaces them, so the token columns
    # the writer reads are always valid UTF-8
    table = load_text(_export([("g\ud800", "1", "u\udfff", "tok", "3")]))
    report = render_json(build_report(table, streamed=True))
    assert report == render_json(build_report(table))
    assert json.loads(report)["groups"][0]["tokens"][0]["username"].startswith("u\ufffd")


def test_text_in_chunks_is_written_as_one_column():
    chunked = pa.chunked_array([["a", 'b"'], [None, "c\\"]])
    written = json_texts(chunked, strip=True, redact=False)
    assert written.to_pylist() == ["a", 'b\\"', "", "c\\\\"]


@pytest.mark.parametrize("start", [0, 1, 3, 7])
def test_a_slice_of_a_column_is_escaped_cell_for_cell(start):
    # the writer reads a run of tokens: a slice of the table's column, nulls and all
    cells = pa.array([*TRICKY, None, *TRICKY], pa.string()).slice(start, 9)
    written = json_texts(cells, strip=False, redact=False).to_pylist()
    assert [f'"{w}"' for w in written] == [_dumped(t or "") for t in cells.to_pylist()]


def test_an_export_without_user_columns_writes_empty_user_fields():
    # no User ID or Username column: the token columns hold empty text, not the table's
    export = "Type,Group,Token,Requests,Success,Errors\nGroup,g,,5,4,1\nToken,g,tok-1,5,4,1\n"
    table = load(export.encode(), name="no_users.csv")
    streamed = render_json(build_report(table, streamed=True))
    assert streamed == render_json(build_report(table))
    token = json.loads(streamed)["groups"][0]["tokens"][0]
    assert (token["token"], token["user_id"], token["username"]) == ("tok-1", "", "")
