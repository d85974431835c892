"""Emails to complainants are recorded and sent once after commit; a failure is shown to the Monitoring
Officer; two copies of one form arriving at once still make one complaint."""

import uuid
from unittest import mock

import pytest
from django.urls import reverse

from casework.models import Case
from complaints.models import ComplainantEmail, Complaint
from complaints.services import complaints as svc
from complaints.services.common import complainant_email_send
from tests.complaints.conftest import NOW, at

pytestmark = pytest.mark.django_db


def test_an_email_is_sent_once_however_often_the_sender_runs(cast, complain, mailoutbox):
    complaint = complain()
    email = ComplainantEmail.objects.get(complaint=complaint)
    assert email.delivery == ComplainantEmail.Delivery.PENDING  # nothing is sent before the commit
    assert complainant_email_send(email_id=email.pk, now=at(23)) is True
    assert complainant_email_send(email_id=email.pk, now=at(23)) is False
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.delivery, email.sent_at) == (ComplainantEmail.Delivery.SENT, at(23))


def test_a_failed_email_is_recorded_and_shown_to_the_monitoring_officer(client, cast, complain, frozen):
    complaint = complain()
    email = ComplainantEmail.objects.get(complaint=complaint)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("Connection refused")):
        assert complainant_email_send(email_id=email.pk, now=NOW) is False
    email.refresh_from_db()
    assert email.delivery == ComplainantEmail.Delivery.FAILED and "Connection refused" in email.last_error
    client.force_login(cast.monitoring_officer)
    html = client.get(reverse("complaint-work", args=["ashford-market", complaint.case.reference])).content.decode()
    assert "Failed" in html and "Connection refused" in html


def test_two_copies_of_one_form_arriving_at_once_make_one_complaint(cast, complain):
    token = uuid.uuid4()
    first = complain(token=token)
    real_filter = Complaint.objects.filter
    calls = []

    def the_other_request_has_not_committed_yet(*args, **kwargs):
        calls.append(kwargs)
        return Complaint.objects.none() if len(calls) == 1 else real_filter(*args, **kwargs)

    with mock.patch.object(Complaint.objects, "filter", side_effect=the_other_request_has_not_committed_yet):
        second, created = svc.complaint_submit(
            council=cast.council, subject_person=cast.councillor, complainant_kind="public", name="Pat Public",
            email="pat@example.com", details="Again.", token=token, now=NOW,
        )
    assert created is False and second.pk == first.pk
    assert Complaint.objects.count() == 1 and Case.objects.filter(kind="complaint").count() == 1


def test_the_signed_in_complainant_is_offered_a_review_on_their_case_page(client, cast, profile, frozen):
    complaint, _ = svc.complaint_submit(
        council=cast.council, subject_person=cast.councillor, complainant_kind="councillor",
        name=cast.other_councillor.full_name, email=cast.other_councillor.email, details="Rude.",
        token=uuid.uuid4(), now=NOW, user=cast.other_councillor,
    )
    mo = cast.monitoring_officer
    svc.complaint_acknowledge(complaint=complaint, actor=mo, now=NOW)
    svc.complaint_subject_tell(complaint=complaint, actor=mo, summary="s", now=NOW)
    svc.complaint_ip_view_record(complaint=complaint, actor=mo, name="Irene", consulted_on=NOW.date(), views="v",
                                 now=NOW)
    svc.complaint_assess(complaint=complaint, actor=mo, decision="no_action", reasons="Minor.", now=NOW)
    svc.complaint_outcome_send(complaint=complaint, actor=mo, now=NOW)
    client.force_login(cast.other_councillor)
    html = client.get(reverse("case-detail", args=["ashford-market", complaint.case.reference])).content.decode()
    assert reverse("complaint-review-request", args=[complaint.access_token]) in html
    assert "Ask for a review of the decision to take no action" in html
