"""Concerns about officers and the Clerk, grievances, and the hub page for all of this area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Membership
from casework.models import Case, DomainError
from casework.services.cases import StaleCase

from ..forms import ConcernForm, ConcernOutcomeForm, GrievanceForm
from ..models import Concern
from ..selectors import (
    CONCERN_KINDS,
    complaints_about,
    may_lodge_grievance,
    may_raise_concern,
    may_report_breach,
    my_reports,
    officers,
)
from ..services.concerns import concern_decide, concern_raise, grievance_lodge, may_decide_concern
from .common import case_of_kind, council_with_protocol, today


@login_required
def hub(request, slug):
    """What this person can report here, and what they have reported."""
    council, roles = council_with_protocol(request, slug)
    context = {
        "council": council,
        "roles": roles,
        "may_report_breach": may_report_breach(roles),
        "may_raise_concern": may_raise_concern(roles),
        "may_lodge_grievance": may_lodge_grievance(roles),
        "is_monitoring_officer": roles.is_monitoring_officer,
        "mine": list(my_reports(council=council, user=request.user)[:100]),
        "about_me": list(complaints_about(council=council, user=request.user)[:50]),
    }
    return render(request, "complaints/hub.html", context)


@login_required
def concern_new(request, slug):
    council, roles = council_with_protocol(request, slug)
    if not may_raise_concern(roles):
        raise Http404("No such page")
    # Concerns about an officer come from councillors (001 10.2.1); anyone but the Clerk may raise one about the Clerk.
    allow_officer = roles.has(Membership.Role.COUNCILLOR)
    form = ConcernForm(
        request.POST or None,
        officers=officers(council=council, on=today(), exclude=request.user),
        allow_officer=allow_officer,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = concern_raise(
                    council=council,
                    raiser=request.user,
                    about=data["about"],
                    subject_person=data["subject_person"] if data["about"] == "officer" else None,
                    details=data["details"],
                    occurred_on=data["occurred_on"],
                    now=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                told = ", ".join(case.concern.told_offices) or "nobody (the reason is on the case)"
                messages.success(request, f"Your concern {case.reference} has been raised with: {told}.")
                return redirect("case-detail", slug=slug, reference=case.reference)
    return render(request, "complaints/concern_form.html", {"council": council, "form": form}, status=status)


@login_required
def grievance_new(request, slug):
    council, roles = council_with_protocol(request, slug)
    if not may_lodge_grievance(roles):
        raise Http404("No such page")
    form = GrievanceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = grievance_lodge(
                    council=council,
                    raiser=request.user,
                    details=form.cleaned_data["details"],
                    occurred_on=form.cleaned_data["occurred_on"],
                    now=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, f"Your grievance {case.reference} is recorded.")
                return redirect("case-detail", slug=slug, reference=case.reference)
    return render(request, "complaints/grievance_form.html", {"council": council, "form": form}, status=status)


@login_required
def concern_outcome(request, slug, reference):
    council, roles, case = case_of_kind(request, slug, reference, CONCERN_KINDS)
    if not may_decide_concern(case, request.user):
        raise Http404("No such case")
    concern = Concern.objects.get(pk=case.pk)
    form = ConcernOutcomeForm(request.POST or None, initial={"version": case.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                concern_decide(
                    case=case,
                    decider=request.user,
                    outcome=form.cleaned_data["outcome"],
                    reasons=form.cleaned_data["reasons"],
                    now=timezone.now(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleCase as exc:
                messages.error(request, f"{exc} Nothing was applied.")
                status = 409
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, "The outcome is recorded and the person who raised it has been told.")
                return redirect("case-detail", slug=slug, reference=reference)
    context = {"council": council, "case": case, "concern": concern, "form": form,
               "is_grievance": case.kind == Case.Kind.GRIEVANCE}
    return render(request, "complaints/concern_outcome.html", context, status=status)
