"""Breach reports: report one, decide one (the Chair), and flag non-compliant contact on an enquiry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Membership
from casework.models import Case, CaseEvent, DomainError
from casework.routing import conflicts_for
from casework.selectors import can_work, cases_visible_to
from casework.services.cases import StaleCase, case_record_view

from ..forms import BreachDecisionForm, BreachReportForm, ContactFlagForm, DeclareInterestForm
from ..models import BreachReport
from ..selectors import linked_cases, may_report_breach, reportable_people
from ..services.breaches import (
    breach_report_decide,
    breach_report_declare_interest,
    breach_report_open,
    contact_flag,
)
from .common import case_of_kind, council_with_protocol, today


@login_required
def breach_report_new(request, slug):
    council, roles = council_with_protocol(request, slug)
    if not may_report_breach(roles):
        raise Http404("No such page")
    profile = council.protocol_profile
    kwargs = {
        "people": reportable_people(council=council, exclude=request.user, on=today()),
        "clauses": profile.clauses.order_by("position"),
        "visible_cases": cases_visible_to(user=request.user, council=council, roles=roles),
    }
    form = BreachReportForm(request.POST or None, **kwargs)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = breach_report_open(
                    council=council,
                    reporter=request.user,
                    subject_person=data["subject_person"],
                    details=data["details"],
                    occurred_on=data["occurred_on"],
                    clauses=list(data["clauses"]),
                    evidence=data["evidence"],
                    related_case=data["related_case"],
                    now=timezone.now(),
                )
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, f"Your report {case.reference} has been sent. {_routed_sentence(case)}")
                return redirect("case-detail", slug=slug, reference=case.reference)
    return render(request, "complaints/breach_report_form.html", {"council": council, "form": form}, status=status)


def _routed_sentence(case: Case) -> str:
    if case.routed_to:
        return f"It is with {case.routed_to} to decide."
    return "Nobody can decide it at the moment; the reason is on the case."


def _decidable(request, slug, reference):
    """A breach report routed to this person; 404 for anyone else."""
    council, roles, case = case_of_kind(request, slug, reference, [Case.Kind.BREACH_REPORT])
    if case.routed_to_id != request.user.pk:
        raise Http404("No such report")
    return council, roles, case


def _decide_page(request, council, case, *, form=None, interest_form=None, status=200):
    report = BreachReport.objects.prefetch_related("clauses").get(pk=case.pk)
    is_staff = report.subject_role == BreachReport.SubjectRole.STAFF
    context = {
        "council": council,
        "case": case,
        "report": report,
        "links": linked_cases(case),
        "conflict": conflicts_for(case).get(request.user.pk),
        "form": form or BreachDecisionForm(initial={"version": case.version}, subject_is_staff=is_staff),
        "interest_form": interest_form or DeclareInterestForm(),
        "deadline": case.deadlines.filter(rule="breach_review").order_by("-created_at").first(),
        "routing": case.events.filter(kind=CaseEvent.Kind.ROUTED).order_by("-at", "-pk").first(),
    }
    return render(request, "complaints/breach_decide.html", context, status=status)


@login_required
def breach_report_decide_view(request, slug, reference):
    council, roles, case = _decidable(request, slug, reference)
    if request.method != "POST":
        case_record_view(case=case, viewer=request.user, now=timezone.now())
        return _decide_page(request, council, case)
    is_staff = BreachReport.objects.filter(pk=case.pk, subject_role=BreachReport.SubjectRole.STAFF).exists()
    form = BreachDecisionForm(request.POST, subject_is_staff=is_staff)
    if not form.is_valid():
        return _decide_page(request, council, case, form=form, status=400)
    data = form.cleaned_data
    try:
        breach_report_decide(
            case=case,
            decider=request.user,
            decision=data["decision"],
            reasons=data["reasons"],
            agreed=data["agreed"],
            now=timezone.now(),
            expected_version=data["version"],
        )
    except StaleCase as exc:
        messages.error(request, f"{exc} Nothing was applied: check the report and decide again.")
        fresh = BreachDecisionForm(request.POST, subject_is_staff=is_staff)
        fresh.data = fresh.data.copy()
        fresh.data["version"] = str(exc.case.version)
        return _decide_page(request, council, exc.case, form=fresh, status=409)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _decide_page(request, council, case, form=form, status=409)
    messages.success(request, f"Decision recorded: {BreachReport.Decision(data['decision']).label}. "
                              f"{case.raised_by} has been told.")
    return redirect("case-detail", slug=slug, reference=reference)


@login_required
@require_POST
def breach_report_interest(request, slug, reference):
    council, roles, case = _decidable(request, slug, reference)
    form = DeclareInterestForm(request.POST)
    if not form.is_valid():
        return _decide_page(request, council, case, interest_form=form, status=400)
    try:
        breach_report_declare_interest(case=case, user=request.user, reason=form.cleaned_data["interest"],
                                       now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _decide_page(request, council, case, interest_form=form, status=409)
    case.refresh_from_db()
    who = f"{case.routed_to}" if case.routed_to else "nobody (the reason is recorded on the report)"
    messages.success(request, f"Your interest is recorded and {case.reference} has passed to {who}.")
    return redirect("council-home", slug=slug)


@login_required
def contact_flag_view(request, slug, reference):
    """000 4.6: staff working an enquiry report the councillor's non-compliant contact."""
    council, roles, enquiry = case_of_kind(
        request, slug, reference, [Case.Kind.ENQUIRY, Case.Kind.INFORMATION_REQUEST]
    )
    staff = roles.has(Membership.Role.CLERK) or roles.has(Membership.Role.OFFICER) or roles.is_monitoring_officer
    if not (staff and can_work(user=request.user, case=enquiry, roles=roles)) or enquiry.raised_by is None:
        raise Http404("No such case")
    if not hasattr(council, "protocol_profile"):
        raise Http404("This council has not set up its protocol")
    clauses = council.protocol_profile.clauses.order_by("position")
    default = clauses.filter(anchor="c-4-6").first()
    form = ContactFlagForm(request.POST or None, clauses=clauses, initial={"clause": default})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            to_mo = request.POST.get("send_to") == "monitoring_officer"
            try:
                case = contact_flag(
                    enquiry=enquiry,
                    staff=request.user,
                    contact_kind=data["contact_kind"],
                    clause=data["clause"],
                    details=data["details"],
                    now=timezone.now(),
                    to_monitoring_officer=to_mo,
                )
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                where = "the Monitoring Officer" if to_mo else (case.routed_to or "nobody yet")
                messages.success(request, f"Reported as {case.reference}, linked to {enquiry.reference}. "
                                          f"It is with {where}.")
                return redirect("case-detail", slug=slug, reference=case.reference)
    context = {"council": council, "enquiry": enquiry, "form": form}
    return render(request, "complaints/contact_flag.html", context, status=status)
