"""Pieces the complaints services share: arrangements, citations, conflicts, notices and emails."""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Council, Membership, User
from accounts.selectors import roles_at
from casework.calendar import calendar_for_council
from casework.models import Case, CaseEvent, DomainError, Notification, ProtocolProfile
from casework.routing import conflicts_for
from casework.services.common import notify

from ..models import DEFAULT_ARRANGEMENTS, ComplainantEmail, Complaint, ComplaintArrangements

log = logging.getLogger(__name__)


def arrangements_for(council: Council) -> ComplaintArrangements:
    """The council's own arrangements, else its principal council's, else the defaults (unsaved)."""
    ids = [council.pk] + ([council.principal_council_id] if council.principal_council_id else [])
    rows = {row.council_id: row for row in ComplaintArrangements.objects.filter(council_id__in=ids)}
    found = rows.get(council.pk) or rows.get(council.principal_council_id)
    return found or ComplaintArrangements(council=council.monitoring_council, **DEFAULT_ARRANGEMENTS)


def source_of(profile: ProtocolProfile, setting: str) -> tuple[str, str]:
    """(clause, anchor) of the clause a profile setting comes from; blank where the protocol is silent."""
    source = profile.source(setting)
    return source.get("clause", ""), source.get("anchor", "")


def cite_text(clause: str) -> str:
    return f" (protocol {clause})" if clause else ""


def conflict_refusal(case: Case, user: User, *, doing: str) -> None:
    """Refuse (DomainError, shown with HTTP 409) anyone who is the subject, the reporter or has an interest."""
    reason = conflicts_for(case).get(user.pk)
    if reason:
        raise DomainError(f"{user} {reason}, so cannot {doing}. Someone else must act on it.")


def staff_role_at(user: User, council: Council, on: dt.date) -> bool:
    roles = roles_at(user=user, council=council, on=on)
    return roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER)


def notify_people(
    *,
    recipients: Iterable[User | None],
    case: Case,
    event: CaseEvent | None,
    subject: str,
    body: str,
    url: str,
    now: dt.datetime,
    urgent: bool = False,
) -> list[Notification]:
    """casework's notify, linking to the page this person may open (e.g. the subject's page)."""
    return notify(
        recipients=recipients,
        case=case,
        event=event,
        subject=subject,
        body=body,
        now=now,
        calendar=calendar_for_council(case.council),
        urgent=urgent,
        url=url,
    )


def absolute(url: str) -> str:
    """A link for an email: absolute when settings.PORTAL_BASE_URL is set (e.g. https://portal.example.gov.uk)."""
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if base else url


def work_url(case: Case) -> str:
    return reverse("complaint-work", kwargs={"slug": case.council.slug, "reference": case.reference})


def case_page_url(case: Case) -> str:
    return reverse("case-detail", kwargs={"slug": case.council.slug, "reference": case.reference})


# --- emails to complainants (who may have no login) -------------------------------------


def email_complainant(*, complaint: Complaint, template: str, context: dict, now: dt.datetime) -> ComplainantEmail:
    """Write the email in the caller's transaction; send it once that commits.

    Templates: complaints/emails/<template>_subject.txt, _body.txt and _body.html.
    """
    context = {"complaint": complaint, "case": complaint.case, **context}
    subject = " ".join(render_to_string(f"complaints/emails/{template}_subject.txt", context).split())[:200]
    email = ComplainantEmail.objects.create(
        complaint=complaint,
        to=complaint.complainant_email,
        subject=subject,
        body=render_to_string(f"complaints/emails/{template}_body.txt", context),
        html_body=render_to_string(f"complaints/emails/{template}_body.html", context),
        created_at=now,
    )
    transaction.on_commit(lambda: complainant_email_send(email_id=email.pk))
    return email


def complainant_email_send(*, email_id: int, now: dt.datetime | None = None) -> bool:
    """Send one pending email; record sent or failed. Returns whether it was sent.

    The conditional update claims the row first, so a second call never sends it twice.
    """
    from django.utils import timezone

    now = now or timezone.now()
    claimed = ComplainantEmail.objects.filter(pk=email_id, delivery=ComplainantEmail.Delivery.PENDING).update(
        delivery=ComplainantEmail.Delivery.SENT, sent_at=now, last_error=""
    )
    if not claimed:
        return False
    email = ComplainantEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body, None, [email.to])
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # recorded for the Monitoring Officer to see, never raised into the request
        log.warning("Email %s to a complainant not delivered: %s", email.pk, exc)
        ComplainantEmail.objects.filter(pk=email.pk).update(
            delivery=ComplainantEmail.Delivery.FAILED, sent_at=None, last_error=f"{exc.__class__.__name__}: {exc}"[:500]
        )
        return False
    return True


def complainant_email_retry(*, email: ComplainantEmail) -> None:
    """Put a failed email back in the queue and try again after the transaction commits."""
    if email.delivery != ComplainantEmail.Delivery.FAILED:
        raise DomainError("Only an email that failed can be sent again.")
    ComplainantEmail.objects.filter(pk=email.pk).update(delivery=ComplainantEmail.Delivery.PENDING)
    transaction.on_commit(lambda: complainant_email_send(email_id=email.pk))
