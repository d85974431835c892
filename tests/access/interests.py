"""Access rows for the register of interests (interests/urls.py).

The sample objects belong to cast.councillor at cast.council: a register whose version 1 is
accepted (with a sensitive interest) and whose version 2 is a draft with a change; a dispensation
request; and a close personal relationship the councillor disclosed with cast.officer.

Who sees what: a councillor's register, versions and dispensations — the councillor and the
Monitoring Officer; a relationship disclosure — the person who disclosed it and the Monitoring
Officer (not the officer named in it); the public register — everyone, signed in or not.
Councillors at cast.council are cast.councillor, cast.chair and cast.vice_chair.
"""

import datetime as dt
import uuid

from django.utils import timezone

from interests.models import Category
from interests.services.dispensations import dispensation_request
from interests.services.registers import draft_start, entry_save, version_accept, version_submit
from interests.services.relationships import relationship_disclose
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

COUNCILLORS = {"councillor", "chair", "vice_chair"}
NOWHERE_ELSE = {**dict.fromkeys(OTHER_COUNCIL_ROLES, NOT_FOUND), "anonymous": LOGIN}


def _row(allowed: dict[str, Expect], *, method: str = "get", data=None, kwargs=None, other=None) -> dict:
    row = {role: allowed.get(role, NOT_FOUND) for role in ROLES}
    row["anonymous"] = LOGIN
    row["other_council"] = other or NOWHERE_ELSE
    if method != "get":
        row["method"] = method
        row["data"] = data or {}
    if kwargs:
        row["kwargs"] = kwargs
    return row


def _everyone(expect: Expect) -> dict:
    return {**dict.fromkeys(ROLES, expect), "other_council": dict.fromkeys(OTHER_COUNCIL_ROLES, expect)}


MINE = to("register-mine", slug="{council.slug}")
REGISTER = {"register_id": "{register.pk}"}
VERSION = {"version_id": "{draft.pk}"}
ENTRY = {"entry_id": "{draft_entry.pk}"}
DISPENSATION = {"pk": "{dispensation.pk}"}
DISCLOSURE = {"pk": "{disclosure.pk}"}
MO_AT_BOTH = {**NOWHERE_ELSE, "monitoring_officer": OK}

