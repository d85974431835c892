"""Access rows for complaints and concerns (issue 7).

The sample objects, all at cast.council (none exist at the other council):
- `breach`: a breach report by cast.officer about cast.other_councillor, routed to the Chair;
- `concern`: a concern by cast.councillor about cast.officer, routed to the Clerk;
- `complaint`: a Code of Conduct complaint from a member of the public about cast.councillor,
  acknowledged and the councillor told (so the councillor has their own page on it);
- `published`: a concluded complaint about cast.other_councillor with a published decision notice;
- `complaint_token`: the secret in the complainant's emails (the review request page).
The MO's stage actions are POSTed empty: the MO gets 400 (the form is checked after access).
"""

import uuid

from complaints.services.breaches import breach_report_open
from complaints.services.complaints import (
    complaint_acknowledge,
    complaint_assess,
    complaint_ip_view_record,
    complaint_outcome_send,
    complaint_subject_tell,
    complaint_submit,
    decision_notice_publish,
    decision_notice_write,
)
from complaints.services.concerns import concern_raise
from complaints.views.complaints import ACTIONS
from tests.access.vocabulary import (
    LOGIN,
    NOT_FOUND,
    OK,
    OTHER_COUNCIL_ROLES,
    ROLES,
    Expect,
    ok_containing,
    to,
)

NOWHERE_ELSE = {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": LOGIN}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def objects(cast, now):
    profile = cast.council.protocol_profile
    clause = profile.clauses.get(number="10.1")
    breach = breach_report_open(
        council=cast.council, reporter=cast.officer, subject_person=cast.other_councillor,
        details="Asked me to change a report.", occurred_on=now.date(), clauses=[clause], now=now,
    )
    concern = concern_raise(council=cast.council, raiser=cast.councillor, about="officer",
                            subject_person=cast.officer, details="No replies for a month.", now=now)
    complaint, _ = complaint_submit(
        council=cast.council, subject_person=cast.councillor, complainant_kind="public", name="Pat Public",
        email="pat@example.com", details="Shouted at me.", token=uuid.uuid4(), now=now,
    )
    complaint_acknowledge(complaint=complaint, actor=cast.monitoring_officer, now=now)
    complaint_subject_tell(complaint=complaint, actor=cast.monitoring_officer, summary="It is alleged you shouted.",
                           now=now)
    published, _ = complaint_submit(
        council=cast.council, subject_person=cast.other_councillor, complainant_kind="public", name="Sam Someone",
        email="sam@example.com", details="Rude at the fete.", token=uuid.uuid4(), now=now,
    )
    mo = cast.monitoring_officer
    complaint_acknowledge(complaint=published, actor=mo, now=now)
    complaint_subject_tell(complaint=published, actor=mo, summary="It is alleged you were rude.", now=now)
    complaint_ip_view_record(complaint=published, actor=mo, independent_person=cast.independent_person,
                             consulted_on=now.date(), views="No breach.", now=now)
    complaint_assess(complaint=published, actor=mo, decision="no_action", reasons="Minor.", now=now)
    complaint_outcome_send(complaint=published, actor=mo, now=now)
    decision_notice_write(complaint=published, actor=mo, summary="No further action.", now=now)
    decision_notice_publish(complaint=published, actor=mo, now=now)
    return {
        "breach": breach,
        "concern": concern,
        "complaint": complaint.case,
        "published": published.case,
        "complaint_token": str(complaint.access_token),
    }


def _row(allowed: dict, *, other: dict | None = None, method: str = "get", kwargs: dict | None = None,
         anonymous: Expect = LOGIN) -> dict:
    """The roles in `allowed` get what it says; every other signed-in role gets 404."""
    row = {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, NOT_FOUND), **allowed}
    row["other_council"] = other if other is not None else NOWHERE_ELSE
    if method != "get":
        row["method"], row["data"] = method, {}
    if kwargs:
        row["kwargs"] = kwargs
    return row


