"""`manage.py deadline`: the due date first, then each skipped day and why; one-line errors."""

import datetime as dt
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.factories import ClosureDayFactory, CouncilFactory

PROJECT = Path(__file__).resolve().parents[2]


def deadline(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_saturday_receipt_prints_due_date_then_skipped_weekend_days():
    assert deadline("--nation", "england", "--received", "2026-01-03", "--working-days", "7") == [
        "due: 2026-01-13",
        "skipped: 2026-01-04 Sunday",
        "skipped: 2026-01-10 Saturday",
        "skipped: 2026-01-11 Sunday",
    ]


def test_bank_holidays_are_printed_with_their_names():
    assert deadline("--nation", "england", "--received", "2025-12-24") == [
        "due: 2026-01-07",
        "skipped: 2025-12-25 Thursday (bank holiday: Christmas Day)",
        "skipped: 2025-12-26 Friday (bank holiday: Boxing Day)",
        "skipped: 2025-12-27 Saturday",
        "skipped: 2025-12-28 Sunday",
        "skipped: 2026-01-01 Thursday (bank holiday: New Year's Day)",
        "skipped: 2026-01-03 Saturday",
        "skipped: 2026-01-04 Sunday",
    ]


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-01-03", "2026-01-13"),
        ("2025-12-24", "2026-01-07"),
        ("2026-07-10", "2026-07-21"),
        ("2026-11-27", "2026-12-08"),
    ],
)
def test_working_days_default_to_seven(received, due):
    assert deadline("--nation", "england", "--received", received)[0] == f"due: {due}"


def test_scotland_counts_st_andrews_day():
    lines = deadline("--nation", "scotland", "--received", "2026-11-27", "--working-days", "7")
    assert lines[0] == "due: 2026-12-09"
    assert "skipped: 2026-11-30 Monday (bank holiday: Saint Andrew's Day)" in lines


def test_zero_working_days_is_the_day_received():
    assert deadline("--nation", "wales", "--received", "2026-01-03", "--working-days", "0") == [
        "due: 2026-01-03"
    ]


@time_machine.travel(dt.datetime(2026, 7, 10, 23, 30, tzinfo=dt.UTC))
def test_received_defaults_to_today_in_london():
    # 23:30 UTC on 10 July is 00:30 BST on Saturday 11 July: day zero is the 11th.
    assert deadline("--nation", "england", "--working-days", "1")[0] == "due: 2026-07-13"


@pytest.mark.django_db
def test_council_uses_its_nation_and_closure_days():
    council = CouncilFactory(slug="glenbrae", nation="scotland")
    ClosureDayFactory(council=council, date=dt.date(2026, 12, 29), reason="Christmas shutdown")
    assert deadline("--council", "glenbrae", "--received", "2026-12-24", "--working-days", "1") == [
        "due: 2026-12-30",
        "skipped: 2026-12-25 Friday (bank holiday: Christmas Day)",
        "skipped: 2026-12-26 Saturday (bank holiday: Boxing Day)",
        "skipped: 2026-12-27 Sunday",
        "skipped: 2026-12-28 Monday (bank holiday: Boxing Day (substitute day))",
        "skipped: 2026-12-29 Tuesday (council closure: Christmas shutdown)",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--nation", "england", "--received", "2026-13-03"], "--received must be a real date"),
        (["--nation", "england", "--received", "03/01/2026"], "--received must be a real date"),
        (["--nation", "england", "--received", "2026-02-30"], "--received must be a real date"),
        (["--nation", "cornwall", "--received", "2026-01-03"], "Unknown nation 'cornwall'"),
        (["--council", "nowhere", "--received", "2026-01-03"], "No council with the slug 'nowhere'"),
        (["--nation", "england", "--received", "2026-01-03", "--working-days", "-1"], "cannot be negative"),
        (["--nation", "england", "--received", "2026-01-03", "--working-days", "seven"], "whole number"),
        (["--received", "2026-01-03"], "Give --nation or --council"),
        (["--nation", "england", "--council", "glenbrae", "--received", "2026-01-03"], "not both"),
        (["--nation", "england", "--received", "9999-12-30"], "beyond the calendar"),
    ],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        deadline(*args)


@pytest.mark.parametrize(
    "args",
    [
        ["--nation", "england", "--received", "2026-13-03"],
        ["--nation", "cornwall"],
        ["--nation", "england", "--working-days", "-3"],
    ],
)
def test_from_the_shell_bad_input_exits_non_zero_with_one_line_on_stderr(args):
    completed = subprocess.run(
        [sys.executable, "manage.py", "deadline", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert completed.stdout == ""
    assert len(completed.stderr.strip().splitlines()) == 1
    assert completed.stderr.startswith("CommandError: ")
