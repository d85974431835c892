"""Access rows for councillor enquiries (issue 4) and case attachments.

The sample objects: `enquiry`, an open enquiry at cast.council raised by cast.councillor and
assigned to cast.officer, with a file on it; `replied`, an enquiry of the same councillor the
Clerk has replied to (so it can be accepted or reopened). At the other council neither exists.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from casework.models import Attachment
from casework.services.cases import case_assign
from casework.services.enquiries import enquiry_open, enquiry_reply
from tests.access.vocabulary import LOGIN, NOT_FOUND, OK, OTHER_COUNCIL_ROLES, Expect, ok_containing

NOWHERE_ELSE = {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": LOGIN}
# A stored file the walk reuses, so running the tests does not pile up files.
SAMPLE_FILE = "attachments/access-walk/site-plan"


def objects(cast, now):
    received = now - dt.timedelta(hours=2)
    common = dict(
        council=cast.council,
        councillor=cast.councillor,
        logged_by=cast.councillor,
        received_at=received,
        channel="portal",
        details="The streetlight outside 4 Mill Lane has been out for a week.",
        constituent_name="Jane Resident",
        constituent_contact="01234 567890",
        now=now,
    )
    enquiry = enquiry_open(subject="Streetlight out on Mill Lane", **common)
    case_assign(case=enquiry, assignee=cast.officer, actor=cast.clerk, now=now)
    if not default_storage.exists(SAMPLE_FILE):
        default_storage.save(SAMPLE_FILE, ContentFile(b"%PDF-1.4\n% sample\n"))
    attachment = Attachment.objects.create(
        case=enquiry,
        file=SAMPLE_FILE,
        original_name="Site plan.pdf",
        download_name="Site-plan.pdf",
        content_type="application/pdf",
        size=19,
        uploaded_by=cast.councillor,
        uploaded_at=now,
    )
    replied = enquiry_open(subject="Bench on the green", **common)
    enquiry_reply(case=replied, officer=cast.clerk, body="The bench will be repaired on Friday.", now=now)
    return {"enquiry": enquiry, "replied": replied, "attachment": attachment}


def _only(allowed: dict, *, method: str = "get", kwargs: dict | None = None, data: dict | None = None) -> dict:
    """A row: the roles in `allowed` get what it says; every other signed-in role gets 404."""
    row = {
        "anonymous": LOGIN,
        **{role: NOT_FOUND for role in ("outsider", "councillor", "clerk", "officer", "chair", "vice_chair",
                                        "monitoring_officer")},
        **allowed,
        "other_council": NOWHERE_ELSE,
    }
    if method != "get":
        row["method"] = method
        row["data"] = data or {}
    if kwargs:
        row["kwargs"] = kwargs
    return row


ENQUIRY = {"reference": "{enquiry.reference}"}
REPLIED = {"reference": "{replied.reference}"}

EXPECTATIONS = {
    # The Clerk's queue; an officer sees the same page for what is assigned to them.
    "enquiry-queue": {
        **_only({
            "clerk": ok_containing("Enquiry queue"),
            "officer": ok_containing("Enquiries assigned to you"),
        }),
        "other_council": {**NOWHERE_ELSE, "other_clerk": ok_containing("Enquiry queue")},
    },
    # The Clerk logs enquiries; every councillor (the Chair and Vice-Chair too) sends their own.
    "enquiry-new": {
        **_only({
            "clerk": ok_containing("Log a councillor"),
            "councillor": ok_containing("Send an enquiry to the Clerk"),
            "chair": OK,
            "vice_chair": OK,
        }),
        "other_council": {**NOWHERE_ELSE, "other_clerk": ok_containing("Log a councillor")},
    },
    # The Clerk and the officer it is assigned to answer it; nobody else.
    "enquiry-reply": _only({"clerk": OK, "officer": OK}, kwargs=ENQUIRY),
    "enquiry-interim": _only({"clerk": OK, "officer": OK}, kwargs=ENQUIRY),
    # Only the councillor who raised it accepts or reopens a reply (posted empty: 400, nothing changes).
    "enquiry-accept": _only({"councillor": Expect(400)}, method="post", kwargs=REPLIED),
    "enquiry-reopen": _only({"councillor": Expect(400)}, method="post", kwargs=REPLIED),
    # A file: anyone who may see the case (the councillor who raised it, staff, the MO).
    "attachment-download": _only(
        {"councillor": OK, "clerk": OK, "officer": OK, "monitoring_officer": OK},
        kwargs={**ENQUIRY, "attachment": "{attachment.pk}"},
    ),
}
