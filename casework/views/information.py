"""Information requests and the "need to know" referral: the councillor's form, the officer's and the
Chair's actions on the case page, the released information, and what other members are told."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import council_for
from accounts.models import Membership

from ..attachments import content_disposition
from ..information_forms import (
    AdviceForm,
    CopyDecisionForm,
    CopyRequestForm,
    DeterminationForm,
    InformationRequestForm,
    InterestForm,
    OnwardOutcomeForm,
    ReferralDecisionForm,
    ReleaseForm,
    UndertakingForm,
)
from ..models import Case, CopyRequest, DomainError, InformationRelease, InformationRequest, ReferralDecision
from ..selectors import can_see, can_work, information_given, release_view_for
from ..services import information as svc
from .cases import _case_for, _page, _refuse

Outcome = InformationRequest.Outcome


# --- what the pages show --------------------------------------------------------------------


def _rules(profile) -> list[tuple[str, svc.Citation]]:
    """The rules of use shown with the form and with the information (002 9.4, 003 7.3; 000 9.3)."""
    return [
        (
            "Information given to you may be used only for the purpose you state.",
            svc.rule_clause(profile, "purpose_only"),
        ),
        (
            "There is no automatic right to see or have information the council holds: you must show that you "
            "need to know it to perform your duties as a councillor.",
            svc.rule_clause(profile, "no_automatic_right") or svc.rule_clause(profile, "need_to_know"),
        ),
        (
            f"Information that is not publicly available, where you may have an interest or have not shown a need "
            f"to know, is referred to the {svc.decider_label(profile)} to decide.",
            svc.referral_clause(profile),
        ),
    ]


def _decision_for(referral: Case | None) -> ReferralDecision | None:
    if referral is None:
        return None
    return ReferralDecision.objects.select_related("decided_by").filter(referral=referral).first()


def information_panel(request, council, roles, case, forms=None) -> dict:
    """The information area's part of the case page, for an information request or a referral."""
    forms = forms or {}
    if case.kind == Case.Kind.INFORMATION_REQUEST:
        return {"information": _request_panel(request, council, roles, case, forms)}
    if case.kind == Case.Kind.REFERRAL:
        return {"information": _referral_panel(request, council, roles, case, forms)}
    return {}


def _request_panel(request, council, roles, case, forms) -> dict:
    profile = council.protocol_profile
    info = InformationRequest.objects.select_related("determined_by").get(case=case)
    referral = svc.referral_of(case)
    decision = _decision_for(referral)
    release = InformationRelease.objects.select_related("released_by").filter(request=info).first()
    may_work = can_work(user=request.user, case=case, roles=roles)
    panel = {
        "kind": "request",
        "request": info,
        "referral": referral,
        "decision": decision,
        "decision_text": svc.decision_phrase(decision) if decision else "",
        "release": release,
        "may_work": may_work,
        "is_requester": request.user.pk == case.raised_by_id,
        "can_see_referral": bool(referral) and can_see(user=request.user, case=referral, roles=roles),
        "rules": _rules(profile),
        "decider": svc.decider_label(profile),
        "referral_clause": svc.referral_clause(profile),
        "need_clause": svc.rule_clause(profile, "need_to_know"),
    }
    if release is not None and (may_work or roles.is_monitoring_officer):
        copies = list(release.copy_requests.select_related("councillor", "decided_by").order_by("requested_at", "pk"))
        panel["copies"] = [
            (copy, forms.get(f"copy-{copy.pk}") or CopyDecisionForm(prefix=f"copy-{copy.pk}"))
            for copy in copies
        ]
    if not may_work:
        return panel
    version = {"version": case.version}
    if info.outcome == Outcome.PENDING:
        suggestions = svc.interest_suggestions(case)
        panel["suggestions"] = suggestions
        initial = dict(version)
        if suggestions and not info.interest_declared:
            initial.update(councillor_interest="suggested", interest_suggested=" ".join(suggestions))
        panel["determine_form"] = forms.get("determine") or DeterminationForm(
            prefix="determine",
            initial=initial,
            request=info,
            decider=panel["decider"],
            clause=panel["referral_clause"].clause,
        )
    elif info.outcome == Outcome.RELEASE:
        panel["release_form"] = forms.get("release") or ReleaseForm(
            prefix="release",
            initial={
                **version,
                "purpose": info.purpose,
                "conditions": decision.conditions if decision else "",
                "notice": case.subject,
            },
            decision=decision,
        )
    elif info.outcome == Outcome.REFERRED and decision is not None and decision.decision in svc.ONWARD_DECISIONS:
        panel["onward_form"] = forms.get("onward") or OnwardOutcomeForm(prefix="onward", initial=version)
    return panel


