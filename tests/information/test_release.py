"""Release: the councillor sees it with its purpose; other members are told it was given (not what it was)
unless it is minor, and may ask for a copy (003 7.2); one group's information likely to be cited at a
meeting is offered to every group (000 15.6); a committee chair's confidential briefing stays confidential."""

import pytest
import time_machine

from accounts.models import Membership, OfficeTerm
from casework.models import CopyRequest, DomainError, InformationRelease
from casework.services import information as svc
from tests.factories import MembershipFactory, OfficeTermFactory, UserFactory
from tests.information.conftest import THU, TUE_NEXT, info_url, notes, url

pytestmark = pytest.mark.django_db

SECRET = "Tender A scored 72; tender B scored 64; tender C scored 58."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TUE_NEXT, tick=False):
        yield


def test_release_completes_the_clock_and_the_councillor_reads_it_with_its_purpose(client, cast, released):
    case = released()
    assert case.status == "responded"
    assert case.information_request.outcome == "released"
    assert svc.response_deadline(case).state == "met"
    told = notes(cast.councillor, case)[-1]
    assert told.subject == "INF-2026-0001: The information you asked for"
    assert told.url == f"/councils/ashford-market/information/{case.reference}/"
    assert SECRET not in told.body  # the content is read in the portal, never sent by email
    client.force_login(cast.councillor)
    html = client.get(info_url(case)).content.decode()
    assert SECRET in html
    assert "The purpose it was given for" in html
    assert "To scrutinise the award at the Finance Committee." in html


def test_other_members_are_told_that_information_was_given_not_what_it_was(cast, released):
    case = released(notice="Scores for the grounds maintenance tender")
    told = {n.recipient for n in notes_about(case) if n.subject.endswith("Information given to a member")}
    assert told == {cast.other_councillor, cast.chair, cast.vice_chair}
    for note in notes_about(case):
        assert SECRET not in note.body
    body = notes(cast.other_councillor, case)[-1].body
    assert body == (
        "Information was given to Cllr Alice Adams on Thursday 5 November 2026: Scores for the grounds maintenance "
        "tender. You may ask for a copy."
    )
    event = case.events.get(data__step="members_told")
    assert event.summary == (
        "3 other members told that information was given (not what it was); each may ask for a copy."
    )


def notes_about(case):
    from casework.models import Notification

    return list(Notification.objects.filter(case=case))


def test_minor_information_is_not_announced(cast, released):
    case = released(minor=True)
    assert notes(cast.other_councillor, case) == []
    assert case.events.get(data__step="members_not_told").summary == "Other members were not told: the officer marked it minor."


def test_a_confidential_briefing_is_only_for_a_committee_chair(cast, open_request, determine):
    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")
    with pytest.raises(DomainError, match="Only a committee chair can be given a confidential briefing"):
        svc.information_release(case=case, officer=cast.clerk, body=SECRET, confidential_briefing=True, now=THU)
    assert not InformationRelease.objects.exists()


def test_a_committee_chairs_confidential_briefing_stays_confidential(client, cast, open_request, determine):
    OfficeTermFactory(
        council=cast.council, office=OfficeTerm.Office.COMMITTEE_CHAIR, committee="Finance Committee",
        holder=cast.councillor,
    )
    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="presumed", committee="Finance Committee")
    svc.information_release(case=case, officer=cast.clerk, body=SECRET, confidential_briefing=True, now=THU)
    assert notes(cast.other_councillor, case) == []
    assert case.events.get(data__step="members_not_told").summary == (
        "Other members were not told: it is a confidential briefing for a committee chair."
    )
    client.force_login(cast.other_councillor)
    assert client.get(info_url(case)).status_code == 404
    assert client.get("/councils/ashford-market/information/given").content.decode().count(case.reference) == 0


