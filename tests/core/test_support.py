""" "Copy for support": seed 000's list in one message, secrets redacted."""

from pathlib import Path

import pytest
from health_tables import make_table, read_csv_table

from csvinspect.core.analysis import analyze_health
from csvinspect.core.support import build_support_message

FIXTURES = Path(__file__).parent.parent / "fixtures"
KEY = "sk-" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1"


@pytest.fixture
def demo(samples_dir):
    table = read_csv_table(samples_dir / "group_health_demo.csv")
    return table, analyze_health(table)


def fields(message):
    return dict(line[2:].split(": ", 1) for line in message.splitlines() if line.startswith("- "))


def test_message_for_the_failing_token_has_the_seeds_list(demo):
    table, report = demo
    finding = next(f for f in report.findings if f.subject == "vip / ci-bot")
    message = build_support_message(report, table=table, finding=finding)
    listed = fields(message)
    assert list(listed) == [
        "User ID",
        "Time range",
        "Group name",
        "Model name",
        "Token name",
        "Status code",
        "Error content",
        "Request ID",
        "Impact scope",
    ]
    assert listed["User ID"] == "2003 (heidi)"
    assert listed["Time range"].startswith("2026-11-21 08:02:35 to 2026-11-22 07:54:08")
    assert listed["Group name"] == "vip"
    assert listed["Token name"] == "ci-bot"
    assert listed["Status code"] == "401"
    assert listed["Error content"] == "Invalid API key (558 times)"
    assert listed["Impact scope"] == "one token (558 errors of 900 requests)"
    assert listed["Request ID"].startswith("not in this export")
    assert "group_health_demo.csv" in message


def test_default_message_is_about_the_top_finding(demo):
    table, report = demo
    listed = fields(build_support_message(report, table=table))
    assert listed["Group name"] == "codex-plan"
    assert listed["Status code"] == "503"
    assert listed["User ID"] == "3001 (judy), 3002 (mallory), 3003 (oscar)"
    assert listed["Impact scope"] == "one group (990 errors of 2,650 requests)"


def test_multi_group_scope(demo):
    table, report = demo
    finding = next(f for f in report.findings if f.scope == "multi_group_upstream")
    listed = fields(build_support_message(report, table=table, finding=finding))
    assert listed["Group name"] == "default, vip, image-gen"
    assert listed["Status code"] == "502"
    assert listed["Impact scope"].startswith("multiple groups at the same time (74 errors")


def test_multi_group_message_names_the_users_of_its_502s_not_other_findings_tokens(demo):
    # issue 9: it listed 2003 (heidi) and 5002 (walter), whose errors are 401s and 400s
    # explained by their own findings; the 502s came from the other tokens with errors.
    table, report = demo
    finding = next(f for f in report.findings if f.scope == "multi_group_upstream")
    users = fields(build_support_message(report, table=table, finding=finding))["User ID"]
    assert "heidi" not in users and "walter" not in users
    assert users.split(", ") == [
        "2001 (frank)",
        "1004 (dave)",
        "2004 (ivan)",
        "1001 (alice)",
        "1002 (bob)",
        "2002 (grace)",
        "5001 (victor)",
        "1005 (erin)",
    ]
    assert "carol" not in users  # no errors at all


def test_each_finding_names_only_its_own_users(demo):
    table, report = demo
    for finding in report.findings:
        users = fields(build_support_message(report, table=table, finding=finding))["User ID"]
        if finding.token:
            assert users == ", ".join(f"{u.user_id} ({u.username})" for u in finding.users)
            assert len(finding.users) == 1 and finding.users[0].token == finding.token


def test_request_ids_and_models_from_the_finding_rows_and_keys_redacted():
    header = [
        "Type",
        "Group",
        "User ID",
        "Token",
        "Model",
        "Requests",
        "Success",
        "Errors",
        "Failure Reason",
        "request_id",
    ]
    fields_map = {
        "Type": "row_type",
        "Group": "group",
        "User ID": "user_id",
        "Token": "token",
        "Model": "model",
        "Requests": "requests",
        "Success": "success",
        "Errors": "errors",
        "Failure Reason": "failure_reason",
        "request_id": "request_id",
    }
    rows = [
        ["Group", "g", "", "", "", "1000", "800", "200", f"401: Invalid API key {KEY} (200)", ""],
        ["Token", "g", "7", "good", "gpt-4o", "500", "499", "1", "", "req-aaa"],
        ["Token", "g", "8", "bad", "gpt-4o-mini", "500", "301", "199", "", "req-bbb"],
    ]
    table = make_table(header, rows, fields=fields_map)
    report = analyze_health(table)
    finding = next(f for f in report.findings if f.scope == "token")
    message = build_support_message(report, table=table, finding=finding)
    listed = fields(message)
    assert listed["Model name"] == "gpt-4o-mini"
    assert listed["Request ID"] == "req-bbb"
    assert KEY not in message
    assert "Invalid API key sk-[REDACTED]" in listed["Error content"]


