"""Issue 10: a group-health report's JSON is written a run of tokens at a time, every other
run's text made on a worker thread, each run's cells redacted as it is made. What it writes
must be what ``json.dumps`` writes of the report's dicts, every secret redacted, and a writer
stopped early must leave no thread behind.
"""

from __future__ import annotations

import gc
import json
import threading

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.conftest import FIXTURES

from csvinspect.core import load
from csvinspect.core.analysis.json_text import json_texts
from csvinspect.core.redact import _CANDIDATE, REDACTED, candidates, redact_text
from csvinspect.core.report import build_report
from csvinspect.core.report_json import json_chunks, render_json

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# pieces of secrets and of what the redaction's pre-filter looks for, to be cut and mixed
PIECES = st.sampled_from(
    [
        "sk-", "SK-", "Bearer ", "authorization: ", "API_KEY=", "Secret", "passw", "eyJ",
        "AIza", "ghp_", "github_pat_", "hf_", "xai-", "AKIA", "xoxb-", "0123456789abcdef",
        "AbCdEfGh12345678", "token ", "=", ".", " ", "\n", "\t", "\u3000", '"', "\\", "é",
        "中", "\u212a", "ſ",
    ]
)  # fmt: skip
CELL = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=12).map("".join)
CELLS = st.lists(st.one_of(st.none(), CELL), max_size=200)
KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"
LONG = "QWxhZGRpbjpvcGVuIHNlc2FtZQ1234567890abcdefXYZ"


@PROPERTY
@given(CELLS, st.integers(0, 5))
@example([*(["x"] * 63), "sk-abcdefgh12", "ab", None, "s", "k-12345678abcd"], 0)
@example(["a" * 30, "b" * 30, "A1b2" * 5 + "\n" + "C3d4" * 6], 0)
def test_the_pre_filter_finds_the_cells_it_found_one_by_one(cells, start):
    # cells are searched joined with line breaks: no cell's match may come from its neighbours
    texts = pa.array(cells, pa.string()).slice(start)
    one_by_one = pc.fill_null(pc.match_substring_regex(texts, _CANDIDATE), False)
    assert candidates(texts).tolist() == one_by_one.to_pylist()


@PROPERTY
@given(CELLS, st.booleans())
@example([KEY, f" Bearer {LONG} ", f"secret {LONG.lower()}"], True)
def test_each_cell_is_written_as_its_redaction_is_dumped(cells, strip):
    written = json_texts(pa.array(cells, pa.string()), strip=strip, redact=True).to_pylist()
    expected = []
    for text in cells:
        text = "" if text is None else text.strip() if strip else text
        expected.append(json.dumps(redact_text(text), ensure_ascii=False)[1:-1])
    assert written == expected


HEALTH = [
    *sorted(FIXTURES.glob("health_*.csv")),
    FIXTURES / "samples" / "group_health_demo.csv",
    FIXTURES / "samples" / "console_paste_zh.tsv",
]


@pytest.mark.parametrize("keep_secrets", [False, True])
@pytest.mark.parametrize("path", HEALTH, ids=lambda p: p.name)
def test_each_group_health_export_streams_what_json_dumps_writes(path, keep_secrets):
    # the groups' heads (names, counts, failure reasons) are written without their dicts
    table = load(path)
    plain = render_json(build_report(table, keep_secrets=keep_secrets))
    assert render_json(build_report(table, keep_secrets=keep_secrets, streamed=True)) == plain


def _secret_export(groups: int) -> bytes:
    lines = ["Type,Group,User ID,Username,Token,Requests,Success,Errors,Cost,Failure Reason"]
    for g in range(groups):
        name = f"team {KEY}" if g == 3 else f"g{g}"
        lines.append(f'Group,"{name}",,,,30,27,3,9.5,"401: Incorrect API key {KEY} (3)"')
        for t in range(3):
            token = KEY if (g, t) == (5, 1) else f"tok-{g}-{t}"
            user = f"Bearer {LONG}" if (g, t) == (7, 2) else f"user{t}"
            lines.append(f"Token,{name},{g}{t},{user},{token},10,9,1,{t + 0.25},")
    return ("\n".join(lines) + "\n").encode()


def test_secrets_in_every_run_stay_redacted(monkeypatch):
    # one group a run: each run is redacted as it is made
    monkeypatch.setattr("csvinspect.core.report_json._RUN", 1)
    table = load(_secret_export(12), name="keys.csv")
    written = render_json(build_report(table, streamed=True))
    assert KEY not in written and LONG not in written
    assert written == render_json(build_report(table))
    groups = json.loads(written)["groups"]
    assert groups[3]["group"] == f"team sk-{REDACTED}"
    assert groups[5]["tokens"][1]["token"] == f"sk-{REDACTED}"
    assert groups[7]["tokens"][2]["username"] == f"Bearer {REDACTED}"
    # a group read as a dict (not written) is redacted the same way
    streamed = build_report(table, streamed=True)["groups"]
    assert [streamed[n] for n in (3, 5, 7)] == [groups[n] for n in (3, 5, 7)]


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("csvinspect-json")]


@pytest.mark.parametrize("stop", ["close", "drop"])
def test_a_writer_stopped_early_leaves_no_thread_behind(monkeypatch, stop):
    monkeypatch.setattr("csvinspect.core.report_json._RUN", 1)
    table = load(_secret_export(40), name="keys.csv")
    chunks = json_chunks(build_report(table, streamed=True))
    while '"tokens":[' not in next(chunks):  # into the groups: runs are made ahead
        pass
    assert _writers(), "every other run is made on a worker thread"
    if stop == "close":
        chunks.close()
    else:
        del chunks
        gc.collect()
    assert not _writers()


def test_a_finished_writer_leaves_no_thread_behind():
    table = load(_secret_export(4), name="keys.csv")
    assert json.loads(render_json(build_report(table, streamed=True)))["groups"]
    assert not _writers()
