"""Identifiers stay text: request IDs, UUIDs, hex IDs, 19-digit numbers, leading zeros.

An identifier looks like a number often enough (``1001``, ``08123``,
``1870000000000000001``) that typing it as one would break it: ``08123`` loses its zero,
19 digits do not fit a float64 exactly, and nobody sums user IDs. A column is an ID column

* by its header (``id``, ``request_id``, ``user_id``, ``Team ID``, ``token`` ...; see
  ``headers.ID_FIELDS``), whatever its cells look like; or
* by its cells: (nearly) every cell is ID-shaped or all digits, and at least one cell in a
  hundred is unmistakably an identifier: a UUID, 16 or more digits, digits with a leading
  zero, hexadecimal of 8+ characters with letters, or a prefixed ID such as ``req_011CU...``.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_STRONG = (
    "^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    "|[0-9]{16,}"
    "|0[0-9]+"
    "|[0-9a-f]*[a-f][0-9a-f]*|[0-9A-F]*[A-F][0-9A-F]*"
    "|[A-Za-z]{2,12}[-_][A-Za-z0-9]{12,})$"
)
_DIGITS = "^[0-9]+$"
_HEX_MIN_LENGTH = 8
_STRONG_RE = re.compile(_STRONG)
_HEX_RE = re.compile("[0-9a-fA-F]+")


def is_strong_id(text: str) -> bool:
    """One cell's test, for samples: the same rule ``id_cells`` applies to a column."""
    if not _STRONG_RE.fullmatch(text):
        return False
    short_hex_word = _HEX_RE.fullmatch(text) and not text.isdigit() and len(text) < _HEX_MIN_LENGTH
    return not short_hex_word


def id_cells(cells: pa.Array) -> tuple[int, int]:
    """How many cells are unmistakable identifiers, and how many are ID-shaped or digits."""
    strong = (
        pc.match_substring_regex(cells, _STRONG).fill_null(False).to_numpy(zero_copy_only=False)
    )
    hex_like = (
        pc.match_substring_regex(cells, "^[0-9a-fA-F]+$")
        .fill_null(False)
        .to_numpy(zero_copy_only=False)
    )
    short = pc.utf8_length(cells).fill_null(0).to_numpy(zero_copy_only=False) < _HEX_MIN_LENGTH
    digits = (
        pc.match_substring_regex(cells, _DIGITS).fill_null(False).to_numpy(zero_copy_only=False)
    )
    strong &= ~(hex_like & ~digits & short)  # "cafe1" is a word, not a hex ID
    return int(np.count_nonzero(strong)), int(np.count_nonzero(strong | digits))
