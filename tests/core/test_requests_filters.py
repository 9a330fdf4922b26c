"""Request filters: what they keep, and the warning for every part that cannot be used."""

from __future__ import annotations

import numpy as np
from request_logs import OPENROUTER, inline, sample

from csvinspect.core.requests.filters import RequestFilter, apply_filter, parse_latency


def _rows(records, **kwargs) -> list[int]:
    return np.flatnonzero(apply_filter(records, RequestFilter(**kwargs)).mask).tolist()


def test_default_filter_keeps_requests_and_hides_account_events(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert _rows(records) == [0, 1, 2, 3, 5, 7, 8]
    assert len(_rows(records, include_account_events=True)) == 11


def test_time_presets_are_relative_to_the_latest_request(samples_dir):
    _, records = sample(samples_dir, "console_paste_zh.tsv")
    # latest row 18:15:40; the last 24 h / 7 d cover the whole paste, all the more
    assert _rows(records, time_preset="last_24h") == _rows(records)
    last_hour = _rows(records, time_preset="last_hour")
    assert last_hour == _rows(records)  # 18:02 .. 18:15 is within the hour
    narrow = _rows(records, time_from=records.time[8], time_to=records.time[10])
    assert narrow == [8, 10]


def test_status_class_code_and_category_filters(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert _rows(records, status_classes=("5xx",)) == [7]
    assert _rows(records, status_classes=("4xx", "5xx")) == [2, 7]
    assert _rows(records, status_codes=(429,)) == [2]
    assert _rows(records, failure_categories=("gateway_timeout",)) == [7]
    _, cpa = sample(samples_dir, "request_events_cpa.csv")
    assert _rows(cpa, status_classes=("unknown",)) == [2, 7, 9]  # failed, no status code


def test_dimension_latency_cache_stream_and_request_id_filters(samples_dir):
    _, records = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert _rows(records, values={"model": ("gpt-4o-mini",), "user": ("alice",)}) == [0, 7]
    assert _rows(records, latency_min_s=10, latency_max_s=30) == [1, 3]
    assert _rows(records, cache="hit") == [0, 1, 8]
    assert _rows(records, cache="miss") == [3]
    assert _rows(records, stream=False) == [3, 5]
    assert _rows(records, request_id="AAAA03") == [2]  # part of the ID, any case


def test_unusable_filters_are_ignored_with_a_visible_warning(samples_dir):
    _, records = sample(samples_dir, "request_events_cpa.csv")
    everything = _rows(records)
    result = apply_filter(
        records,
        RequestFilter(
            values={"group": ("vip",), "model": ("no-such-model",)},
            status_codes=(999,),
            latency_min_s=5,
            latency_max_s=1,
            request_id="abc",
            time_preset="last_year",
        ),
    )
    assert np.flatnonzero(result.mask).tolist() == everything
    text = " ".join(result.warnings)
    assert "no group column" in text
    assert "'no-such-model'" in text
    assert "999" in text
    assert "latency range is invalid" in text
    assert "no request ID column" in text
    assert "'last_year'" in text


def test_a_filter_with_some_known_values_keeps_those_and_warns_about_the_rest():
    _, records = inline(OPENROUTER)
    result = apply_filter(records, RequestFilter(values={"provider": ("azure", "Nope")}))
    assert np.flatnonzero(result.mask).tolist() == [2]  # case-insensitive match
    assert result.warnings == ["No provider 'Nope' in this export: ignored."]


def test_latency_bounds_read_a_bare_number_in_the_latency_column_unit(samples_dir):
    # issue 11: latency_ms holds milliseconds, so 30000 typed in the latency box is 30 s
    _, cpa = sample(samples_dir, "request_events_cpa.csv")
    assert cpa.latency_unit == 0.001
    low = parse_latency("30000", cpa.latency_unit)
    assert low == 30.0
    assert _rows(cpa, latency_min_s=low) == [6, 7]  # 41877 ms and 120004 ms
    assert _rows(cpa, latency_min_s=parse_latency("30s", cpa.latency_unit)) == [6, 7]
    assert _rows(cpa, latency_max_s=parse_latency("500ms", cpa.latency_unit)) == [9]
    _, newapi = sample(samples_dir, "usage_logs_newapi_fork.csv")
    assert newapi.latency_unit == 1.0  # use_time is in seconds
    assert parse_latency("30", newapi.latency_unit) == 30.0
    assert parse_latency("2min", newapi.latency_unit) == 120.0
    assert parse_latency("fast", newapi.latency_unit) is None