def test_another_member_asks_for_a_copy_and_sees_it_only_once_granted(client, cast, released):
    case = released()
    client.force_login(cast.other_councillor)
    page = client.get(info_url(case)).content.decode()
    assert "Information was given to Cllr Alice Adams on 5 November 2026" in page
    assert SECRET not in page
    assert client.post(info_url(case, "copy"), {}).status_code == 400  # must confirm use for their duties
    assert client.post(info_url(case, "copy"), {"copy-use_for_duties": "on"}).status_code == 302
    again = client.post(info_url(case, "copy"), {"copy-use_for_duties": "on"})
    assert again.status_code == 409
    assert "You have already asked for a copy" in again.content.decode()
    page = client.get(info_url(case)).content.decode()
    assert "Waiting for the officer" in page and SECRET not in page
    copy = CopyRequest.objects.get()
    assert case.events.get(data__step="copy_requested").summary == "Cllr Bob Brown asked for a copy of the information given."
    assert notes(cast.clerk, case)[-1].subject == "INF-2026-0001: A member asks for a copy"

    client.force_login(cast.clerk)
    response = client.post(info_url(case, f"copies/{copy.pk}"), {f"copy-{copy.pk}-grant": "yes"})
    assert response.status_code == 302
    client.force_login(cast.other_councillor)
    page = client.get(info_url(case)).content.decode()
    assert SECRET in page
    assert "A copy given to you on 10 November 2026" in page
    assert "To scrutinise the award at the Finance Committee." in page  # with the purpose it was given for
    told = notes(cast.other_councillor, case)[-1]
    assert told.subject == "INF-2026-0001: Your request for a copy"
    assert told.url == info_url(case)


