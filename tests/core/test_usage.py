"""Usage-summary cards and breakdowns for the Usage panel (``core.usage``)."""

from __future__ import annotations

import numpy as np
import pytest

from csvinspect.core import load, load_text
from csvinspect.core.analysis.settings import AnalysisSettings
from csvinspect.core.requests.summaries import usage_summary
from csvinspect.core.table import ReportKind
from csvinspect.core.usage import analyse_usage, usage_cards_of_rows

# Team "a" fails half its requests on day 1 and spends ten times the others.
LOW_AND_COSTLY = """Date,Team,Spend ($),Requests,Successful Requests,Failed Requests,Total Tokens
2026-05-01,a,100.00,100,50,50,1000
2026-05-01,b,1.00,100,100,0,1000
2026-05-02,a,120.00,100,100,0,1000
2026-05-02,c,1.50,100,99,1,1000
2026-05-03,d,2.00,100,100,0,1000
"""

ANTHROPIC = """usage_date_utc,model_version,api_key,workspace,usage_type,context_window,\
usage_input_tokens_no_cache,usage_output_tokens
2026-05-01,claude-sonnet-4,key-a,default,standard,0-200k,1000,200
2026-05-02,claude-sonnet-4,key-b,default,standard,0-200k,3000,400
"""


@pytest.fixture
def litellm(samples_dir):
    return load(samples_dir / "team_usage_litellm.csv")


def test_cards_add_up_the_litellm_export(litellm):
    cards = analyse_usage(litellm).cards
    total = usage_summary(litellm).totals()
    assert (cards.requests, cards.success, cards.errors) == (121_527, 120_521, 1_006)
    assert cards.requests == total.requests
    assert cards.cost == pytest.approx(6317.3476)
    assert cards.currency == "USD"
    assert cards.tokens_total == 2_071_475_184
    assert cards.cost_per_1k_tokens == pytest.approx(6317.3476 / 2_071_475.184)
    assert cards.days == 5


def test_day_rows_hand_back_the_table_rows_of_that_day(litellm):
    by_day = analyse_usage(litellm).breakdowns["day"]
    rows = by_day.breakdown.rows
    assert [r.key for r in rows][:2] == ["2026-05-01", "2026-05-02"]
    assert rows[0].requests == 18420 + 9311
    assert by_day.breakdown.row_indices(0).tolist() == [0, 1, 2]
    third = by_day.breakdown.row_indices(2)
    dates = litellm.columns[0].text.to_pylist()
    assert {dates[i] for i in third} == {"2026-05-03"}


def test_team_breakdown_is_titled_team_and_flags_the_big_spender(litellm):
    teams = analyse_usage(litellm).breakdowns["group"]
    assert teams.title == "Team"
    flags = {r.key: f for r, f in zip(teams.breakdown.rows, teams.flags, strict=True)}
    assert flags["ml-research"] == ("cost_outlier",)
    assert flags["support-bot"] == ()
    # a team name with a comma stays one row
    index = [r.key for r in teams.breakdown.rows].index("ml-research, EU")
    assert teams.breakdown.row_indices(index).tolist() == [7]


def _flags(breakdown):
    rows = breakdown.breakdown.rows
    return {r.key: f for r, f in zip(rows, breakdown.flags, strict=True)}


def test_low_success_follows_the_configured_threshold():
    table = load_text(LOW_AND_COSTLY)
    assert table.source.kind == ReportKind.USAGE_SUMMARY
    analysis = analyse_usage(table)
    teams, days = _flags(analysis.breakdowns["group"]), _flags(analysis.breakdowns["day"])
    assert teams["a"] == ("low_success", "cost_outlier")  # 150 of 200 = 75% < 80%
    assert teams["b"] == ()
    assert days["2026-05-01"] == ("low_success",)  # 150 of 200 again
    assert days["2026-05-02"] == ()  # 199 of 200
    lenient = analyse_usage(table, AnalysisSettings(low_success_rate=0.70))
    assert _flags(lenient.breakdowns["group"])["a"] == ("cost_outlier",)


def test_an_export_without_request_counts_leaves_them_unknown():
    analysis = analyse_usage(load_text(ANTHROPIC))
    cards = analysis.cards
    assert cards.requests is None and cards.success_rate is None
    assert cards.tokens_in == 4000 and cards.tokens_out == 600
    assert cards.cost_per_1k_tokens is None
    assert set(analysis.breakdowns) >= {"day", "model", "token"}
    keys = analysis.breakdowns["token"]
    assert keys.title == ""
    index = [r.key for r in keys.breakdown.rows].index("key-b")
    assert np.array_equal(keys.breakdown.row_indices(index), [1])


def test_cards_of_a_teams_rows_count_that_team_only():
    """Issue 9: a breakdown click narrowed the table, and the cards must say the same."""
    analysis = analyse_usage(load_text(LOW_AND_COSTLY))
    team_a = np.flatnonzero(analysis.summary.records.dims["group"].codes == 0)
    cards = usage_cards_of_rows(analysis.summary, team_a)
    assert (cards.rows, cards.requests, cards.errors) == (2, 200, 50)
    assert cards.cost == pytest.approx(220.0)
    assert cards.cost_per_1k_tokens == pytest.approx(110.0)
    assert cards.days == 2
    assert analysis.cards.requests == 500  # the whole export's cards are unchanged
