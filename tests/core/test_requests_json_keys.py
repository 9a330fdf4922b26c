"""The byte-level JSON key reader gives exactly what the regular expressions gave."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core.cells.numbers import to_float
from csvinspect.core.requests.json_keys import JsonKeys, number_pattern, string_pattern

CELLS = [
    '{"cache_tokens":120,"frt":3415,"request_path":"/v1/messages"}',
    '{"frt": 12.5, "request_path": "/v1/chat/completions"}',  # space, fraction
    '{"x":"frt":7}',  # a key inside a string still matches, as the expression did
    '{"frt":-1,"frt":9}',  # first match that reads: the second one
    '{"frt":  5}',  # two spaces: no match
    None,
    "",
    "not json",
    '{"frt":12345678901234567890}',  # longer than an int64
    '{"request_path":"' + "p" * 400 + '"}',  # longer than the search window
    '{"request_path":"open',  # never closed
    '{"request_path":"é/ü"}',
    # issue 10: eight digits are read at once; the cell ends mid-read, or the run goes on
    '{"frt":12345678}',
    '{"frt":123456789}',
    '{"frt":123456789012345678}',
    '{"frt":12',  # the next cell's digits are not this number's
    "345",
    '{"frt":7',  # the last bytes of the column
]


def test_json_keys_match_the_regular_expressions():
    text = pa.array(CELLS, pa.string())
    for cells in (text, text.slice(1)):
        keys = JsonKeys(cells)
        for key in ("frt", "cache_tokens"):
            found = pc.struct_field(pc.extract_regex(cells, number_pattern(key)), "v")
            expected = to_float(found, checked=True)
            assert np.array_equal(keys.number(key), expected, equal_nan=True)
        found = pc.struct_field(pc.extract_regex(cells, string_pattern("request_path")), "v")
        assert keys.string("request_path").equals(found)


def test_first_response_time_and_path_are_read():
    keys = JsonKeys(pa.array(CELLS, pa.string()))
    assert keys.number("frt")[:4].tolist() == [3415.0, 12.5, 7.0, 9.0]
    assert keys.string("request_path")[:2].to_pylist() == ["/v1/messages", "/v1/chat/completions"]


def test_long_numbers_and_numbers_cut_by_the_cell_end_are_read_whole():
    numbers = JsonKeys(pa.array(CELLS, pa.string())).number("frt")[-6:]
    assert numbers.tolist()[:3] == [12345678.0, 123456789.0, 123456789012345678.0]
    assert numbers.tolist()[3] == 12.0 and np.isnan(numbers[4]) and numbers[5] == 7.0


def test_string_values_when_every_cell_is_settled_without_the_expression():
    # issue 10: values are copied straight from the column when no cell needs the expression
    cells = [c for c in CELLS if c is None or ("p" * 400 not in c and not c.endswith("open"))]
    text = pa.array(cells, pa.string())
    for part in (text, text.slice(1), text.slice(2, 5)):
        found = pc.struct_field(pc.extract_regex(part, string_pattern("request_path")), "v")
        assert JsonKeys(part).string("request_path").equals(found)
    paths = JsonKeys(text).string("request_path").to_pylist()
    assert paths[:2] == ["/v1/messages", "/v1/chat/completions"] and "é/ü" in paths
