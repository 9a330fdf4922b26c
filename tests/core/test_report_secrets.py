"""``csvinspect report`` redacts secrets in every format, as ``export`` does (issue 11).

Its Markdown is meant for pasting into a ticket: a key in a token name or an error message
must not go with it unless the user asks for ``--keep-secrets``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csvinspect.cli import main
from csvinspect.core.redact import REDACTED

LOG = Path(__file__).resolve().parents[1] / "fixtures" / "requests_with_secrets.csv"
KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12"
JWT_PART = "eyJhbGciOiJIUzI1NiJ9"


def _report(capsys, *options: str) -> str:
    assert main(["report", str(LOG), *options]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_redacts_keys_and_bearer_tokens_in_every_format(capsys, fmt):
    out = _report(capsys, "--format", fmt)
    assert KEY not in out and "Ab12Cd34" not in out
    assert JWT_PART not in out
    assert "Incorrect API key provided: sk-" + REDACTED in out
    assert "Authorization: " + REDACTED in out
    assert "ci-bot" in out  # token names that are not keys stay


def test_json_report_keeps_its_structure_and_ids_when_redacted(capsys):
    report = json.loads(_report(capsys, "--format", "json"))
    assert report["totals"]["requests"] == 3
    messages = [r["message"] for r in report["failure_reasons"]]
    assert f"Incorrect API key provided: sk-{REDACTED}" in messages
    tokens = {t["token"] for g in report["groups"] for t in g["tokens"]}
    assert tokens == {f"sk-{REDACTED}", "ci-bot"}


def test_keep_secrets_prints_the_exact_text(capsys):
    out = _report(capsys, "--format", "markdown", "--keep-secrets")
    assert KEY in out and JWT_PART in out
    assert REDACTED not in out


def test_a_group_health_json_report_redacts_the_groups_it_writes_as_it_goes(
    capsys, demo_path, tmp_path
):
    # the JSON of a group-health export is streamed a group at a time (issue 10); a key
    # used as a token name must still not reach it (issue 11)
    text = demo_path.read_text(encoding="utf-8-sig").replace("alice-laptop", KEY, 1)
    path = tmp_path / "health.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["report", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert KEY not in out
    tokens = json.loads(out)["groups"][0]["tokens"]
    assert tokens[0]["token"] == f"sk-{REDACTED}"
    assert main(["report", str(path), "--format", "json", "--keep-secrets"]) == 0
    assert json.loads(capsys.readouterr().out)["groups"][0]["tokens"][0]["token"] == KEY


def test_a_group_health_json_report_redacts_failure_reasons_and_user_names(
    capsys, demo_path, tmp_path
):
    # issue 11: the streamed groups are redacted column by column, not dict by dict; a key in
    # a group's failure reason or a bearer token typed as a user name must still not print
    text = demo_path.read_text(encoding="utf-8-sig")
    text = text.replace("502: Upstream request failed (32)", f"502: Upstream failed {KEY} (32)")
    text = text.replace(",alice,", ",Bearer abcdefghijkl1234,", 1)
    path = tmp_path / "health.csv"
    path.write_text(text, encoding="utf-8")
    assert main(["report", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert KEY not in out and "abcdefghijkl1234" not in out
    group = json.loads(out)["groups"][0]
    assert group["failure_reasons"][0]["message"] == f"Upstream failed sk-{REDACTED}"
    assert group["tokens"][0]["username"] == f"Bearer {REDACTED}"
    assert group["tokens"][0]["token"] == "alice-laptop"  # the rest of the group as it was


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_one_redaction_covers_every_string_of_every_format(capsys, demo_path, tmp_path, fmt):
    """Issue 10: the text and Markdown no longer render the redacted JSON, so each string they
    take from the typed report goes through the report's one ``Redaction``: a key as a token
    name (with an underscore Markdown would escape), a user name, a group name, a failure
    reason, a column name; ``--keep-secrets`` shows every one exactly."""
    key = "sk-live_Zz98Yy76Xx54Ww32"
    text = demo_path.read_text(encoding="utf-8-sig").replace("alice-laptop", key, 1)
    text = text.replace(",alice,", ",Bearer abcdefghijkl1234,", 1)
    text = text.replace("codex-plan", "api_key=hunter2hunter2")
    text = text.replace("Failure Reason", "Failure Reason secret=s3cr3tvalue", 1)
    path = tmp_path / "health.csv"
    path.write_text(text, encoding="utf-8")
    secrets = ("Zz98Yy76", "abcdefghijkl1234", "hunter2hunter2", "s3cr3tvalue")
    out = _report_of(capsys, path, fmt)
    assert not [s for s in secrets if s in out]
    assert out.count(REDACTED) >= 4
    kept = _report_of(capsys, path, fmt, "--keep-secrets").replace("\\_", "_")
    listed = secrets if fmt != "markdown" else secrets[2:]  # it lists flagged tokens only
    assert all(s in kept for s in listed)
    assert REDACTED not in kept


def _report_of(capsys, path: Path, fmt: str, *options: str) -> str:
    assert main(["report", str(path), "--format", fmt, *options]) == 0
    return capsys.readouterr().out
