"""Councillor enquiries: the form, the Clerk's queue, replies, interim replies, accept and reopen, downloads.

Every view loads through `_enquiry_for` (or `council_for` for the council-wide pages): what a
person may not see or do is a 404. State changes are POST and go through
casework.services.enquiries; a rule that says no is a clear message next to its field
(HTTP 400), or above the form (HTTP 409) with everything typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.views.decorators.http import require_POST

from accounts.access import council_for
from accounts.models import Membership

from ..attachments import content_disposition
from ..calendar import add_working_days, calendar_for_council, end_of_day, london_date
from ..enquiry_forms import AcceptForm, EnquiryForm, InterimReplyForm, QueueFilterForm, ReopenForm, ReplyForm
from ..hooks import suggest_interests
from ..models import Attachment, Case, DomainError, Enquiry, ProtocolProfile
from ..selectors import (
    ENQUIRY_PAGE_SIZE,
    councillors_for_enquiry,
    enquiry_copied_in,
    enquiry_queue,
    enquiry_rows,
    may_answer_enquiry,
    may_see_constituent,
)
from ..services.cases import StaleCase
from ..services.deadlines import why_this_date
from ..services.enquiries import (
    EnquiryRefused,
    cite_model,
    enquiry_accept,
    enquiry_open,
    enquiry_reopen,
    enquiry_reply,
    fmt_day,
    interim_reply_send,
    reply_clock,
    tracked_deadlines,
)
from . import cases as case_pages


def _profile(council) -> ProtocolProfile | None:
    try:
        return council.protocol_profile
    except ProtocolProfile.DoesNotExist:
        return None


def _enquiry_for(request, slug: str, reference: str, *, may: str = ""):
    """The enquiry if this person may see it — and answer it (may="answer") or, as the councillor
    who raised it, accept or reopen it (may="councillor"); 404 otherwise."""
    council, roles, case = case_pages._case_for(request, slug, reference)
    if case.kind != Case.Kind.ENQUIRY:
        raise Http404("No such enquiry")
    enquiry = Enquiry.objects.filter(case=case).first()
    if enquiry is None:
        raise Http404("No such enquiry")
    if may == "answer" and not may_answer_enquiry(user=request.user, case=case, roles=roles):
        raise Http404("No such enquiry")
    if may == "councillor" and request.user.pk != case.raised_by_id:
        raise Http404("No such enquiry")
    return council, roles, case, enquiry


def _contact_flag_url(council, case) -> str | None:
    """The complaints area's "flag non-compliant contact" page (000 4.6), if it is installed."""
    try:
        return reverse("contact-flag", kwargs={"slug": council.slug, "reference": case.reference})
    except NoReverseMatch:
        return None


def enquiry_panel(request, council, roles, case, forms: dict | None = None) -> dict:
    """What the case page shows of an enquiry, for casework/enquiries/_panel.html."""
    forms = forms or {}
    # The council's protocol profile comes in the same query (its preset says which clauses to cite).
    enquiry = (
        Enquiry.objects.filter(case=case).select_related("logged_by", "case__council__protocol_profile").first()
    )
    if enquiry is None:
        return {}
    user = request.user
    profile = _profile(enquiry.case.council)
    today = timezone.localdate()
    is_raiser = user.pk == case.raised_by_id
    staff = roles.is_staff
    replied = case.status == Case.Status.RESPONDED
    may_reopen = bool(is_raiser and replied and enquiry.reopen_until and today <= enquiry.reopen_until)
    suggestions = []
    if (staff or is_raiser) and case.raised_by:
        suggestions = suggest_interests(
            councillor=case.raised_by, council=council, text=f"{case.subject}\n{enquiry.details}"
        )
    return {
        "enquiry": enquiry,
        "enquiry_interims": list(enquiry.interim_replies.select_related("sent_by")),
        "enquiry_attachments": list(case.attachments.select_related("message", "uploaded_by")),
        "show_constituent": may_see_constituent(user=user, case=case, roles=roles),
        "enquiry_staff": staff,
        "enquiry_is_raiser": is_raiser,
        "may_answer": case.is_active and may_answer_enquiry(user=user, case=case, roles=roles),
        "may_reopen": may_reopen,
        "may_accept": is_raiser and replied,
        "reopen_ended": bool(is_raiser and replied and enquiry.reopen_until and today > enquiry.reopen_until),
        "reopen_form": forms.get("reopen") or ReopenForm(initial={"version": case.version}, prefix="reopen"),
        "accept_form": AcceptForm(initial={"version": case.version}, prefix="accept"),
        "interest_cite": cite_model(profile, "interest_in_writing") if profile else ("", ""),
        "even_handed_cite": cite_model(profile, "even_handed") if profile else ("", ""),
        "non_compliant_cite": cite_model(profile, "non_compliant") if profile else ("", ""),
        "contact_flag_url": _contact_flag_url(council, case) if staff else None,
        "interest_suggestions": suggestions,
        "copied_in": enquiry_copied_in(case),
    }


