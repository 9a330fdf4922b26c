"""The details pane of one request: its embedded JSON (new-api ``other``, LiteLLM
``metadata``) pretty-printed. Parsed on demand for the one row shown, never per table."""

from __future__ import annotations

import json

from csvinspect.core.requests.columns import RoleColumns
from csvinspect.core.table import Table


def pretty_json(cell: str) -> str:
    """``cell`` indented when it is a JSON object or array; otherwise exactly as written."""
    text = cell.strip()
    if not text or text[0] not in "{[":
        return cell
    try:
        value = json.loads(text)
    except ValueError:
        return cell
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False)


def request_details(table: Table, row: int) -> list[tuple[str, str]]:
    """(header, text) for every cell of ``row``, JSON cells pretty-printed."""
    roles = RoleColumns(table)
    json_columns = {id(c) for c in roles.all("details_json")}
    details = []
    for col in table.columns:
        value = col.text[row].as_py()
        text = "" if value is None else value
        details.append((col.name, pretty_json(text) if id(col) in json_columns else text))
    return details