def _referral_panel(request, council, roles, case, forms) -> dict:
    profile = council.protocol_profile
    request_case = svc.request_of_referral(case)
    info = InformationRequest.objects.select_related("determined_by").get(case=request_case)
    decision = _decision_for(case)
    user = request.user
    is_decider = user.pk == case.routed_to_id
    conflict = svc.referral_conflict(referral=case, user=user) if is_decider else None
    panel = {
        "kind": "referral",
        "request_case": request_case,
        "request": info,
        "decision": decision,
        "decision_text": svc.decision_phrase(decision) if decision else "",
        "grounds": svc.referral_grounds(info),
        "is_decider": is_decider,
        "conflict": conflict,
        "can_see_request": can_see(user=user, case=request_case, roles=roles),
        "data_protection_or_interest": bool(info.third_party_personal_data or info.councillor_may_have_interest),
        "advice_clause": svc.rule_clause(profile, "monitoring_officer_advice"),
        "referral_clause": svc.referral_clause(profile),
        "decider": svc.decider_label(profile),
    }
    if case.is_active:
        if is_decider and (not conflict or "decide" in forms):
            panel["decide_form"] = forms.get("decide") or ReferralDecisionForm(
                prefix="decide", initial={"version": case.version}
            )
        if is_decider:
            panel["interest_form"] = forms.get("interest") or InterestForm(prefix="interest")
        if user.pk in (case.routed_to_id, case.raised_by_id):
            panel["advice_form"] = forms.get("advice") or AdviceForm(prefix="advice")
    return panel


# --- the councillor's request ---------------------------------------------------------------


@login_required
def information_request_new(request, slug):
    council, roles = council_for(request, slug)
    if not roles.has(Membership.Role.COUNCILLOR):
        raise Http404("Only a councillor can request information")
    profile = getattr(council, "protocol_profile", None)
    if profile is None:
        raise Http404("This council has not set up its protocol")
    form = InformationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            now = timezone.now()
            try:
                case = svc.information_request_open(
                    council=council,
                    councillor=request.user,
                    subject=data["subject"],
                    what_wanted=data["what_wanted"],
                    purpose=data["purpose"],
                    need_to_know=data["need_to_know"],
                    concerns_third_party=data["concerns_third_party"],
                    third_party_details=data["third_party_details"],
                    interest_declared=data["interest_declared"],
                    interest_nature=data["interest_nature"],
                    received_at=now,
                    now=now,
                )
            except DomainError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(request, f"Your request {case.reference} has been sent to the Clerk.")
                return redirect("case-detail", slug=council.slug, reference=case.reference)
    context = {
        "council": council,
        "form": form,
        "rules": _rules(profile),
        "working_days": profile.information_request_working_days,
        "response_clause": svc.setting_clause(profile, "information_request_working_days"),
    }
    return render(request, "casework/information/request_form.html", context, status=status)


# --- the officer's actions on a request -------------------------------------------------------


def _request_case(request, slug, reference, *, write=True):
    council, roles, case = _case_for(request, slug, reference, write=write)
    if case.kind != Case.Kind.INFORMATION_REQUEST:
        raise Http404("Not an information request")
    return council, roles, case


def _done(request, case, message):
    messages.success(request, message)
    return redirect("case-detail", slug=case.council.slug, reference=case.reference)


@login_required
@require_POST
def information_determine(request, slug, reference):
    council, roles, case = _request_case(request, slug, reference)
    profile = council.protocol_profile
    form = DeterminationForm(
        request.POST,
        prefix="determine",
        request=case.information_request,
        decider=svc.decider_label(profile),
        clause=svc.referral_clause(profile).clause,
    )
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"determine": form})
    data = form.cleaned_data
    try:
        info = svc.information_request_determine(
            case=case,
            officer=request.user,
            publicly_available=data["publicly_available"],
            need_to_know=data["need_to_know"],
            committee=data["committee"],
            third_party_personal_data=data["third_party_personal_data"],
            interest_suggested=data["interest_suggested"],
            chair_has_interest=data["chair_has_interest"],
            notes=data["notes"],
            action=data["action"],
            refusal_reasons=data["refusal_reasons"],
            now=timezone.now(),
            expected_version=data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"determine": form})
    said = {
        Outcome.REFERRED: f"Referred to the {svc.decider_label(profile)}; the response clock is paused.",
        Outcome.RELEASE: "Recorded: the information is to be released.",
        Outcome.REFUSED: "Recorded: the request is refused and the councillor has been told why.",
    }[info.outcome]
    return _done(request, case, said)


