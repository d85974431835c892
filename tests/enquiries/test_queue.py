"""The Clerk's queue (flags at a glance, filters, search, pages), officers' and councillors' lists, query counts."""

import datetime as dt

import pytest

from accounts.models import Membership
from casework.models import Case
from casework.services.cases import case_assign, case_transition
from casework.services.enquiries import enquiry_reply, interim_reply_send
from tests.enquiries.conftest import NOW, at
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/councils/ashford-market/enquiries/"


def references(html: str) -> list[str]:
    import re

    return re.findall(r'data-testid="queue-row" data-reference="([^"]+)"', html)


def row_of(html: str, reference: str) -> str:
    start = html.index(f'data-reference="{reference}"')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def mixed(cast, open_enquiry, frozen):
    """Four open enquiries, one of each flag, and one replied."""
    overdue = open_enquiry(subject="Broken streetlight", received_at=at(2026, 11, 2), now=at(2026, 11, 2))
    case_assign(case=overdue, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 2))
    soon = open_enquiry(subject="Blocked drain", received_at=at(2026, 11, 16), now=at(2026, 11, 16), ward="South",
                        councillor=cast.other_councillor)
    case_assign(case=soon, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 16))
    unassigned = open_enquiry(subject="Bins not collected", constituent_name="Mrs Okonjo")
    interim = open_enquiry(subject="Allotment rent", received_at=at(2026, 11, 19), now=at(2026, 11, 19))
    case_assign(case=interim, assignee=cast.clerk, actor=cast.clerk, now=at(2026, 11, 19))
    interim_reply_send(case=interim, officer=cast.clerk, reason="Awaiting the committee.",
                       estimated_on=dt.date(2026, 12, 14), now=at(2026, 11, 20))
    replied = open_enquiry(subject="Dog fouling signs")
    enquiry_reply(case=replied, officer=cast.clerk, body="Signs ordered.", now=NOW)
    return {"overdue": overdue, "soon": soon, "unassigned": unassigned, "interim": interim, "replied": replied}


def test_open_enquiries_by_due_date_with_each_flag_in_words(client, cast, mixed):
    client.force_login(cast.clerk)
    html = client.get(QUEUE).content.decode()
    refs = references(html)
    # Due 11 Nov (overdue), 25 Nov (soon), 2 Dec (unassigned), 14 Dec (interim); the replied one is not open.
    assert refs == [mixed[k].reference for k in ("overdue", "soon", "unassigned", "interim")]
    assert ">Overdue</span>" in row_of(html, mixed["overdue"].reference)
    assert ">Due soon</span>" in row_of(html, mixed["soon"].reference)
    assert ">Unassigned</span>" in row_of(html, mixed["unassigned"].reference)
    assert ">Interim reply sent</span>" in row_of(html, mixed["interim"].reference)
    assert "14 December 2026" in row_of(html, mixed["interim"].reference)
    assert "Overdue" not in row_of(html, mixed["unassigned"].reference)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("overdue", ["overdue"]),
        ("due_soon", ["soon"]),
        ("unassigned", ["unassigned"]),
        ("interim", ["interim"]),
        ("responded", ["replied"]),
    ],
)
def test_the_show_filter(client, cast, mixed, status, expected):
    client.force_login(cast.clerk)
    html = client.get(QUEUE, {"status": status}).content.decode()
    assert references(html) == [mixed[k].reference for k in expected]


def test_filters_by_officer_councillor_and_ward(client, cast, mixed):
    client.force_login(cast.clerk)
    by_officer = references(client.get(QUEUE, {"officer": cast.officer.pk}).content.decode())
    assert by_officer == [mixed["overdue"].reference, mixed["soon"].reference]
    by_councillor = references(client.get(QUEUE, {"councillor": cast.other_councillor.pk}).content.decode())
    assert by_councillor == [mixed["soon"].reference]
    by_ward = references(client.get(QUEUE, {"ward": "North"}).content.decode())
    assert by_ward == [mixed[k].reference for k in ("overdue", "unassigned", "interim")]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("drain", ["soon"]), ("okonjo", ["unassigned"]), ("ENQ-2026-0004", ["interim"]), ("nothing like it", [])],
)
def test_search_by_reference_subject_or_constituent(client, cast, mixed, q, expected):
    client.force_login(cast.clerk)
    html = client.get(QUEUE, {"q": q}).content.decode()
    assert references(html) == [mixed[k].reference for k in expected]
    assert f'value="{q}"' in html  # the search stays in the box
    if not expected:
        assert "No enquiries match these filters." in html


def test_a_nonsense_filter_is_ignored_not_an_error(client, cast, mixed):
    client.force_login(cast.clerk)
    response = client.get(QUEUE, {"officer": "not-a-person", "status": "whatever", "page": "-3"})
    assert response.status_code == 200
    assert len(references(response.content.decode())) == 4


def test_an_officer_sees_only_what_is_assigned_to_them(client, cast, mixed):
    client.force_login(cast.officer)
    html = client.get(QUEUE).content.decode()
    assert references(html) == [mixed["overdue"].reference, mixed["soon"].reference]
    assert 'name="officer"' not in html
    # Searching does not reach beyond their own.
    assert references(client.get(QUEUE, {"q": "okonjo"}).content.decode()) == []


