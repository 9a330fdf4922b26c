"""``csvinspect report``: a table and its kind's analysis, typed once, as JSON, text or Markdown.

``make_report`` gives the typed ``Report`` (``contents.py``); ``report_json`` (``as_json.py``),
``render_text`` and ``render_markdown`` (``as_text.py``) each render it. ``build_report`` is
``report_json(make_report(...))``, the JSON-ready data its callers and tests know.
"""

from csvinspect.core.redact import Redaction
from csvinspect.core.report.as_json import build_report, report_json
from csvinspect.core.report.as_text import render_markdown, render_text
from csvinspect.core.report.contents import Report, make_report

__all__ = [
    "Redaction",
    "Report",
    "build_report",
    "make_report",
    "render_markdown",
    "render_text",
    "report_json",
]