@login_required
@require_POST
def information_give(request, slug, reference):
    council, roles, case = _request_case(request, slug, reference)
    decision = _decision_for(svc.referral_of(case))
    form = ReleaseForm(request.POST, request.FILES, prefix="release", decision=decision)
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"release": form})
    data = form.cleaned_data
    try:
        svc.information_release(
            case=case,
            officer=request.user,
            body=data["body"],
            purpose=data["purpose"],
            conditions=data["conditions"],
            undertaking_required=data["undertaking_required"],
            minor=data["minor"],
            confidential_briefing=data["confidential_briefing"],
            offer_all_groups=data["offer_all_groups"],
            notice=data["notice"],
            documents=data["documents"],
            now=timezone.now(),
            expected_version=data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"release": form})
    return _done(request, case, "The information has been released to the councillor.")


@login_required
@require_POST
def information_onward_outcome(request, slug, reference):
    council, roles, case = _request_case(request, slug, reference)
    form = OnwardOutcomeForm(request.POST, prefix="onward")
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"onward": form})
    try:
        svc.information_request_onward_outcome(
            case=case,
            officer=request.user,
            release=form.cleaned_data["release"],
            reasons=form.cleaned_data["reasons"],
            now=timezone.now(),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"onward": form})
    return _done(request, case, "The outcome of the onward referral is recorded.")


@login_required
@require_POST
def information_copy_decide(request, slug, reference, copy_id):
    council, roles, case = _request_case(request, slug, reference)
    copy = get_object_or_404(
        CopyRequest.objects.select_related("councillor", "release__request__case"), pk=copy_id, release__request__case=case
    )
    key = f"copy-{copy.pk}"
    form = CopyDecisionForm(request.POST, prefix=key)
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={key: form})
    try:
        svc.copy_request_decide(
            copy=copy,
            officer=request.user,
            grant=form.cleaned_data["grant"],
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={key: form})
    said = "Copy granted." if form.cleaned_data["grant"] else "Copy refused; the councillor has been told why."
    return _done(request, case, said)


# --- the released information, and what other members see ----------------------------------


def _release_for(request, slug, reference):
    """The release and what this person may see of it: the content, the undertaking, or the notice. 404 otherwise."""
    council, roles = council_for(request, slug)
    case = get_object_or_404(
        Case.objects.select_related("council", "raised_by"),
        council=council,
        kind=Case.Kind.INFORMATION_REQUEST,
        reference=reference,
    )
    release = get_object_or_404(
        InformationRelease.objects.select_related("released_by", "request"), request__case=case
    )
    mine = CopyRequest.objects.filter(release=release, councillor=request.user).select_related("decided_by").first()
    view = release_view_for(user=request.user, roles=roles, case=case, release=release, copy=mine)
    if not view:
        raise Http404("No such information")
    return council, roles, case, release, mine, view


def _release_page(request, council, case, release, mine, view, *, status=200, forms=None):
    forms = forms or {}
    profile = council.protocol_profile
    context = {
        "council": council,
        "case": case,
        "release": release,
        "copy": mine,
        "view": view,
        "purpose_clause": svc.rule_clause(profile, "purpose_only"),
        "told_clause": svc.rule_clause(profile, "members_told"),
        "confidentiality_clause": svc.rule_clause(profile, "confidentiality"),
        "undertaking_form": forms.get("undertaking") or UndertakingForm(prefix="undertaking"),
        "copy_form": forms.get("copy") or CopyRequestForm(prefix="copy"),
        "refusal": svc.release_refusal(release) if view == "undertaking" else "",
        "may_ask": view == "notice" and mine is None,
        "is_requester": request.user.pk == case.raised_by_id,
        "documents": list(release.documents.all()) if view == "content" else [],
    }
    return render(request, "casework/information/release.html", context, status=status)


@login_required
def information_release_page(request, slug, reference):
    council, roles, case, release, mine, view = _release_for(request, slug, reference)
    # Before the undertaking is accepted the information is refused, with the reason and the way to accept.
    status = 409 if view == "undertaking" else 200
    return _release_page(request, council, case, release, mine, view, status=status)