# --- the form --------------------------------------------------------------------------


@login_required
def enquiry_new(request, slug):
    """The Clerk logs an enquiry for a councillor; a councillor submits their own."""
    council, roles = council_for(request, slug)
    by_clerk = roles.has(Membership.Role.CLERK)
    if not (by_clerk or roles.has(Membership.Role.COUNCILLOR)):
        raise Http404("No such page")
    now = timezone.now()
    profile = _profile(council)
    councillors = councillors_for_enquiry(council=council, on=london_date(now)) if by_clerk else None
    initial = {}
    if not by_clerk and roles.membership and roles.membership.ward:
        initial["ward"] = roles.membership.ward
    form_kwargs = {"by_clerk": by_clerk, "councillors": councillors, "now": now, "profile": profile}
    suggestions: list[str] = []
    status = 200
    if request.method == "POST":
        form = EnquiryForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            data = form.cleaned_data
            councillor = data["councillor"] if by_clerk else request.user
            suggestions = suggest_interests(
                councillor=councillor, council=council, text=f"{data['subject']}\n{data['details']}"
            )
            if suggestions and not data["has_interest"] and not data["suggestions_seen"]:
                # Show what the register says before sending; the councillor (or Clerk) decides.
                bound = request.POST.copy()
                bound["suggestions_seen"] = "on"
                form = EnquiryForm(bound, **form_kwargs)
                form.is_valid()
            else:
                try:
                    case = enquiry_open(
                        council=council,
                        councillor=councillor,
                        logged_by=request.user,
                        received_at=data["received_at"] if by_clerk else now,
                        channel=data["channel"] if by_clerk else Enquiry.Channel.PORTAL,
                        subject=data["subject"],
                        details=data["details"],
                        ward=data["ward"],
                        constituent_name=data["constituent_name"],
                        constituent_contact=data["constituent_contact"],
                        urgent=data["urgent"],
                        has_interest=data["has_interest"],
                        interest_nature=data["interest_nature"],
                        now=now,
                        attachments=data["attachments"],
                        submission_key=data["submission_key"],
                    )
                except EnquiryRefused as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                    status = 400
                except DomainError as exc:
                    form.add_error(None, str(exc))
                    status = 409
                else:
                    deadline = case.deadlines.order_by("-pk").first()
                    who = "" if councillor == request.user else f" for {councillor}"
                    messages.success(
                        request,
                        f"Enquiry {case.reference} received{who}. A reply is due by the end of "
                        f"{fmt_day(deadline.due_on)}; {councillor} has been sent the reference and the due date.",
                    )
                    return redirect("case-detail", slug=council.slug, reference=case.reference)
        else:
            status = 400
    else:
        form = EnquiryForm(initial=initial, **form_kwargs)
    normal = reply_clock(profile, urgent=False) if profile else None
    return render(
        request,
        "casework/enquiries/enquiry_form.html",
        {
            "council": council,
            "form": form,
            "by_clerk": by_clerk,
            "suggestions": suggestions,
            "reply_days": normal[0] if normal else None,
            "reply_cite": normal[1:] if normal else ("", ""),
            "interest_cite": cite_model(profile, "interest_in_writing") if profile else ("", ""),
            "has_profile": profile is not None,
        },
        status=status,
    )


# --- the Clerk's queue -----------------------------------------------------------------

_BADGE = '<span class="badge text-bg-{}">{}</span>'


def _queue_rows_html(rows, case_prefix: str):
    """The queue's table rows, escaped by format_html.

    Built here rather than in a template loop: at 25 rows a page this is the Clerk's busiest
    page, and the template engine's per-variable cost was a third of its time.
    """
    def row_html(row):
        case = row.case
        urgent = format_html(" " + _BADGE, "danger", "Urgent") if case.urgent else ""
        if row.overdue:
            flag = format_html(" " + _BADGE, "danger", "Overdue")
        elif row.due_soon:
            flag = format_html(" " + _BADGE, "warning", "Due soon")
        else:
            flag = ""
        if case.assigned_to_id:
            assignee = conditional_escape(str(case.assigned_to))
        elif row.unassigned:
            assignee = format_html(_BADGE, "secondary", "Unassigned")
        else:
            assignee = "—"
        interim = format_html(" " + _BADGE, "info", "Interim reply sent") if row.awaiting_full_reply else ""
        enquiry = getattr(case, "enquiry", None)
        return (
            case.reference, case_prefix, case.reference, case.reference, case.subject, urgent,
            str(case.raised_by) if case.raised_by_id else "—", (enquiry.ward if enquiry else "") or "—",
            row.due_label, flag, assignee, case.get_status_display(), interim,
        )

    return format_html_join(
        "\n",
        '<tr data-testid="queue-row" data-reference="{}"><th scope="row"><a href="{}{}/">{}</a></th>'
        "<td>{}{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}{}</td></tr>",
        (row_html(row) for row in rows),
    )



