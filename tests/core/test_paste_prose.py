"""Pasted prose is told apart from a pasted table before it opens (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvinspect.core.reading.prose import judge_paste

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

EMAIL = """Hi team,

The vip group failed most of the night, mostly with 429s from the upstream.
Alice thinks it is the rate limit, but Bob disagrees.
Can someone check the request log?

Thanks,
Bob
"""


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (EMAIL, "3 of its 6 lines read as sentences"),
        ("Hi, can you check the vip group?", "each comma is followed by a space"),
        (
            "First, open the export. Then, sort by cost.\nFinally, copy the rows, and send them.",
            "both its lines read as sentences, and each comma is followed by a space",
        ),
        ("今天网关出了很多问题，vip 分组一直返回 429。\n请帮忙看一下日志，谢谢！\n", "sentences"),
        (
            "The upstream failed, twice.\nWe retried.\nIt failed again, then, at 3, recovered.",
            "the commas split them into",
        ),
    ],
)
def test_prose_does_not_look_like_a_table_and_says_why(text: str, why: str) -> None:
    verdict = judge_paste(text)
    assert not verdict.looks_like_table
    assert why in verdict.reason


@pytest.mark.parametrize(
    "text",
    [
        "model\tstatus_code\tlatency_ms\ngpt-4o\t200\t812\nclaude-3\t429\t35\n",
        "gpt-4o\nclaude-3-5-sonnet\ndeepseek-chat\n",  # a one-column list
        "sk-live-1234567890abcdef",  # one token
        "id,model,message\n1,gpt-4o,The upstream was down.\n2,gpt-4o,It returned 502 again.\n",
        "a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11\n",  # a ragged row is a problem note, not prose
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
    ],
    ids=["tsv", "list", "token", "sentence-cells", "ragged", "markdown"],
)
def test_tables_and_lists_look_like_tables(text: str) -> None:
    assert judge_paste(text).looks_like_table


@pytest.mark.parametrize("path", sorted((FIXTURES / "samples").glob("*.[ct]sv")), ids=str)
def test_every_sample_export_pasted_looks_like_a_table(path: Path) -> None:
    # The Chinese console paste included: its cells hold "，" and long Chinese texts.
    assert judge_paste(path.read_text(encoding="utf-8-sig")).looks_like_table


def test_no_csv_corpus_input_is_taken_for_prose() -> None:
    cases = json.loads((FIXTURES / "corpora/papaparse/papaparse_parse_cases.json").read_text())
    inputs = [c["input"] for tests in cases.values() for c in tests if isinstance(c["input"], str)]
    inputs += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in (FIXTURES / "corpora/csv-spectrum/csvs").glob("*.csv")
    ]
    assert len(inputs) > 100
    assert [text for text in inputs if not judge_paste(text).looks_like_table] == []