def test_one_error_is_written_in_the_singular():
    header = ["Type", "Group", "Token", "Requests", "Success", "Errors", "Failure Reason"]
    rows = [
        ["Group", "default", "", "4", "3", "1", "504: do_request_failed (1)"],
        ["Token", "default", "alice", "4", "3", "1", ""],
    ]
    table = make_table(header, rows)
    report = analyze_health(table)
    message = build_support_message(report, table=table)
    listed = fields(message)
    assert listed["Error content"] == "do_request_failed (1 time)"
    assert listed["Impact scope"].endswith("(1 error of 4 requests)")
    assert "1 errors" not in message


def test_tokens_whose_failure_reason_cell_is_a_dash_are_the_users_of_their_groups_finding():
    """Failure Reason is written on Group rows; a Token row's ``-`` names no reason of its
    own, so the support message for the group's finding names its users (before: none)."""
    table = read_csv_table(FIXTURES / "health_reason_styles.csv")
    report = analyze_health(table)
    finding = next(f for f in report.findings if f.subject == "codex-plan")
    assert [u.token for u in finding.users] == ["judy-codex", "mallory-codex", "oscar-codex"]
    listed = fields(build_support_message(report, table=table, finding=finding))
    assert listed["User ID"] == "3001 (judy), 3002 (mallory), 3003 (oscar)"


def test_a_finding_over_many_groups_names_ten_and_counts_the_rest():
    """Issue 10: the message for the many-429 finding of a big export listed every one of
    its five thousand groups (a 65 KB message); it names ten, like the users."""
    header = ["Type", "Group", "User ID", "Token", "Requests", "Success", "Errors"]
    header.append("Failure Reason")
    reason = "429: rate limit exceeded (100)"
    rows = []
    for g in range(25):
        rows += [
            ["Group", f"team-{g:02d}", "", "", "1000", "900", "100", reason],
            ["Token", f"team-{g:02d}", f"{g}", f"key-{g}", "1000", "900", "100", ""],
        ]
    table = make_table(header, rows)
    report = analyze_health(table)
    finding = next(f for f in report.findings if f.scope == "rate_limit")
    listed = fields(build_support_message(report, table=table, finding=finding))
    named = [f"team-{g:02d}" for g in range(10)]
    assert listed["Group name"] == ", ".join(named) + ", and 15 more"
    assert listed["User ID"] == ", ".join(str(g) for g in range(10)) + ", and 15 more"


def test_the_groups_of_a_big_finding_are_listed_as_its_summary_names_them():
    """The summary names the most failing groups first; the message listed them in table
    order, so its first ten were not the summary's."""
    header = ["Type", "Group", "User ID", "Token", "Requests", "Success", "Errors"]
    header.append("Failure Reason")
    rows = []
    errors = [5, 40, 12, 90, 7, 33, 61, 2, 18, 75, 26, 50]  # not in table order
    for g, n in enumerate(errors):
        reason = f"429: rate limit exceeded ({n})"
        rows += [
            ["Group", f"team-{g:02d}", "", "", "1000", str(1000 - n), str(n), reason],
            ["Token", f"team-{g:02d}", f"{g}", f"key-{g}", "1000", str(1000 - n), str(n), ""],
        ]
    table = make_table(header, rows)
    report = analyze_health(table)
    finding = next(f for f in report.findings if f.scope == "rate_limit")
    most_first = [f"team-{g:02d}" for g in sorted(range(12), key=lambda g: -errors[g])]
    assert f"in {most_first[0]} (90), {most_first[1]} (75)" in finding.summary
    listed = fields(build_support_message(report, table=table, finding=finding))
    assert listed["Group name"] == ", ".join(most_first[:10]) + ", and 2 more"
