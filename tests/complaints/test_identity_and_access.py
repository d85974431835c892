"""Strict access: the councillor complained about never sees a withheld complainant's identity (pages,
emails, exports); nobody decides a case they are the subject or the reporter of; outsiders see nothing."""

import csv
import io

import pytest
from django.urls import reverse

from casework.models import DomainError, Notification
from casework.services.outbox import deliver_outbox
from complaints.models import Complaint
from complaints.services import complaints as svc
from tests.complaints.conftest import at

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Wendy Witness", "wendy.w@example.com"


@pytest.fixture
def withheld(cast, complain):
    """A complaint whose complainant asked to be withheld, the MO agreed, and the councillor was told."""
    complaint = complain(name=NAME, email=EMAIL, withhold=True, withhold_reason="We are neighbours.",
                         details=f"I, {NAME}, saw it.")
    mo = cast.monitoring_officer
    svc.complaint_acknowledge(complaint=complaint, actor=mo, now=at(24))
    svc.complaint_identity_decide(complaint=complaint, actor=mo, withhold=True, reasons="Risk of reprisal.",
                                  now=at(24))
    svc.complaint_subject_tell(complaint=complaint, actor=mo, summary="It is alleged you shouted at a resident.",
                               now=at(24))
    return Complaint.objects.select_related("case").get(pk=complaint.pk)


def _mentions(text: str) -> bool:
    return NAME in text or EMAIL in text or "Wendy" in text


def test_the_councillor_cannot_tell_before_the_withholding_is_decided(cast, complain):
    complaint = complain(withhold=True, withhold_reason="Neighbours.")
    svc.complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=at(24))
    with pytest.raises(DomainError, match="decide that before telling the councillor"):
        svc.complaint_subject_tell(complaint=complaint, actor=cast.monitoring_officer, summary="s", now=at(24))


def test_the_subject_is_told_without_the_complainants_identity(cast, withheld, mailoutbox):
    notes = Notification.objects.filter(recipient=cast.councillor)
    assert notes.exists()
    for note in notes:
        assert not _mentions(note.subject + note.body + note.url)
        assert note.url == reverse("complaint-about-you", args=["ashford-market", withheld.case.reference])
    assert "The complainant's identity is withheld." in notes.get().body
    deliver_outbox(now=at(25))
    to_subject = [m for m in mailoutbox if m.to == [cast.councillor.email]]
    assert to_subject and not any(_mentions(m.subject + m.body) for m in to_subject)


def test_the_subjects_pages_never_show_a_withheld_complainant(client, cast, withheld):
    client.force_login(cast.councillor)
    case = withheld.case
    assert client.get(reverse("case-detail", args=["ashford-market", case.reference])).status_code == 404
    assert client.get(reverse("complaint-work", args=["ashford-market", case.reference])).status_code == 404
    own = client.get(reverse("complaint-about-you", args=["ashford-market", case.reference]))
    assert own.status_code == 200
    html = own.content.decode()
    assert "The complainant&#x27;s identity is withheld." in html
    assert "It is alleged you shouted at a resident." in html
    assert not _mentions(html)
    hub = client.get(reverse("complaints-hub", args=["ashford-market"])).content.decode()
    assert case.reference in hub and not _mentions(hub)
    # After the outcome too.
    mo = cast.monitoring_officer
    svc.complaint_ip_view_record(complaint=withheld, actor=mo, name="Irene", consulted_on=at(25).date(), views="v",
                                 now=at(25))
    svc.complaint_assess(complaint=withheld, actor=mo, decision="no_action", reasons="Minor.", now=at(26))
    svc.complaint_outcome_send(complaint=withheld, actor=mo, now=at(27))
    svc.decision_notice_write(complaint=withheld, actor=mo, summary="No action.", now=at(27))
    svc.decision_notice_publish(complaint=withheld, actor=mo, now=at(27))
    for url in (reverse("complaint-about-you", args=["ashford-market", case.reference]),
                reverse("decision-notice", args=["ashford-market", case.reference])):
        assert not _mentions(client.get(url).content.decode())
    for note in Notification.objects.filter(recipient=cast.councillor):
        assert not _mentions(note.subject + note.body)


def test_the_export_never_names_a_withheld_complainant(client, cast, withheld, complain):
    complain(name="Open Olive", email="olive@example.com")
    client.force_login(cast.monitoring_officer)
    response = client.get(reverse("complaints-export"))
    assert response["Content-Disposition"] == 'attachment; filename="code-of-conduct-complaints.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_ref = {row["Reference"]: row for row in rows}
    assert by_ref[withheld.case.reference]["Complainant"] == "Withheld"
    assert any(row["Complainant"] == "Open Olive" for row in rows)
    assert not _mentions(response.content.decode())


def test_an_undecided_request_to_withhold_is_honoured_in_the_export(client, cast, complain):
    complain(name=NAME, email=EMAIL, withhold=True, withhold_reason="Neighbours.")
    client.force_login(cast.monitoring_officer)
    assert not _mentions(client.get(reverse("complaints-export")).content.decode())


def test_export_cells_cannot_run_as_spreadsheet_formulas(client, cast, complain):
    complain(name="=HYPERLINK(\"http://x\")", email="f@example.com")
    client.force_login(cast.monitoring_officer)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("complaints-export")).content.decode())))
    assert rows[0]["Complainant"].startswith("'=")


def test_when_the_mo_refuses_to_withhold_the_subject_is_told_who_complained(client, cast, complain):
    complaint = complain(name=NAME, email=EMAIL, withhold=True, withhold_reason="Neighbours.")
    mo = cast.monitoring_officer
    svc.complaint_acknowledge(complaint=complaint, actor=mo, now=at(24))
    svc.complaint_identity_decide(complaint=complaint, actor=mo, withhold=False, reasons="Needed to respond.",
                                  now=at(24))
    svc.complaint_subject_tell(complaint=complaint, actor=mo, summary="s", now=at(24))
    assert f"The complaint was made by {NAME}." in Notification.objects.filter(recipient=cast.councillor).last().body


def test_the_identity_decision_is_emailed_to_the_complainant(cast, complain, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    complaint = complain(name=NAME, email=EMAIL, withhold=True, withhold_reason="Neighbours.")
    with django_capture_on_commit_callbacks(execute=True):
        svc.complaint_identity_decide(complaint=complaint, actor=cast.monitoring_officer, withhold=True,
                                      reasons="Risk of reprisal.", now=at(24))
    [email] = [m for m in mailoutbox if m.to == [EMAIL]]
    assert "agreed to withhold your identity" in email.body and "Risk of reprisal." in email.body


def test_only_the_monitoring_officer_serving_the_council_opens_the_complaint(client, cast, withheld):
    url = reverse("complaint-work", args=["ashford-market", withheld.case.reference])
    for person in (cast.clerk, cast.officer, cast.chair, cast.other_councillor, cast.outsider, cast.other_clerk,
                   cast.independent_person):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(cast.deputy_monitoring_officer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_the_mo_page_shows_the_complainant_and_records_the_view(client, cast, withheld):
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("complaint-work", args=["ashford-market", withheld.case.reference])).content.decode()
    assert NAME in html and EMAIL in html and "Withheld from the councillor" in html
    assert withheld.case.events.filter(kind="viewed", actor=cast.monitoring_officer).exists()
