"""Code of Conduct complaints: the public form, the Monitoring Officer's stages, the councillor's
own page, the review request and the public decision notices."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import council_for
from accounts.models import Membership
from accounts.selectors import roles_at
from casework.models import DomainError
from casework.routing import conflicts_for
from casework.services.cases import case_record_view

from ..forms import (
    AssessmentForm,
    ComplaintForm,
    DecisionNoticeForm,
    EmptyForm,
    HearingForm,
    IdentityDecisionForm,
    IndependentPersonViewForm,
    InvestigationReportForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SubjectToldForm,
)
from ..models import Complaint, DecisionNotice
from ..selectors import councillors, independent_persons, ip_views_of, linked_cases, published_notices
from ..services import complaints as svc
from ..services.common import arrangements_for
from .common import client_ip, complaint_case_for_mo, public_council, today

SESSION_KEY = "complaint_received"

# --- the public form ------------------------------------------------------------------


def complaint_new(request, slug):
    """Anyone may complain about a councillor: no login needed, but a name and an email are."""
    council = public_council(slug)
    user = request.user if request.user.is_authenticated else None
    people = councillors(council=council, on=today(), exclude=user)
    initial = {}
    if user is not None:
        roles = roles_at(user=user, council=council, on=today())
        kind = Complaint.ComplainantKind.PUBLIC
        if roles.has(Membership.Role.COUNCILLOR):
            kind = Complaint.ComplainantKind.COUNCILLOR
        elif roles.is_staff:
            kind = Complaint.ComplainantKind.OFFICER
        initial = {"name": user.full_name, "email": user.email, "complainant_kind": kind}
    form = ComplaintForm(request.POST or None, councillors=people, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint, _ = svc.complaint_submit(
                    council=council,
                    subject_person=data["subject_person"],
                    complainant_kind=data["complainant_kind"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    details=data["details"],
                    occurred_on=data["occurred_on"],
                    code_provisions=data["code_provisions"],
                    withhold=data["withhold"],
                    withhold_reason=data["withhold_reason"],
                    token=data["token"],
                    ip=client_ip(request),
                    user=user,
                    now=timezone.now(),
                )
            except svc.RateLimited as exc:
                form.add_error(None, str(exc))
                status = 429
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                request.session[SESSION_KEY] = complaint.case.reference
                return redirect("complaint-received", slug=slug)
    context = {
        "council": council,
        "form": form,
        "acknowledge_days": arrangements_for(council).acknowledge_working_days,
    }
    return render(request, "complaints/complaint_form.html", context, status=status)


def complaint_received(request, slug):
    council = public_council(slug)
    reference = request.session.get(SESSION_KEY)
    complaint = (
        Complaint.objects.filter(case__council=council, case__reference=reference).select_related("case").first()
        if reference
        else None
    )
    if complaint is None:
        return redirect("complaint-new", slug=slug)
    context = {
        "council": council,
        "complaint": complaint,
        "acknowledge_days": arrangements_for(council).acknowledge_working_days,
    }
    return render(request, "complaints/complaint_received.html", context)


# --- the Monitoring Officer's page for one complaint -----------------------------------

ACTIONS = {
    # name: (form class, title)
    "acknowledge": (EmptyForm, "Acknowledge the complaint"),
    "identity": (IdentityDecisionForm, "Decide whether to withhold the complainant's identity"),
    "subject": (SubjectToldForm, "Tell the councillor"),
    "ip": (IndependentPersonViewForm, "Record the Independent Person's views"),
    "assess": (AssessmentForm, "Initial assessment"),
    "outcome": (EmptyForm, "Tell both parties the outcome"),
    "investigation": (InvestigationReportForm, "Record the investigation's report"),
    "hearing": (HearingForm, "Record the hearing's decision"),
    "notice": (DecisionNoticeForm, "Write the decision notice"),
    "publish": (EmptyForm, "Publish the decision notice"),
    "review": (ReviewDecisionForm, "Decide the review"),
}
S = Complaint.Stage


def available_actions(complaint: Complaint, notice: DecisionNotice | None) -> list[str]:
    """What the Monitoring Officer can do next, in the order the stages run."""
    stage = complaint.stage
    actions = []
    if complaint.identity == Complaint.Identity.REQUESTED:
        actions.append("identity")
    if stage == S.RECEIVED:
        actions.append("acknowledge")
    if stage != S.RECEIVED and not complaint.subject_told_at and complaint.identity != Complaint.Identity.REQUESTED:
        actions.append("subject")
    if stage in (S.ACKNOWLEDGED, S.INVESTIGATION, S.HEARING, S.REVIEW):
        actions.append("ip")
    if stage == S.ACKNOWLEDGED:
        actions.append("assess")
    if stage == S.ASSESSED:
        actions.append("outcome")
    if stage == S.INVESTIGATION:
        actions.append("investigation")
    if stage == S.HEARING:
        actions.append("hearing")
    if stage == S.REVIEW:
        actions.append("review")
    if complaint.decision and not (notice and notice.published_at):
        actions.append("notice")
        if notice and complaint.outcome_sent_at:
            actions.append("publish")
    return actions


def _form_for(action: str, complaint: Complaint, *, data=None, notice=None):
    form_class, _ = ACTIONS[action]
    kwargs = {}
    if form_class is IndependentPersonViewForm:
        kwargs["people"] = independent_persons(council=complaint.case.council, on=today())
    initial = {"stage": complaint.stage}
    if action == "notice" and notice is not None:
        initial["summary"] = notice.summary
    if action == "subject":
        initial["summary"] = ""
    form = form_class(data, initial=initial, **kwargs) if data is not None else form_class(initial=initial, **kwargs)
    form.prefix = action
    return form


def _work_page(request, council, case, *, bound=None, status=200):
    complaint = Complaint.objects.select_related("complainant_user").get(pk=case.pk)
    complaint.case = case
    notice = DecisionNotice.objects.filter(complaint=complaint).first()
    actions = available_actions(complaint, notice)
    forms = []
    for action in actions:
        if bound is not None and bound[0] == action:
            form = bound[1]
        else:
            form = _form_for(action, complaint, notice=notice)
        forms.append({"name": action, "title": ACTIONS[action][1], "form": form,
                      "url": reverse(f"complaint-{action}", kwargs={"slug": council.slug, "reference": case.reference})})
    context = {
        "council": council,
        "case": case,
        "complaint": complaint,
        "notice": notice,
        "ip_views": ip_views_of(complaint),
        "emails": list(complaint.emails.all()),
        "deadlines": list(case.deadlines.order_by("created_at", "pk")),
        "links": linked_cases(case),
        "actions": forms,
        "conflict": conflicts_for(case).get(request.user.pk),
        "review_until": complaint.review_open_until,
    }
    return render(request, "complaints/complaint_work.html", context, status=status)


@login_required
def complaint_work(request, slug, reference):
    council, roles, case = complaint_case_for_mo(request, slug, reference)
    case_record_view(case=case, viewer=request.user, now=timezone.now())
    return _work_page(request, council, case)


def _run(action: str, complaint: Complaint, data: dict, user, now):
    if action == "acknowledge":
        return svc.complaint_acknowledge(complaint=complaint, actor=user, now=now), "The complaint is acknowledged."
    if action == "identity":
        withhold = data["withhold"] == "withhold"
        svc.complaint_identity_decide(complaint=complaint, actor=user, withhold=withhold, reasons=data["reasons"],
                                      now=now)
        return None, ("The complainant's identity will be withheld from the councillor." if withhold
                      else "The complainant's identity may be shared with the councillor.")
    if action == "subject":
        svc.complaint_subject_tell(complaint=complaint, actor=user, summary=data["summary"], now=now)
        return None, f"{complaint.case.subject_person} has been told of the complaint."
    if action == "ip":
        svc.complaint_ip_view_record(complaint=complaint, actor=user, independent_person=data["independent_person"],
                                     name=data["name"], consulted_on=data["consulted_on"], views=data["views"], now=now)
        return None, "The Independent Person's views are recorded."
    if action == "assess":
        svc.complaint_assess(complaint=complaint, actor=user, decision=data["decision"], reasons=data["reasons"],
                             agreed=data["agreed"], now=now)
        return None, "The initial assessment is recorded. Now tell both parties the outcome."
    if action == "outcome":
        svc.complaint_outcome_send(complaint=complaint, actor=user, now=now)
        return None, "Both parties have been told the outcome."
    if action == "investigation":
        svc.complaint_investigation_report(complaint=complaint, actor=user, report=data["report"],
                                           hearing_on=data["hearing_on"], now=now)
        return None, "The investigation's report is recorded."
    if action == "hearing":
        svc.complaint_hearing_decide(complaint=complaint, actor=user, finding=data["finding"], reasons=data["reasons"],
                                     sanction=data["sanction"], now=now)
        return None, "The hearing's decision is recorded and both parties have been told."
    if action == "notice":
        svc.decision_notice_write(complaint=complaint, actor=user, summary=data["summary"], now=now)
        return None, "The decision notice is saved. It is not public until you publish it."
    if action == "publish":
        svc.decision_notice_publish(complaint=complaint, actor=user, now=now)
        return None, "The decision notice is published."
    if action == "review":
        svc.complaint_review_decide(complaint=complaint, actor=user, decision=data["decision"], reasons=data["reasons"],
                                    agreed=data["agreed"], now=now)
        return None, "The review is decided."
    raise Http404("No such action")


def _stage_view(action: str):
    @login_required
    @require_POST
    def view(request, slug, reference):
        council, roles, case = complaint_case_for_mo(request, slug, reference)
        complaint = Complaint.objects.get(pk=case.pk)
        complaint.case = case
        form = _form_for(action, complaint, data=request.POST)
        if not form.is_valid():
            return _work_page(request, council, case, bound=(action, form), status=400)
        if form.cleaned_data["stage"] != complaint.stage:
            messages.error(request, "This complaint has moved on since the page was loaded "
                                    f"(it is now {complaint.get_stage_display().lower()}). Nothing was applied.")
            return _work_page(request, council, case, bound=(action, form), status=409)
        try:
            _, said = _run(action, complaint, form.cleaned_data, request.user, timezone.now())
        except DomainError as exc:
            messages.error(request, str(exc))
            case.refresh_from_db()
            return _work_page(request, council, case, bound=(action, form), status=409)
        messages.success(request, said)
        return redirect("complaint-work", slug=slug, reference=reference)

    view.__name__ = f"complaint_{action}"
    return view


STAGE_VIEWS = {action: _stage_view(action) for action in ACTIONS}


# --- the councillor complained about ---------------------------------------------------


@login_required
def complaint_about_you(request, slug, reference):
    """The councillor's own view of a complaint about them, once told. Never a withheld complainant's name."""
    council, roles = council_for(request, slug)
    complaint = get_object_or_404(
        Complaint.objects.select_related("case__council"),
        case__council=council,
        case__reference=reference,
        case__subject_person=request.user,
        subject_told_at__isnull=False,
    )
    case_record_view(case=complaint.case, viewer=request.user, now=timezone.now())
    notice = DecisionNotice.objects.filter(complaint=complaint, published_at__isnull=False).first()
    context = {
        "council": council,
        "complaint": complaint,
        "case": complaint.case,
        "complainant": svc.complainant_for_subject(complaint),
        "notice": notice,
    }
    return render(request, "complaints/complaint_about_you.html", context)


# --- the complainant's review request (by the link in their email) ---------------------


def _complaint_by_token(token: str) -> Complaint:
    try:
        key = uuid.UUID(str(token))
    except ValueError:
        raise Http404("No such complaint") from None
    return get_object_or_404(Complaint.objects.select_related("case__council"), access_token=key)


def complaint_review_request(request, token):
    complaint = _complaint_by_token(token)
    now = timezone.now()
    form = ReviewRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                svc.complaint_review_request(complaint=complaint, reasons=form.cleaned_data["reasons"], now=now)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, f"Your request for a review of {complaint.case.reference} has been sent to "
                                          "the Monitoring Officer. We have emailed you to confirm.")
                return redirect("complaint-review-request", token=token)
    context = {
        "complaint": complaint,
        "council": complaint.case.council,
        "form": form,
        "open": svc.review_open(complaint, now=now),
        "closed_reason": svc.review_closed_reason(complaint),
    }
    return render(request, "complaints/review_request.html", context, status=status)


# --- public decision notices ----------------------------------------------------------


def decision_notices(request, slug):
    council = public_council(slug)
    notices = list(published_notices(council=council)[:200])
    return render(request, "complaints/decision_notices.html", {"council": council, "notices": notices})


def decision_notice(request, slug, reference):
    council = public_council(slug)
    notice = get_object_or_404(published_notices(council=council), complaint__case__reference=reference)
    return render(request, "complaints/decision_notice.html", {"council": council, "notice": notice})