@login_required
def enquiry_queue_view(request, slug):
    """The Clerk's queue of enquiries (an officer sees the same page for what is assigned to them)."""
    council, roles = council_for(request, slug)
    is_clerk = roles.has(Membership.Role.CLERK)
    if not (is_clerk or roles.has(Membership.Role.OFFICER)):
        raise Http404("No such page")
    now = timezone.now()
    today = london_date(now)
    # "Due soon": by the end of the second working day from today (the reminder's horizon).
    soon_until = end_of_day(add_working_days(today, 2, calendar_for_council(council)).due)
    # The people to filter by, in one query: councillors (and their wards), and the staff work is assigned to.
    R = Membership.Role
    memberships = list(
        Membership.objects.current_on(today)
        .filter(council=council, role__in=(R.COUNCILLOR, R.CLERK, R.OFFICER), user__is_active=True)
        .select_related("user")
        .only("role", "ward", "user__full_name", "user__email")
        .order_by("user__full_name", "pk")
    )
    councillors = list({m.user_id: m.user for m in memberships if m.role == R.COUNCILLOR}.values())
    wards = sorted({m.ward for m in memberships if m.role == R.COUNCILLOR and m.ward})
    officers = list({m.user_id: m.user for m in memberships if m.role != R.COUNCILLOR}.values()) if is_clerk else []
    form = QueueFilterForm(
        request.GET or None,
        officers=officers,
        councillors=councillors,
        wards=wards,
        show_officer=is_clerk,
    )
    if form.is_bound:
        form.is_valid()
    page = form.value("page") or 1
    queue = enquiry_queue(
        council=council,
        now=now,
        soon_until=soon_until,
        assigned_to=None if is_clerk else request.user,
        officer=form.value("officer"),
        councillor=form.value("councillor"),
        ward=form.value("ward") or "",
        status=form.value("status") or "",
        search=(form.value("q") or "").strip(),
    )
    start = (page - 1) * ENQUIRY_PAGE_SIZE
    found = list(queue[start : start + ENQUIRY_PAGE_SIZE + 1])
    rows = enquiry_rows(found[:ENQUIRY_PAGE_SIZE], now=now, soon_until=soon_until)
    params = request.GET.copy()
    params.pop("page", None)
    filtered = any(v for k, v in params.items())
    chosen = {name: request.GET.get(name, "") for name in ("status", "officer", "councillor", "ward")}

    def options(name: str) -> list[tuple[str, str, bool]]:
        return [(str(value), text, str(value) == chosen[name]) for value, text in form.fields[name].choices]

    filters = {
        "q": request.GET.get("q", "")[:100],
        "selects": [
            (name, form.fields[name].label, options(name))
            for name in ("status", "officer", "councillor", "ward")
            if name in form.fields
        ],
    }
    return render(
        request,
        "casework/enquiries/queue.html",
        {
            "council": council,
            "filters": filters,
            # Each row links to its case page: the prefix is reversed once, not once a row.
            "case_prefix": reverse("case-detail", kwargs={"slug": council.slug, "reference": "-"})[:-2],
            "rows": rows,
            "rows_html": _queue_rows_html(rows, reverse("case-detail", kwargs={"slug": council.slug, "reference": "-"})[:-2]),
            "page": page,
            "first_number": start + 1,
            "last_number": start + len(rows),
            "has_next": len(found) > ENQUIRY_PAGE_SIZE,
            "has_previous": page > 1,
            "query": params.urlencode(),
            "filtered": filtered,
            "is_clerk": is_clerk,
        },
    )


# --- answering -------------------------------------------------------------------------