def test_refusing_a_copy_needs_a_reason_and_tells_the_member(client, cast, released):
    case = released()
    copy = svc.copy_request_open(release=case.information_request.release, councillor=cast.other_councillor, now=TUE_NEXT)
    client.force_login(cast.clerk)
    response = client.post(info_url(case, f"copies/{copy.pk}"), {f"copy-{copy.pk}-grant": "no"})
    assert response.status_code == 400
    assert "Give the reason for refusing the copy." in response.content.decode()
    response = client.post(
        info_url(case, f"copies/{copy.pk}"),
        {f"copy-{copy.pk}-grant": "no", f"copy-{copy.pk}-reason": "It concerns a live tender"},
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.refused and copy.refused_reason == "It concerns a live tender"
    assert "It concerns a live tender" in notes(cast.other_councillor, case)[-1].body
    client.force_login(cast.other_councillor)
    assert SECRET not in client.get(info_url(case)).content.decode()


def test_information_likely_to_be_cited_is_offered_to_each_other_groups_leader(cast, released):
    # The requester is Green; Labour has a leader; the Liberal Democrats have none, so their first councillor.
    labour_leader = cast.vice_chair
    OfficeTermFactory(
        council=cast.council, office=OfficeTerm.Office.GROUP_LEADER, committee="Labour Group", holder=labour_leader
    )
    libdem = UserFactory(email="libdem@example.org", full_name="Cllr Lena Lib")
    MembershipFactory(user=libdem, council=cast.council, role=Membership.Role.COUNCILLOR, group="Liberal Democrat")
    independent = UserFactory(email="ind@example.org", full_name="Cllr Ian Independent")
    MembershipFactory(user=independent, council=cast.council, role=Membership.Role.COUNCILLOR, group="Independent")
    case = released(offer_all_groups=True)
    offered = {c.councillor for c in CopyRequest.objects.filter(offered=True)}
    assert offered == {labour_leader, libdem}
    assert all(c.granted for c in CopyRequest.objects.all())
    event = case.events.get(data__step="offered_to_groups")
    assert event.summary == (
        "Offered to every group as likely to be cited at a meeting (protocol 15.6): "
        "Labour (Cllr Victor Vice), Liberal Democrat (Cllr Lena Lib)."
    )
    assert (event.clause, event.clause_anchor) == ("15.6", "c-15-6")
    assert notes(libdem, case)[-1].subject == "INF-2026-0001: Information offered to your group"
    # Those offered a copy are not told twice; the rest of the members are told as usual.
    assert [n.subject for n in notes(labour_leader, case)] == ["INF-2026-0001: Information offered to your group"]
    assert notes(cast.other_councillor, case)[-1].subject == "INF-2026-0001: Information given to a member"


def test_the_offered_group_leader_reads_the_copy(client, cast, released):
    OfficeTermFactory(
        council=cast.council, office=OfficeTerm.Office.GROUP_LEADER, committee="Labour Group", holder=cast.vice_chair
    )
    case = released(offer_all_groups=True, minor=True)
    client.force_login(cast.vice_chair)
    html = client.get(info_url(case)).content.decode()
    assert SECRET in html
    assert "A copy offered to your group" in html


def test_confidential_information_cannot_also_be_offered_to_every_group(client, cast, open_request, determine):
    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")
    client.force_login(cast.clerk)
    response = client.post(
        info_url(case, "release"),
        {
            "release-version": case.version,
            "release-body": SECRET,
            "release-purpose": "To scrutinise",
            "release-notice": "Scores",
            "release-undertaking_required": "on",
            "release-offer_all_groups": "on",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot also be offered to every group" in html
    assert SECRET in html  # what was typed is kept
    assert not InformationRelease.objects.exists()


def test_release_before_the_determination_is_refused(client, cast, open_request):
    case = open_request()
    client.force_login(cast.clerk)
    response = client.post(
        info_url(case, "release"),
        {"release-version": case.version, "release-body": SECRET, "release-purpose": "x", "release-notice": "x"},
    )
    assert response.status_code == 409
    assert "Record the determination before releasing the information." in response.content.decode()


def test_the_case_page_links_to_the_information_and_shows_who_was_told(client, cast, released):
    case = released()
    client.force_login(cast.clerk)
    html = client.get(url(case)).content.decode()
    assert f'href="/councils/ashford-market/information/{case.reference}/"' in html
    assert "Other members were told that information was given" in html
    assert SECRET not in html  # the case page never shows the content itself


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_documents_given_with_the_information_sit_behind_the_same_gate(client, cast, open_request, determine, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")
    client.force_login(cast.clerk)
    response = client.post(
        info_url(case, "release"),
        {
            "release-version": case.version,
            "release-body": "The scoring sheets are attached.",
            "release-purpose": "To scrutinise the award",
            "release-notice": "Tender scoring sheets",
            "release-documents": [SimpleUploadedFile("Scoring sheets.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    release = InformationRelease.objects.get()
    document = release.documents.get()
    assert (document.original_name, document.content_type, document.case) == ("Scoring sheets.pdf", "application/pdf", case)
    assert case.events.get(data__step="released").summary.endswith("(with 1 document).")
    path = info_url(case, f"documents/{document.pk}")
    client.force_login(cast.councillor)
    assert "Scoring sheets.pdf" in client.get(info_url(case)).content.decode()
    download = client.get(path)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="Scoring-sheets.pdf"')
    assert b"".join(download.streaming_content) == PDF
    # Another member told of it cannot open the file until a copy is granted.
    client.force_login(cast.other_councillor)
    assert client.get(path).status_code == 404
    copy = svc.copy_request_open(release=release, councillor=cast.other_councillor, now=TUE_NEXT)
    svc.copy_request_decide(copy=copy, officer=cast.clerk, grant=True, reason="", now=TUE_NEXT)
    assert client.get(path).status_code == 200
    for who in ("outsider", "other_clerk"):
        client.force_login(getattr(cast, who))
        assert client.get(path).status_code == 404


def test_information_under_an_undertaking_cannot_carry_files(client, cast, open_request, determine, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = open_request()
    determine(case, action=svc.Action.RELEASE, need_to_know="demonstrated")
    client.force_login(cast.clerk)
    response = client.post(
        info_url(case, "release"),
        {
            "release-version": case.version,
            "release-body": SECRET,
            "release-purpose": "To scrutinise the award",
            "release-notice": "Tender scores",
            "release-undertaking_required": "on",
            "release-documents": [SimpleUploadedFile("Scores.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 400
    assert "cannot carry files" in response.content.decode()
    assert not InformationRelease.objects.exists()