EXPECTATIONS = {
    # Public: no sign-in, every council that exists.
    "register-public": _everyone(ok_containing("Register of members")),
    "register-public-csv": _everyone(OK),
    "register-public-json": _everyone(OK),
    # The councillor's own register (each councillor has their own; staff and the MO have none).
    "register-mine": _row(dict.fromkeys(COUNCILLORS, OK)),
    # A draft exists already: starting one again is the same draft.
    "register-draft-start": _row({"councillor": MINE, "chair": MINE, "vice_chair": MINE}, method="post"),
    "register-entry-add": _row({"councillor": OK, "chair": MINE, "vice_chair": MINE}),
    # Only an entry in the councillor's own draft.
    "register-entry-edit": _row({"councillor": OK}, kwargs=ENTRY),
    "register-entry-remove": _row({"councillor": MINE}, method="post", kwargs=ENTRY),
    # The councillor submits their draft; the chair has none to submit.
    "register-submit": _row({"councillor": MINE, "chair": Expect(409), "vice_chair": Expect(409)}, method="post"),
    # The draft has a change, so it cannot be "confirmed unchanged"; the chair has nothing published.
    "register-confirm": _row(dict.fromkeys(COUNCILLORS, Expect(409)), method="post"),
    "gift-add": _row(dict.fromkeys(COUNCILLORS, OK)),
    "declaration-add": _row(dict.fromkeys(COUNCILLORS, OK)),
    "dispensation-request": _row(dict.fromkeys(COUNCILLORS, OK)),
    # A councillor's register and its versions: the councillor and the Monitoring Officer.
    "register-member": _row({"councillor": MINE, "monitoring_officer": OK}, kwargs=REGISTER),
    "register-version": _row({"councillor": OK, "monitoring_officer": OK}, kwargs=VERSION),
    # A draft cannot be accepted (409); returning it needs comments (400). Only the MO reviews.
    "register-version-accept": _row({"monitoring_officer": Expect(409)}, method="post", kwargs=VERSION),
    "register-version-return": _row({"monitoring_officer": Expect(400)}, method="post", kwargs=VERSION),
    "dispensation-detail": _row({"councillor": OK, "monitoring_officer": OK}, kwargs=DISPENSATION),
    "dispensation-decide": _row({"monitoring_officer": Expect(400)}, method="post", kwargs=DISPENSATION),
    # Any councillor or member of staff of the council may disclose; the MO of the principal council has
    # no membership at the town council.
    "relationship-disclose": _row(
        {"councillor": OK, "clerk": OK, "officer": OK, "chair": OK, "vice_chair": OK},
        other={**NOWHERE_ELSE, "other_clerk": OK},
    ),
    # The disclosure: the councillor who made it and the MO — not the officer it names.
    "relationship-detail": _row({"councillor": OK, "monitoring_officer": OK}, kwargs=DISCLOSURE),
    "relationship-acknowledge": _row(
        {"monitoring_officer": to("relationship-detail", slug="{council.slug}", pk="{disclosure.pk}")},
        method="post",
        kwargs=DISCLOSURE,
    ),
    "relationship-end": _row(
        {"councillor": Expect(400), "monitoring_officer": Expect(400)}, method="post", kwargs=DISCLOSURE
    ),
    # The Monitoring Officer's pages.
    "register-overview": _row({"monitoring_officer": OK}, other=MO_AT_BOTH),
    "register-settings": _row({"monitoring_officer": OK}, other=MO_AT_BOTH),
    "register-monitoring": {
        **{role: NOT_FOUND for role in ROLES},
        "anonymous": LOGIN,
        "monitoring_officer": ok_containing("Register of interests"),
    },
}


def objects(cast, now) -> dict:
    now = now or timezone.now()
    councillor, council = cast.councillor, cast.council
    v1 = draft_start(council=council, councillor=councillor, now=now)
    entry_save(version=v1, actor=councillor, now=now, category=Category.EMPLOYMENT, whose="member",
               name="Hartley & Sons Surveyors", details="Surveyor", starts_on=dt.date(2019, 9, 1), ends_on=None,
               aware_on=None, sensitive=False, sensitive_reasons="")
    secret = entry_save(version=v1, actor=councillor, now=now, category=Category.LAND, whose="member",
                        name="Home address", details="", starts_on=None, ends_on=None, aware_on=None,
                        sensitive=True, sensitive_reasons="Harassment by a former constituent")
    version_submit(version=v1, actor=councillor, now=now)
    version_accept(version=v1, reviewer=cast.monitoring_officer, now=now, withholding={secret.pk: True})
    draft = draft_start(council=council, councillor=councillor, now=now)
    draft_entry = entry_save(version=draft, actor=councillor, now=now, category=Category.CHARITY, whose="member",
                             name="Ashford Food Bank", details="Trustee", starts_on=None, ends_on=None,
                             aware_on=timezone.localdate(), sensitive=False, sensitive_reasons="")
    dispensation = dispensation_request(
        council=council, councillor=councillor, now=now, token=uuid.uuid4(), business="Setting the precept",
        grounds="inhabitants", statement="Most members live in the parish", requested_from=timezone.localdate(),
        requested_until=timezone.localdate() + dt.timedelta(days=365),
    )
    disclosure = relationship_disclose(council=council, discloser=councillor, other_person=cast.officer,
                                       nature="partner", details="", began_on=None, now=now)
    return {
        "register": v1.register,
        "draft": draft,
        "draft_entry": draft_entry,
        "dispensation": dispensation,
        "disclosure": disclosure,
    }