def test_twenty_five_to_a_page(client, cast, open_enquiry, frozen):
    made = [open_enquiry(subject=f"Enquiry {n}") for n in range(27)]
    client.force_login(cast.clerk)
    first = client.get(QUEUE).content.decode()
    assert len(references(first)) == 25
    assert 'href="?page=2">Next page</a>' in first
    second = client.get(QUEUE, {"page": 2}).content.decode()
    assert references(second) == [c.reference for c in made[25:]]
    assert 'href="?page=1">Previous page</a>' in second
    assert "Next page" not in second
    filtered = client.get(QUEUE, {"ward": "North"}).content.decode()
    assert 'href="?ward=North&amp;page=2"' in filtered


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_the_queue_runs_a_fixed_number_of_queries_as_rows_grow(client, cast, open_enquiry, frozen, who,
                                                                 django_assert_max_num_queries):
    filters = {"q": "Enquiry", "ward": "North", "councillor": cast.councillor.pk, "status": ""}
    if who == "clerk":
        filters["officer"] = cast.officer.pk

    def make(n, start):
        for i in range(n):
            case = open_enquiry(subject=f"Enquiry {start + i}")
            case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=NOW)
            if i % 3 == 0:
                interim_reply_send(case=case, officer=cast.officer, reason="Waiting.",
                                   estimated_on=dt.date(2026, 12, 10), now=NOW)

    client.force_login(getattr(cast, who))
    make(2, 0)
    counts = {}
    for name, params in (("filtered", filters), ("plain", {})):
        with django_assert_max_num_queries(12) as few:
            assert len(references(client.get(QUEUE, params).content.decode())) == 2
        counts[name] = len(few.captured_queries)
    make(30, 2)
    for name, params in (("filtered", filters), ("plain", {})):
        with django_assert_max_num_queries(counts[name]):
            assert len(references(client.get(QUEUE, params).content.decode())) == 25


# --- the councillor's enquiries ------------------------------------------------------------------


def test_the_councillor_sees_their_enquiries_with_status_due_date_and_latest_message(client, cast, open_enquiry, frozen):
    waiting = open_enquiry(subject="Bus shelter glass")
    answered = open_enquiry(subject="Tree roots")
    enquiry_reply(case=answered, officer=cast.clerk, body="The tree officer will visit on Tuesday.", now=NOW)
    open_enquiry(subject="Not mine", councillor=cast.other_councillor)
    client.force_login(cast.councillor)
    html = client.get("/councils/ashford-market/").content.decode()
    assert "Not mine" not in html
    waiting_row = row_of(html.replace('data-testid="my-enquiry" ', 'data-testid="queue-row" '), waiting.reference)
    assert "Open" in waiting_row and "2 December 2026" in waiting_row and "No messages yet" in waiting_row
    answered_row = row_of(html.replace('data-testid="my-enquiry" ', 'data-testid="queue-row" '), answered.reference)
    assert "Responded" in answered_row
    assert "from Carol Clerk:</span> The tree officer will visit on Tuesday." in answered_row
    assert 'href="/councils/ashford-market/enquiries/new"' in html


def test_the_councillor_page_runs_a_fixed_number_of_queries(client, cast, open_enquiry, frozen,
                                                            django_assert_max_num_queries):
    client.force_login(cast.councillor)
    open_enquiry()
    with django_assert_max_num_queries(12) as few:
        client.get("/councils/ashford-market/")
    for n in range(15):
        case = open_enquiry(subject=f"More {n}")
        enquiry_reply(case=case, officer=cast.clerk, body=f"Answer {n}", now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/councils/ashford-market/").content.decode()
    assert "Answer 14" in html


def test_only_the_clerk_and_officers_have_a_queue(client, cast, profile):
    for who in ("councillor", "chair", "monitoring_officer", "outsider"):
        client.force_login(getattr(cast, who))
        assert client.get(QUEUE).status_code == 404, who


def test_a_withdrawn_enquiry_leaves_the_open_queue(client, cast, open_enquiry, frozen):
    case = open_enquiry()
    case_transition(case=case, to=Case.Status.WITHDRAWN, actor=cast.clerk, now=NOW)
    client.force_login(cast.clerk)
    assert references(client.get(QUEUE).content.decode()) == []
    assert references(client.get(QUEUE, {"status": "withdrawn"}).content.decode()) == [case.reference]


def test_an_officer_at_another_council_sees_nothing_here(client, cast, open_enquiry):
    open_enquiry()
    elsewhere = UserFactory(email="officer@beckby.example.org")
    MembershipFactory(user=elsewhere, council=cast.other_council, role=Membership.Role.OFFICER)
    client.force_login(elsewhere)
    assert client.get(QUEUE).status_code == 404


def test_the_queue_reads_open_enquiries_in_index_order_without_sorting(cast, open_enquiry, frozen):
    """PostgreSQL only: SQLite binds parameters, so it cannot match a partial index's IN (...)."""
    from django.db import connection

    from casework.selectors import enquiry_queue

    if connection.vendor != "postgresql":
        pytest.skip("the partial index serves PostgreSQL (CI and the benchmark)")
    for n in range(3):
        open_enquiry(subject=f"Enquiry {n}")
    queue = enquiry_queue(council=cast.council, now=NOW, soon_until=NOW)[:26]
    sql, params = queue.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be read whole anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_open_by_due" in plan, plan
    assert "Sort" not in plan, plan
