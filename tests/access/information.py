"""Access rows for information requests and referrals to the Chair (issue 5).

The sample objects, all at cast.council and raised by cast.councillor (none exists at the other council):
- `info_request`: a request awaiting the Clerk's determination;
- `info_released`: a request released to the councillor, announced to other members, with a copy
  asked for by cast.other_councillor (`copy`);
- `referral`: a referral of a third request, routed to the Chair and awaiting the decision.
POSTs are sent empty: someone allowed to act gets 400 (the form is checked after access), so the walk
changes nothing; someone who may see a referral but not decide it gets 409 with the reason.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from casework.models import Attachment
from casework.services import information as svc
from tests.access.vocabulary import LOGIN, NOT_FOUND, OK, OTHER_COUNCIL_ROLES, Expect, ok_containing

NOWHERE_ELSE = {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": LOGIN}
SECRET = "Tender A scored 72; tender B scored 64."
BAD_REQUEST = Expect(400)
# A stored file the walk reuses, so running the tests does not pile up files.
SAMPLE_FILE = "attachments/access-walk/scoring-sheets"


def objects(cast, now):
    received = now - dt.timedelta(hours=2)

    def request(subject):
        return svc.information_request_open(
            council=cast.council,
            councillor=cast.councillor,
            subject=subject,
            what_wanted="The scoring sheets for each tender.",
            purpose="To scrutinise the award at the Finance Committee.",
            need_to_know="I sit on the Finance Committee.",
            received_at=received,
            now=now,
        )

    def determine(case, action, need):
        svc.information_request_determine(
            case=case, officer=cast.clerk, publicly_available=False, need_to_know=need,
            third_party_personal_data=False, action=action, now=now,
        )
        case.refresh_from_db()
        return case

    pending = request("Play area inspection reports")
    released = determine(request("Tender scores for the grounds contract"), svc.Action.RELEASE, "demonstrated")
    release = svc.information_release(case=released, officer=cast.clerk, body=SECRET, now=now)
    if not default_storage.exists(SAMPLE_FILE):
        default_storage.save(SAMPLE_FILE, ContentFile(b"%PDF-1.4\n% scoring sheets\n"))
    document = Attachment.objects.create(
        case=released, file=SAMPLE_FILE, original_name="Scoring sheets.pdf", download_name="Scoring-sheets.pdf",
        content_type="application/pdf", size=27, uploaded_by=cast.clerk, uploaded_at=now,
    )
    release.documents.add(document)
    copy = svc.copy_request_open(release=release, councillor=cast.other_councillor, now=now)
    referred = determine(request("Legal advice on the market charter"), svc.Action.REFER, "not_demonstrated")
    return {
        "info_request": pending,
        "info_released": released,
        "copy": copy,
        "document": document,
        "referral": svc.referral_of(referred),
    }


def _only(allowed: dict, *, method: str = "get", kwargs: dict | None = None) -> dict:
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
        row["data"] = {}
    if kwargs:
        row["kwargs"] = kwargs
    return row


PENDING = {"reference": "{info_request.reference}"}
RELEASED = {"reference": "{info_released.reference}"}
REFERRAL = {"reference": "{referral.reference}"}
# Who works a request: the Clerk it is routed to, and the Monitoring Officer (an officer once assigned).
WORKERS = {"clerk": BAD_REQUEST, "monitoring_officer": BAD_REQUEST}

EXPECTATIONS = {
    # Every councillor (the Chair and Vice-Chair too) asks for information; nobody else does.
    "information-request-new": _only({
        "councillor": ok_containing("The rules of use"),
        "chair": OK,
        "vice_chair": OK,
    }),
    # Every member of the council sees that information was given (never what it was).
    "information-given": {
        **_only({
            role: ok_containing("Information given to members")
            for role in ("councillor", "clerk", "officer", "chair", "vice_chair", "monitoring_officer")
        }),
        "other_council": {
            **NOWHERE_ELSE,
            "monitoring_officer": OK,
            "other_clerk": ok_containing("Information given to members"),
        },
    },
    # The content: the councillor it was given to and staff; other councillors see only the notice.
    "information-release": _only(
        {
            "councillor": ok_containing(SECRET),
            "clerk": ok_containing(SECRET),
            "officer": ok_containing(SECRET),
            "monitoring_officer": ok_containing(SECRET),
            "chair": ok_containing("Ask for a copy"),
            "vice_chair": ok_containing("Ask for a copy"),
        },
        kwargs=RELEASED,
    ),
    # A file given with it: the same gate, except that a notice gives no file at all.
    "information-document": _only(
        {"councillor": OK, "clerk": OK, "officer": OK, "monitoring_officer": OK},
        kwargs={**RELEASED, "attachment": "{document.pk}"},
    ),
    "information-determine": _only(WORKERS, method="post", kwargs=PENDING),
    "information-give": _only(WORKERS, method="post", kwargs=PENDING),
    "information-onward-outcome": _only(WORKERS, method="post", kwargs=PENDING),
    "information-copy-decide": _only(WORKERS, method="post", kwargs={**RELEASED, "copy_id": "{copy.pk}"}),
    # Only the councillor it was given to accepts an undertaking.
    "information-undertaking": _only({"councillor": BAD_REQUEST}, method="post", kwargs=RELEASED),
    # Other councillors told of it may ask for a copy.
    "information-copy-request": _only({"chair": BAD_REQUEST, "vice_chair": BAD_REQUEST}, method="post", kwargs=RELEASED),
    # The Chair it is routed to decides; others who can see the confidential referral are refused with the reason.
    "referral-decide": _only(
        {"chair": BAD_REQUEST, "councillor": Expect(409), "monitoring_officer": Expect(409)},
        method="post",
        kwargs=REFERRAL,
    ),
    # The decider or the councillor who asked may ask the Monitoring Officer's advice (002 9.3).
    "referral-advice": _only({"chair": BAD_REQUEST, "councillor": BAD_REQUEST}, method="post", kwargs=REFERRAL),
    # Only the decider can declare an interest and pass it on.
    "referral-interest": _only({"chair": BAD_REQUEST}, method="post", kwargs=REFERRAL),
}
