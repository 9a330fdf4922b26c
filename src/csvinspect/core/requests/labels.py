"""Text dimensions of a request log as dictionary codes, and yes/no words as flags.

A million requests name a few hundred models, tokens and users: each dimension is encoded
once (``pyarrow.compute.dictionary_encode``) and every breakdown, filter and word look-up
then works on the distinct labels only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Labels:
    """A text dimension as dictionary codes: ``codes[i]`` indexes ``names``, -1 = empty cell."""

    codes: np.ndarray
    names: list[str]

    @staticmethod
    def missing(n: int) -> Labels:
        return Labels(np.full(n, -1, dtype=np.int32), [])

    @staticmethod
    def from_text(text: pa.Array) -> Labels:
        encoded = pc.dictionary_encode(text)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        names = [clean_label(v) for v in encoded.dictionary.to_pylist()]
        remap = np.array([-1 if not name else i for i, name in enumerate(names)], dtype=np.int32)
        if len(remap) and (remap < 0).any():
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1).astype(np.int32)
        return Labels(codes, names)

    @property
    def present(self) -> bool:
        return bool(self.names) and bool((self.codes >= 0).any())

    def name(self, code: int) -> str:
        return self.names[code] if code >= 0 else ""

    def lookup(self, per_name: list[Any], missing: object, dtype: type) -> np.ndarray:
        """Spread one value per distinct label (``per_name[i]`` for ``names[i]``) to the rows;
        ``missing`` for rows without a label."""
        table: np.ndarray = np.array([missing, *per_name], dtype=dtype)
        spread: np.ndarray = table[self.codes + 1]
        return spread


def clean_label(value: str | None) -> str:
    """A label as shown: trimmed, a spreadsheet guard quote before + - = @ removed, - = empty."""
    if value is None:
        return ""
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "+-=@":
        value = value[1:]
    return "" if value in ("-", "—") else value


def word_flags(labels: Labels, yes: tuple[str, ...], no: tuple[str, ...]) -> np.ndarray:
    """Per-row 1 / 0 / -1 (unknown) from words, compared trimmed and case-folded."""
    words = [name.strip().lower() for name in labels.names]
    flags = [1 if word in yes else 0 if word in no else -1 for word in words]
    return labels.lookup(flags, -1, np.int8)


def text_flags(text: pa.Array | None, yes: tuple[str, ...], no: tuple[str, ...]) -> np.ndarray:
    """``word_flags`` of a text column (an empty array when there is no column)."""
    if text is None:
        return np.empty(0, dtype=np.int8)
    return word_flags(Labels.from_text(text), yes, no)
