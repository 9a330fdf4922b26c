"""Delimiters by name: one table in the core for ``--delimiter``, the text report and the
import bar (issue 10), so a name accepted in one place is understood in the others."""

from __future__ import annotations

import re

import pytest

from csvinspect.cli import main
from csvinspect.core.reading.dialect import DELIMITER_NAMES, delimiter_name, named_delimiter
from csvinspect.core.reading.prose import judge_paste


@pytest.mark.parametrize("name", ["tab", "TAB", "\\t", "\t"])
def test_tab_is_understood_by_name_escape_or_character(name):
    assert named_delimiter(name) == "\t"


def test_a_character_without_a_name_is_quoted_in_the_report():
    assert delimiter_name(";") == "semicolon"
    assert delimiter_name("#") == "'#'"


def test_every_named_delimiter_reads_the_file_it_names(capsys, tmp_path):
    for value, name in DELIMITER_NAMES.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(value.join(["model", "tokens", "cost"]) + "\n" + value.join("a12") + "\n")
        assert main(["report", str(path), "--delimiter", name]) == 0
        out = capsys.readouterr().out
        assert f"delimiter {name}" in out
        assert re.search(r"^  tokens +count", out, re.MULTILINE), out  # split into columns


def test_an_unknown_delimiter_name_lists_the_names(capsys, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SystemExit):
        main(["report", str(path), "--delimiter", "colon"])
    assert "comma/semicolon/tab/pipe/space" in capsys.readouterr().err


def test_the_paste_question_names_the_delimiter_as_the_report_does():
    verdict = judge_paste("The upstream failed | twice.\nWe retried.\nIt failed | then | at 3.")
    assert not verdict.looks_like_table
    assert "the pipes split them" in verdict.reason
