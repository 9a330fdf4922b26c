"""Write a CSV's records as JSON Lines, numbers as JSON numbers (times as their text), for
the JSON Lines figure.

Usage: ``python bench/gen_jsonl.py IN.csv OUT.jsonl``

Seed 001's monitoring console exports request events as JSON Lines; ``make bench`` times
opening the same records from either format.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    # a 30-digit request ID is text in a real export, never a double
    ids = pacsv.ConvertOptions(column_types={"request_id": pa.string()})
    reader = pacsv.open_csv(args.source, convert_options=ids)
    with args.out.open("w", encoding="utf-8") as out:
        for batch in reader:
            for record in batch.to_pylist():
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    main()
