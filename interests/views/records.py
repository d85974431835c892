"""Gifts, declarations, dispensations and relationship disclosures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Membership, User
from casework.models import Case, DomainError

from .. import access
from ..forms import (
    AcknowledgeForm,
    DeclarationForm,
    DispensationDecisionForm,
    DispensationForm,
    EndForm,
    GiftForm,
    RelationshipForm,
)
from ..models import RelationshipDisclosure
from ..selectors import entries_of, register_of
from ..services.common import settings_peek
from ..services.declarations import DECLARABLE_KINDS, declaration_record
from ..services.dispensations import dispensation_decide, dispensation_request
from ..services.gifts import gift_register, gift_threshold
from ..services.relationships import relationship_acknowledge, relationship_disclose, relationship_end
from .common import refuse_form

# --- gifts and hospitality ----------------------------------------------------------------


@login_required
def gift_add(request, slug):
    council, roles = access.councillor_at(request, slug)
    today = timezone.localdate()
    try:
        threshold = gift_threshold(council)
    except DomainError as exc:
        raise Http404(str(exc)) from exc
    context = {"council": council, "threshold": threshold}
    if request.method != "POST":
        context["form"] = GiftForm(today=today, threshold=threshold)
        return render(request, "interests/gift_form.html", context)
    form = context["form"] = GiftForm(request.POST, today=today, threshold=threshold)
    if not form.is_valid():
        return render(request, "interests/gift_form.html", context, status=400)
    data = form.cleaned_data
    try:
        gift = gift_register(
            council=council,
            councillor=request.user,
            now=timezone.now(),
            token=data["token"],
            giver=data["giver"],
            description=data["description"],
            received_on=data["received_on"],
            value=data["value"],
            value_is_estimate=data["value_is_estimate"],
            reason=data["reason"],
            outcome=data["outcome"],
        )
    except DomainError as exc:
        return refuse_form(request, "interests/gift_form.html", context, exc)
    if gift.is_late:
        messages.warning(
            request,
            f"Gift registered, {gift.days_late} day{'s' if gift.days_late != 1 else ''} late: it was due by "
            f"{gift.due_on.day} {gift.due_on:%B %Y}. The Monitoring Officer has been told.",
        )
    else:
        messages.success(request, "Gift registered. It appears on the public register.")
    return redirect("register-mine", slug=slug)


# --- declarations -------------------------------------------------------------------------


def _declarable_cases(council, user):
    return Case.objects.filter(council=council, raised_by=user, kind__in=DECLARABLE_KINDS).order_by("-received_at")


@login_required
def declaration_add(request, slug):
    council, roles = access.councillor_at(request, slug)
    today = timezone.localdate()
    register = register_of(council=council, councillor=request.user)
    entries = [e for e in entries_of(register.published_version if register else None) if e.is_current(today)]
    cases = _declarable_cases(council, request.user)
    context = {"council": council}
    kwargs = {"cases": cases, "entries": entries, "today": today}
    if request.method != "POST":
        initial = {}
        if request.GET.get("case"):
            initial = {"occasion": "case", "case": request.GET["case"]}
        context["form"] = DeclarationForm(initial=initial, **kwargs)
        return render(request, "interests/declaration_form.html", context)
    form = context["form"] = DeclarationForm(request.POST, **kwargs)
    if not form.is_valid():
        return render(request, "interests/declaration_form.html", context, status=400)
    data = form.cleaned_data
    try:
        declaration = declaration_record(
            council=council,
            councillor=request.user,
            now=timezone.now(),
            token=data["token"],
            occasion=data["occasion"],
            declared_on=data["declared_on"],
            nature=data["nature"],
            case=data.get("case"),
            meeting=data.get("meeting") or "",
            entry=data["entry_obj"],
            is_dpi=data["is_dpi"],
            start_update=data["start_update"],
        )
    except DomainError as exc:
        return refuse_form(request, "interests/declaration_form.html", context, exc)
    if declaration.obligation_id:
        due = declaration.obligation.due_on
        messages.success(
            request,
            f"Declaration recorded. Add the interest to your register and submit it by {due.day} {due:%B %Y}.",
        )
    else:
        messages.success(request, "Declaration recorded and linked to your register.")
    return redirect("register-mine", slug=slug)


# --- dispensations ------------------------------------------------------------------------


@login_required
def dispensation_request_view(request, slug):
    council, roles = access.councillor_at(request, slug)
    today = timezone.localdate()
    max_years = settings_peek(council=council, today=today).dispensation_max_years
    context = {"council": council, "max_years": max_years}
    if request.method != "POST":
        context["form"] = DispensationForm(max_years=max_years)
        return render(request, "interests/dispensation_form.html", context)
    form = context["form"] = DispensationForm(request.POST, max_years=max_years)
    if not form.is_valid():
        return render(request, "interests/dispensation_form.html", context, status=400)
    data = form.cleaned_data
    try:
        dispensation = dispensation_request(
            council=council,
            councillor=request.user,
            now=timezone.now(),
            token=data["token"],
            business=data["business"],
            grounds=data["grounds"],
            statement=data["statement"],
            requested_from=data["requested_from"],
            requested_until=data["requested_until"],
        )
    except DomainError as exc:
        return refuse_form(request, "interests/dispensation_form.html", context, exc)
    messages.success(request, f"Your request {dispensation.case.reference} has gone to the Monitoring Officer.")
    return redirect("dispensation-detail", slug=slug, pk=dispensation.pk)


def _dispensation_page(request, council, roles, dispensation, *, form=None, status=200):
    max_years = settings_peek(council=council, today=timezone.localdate()).dispensation_max_years
    may_decide = roles.is_monitoring_officer and dispensation.status == dispensation.Status.REQUESTED
    if may_decide and form is None:
        form = DispensationDecisionForm(
            max_years=max_years,
            initial={"granted_from": dispensation.requested_from, "granted_until": dispensation.requested_until},
        )
    return render(
        request,
        "interests/dispensation_detail.html",
        {"council": council, "dispensation": dispensation, "form": form, "may_decide": may_decide,
         "today": timezone.localdate()},
        status=status,
    )


@login_required
def dispensation_detail(request, slug, pk):
    council, roles, dispensation = access.dispensation_for(request, slug, pk)
    return _dispensation_page(request, council, roles, dispensation)


@login_required
@require_POST
def dispensation_decide_view(request, slug, pk):
    council, roles, dispensation = access.dispensation_for(request, slug, pk)
    if not roles.is_monitoring_officer:
        raise Http404("Only the Monitoring Officer decides")
    max_years = settings_peek(council=council, today=timezone.localdate()).dispensation_max_years
    form = DispensationDecisionForm(request.POST, max_years=max_years)
    if not form.is_valid():
        return _dispensation_page(request, council, roles, dispensation, form=form, status=400)
    data = form.cleaned_data
    try:
        dispensation_decide(
            dispensation=dispensation,
            decider=request.user,
            now=timezone.now(),
            grant=data["decision"] == "grant",
            reasons=data["reasons"],
            granted_from=data.get("granted_from"),
            granted_until=data.get("granted_until"),
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _dispensation_page(request, council, roles, dispensation, form=form, status=409)
    messages.success(request, f"Dispensation {dispensation.get_status_display().lower()}. The councillor has been told.")
    return redirect("dispensation-detail", slug=slug, pk=pk)


# --- close personal relationships (002 6.5) -------------------------------------------------


def _people_at(council, user, today):
    ids = Membership.objects.current_on(today).filter(council=council).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).exclude(pk=user.pk).order_by("full_name")


@login_required
def relationship_disclose_view(request, slug):
    council, roles = access.member_at(request, slug)
    today = timezone.localdate()
    people = _people_at(council, request.user, today)
    context = {"council": council}
    if request.method != "POST":
        context["form"] = RelationshipForm(people=people, today=today)
        return render(request, "interests/relationship_form.html", context)
    form = context["form"] = RelationshipForm(request.POST, people=people, today=today)
    if not form.is_valid():
        return render(request, "interests/relationship_form.html", context, status=400)
    data = form.cleaned_data
    try:
        disclosure = relationship_disclose(
            council=council,
            discloser=request.user,
            other_person=data["other_person"],
            nature=data["nature"],
            details=data["details"],
            began_on=data["began_on"],
            now=timezone.now(),
        )
    except DomainError as exc:
        return refuse_form(request, "interests/relationship_form.html", context, exc)
    messages.success(request, "Disclosed to the Monitoring Officer. Only they and you can see it.")
    return redirect("relationship-detail", slug=slug, pk=disclosure.pk)


def _disclosure_page(request, council, roles, disclosure, *, ack_form=None, end_form=None, status=200):
    return render(
        request,
        "interests/relationship_detail.html",
        {
            "council": council,
            "disclosure": disclosure,
            "may_acknowledge": roles.is_monitoring_officer
            and disclosure.status == RelationshipDisclosure.Status.DISCLOSED,
            "may_end": disclosure.in_force,
            "ack_form": ack_form or AcknowledgeForm(),
            "end_form": end_form or EndForm(),
        },
        status=status,
    )


@login_required
def relationship_detail(request, slug, pk):
    council, roles, disclosure = access.disclosure_for(request, slug, pk)
    return _disclosure_page(request, council, roles, disclosure)


@login_required
@require_POST
def relationship_acknowledge_view(request, slug, pk):
    council, roles, disclosure = access.disclosure_for(request, slug, pk)
    if not roles.is_monitoring_officer:
        raise Http404("Only the Monitoring Officer acknowledges a disclosure")
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _disclosure_page(request, council, roles, disclosure, ack_form=form, status=400)
    try:
        relationship_acknowledge(
            disclosure=disclosure, officer=request.user, now=timezone.now(), note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _disclosure_page(request, council, roles, disclosure, ack_form=form, status=409)
    messages.success(request, "Disclosure acknowledged.")
    return redirect("relationship-detail", slug=slug, pk=pk)


@login_required
@require_POST
def relationship_end_view(request, slug, pk):
    council, roles, disclosure = access.disclosure_for(request, slug, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        return _disclosure_page(request, council, roles, disclosure, end_form=form, status=400)
    try:
        relationship_end(disclosure=disclosure, actor=request.user, now=timezone.now(), reason=form.cleaned_data["reason"])
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _disclosure_page(request, council, roles, disclosure, end_form=form, status=409)
    messages.success(request, "The disclosure is recorded as ended.")
    return redirect("relationship-detail", slug=slug, pk=pk)

