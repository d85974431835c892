"""Each role's home page at a council: what they will work on, soonest due first."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import council_for
from accounts.models import OfficeTerm

from ..calendar import add_working_days, calendar_for_council, end_of_day
from ..models import Case
from ..selectors import (
    QUEUE_LIMIT,
    assigned_queue,
    clerk_queue,
    councillor_enquiries,
    councillor_information_requests,
    failed_deliveries,
    information_request_queue,
    queue_rows,
    routed_queue,
)

CHAIR_KINDS = (Case.Kind.BREACH_REPORT, Case.Kind.REFERRAL)


@login_required
def council_home(request, slug):
    council, roles = council_for(request, slug)
    if roles.is_monitoring_officer and not roles.membership:
        # The MO of the principal council works from the cross-council dashboard.
        return redirect("monitoring-home")
    now = timezone.now()
    # "Due soon": by the end of the second working day from today (the reminder's horizon).
    soon_until = end_of_day(add_working_days(timezone.localdate(), 2, calendar_for_council(council)).due)

    def rows(qs):
        return queue_rows(list(qs[:QUEUE_LIMIT]), now=now, soon_until=soon_until)

    context = {"council": council, "roles": roles, "now": now}
    if roles.is_chair:
        template = "accounts/home_chair.html"
        chair_offices = (OfficeTerm.Office.CHAIR, OfficeTerm.Office.VICE_CHAIR)
        context["chair_office"] = next(term for term in roles.offices if term.office in chair_offices)
        context["awaiting_breach"] = rows(routed_queue(council=council, user=request.user, kinds=[Case.Kind.BREACH_REPORT]))
        context["awaiting_referral"] = rows(routed_queue(council=council, user=request.user, kinds=[Case.Kind.REFERRAL]))
    elif roles.has("clerk"):
        template = "accounts/home_clerk.html"
        context["queue"] = rows(clerk_queue(council=council))
        context["failed"] = list(failed_deliveries(council=council)[:50])
        context["information_queue"] = rows(information_request_queue(council=council))
    elif roles.has("officer"):
        template = "accounts/home_officer.html"
        context["queue"] = rows(assigned_queue(council=council, user=request.user))
        context["information_queue"] = rows(information_request_queue(council=council))
    elif roles.is_monitoring_officer:
        return redirect("monitoring-home")
    elif roles.has("councillor"):
        template = "accounts/home_councillor.html"
    else:
        template = "accounts/home_member.html"
    if roles.has("councillor"):
        # Each with its status, due date and latest message (one query).
        context["my_enquiries"] = list(councillor_enquiries(council=council, user=request.user)[:50])
        # Each with its outcome so far (one query).
        context["my_requests"] = list(councillor_information_requests(council=council, user=request.user)[:50])
    return render(request, template, context)
