"""Write a table for sharing: a clean UTF-8 CSV or JSON copy of a messy export.

The copy carries the original cell texts (``csvinspect export``: a clean copy of a messy
file), with two deliberate exceptions for anything that leaves the machine:

- formula cells are neutralised in CSV: a cell starting with ``=``, ``+``, ``-``, ``@``, tab
  or CR gets a leading ``'`` (OWASP "CSV injection"), unless it is a plain number such as
  ``-3.20`` that no spreadsheet would run;
- API keys and bearer tokens are redacted (``csvinspect.core.redact``) unless the caller
  asks to keep them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from csvinspect.core import redact
from csvinspect.core.table import Table

FORMULA_START = r"^[=+\-@\t\r]"
PLAIN_NUMBER = r"^[+-]?\d[\d,]*(\.\d+)?%?$"


def neutralise_formula(text: str) -> str:
    """One cell, as a spreadsheet will see it: never a formula."""
    if text and text[0] in "=+-@\t\r" and not _is_plain_number(text):
        return "'" + text
    return text


def _is_plain_number(text: str) -> bool:
    body = text.lstrip("+-")
    return bool(body) and body.replace(",", "").replace(".", "", 1).rstrip("%").isdigit()


def neutralise_array(texts: pa.Array) -> pa.Array:
    """Vectorised ``neutralise_formula`` over a column of cell texts."""
    texts = pc.fill_null(texts, "")
    risky = pc.and_(
        pc.match_substring_regex(texts, FORMULA_START),
        pc.invert(pc.match_substring_regex(texts, PLAIN_NUMBER)),
    )
    return pc.if_else(risky, pc.binary_join_element_wise("'", texts, ""), texts)


def shareable_columns(table: Table, *, keep_secrets: bool = False) -> list[pa.Array]:
    """The table's cell texts, secrets redacted unless ``keep_secrets``."""
    columns = [pc.fill_null(col.text, "") for col in table.columns]
    if keep_secrets:
        return columns
    return [redact.redact_array(col) for col in columns]


def export_table(table: Table, path: Path, *, keep_secrets: bool = False) -> None:
    """Write ``table`` to ``path``: ``.json`` gives header and rows, anything else UTF-8 CSV."""
    columns = shareable_columns(table, keep_secrets=keep_secrets)
    if path.suffix.lower() == ".json":
        rows = [list(r) for r in zip(*(c.to_pylist() for c in columns), strict=True)]
        payload = {"header": table.header, "rows": rows}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    safe = [neutralise_array(c) for c in columns]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([neutralise_formula(h) for h in table.header])
        block = 65_536
        for start in range(0, table.n_rows, block):
            chunk = [c.slice(start, block).to_pylist() for c in safe]
            writer.writerows(zip(*chunk, strict=True))