@login_required
def information_document(request, slug, reference, attachment):
    """A file given with the information, behind the same gate as the information itself: a download,
    never rendered in the portal."""
    council, roles, case, release, mine, view = _release_for(request, slug, reference)
    if view == "undertaking":
        return _release_page(request, council, case, release, mine, view, status=409)
    item = get_object_or_404(release.documents.all(), pk=attachment)
    if view != "content":
        raise Http404("No such document")
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The file is missing") from exc
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = content_disposition(item)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def information_undertaking(request, slug, reference):
    council, roles, case, release, mine, view = _release_for(request, slug, reference)
    if request.user.pk != case.raised_by_id:
        raise Http404("No such information")
    form = UndertakingForm(request.POST, prefix="undertaking")
    if not form.is_valid():
        return _release_page(request, council, case, release, mine, view, status=400, forms={"undertaking": form})
    try:
        svc.information_undertaking_accept(release=release, councillor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _release_page(request, council, case, release, mine, view, status=409, forms={"undertaking": form})
    messages.success(request, "You have accepted the undertaking. The information is below.")
    return redirect("information-release", slug=slug, reference=reference)


@login_required
@require_POST
def information_copy_request(request, slug, reference):
    council, roles, case, release, mine, view = _release_for(request, slug, reference)
    if view != "notice":
        raise Http404("No copy to ask for")
    form = CopyRequestForm(request.POST, prefix="copy")
    if not form.is_valid():
        return _release_page(request, council, case, release, mine, view, status=400, forms={"copy": form})
    try:
        svc.copy_request_open(release=release, councillor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _release_page(request, council, case, release, mine, view, status=409, forms={"copy": form})
    messages.success(request, "You have asked for a copy. You will be told when the officer decides.")
    return redirect("information-release", slug=slug, reference=reference)


@login_required
def information_given_page(request, slug):
    council, roles = council_for(request, slug)
    rows = information_given(council=council, user=request.user)
    context = {
        "council": council,
        "rows": rows,
        "told_clause": svc.rule_clause(council.protocol_profile, "members_told")
        if hasattr(council, "protocol_profile")
        else svc.Citation(),
        "is_councillor": roles.has(Membership.Role.COUNCILLOR),
    }
    return render(request, "casework/information/given.html", context)


# --- the referral (000 9.5) ------------------------------------------------------------------


def _referral_case(request, slug, reference):
    council, roles, case = _case_for(request, slug, reference)
    if case.kind != Case.Kind.REFERRAL:
        raise Http404("Not a referral")
    return council, roles, case


@login_required
@require_POST
def referral_decide_view(request, slug, reference):
    council, roles, case = _referral_case(request, slug, reference)
    form = ReferralDecisionForm(request.POST, prefix="decide")
    # A decision by anyone but the person it is routed to, or by a conflicted decider, is refused
    # with the reason before anything else is looked at; what they typed is kept.
    why_not = svc.referral_conflict(referral=case, user=request.user)
    if why_not:
        form.is_valid()
        messages.error(request, f"You cannot decide this referral: {why_not}. Nothing has been recorded.")
        return _page(request, council, roles, case, status=409, forms={"decide": form})
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"decide": form})
    data = form.cleaned_data
    try:
        svc.referral_decide(
            referral=case,
            decider=request.user,
            decision=data["decision"],
            reasons=data["reasons"],
            conditions=data["conditions"],
            undertaking_required=data["undertaking_required"],
            external_body=data["external_body"],
            now=timezone.now(),
            expected_version=data["version"],
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"decide": form})
    return _done(request, case, "Your decision is recorded and the councillor and the Clerk have been told.")


@login_required
@require_POST
def referral_advice_view(request, slug, reference):
    council, roles, case = _referral_case(request, slug, reference)
    if request.user.pk not in (case.routed_to_id, case.raised_by_id):
        raise Http404("No such case")
    form = AdviceForm(request.POST, prefix="advice")
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"advice": form})
    try:
        svc.referral_advice_request(
            referral=case, asker=request.user, question=form.cleaned_data["question"], now=timezone.now()
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"advice": form})
    return _done(request, case, "Your question has gone to the Monitoring Officer; it is recorded on this referral.")


@login_required
@require_POST
def referral_interest_view(request, slug, reference):
    council, roles, case = _referral_case(request, slug, reference)
    if request.user.pk != case.routed_to_id:
        raise Http404("No such case")
    form = InterestForm(request.POST, prefix="interest")
    if not form.is_valid():
        return _page(request, council, roles, case, status=400, forms={"interest": form})
    try:
        svc.referral_interest_declare(
            referral=case, user=request.user, reason=form.cleaned_data["reason"], now=timezone.now()
        )
    except DomainError as exc:
        return _refuse(request, council, roles, case, exc, forms={"interest": form})
    successor = case.routed_to
    messages.success(
        request,
        f"Your interest is recorded and the referral has passed to {successor}."
        if successor
        else "Your interest is recorded; nobody else in the route can take the referral.",
    )
    return redirect("council-home", slug=slug)

