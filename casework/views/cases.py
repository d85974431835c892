"""The case page common to every kind: timeline, clocks with "why this date", who can see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import council_for
from accounts.models import Membership, User

from ..case_forms import AssignForm, ClockForm, MessageForm, StatusForm
from ..models import Case, Deadline, DomainError
from ..selectors import (
    assignable_staff,
    can_assign,
    can_work,
    case_audience,
    case_deadlines,
    case_timeline,
    cases_visible_to,
    has_running_clock,
)
from ..services.cases import (
    GENERIC_CONTROL_KINDS,
    StaleCase,
    case_assign,
    case_record_view,
    case_status_set,
    generic_statuses,
)
from ..services.deadlines import deadline_pause, deadline_resume, why_this_date
from ..services.messages import message_send


def _case_for(request, slug: str, reference: str, *, write: bool = False):
    """The case if this person may see it (and act on it, with write=True); 404 otherwise."""
    council, roles = council_for(request, slug)
    visible = cases_visible_to(user=request.user, council=council, roles=roles)
    case = get_object_or_404(
        visible.select_related("council", "raised_by", "assigned_to", "routed_to", "subject_person"),
        reference=reference,
    )
    if write and not can_work(user=request.user, case=case, roles=roles):
        raise Http404("No such case")
    return council, roles, case


def _correspondents(case: Case, user: User):
    """People a message on this case can go to: those involved, the Clerk and the council's councillors."""
    today = timezone.localdate()
    ids = Membership.objects.current_on(today).filter(council=case.council).values("user_id")
    involved = [case.raised_by_id, case.routed_to_id, case.assigned_to_id]
    rule = Q(pk__in=[i for i in involved if i])
    if not case.confidential:
        rule |= Q(pk__in=ids)
    return User.objects.filter(rule, is_active=True).exclude(pk=user.pk).order_by("full_name")


def _chosen(form, name: str) -> set[int]:
    """The people ticked in a bound message form, so a refused form keeps them ticked."""
    if not form.is_bound:
        return set()
    return {int(v) for v in form.data.getlist(name) if str(v).isdigit()}


def _page(request, council, roles, case, *, status=200, forms=None, stale=None):
    forms = forms or {}
    correspondents = list(_correspondents(case, request.user))
    message_form = forms.get("message") or MessageForm(initial={"version": case.version})
    today = timezone.localdate()
    deadlines = case_deadlines(case)
    may_work = can_work(user=request.user, case=case, roles=roles)
    may_assign = can_assign(user=request.user, case=case, roles=roles)
    context = {
        "council": council,
        "case": case,
        "timeline": case_timeline(case),
        "deadlines": [(d, why_this_date(d)) for d in deadlines],
        "audience": case_audience(case),
        "may_work": may_work,
        "generic_controls": case.kind in GENERIC_CONTROL_KINDS,
        "may_assign": may_assign,
        # The two forms are written out in the template: the case page is read far more than it
        # is acted on, and a rendered form field per person costs more than the rest of the page.
        "assign_form": forms.get("assign") or AssignForm(initial={"version": case.version}),
        "assign_staff": list(assignable_staff(council=council, on=today)) if may_assign else [],
        "status_form": forms.get("status") or StatusForm(initial={"version": case.version}),
        "allowed_statuses": generic_statuses(case, running_clock=has_running_clock(case)),
        "message_form": message_form,
        "message_fields": (("to", "To"), ("cc", "Copy to (everyone sees who is copied in)")),
        "message_chosen": {"to": _chosen(message_form, "to"), "cc": _chosen(message_form, "cc")},
        "correspondents": correspondents,
        "clock_reason_error": forms.get("clock_error"),
        "stale": stale,
        "Deadline": Deadline,
    }
    if case.kind == Case.Kind.ENQUIRY:
        # The enquiry area's panel, imported here because that module imports this one.
        from .enquiries import enquiry_panel

        context.update(enquiry_panel(request, council, roles, case, forms))
    if case.kind in (Case.Kind.INFORMATION_REQUEST, Case.Kind.REFERRAL):
        # The information area's panel (issue 5), imported here because that module imports this one.
        from .information import information_panel

        context.update(information_panel(request, council, roles, case, forms))
    return render(request, "casework/case_detail.html", context, status=status)


@login_required
def case_detail(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference)
    case_record_view(case=case, viewer=request.user, now=timezone.now())
    return _page(request, council, roles, case)


def _refuse(request, council, roles, case, exc, forms=None):
    """A move the rules do not allow, or a stale form: say what happened, keep what was typed (HTTP 409)."""
    if isinstance(exc, StaleCase):
        case = exc.case
        return _page(request, council, roles, case, status=409, forms=forms, stale=exc.changes)
    messages.error(request, str(exc))
    return _page(request, council, roles, case, status=409, forms=forms)


@login_required
@require_POST
def case_assign_view(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference, write=True)
    if not can_assign(user=request.user, case=case, roles=roles):
        raise Http404("No such case")
    form = AssignForm(request.POST, staff=assignable_staff(council=council, on=timezone.localdate()))
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"assign": form})
    try:
        case_assign(
            case=case,
            assignee=form.cleaned_data["assignee"],
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"assign": form})
    messages.success(request, f"Assigned to {form.cleaned_data['assignee']}.")
    return redirect("case-detail", slug=slug, reference=reference)


@login_required
@require_POST
def case_status_view(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference, write=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"status": form})
    try:
        case_status_set(
            case=case,
            to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"status": form})
    messages.success(request, f"The case is now {case.get_status_display().lower()}.")
    return redirect("case-detail", slug=slug, reference=reference)


@login_required
@require_POST
def case_clock_view(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference, write=True)
    form = ClockForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _page(request, council, roles, case, status=400)
    deadline = get_object_or_404(case.deadlines, pk=form.cleaned_data["deadline"])
    now = timezone.now()
    try:
        if case.kind not in GENERIC_CONTROL_KINDS:
            raise DomainError(f"A {case.get_kind_display().lower()}'s clocks move with its own stages.")
        if case.version != form.cleaned_data["version"]:
            raise StaleCase(case, form.cleaned_data["version"])
        if form.cleaned_data["action"] == "pause":
            deadline_pause(deadline=deadline, reason=form.cleaned_data["reason"], actor=request.user, now=now)
            messages.success(request, "The clock is paused.")
        else:
            deadline_resume(deadline=deadline, actor=request.user, now=now, reason=form.cleaned_data["reason"])
            messages.success(request, "The clock is running again.")
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc)
    return redirect("case-detail", slug=slug, reference=reference)


@login_required
@require_POST
def case_message_view(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference)
    form = MessageForm(request.POST, people=_correspondents(case, request.user))
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"message": form})
    try:
        message_send(
            case=case,
            sender=request.user,
            body=form.cleaned_data["body"],
            to=list(form.cleaned_data["to"]),
            cc=list(form.cleaned_data["cc"]),
            now=timezone.now(),
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"message": form})
    messages.success(request, "Message sent. Every recipient can see who else received it.")
    return redirect("case-detail", slug=slug, reference=reference)
