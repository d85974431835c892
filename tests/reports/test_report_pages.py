"""The compliance report page and its CSV export: who gets what, bad input, query counts, escaping."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from casework.models import Case
from complaints.exports import safe_cell

from .conftest import at
from .test_decision_figures import decisions  # noqa: F401 (a fixture)

NOW = at(2026, 11, 23, 12)
URL = reverse("compliance-report")
CSV = reverse("compliance-report-csv")


def get(client, user, url, **params):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(url, params)


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("role", ["outsider", "councillor", "officer"])
def test_people_with_nothing_to_report_on_get_404(client, cast, profile, role):
    assert get(client, cast.by_role()[role], URL).status_code == 404
    assert get(client, cast.by_role()[role], CSV).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, cast):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_clerk_asking_for_another_council_gets_404(client, cast, profile):
    assert get(client, cast.other_clerk, URL, council="ashford-market").status_code == 404
    assert get(client, cast.other_clerk, CSV, council="ashford-market").status_code == 404
    assert get(client, cast.clerk, URL, council="no-such-council").status_code == 404
    assert get(client, cast.other_clerk, URL, council="beckby").status_code == 200


def test_the_default_is_this_quarter_at_the_first_council(client, cast, profile, six_enquiries):
    response = get(client, cast.clerk, URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Compliance report — Ashford Market Town Council" in page
    assert "Cases received from 1 October 2026 to 31 December 2026" in page
    assert "Enquiries and information requests" in page
    assert 'data-testid="by-councillor-table"' in page
    assert "<svg" in page and "<title" in page  # the charts, with their titles


def test_the_chair_sees_breach_and_referral_figures_only(client, cast, profile, six_enquiries, decisions):  # noqa: F811
    page = get(client, cast.chair, URL).content.decode()
    assert "Protocol breach reports" in page and "Referrals to the Chair" in page
    assert "Equal treatment" not in page and 'data-testid="by-officer-table"' not in page
    assert "As Chair or Vice-Chair you see the breach-report and referral figures." in page
    assert "Breach reports and referrals by councillor" not in page


def test_the_monitoring_officer_sees_decisions_by_councillor(client, cast, profile, decisions):  # noqa: F811
    page = get(client, cast.monitoring_officer, URL, council="ashford-market").content.decode()
    assert 'data-testid="decisions-by-councillor"' in page


def test_an_end_before_the_start_is_explained_next_to_the_field_and_kept(client, cast, profile):
    response = get(client, cast.clerk, URL, council="ashford-market", start="2026-11-01", end="2026-10-01")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end date must be on or after the start date (1 November 2026)." in page
    assert 'href="#id_end"' in page  # the summary links to the field
    assert 'value="2026-11-01"' in page and 'value="2026-10-01"' in page  # nothing typed is lost
    assert 'aria-invalid="true"' in page or "is-invalid" in page


def test_a_date_that_is_not_a_date_is_refused(client, cast, profile):
    response = get(client, cast.clerk, URL, council="ashford-market", start="31/02/2026", end="")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_empty_dates_mean_this_quarter(client, cast, profile):
    page = get(client, cast.clerk, URL, council="ashford-market", start="", end="").content.decode()
    assert "Cases received from 1 October 2026 to 31 December 2026" in page


def _grow(seed, cast, n):
    for i in range(n):
        case = seed.case(at(2026, 10, 5 + i % 20, 9), by=cast.councillor if i % 2 else cast.other_councillor,
                         officer=cast.officer if i % 3 else None, subject=f"grown {i}")
        if i % 2:
            seed.reply(case, at(2026, 10, 26, 9))


def test_the_report_costs_the_same_queries_however_many_cases(client, cast, profile, seed, six_enquiries):
    client.force_login(cast.clerk)
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as few:
            client.get(URL)
        _grow(seed, cast, 30)
        with CaptureQueriesContext(connection) as many:
            response = client.get(URL)
    assert response.status_code == 200
    print(f"compliance report: {len(few.captured_queries)} queries")
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_the_csv_has_a_row_per_case_with_the_figures(client, cast, profile, six_enquiries):
    response = get(client, cast.clerk, CSV, council="ashford-market", start="2026-10-01", end="2026-12-31")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="compliance-ashford-market-2026-10-01-to-2026-12-31.csv"' in response["Content-Disposition"]
    rows = {r["Reference"]: r for r in read_csv(response)}
    e4 = rows[six_enquiries["E4"].reference]
    assert e4 == {
        "Reference": six_enquiries["E4"].reference,
        "Kind": "Councillor enquiry",
        "Received": "2026-10-15",
        "Councillor": "Cllr Bob Brown",
        "Group": "Labour",
        "Officer": "Oscar Officer",
        "Due": "2026-10-26",
        "Replied or decided": "2026-10-29",
        "On time": "yes",
        "Outcome": "Answered after an interim reply",
        "Decision": "",
        "Interim replies": "1",
        "Working days to reply": "10",
    }
    assert rows[six_enquiries["E6"].reference]["On time"] == "no"
    assert rows[six_enquiries["E6"].reference]["Outcome"] == "Open and overdue"
    assert len(rows) == 6


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(client, cast, profile, seed):
    sly = User.objects.create_user(email="sly@example.org", full_name='=HYPERLINK("http://evil.example","x")')
    cast.councillor.memberships.update(group="+Green")
    seed.case(at(2026, 10, 6), by=cast.councillor, officer=cast.officer, subject="ordinary")
    from tests.factories import MembershipFactory

    MembershipFactory(user=sly, council=cast.council, group="@Group")
    seed.case(at(2026, 10, 7), by=sly, subject="sly")
    rows = read_csv(get(client, cast.clerk, CSV, council="ashford-market"))
    assert {r["Councillor"] for r in rows} == {"Cllr Alice Adams", '\'=HYPERLINK("http://evil.example","x")'}
    assert {r["Group"] for r in rows} == {"'+Green", "'@Group"}


@pytest.mark.parametrize(
    "value, written",
    [("=1+1", "'=1+1"), ("+44 1234", "'+44 1234"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Cllr Ann", "Cllr Ann"), ("", ""), (None, ""), (3, "3")],
)
def test_safe_cell(value, written):
    assert safe_cell(value) == written


def test_the_csv_holds_only_rows_the_person_may_open(client, cast, profile, seed, decisions):  # noqa: F811
    secret = seed.case(at(2026, 10, 8), by=cast.other_councillor, subject="confidential enquiry")
    Case.objects.filter(pk=secret.pk).update(confidential=True, routed_to=cast.monitoring_officer)
    clerk_rows = {r["Reference"] for r in read_csv(get(client, cast.clerk, CSV, council="ashford-market"))}
    assert secret.reference not in clerk_rows
    mo_rows = read_csv(get(client, cast.monitoring_officer, CSV, council="ashford-market"))
    assert secret.reference in {r["Reference"] for r in mo_rows}
    # The Chair: only the breach reports and referrals routed to them — never an enquiry, never B3 about them.
    chair_rows = {r["Reference"]: r for r in read_csv(get(client, cast.chair, CSV, council="ashford-market"))}
    assert chair_rows, "the Chair decides B1, B2, R1 and R2"
    assert decisions["B3"].reference not in chair_rows
    assert all(r["Kind"] in ("Protocol breach report", "Referral to the Chair") for r in chair_rows.values())
    # A breach report's councillor is named to the Monitoring Officer only.
    assert all(r["Councillor"] == "" for r in chair_rows.values())
    mo_b2 = next(r for r in mo_rows if r["Reference"] == decisions["B2"].reference)
    assert mo_b2["Councillor"] == "Cllr Bob Brown" and mo_b2["Decision"].startswith("Refer to the Monitoring Officer")


def test_a_confidential_enquiry_is_not_in_the_clerks_figures(cast, profile, seed):
    from complaints.reports.compliance import compliance_report
    from complaints.reports.periods import Period
    from complaints.reports.scope import Level, ReportScope

    secret = seed.case(at(2026, 10, 8), by=cast.other_councillor, subject="confidential enquiry")
    Case.objects.filter(pk=secret.pk).update(confidential=True, routed_to=cast.monitoring_officer)
    period = Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    clerk = compliance_report(scope=ReportScope(cast.council, Level.CLERK), user=cast.clerk, period=period, now=NOW)
    assert clerk.enquiries.received == 0 and clerk.by_councillor == []
    mo = compliance_report(
        scope=ReportScope(cast.council, Level.MONITORING), user=cast.monitoring_officer, period=period, now=NOW
    )
    assert [(g.tally.label, g.tally.received) for g in mo.by_councillor] == [("Cllr Bob Brown", 1)]