def _stale_rebind(form_class, request, case, **kwargs):
    """The same entries, carrying the version the person has now been shown."""
    data = request.POST.copy()
    prefix = kwargs.get("prefix")
    data[f"{prefix}-version" if prefix else "version"] = str(case.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _answer_context(council, case, enquiry, **extra) -> dict:
    deadlines = tracked_deadlines(case)
    return {
        "council": council,
        "case": case,
        "enquiry": enquiry,
        "tracked": [(d, why_this_date(d)) for d in deadlines],
        "interims": list(enquiry.interim_replies.select_related("sent_by")),
        **extra,
    }


def _copyable(case: Case):
    """Other councillors a reply can be copied to (the copy is shown to the councillor who raised it)."""
    return councillors_for_enquiry(council=case.council, on=timezone.localdate()).exclude(pk=case.raised_by_id)


@login_required
def enquiry_reply_view(request, slug, reference):
    council, roles, case, enquiry = _enquiry_for(request, slug, reference, may="answer")
    copyable = _copyable(case)
    status, stale = 200, None
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, copyable=copyable)
        if form.is_valid():
            try:
                enquiry_reply(
                    case=case,
                    officer=request.user,
                    body=form.cleaned_data["body"],
                    cc=list(form.cleaned_data["cc"]),
                    attachments=form.cleaned_data["attachments"],
                    now=timezone.now(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleCase as exc:
                case, stale, status = exc.case, exc.changes, 409
                form = _stale_rebind(ReplyForm, request, case, copyable=copyable)
            except EnquiryRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = 400 if exc.field in form.fields else 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(
                    request, f"Reply sent to {case.raised_by}. The reply clock is stopped and the enquiry is marked replied."
                )
                return redirect("case-detail", slug=slug, reference=reference)
        else:
            status = 400
    else:
        if not case.is_active:
            messages.info(request, f"This enquiry is {case.get_status_display().lower()}.")
            return redirect("case-detail", slug=slug, reference=reference)
        form = ReplyForm(initial={"version": case.version}, copyable=copyable)
    return render(
        request,
        "casework/enquiries/reply.html",
        _answer_context(council, case, enquiry, form=form, stale=stale),
        status=status,
    )


@login_required
def enquiry_interim_view(request, slug, reference):
    council, roles, case, enquiry = _enquiry_for(request, slug, reference, may="answer")
    now = timezone.now()
    form_kwargs = {"today": london_date(now), "calendar": calendar_for_council(council)}
    status, stale = 200, None
    if request.method == "POST":
        form = InterimReplyForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                interim = interim_reply_send(
                    case=case,
                    officer=request.user,
                    reason=form.cleaned_data["reason"],
                    estimated_on=form.cleaned_data["estimated_on"],
                    now=now,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleCase as exc:
                case, stale, status = exc.case, exc.changes, 409
                form = _stale_rebind(InterimReplyForm, request, case, **form_kwargs)
            except EnquiryRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = 400 if exc.field in form.fields else 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(
                    request,
                    f"Interim reply sent to {case.raised_by}. The enquiry is now tracked against "
                    f"{fmt_day(interim.estimated_on)}.",
                )
                return redirect("case-detail", slug=slug, reference=reference)
        else:
            status = 400
    else:
        if not case.is_active:
            messages.info(request, f"This enquiry is {case.get_status_display().lower()}.")
            return redirect("case-detail", slug=slug, reference=reference)
        form = InterimReplyForm(initial={"version": case.version}, **form_kwargs)
    return render(
        request,
        "casework/enquiries/interim.html",
        _answer_context(council, case, enquiry, form=form, stale=stale),
        status=status,
    )


# --- the councillor's answer to the reply ----------------------------------------------


def _councillor_post(request, slug, reference, *, form_class, prefix, act, done):
    council, roles, case, enquiry = _enquiry_for(request, slug, reference, may="councillor")
    form = form_class(request.POST, prefix=prefix)
    forms = {prefix: form}
    if not form.is_valid():
        return case_pages._page(request, council, roles, case, status=400, forms=forms)
    try:
        act(case=case, data=form.cleaned_data)
    except EnquiryRefused as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, str(exc))
            return case_pages._page(request, council, roles, case, status=400, forms=forms)
        return case_pages._refuse(request, council, roles, case, exc, forms=forms)
    except DomainError as exc:
        return case_pages._refuse(request, council, roles, case, exc, forms=forms)
    messages.success(request, done)
    return redirect("case-detail", slug=slug, reference=reference)


@login_required
@require_POST
def enquiry_accept_view(request, slug, reference):
    return _councillor_post(
        request,
        slug,
        reference,
        form_class=AcceptForm,
        prefix="accept",
        act=lambda *, case, data: enquiry_accept(
            case=case, councillor=request.user, now=timezone.now(), expected_version=data["version"]
        ),
        done="Thank you: you have accepted the reply and the enquiry is closed.",
    )


@login_required
@require_POST
def enquiry_reopen_view(request, slug, reference):
    return _councillor_post(
        request,
        slug,
        reference,
        form_class=ReopenForm,
        prefix="reopen",
        act=lambda *, case, data: enquiry_reopen(
            case=case,
            councillor=request.user,
            reason=data["reason"],
            now=timezone.now(),
            expected_version=data["version"],
        ),
        done="The enquiry is open again with a new reply date. The officer has been told why.",
    )


# --- downloads -------------------------------------------------------------------------


@login_required
def attachment_download(request, slug, reference, attachment):
    """A file on a case, for anyone who may see the case: always a download, never rendered here."""
    council, roles, case = case_pages._case_for(request, slug, reference)
    item = get_object_or_404(Attachment, pk=attachment, case=case)
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
