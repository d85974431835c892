"""Correspondence on a case. There is no Bcc: every recipient is recorded and shown to all (002 12.2–12.3)."""

import datetime as dt

from django.db import transaction

from accounts.models import User

from ..calendar import calendar_for_council
from ..models import Case, CaseEvent, DomainError, Message, MessageRecipient
from .common import notify, record_event


@transaction.atomic
def message_send(
    *,
    case: Case,
    sender: User,
    body: str,
    to: list[User],
    now: dt.datetime,
    cc: list[User] | None = None,
) -> Message:
    cc = [person for person in (cc or []) if person not in to and person != sender]
    to = [person for person in to if person != sender]
    if not body.strip():
        raise DomainError("Write a message before sending it.")
    if not to:
        raise DomainError("Choose at least one recipient.")
    message = Message.objects.create(case=case, sender=sender, sent_at=now, body=body)
    MessageRecipient.objects.bulk_create(
        [MessageRecipient(message=message, user=p, kind=MessageRecipient.Kind.TO) for p in to]
        + [MessageRecipient(message=message, user=p, kind=MessageRecipient.Kind.CC) for p in cc]
    )
    to_names = ", ".join(str(p) for p in to)
    copied = f"; copied to {', '.join(str(p) for p in cc)}" if cc else ""
    event = record_event(
        case=case,
        kind=CaseEvent.Kind.MESSAGE,
        summary=f"{sender} wrote to {to_names}{copied}",
        at=now,
        actor=sender,
        clause="12.2" if cc else "",
        data={"message": message.pk, "to": [p.pk for p in to], "cc": [p.pk for p in cc]},
    )
    notify(
        recipients=[*to, *cc],
        case=case,
        event=event,
        subject=f"Message from {sender}",
        body=f"{body}\n\nTo: {to_names}" + (f"\nCopied to: {', '.join(str(p) for p in cc)}" if cc else ""),
        now=now,
        calendar=calendar_for_council(case.council),
        urgent=case.urgent,
    )
    return message