def _other(allowed: dict, anonymous: Expect = LOGIN) -> dict:
    return {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": anonymous, **allowed}


EVERYONE_OK = dict.fromkeys(ROLES, OK)
BREACH = {"reference": "{breach.reference}"}
CONCERN = {"reference": "{concern.reference}"}
COMPLAINT = {"reference": "{complaint.reference}"}
PUBLISHED = {"reference": "{published.reference}"}
MEMBERS = ("councillor", "clerk", "officer", "chair", "vice_chair")

EXPECTATIONS = {
    # The MO's CSV of every complaint at the councils they serve (withheld complainants not named).
    "complaints-export": {
        "anonymous": LOGIN, **dict.fromkeys(SIGNED_IN, NOT_FOUND),
        "monitoring_officer": ok_containing("Reference,Council,Received"),
    },
    # Anyone with a role at the council: what they may report, and what they have reported.
    "complaints-hub": _row(
        {**dict.fromkeys(MEMBERS, ok_containing("Complaints and concerns")), "monitoring_officer": OK},
        other=_other({"monitoring_officer": OK, "other_clerk": OK}),
    ),
    # 000 18.1/18.2: councillors and staff of the council report breaches.
    "breach-report-new": _row(
        dict.fromkeys(MEMBERS, ok_containing("Report a breach of the protocol")),
        other=_other({"other_clerk": OK}),
    ),
    # Only the person a report is routed to decides it (here the Chair).
    "breach-report-decide": _row({"chair": ok_containing("Decide BRE-")}, kwargs=BREACH),
    "breach-report-interest": _row({"chair": Expect(400)}, method="post", kwargs=BREACH),
    # 000 4.6: staff working the enquiry (the Clerk; the Monitoring Officer) flag its contact.
    "contact-flag": _row(
        {"clerk": ok_containing("Report non-compliant contact"), "monitoring_officer": OK},
    ),
    # The public complaint form needs no login, at any council taking complaints.
    "complaint-new": {
        **dict.fromkeys(ROLES, ok_containing("Complain about a councillor")),
        "other_council": dict.fromkeys(OTHER_COUNCIL_ROLES, OK),
    },
    # Without a complaint just sent in this session, back to the form.
    "complaint-received": {
        **dict.fromkeys(ROLES, to("complaint-new", slug="{council.slug}")),
        "other_council": dict.fromkeys(OTHER_COUNCIL_ROLES, to("complaint-new", slug="{council.slug}")),
    },
    # The Monitoring Officer's page for one complaint, and each stage's action.
    "complaint-work": _row({"monitoring_officer": ok_containing("The Independent Person")}, kwargs=COMPLAINT),
    **{
        f"complaint-{action}": _row({"monitoring_officer": Expect(400)}, method="post", kwargs=COMPLAINT)
        for action in ACTIONS
    },
    # The councillor complained about, once told; never anyone else.
    "complaint-about-you": _row({"councillor": ok_containing("the complaint about you")}, kwargs=COMPLAINT),
    # The link in the complainant's emails: the secret is the key, no login.
    "complaint-review-request": {
        **dict.fromkeys(ROLES, ok_containing("Ask for a review")),
        "kwargs": {"token": "{complaint_token}"},
    },
    # Published decision notices are public.
    "decision-notices": {
        **dict.fromkeys(ROLES, ok_containing("decision notices")),
        "other_council": dict.fromkeys(OTHER_COUNCIL_ROLES, OK),
    },
    "decision-notice": {
        **dict.fromkeys(ROLES, ok_containing("No further action.")),
        "kwargs": PUBLISHED,
        "other_council": dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND),
    },
    # Councillors raise concerns about officers; councillors and officers about the Clerk; not the Clerk.
    "concern-new": _row(
        dict.fromkeys(("councillor", "officer", "chair", "vice_chair"), ok_containing("Raise a concern")),
        other=_other({}),
    ),
    # Staff lodge grievances.
    "grievance-new": _row(
        dict.fromkeys(("clerk", "officer"), ok_containing("Lodge a grievance")),
        other=_other({"other_clerk": OK}),
    ),
    # Whoever the concern was raised with (here the Clerk) records its outcome.
    "concern-outcome": _row({"clerk": ok_containing("Record the outcome")}, kwargs=CONCERN),
}
