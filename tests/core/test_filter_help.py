"""The filter help is one text, in the core, and every example it shows works (issue 10)."""

from __future__ import annotations

import pytest

from csvinspect.core.query.filter_syntax import FILTER_HELP, parse_filter

EXAMPLES = [
    "429",
    "=alice",
    ">80",
    "<=5s",
    "<80%",
    "10..20",
    "empty",
    "!empty",
    "/regex/i",
    "!/^gpt/",
    "!alice",
    ">$1,000",
    "<=¥2.5k",
    "€5..€10",
    ">1.5min",
    "<300ms",
    ">1.2M",
    ">2026-11-22 07:00",
    "<=2026-11-30",
    ">=2026-07-08 13:00",
    ">=2026-07-08 11:00Z",
]


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_in_the_help_is_shown_and_parses(example):
    assert example in FILTER_HELP
    assert parse_filter(example) is not None


def test_the_help_tells_about_currencies_units_and_dates():
    text = FILTER_HELP.lower()
    assert "currency sign" in text
    assert "thousands separators" in text
    assert "% s ms min h" in text
    assert "dates on time columns" in text


def test_the_help_says_dates_compare_with_the_time_as_written():
    """Issue 11: a cell 13:00+02:00 matches >=…13:00; the help says so, once."""
    assert "time as written" in FILTER_HELP
    assert "13:00+02:00" in FILTER_HELP
