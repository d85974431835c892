"""A councillor's register: the page, drafts, entries, submission; and the Monitoring Officer's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.models import DomainError

from .. import access
from ..forms import EntryForm, ReviewForm
from ..models import RegisterVersion
from ..selectors import (
    changes_against_published,
    disclosures_by,
    entries_of,
    obligations_of,
    register_of,
    versions_of,
)
from ..services.registers import (
    ENTRY_FIELDS,
    current_draft,
    draft_start,
    entry_remove,
    entry_save,
    register_confirm,
    version_accept,
    version_return,
    version_submit,
)


def _register_context(request, council, roles, register, councillor):
    today = timezone.localdate()
    versions = versions_of(register) if register else []
    draft = next((v for v in versions if v.status == RegisterVersion.Status.DRAFT), None)
    under_review = next((v for v in versions if v.status == RegisterVersion.Status.SUBMITTED), None)
    latest = versions[0] if versions else None
    own = request.user.pk == councillor.pk
    context = {
        "council": council,
        "councillor": councillor,
        "register": register,
        "own": own,
        "versions": versions,
        "draft": draft,
        "draft_changes": changes_against_published(draft) if draft else [],
        "under_review": under_review,
        "returned": latest if latest and latest.status == RegisterVersion.Status.RETURNED else None,
        "published_entries": entries_of(register.published_version) if register else [],
        "obligations": obligations_of(register) if register else [],
        "gifts": list(register.gifts.all()) if register else [],
        "dispensations": list(register.dispensations.select_related("case")) if register else [],
        "declarations": list(register.declarations.select_related("case", "obligation")) if register else [],
        "disclosures": disclosures_by(council=council, user=councillor) if own else [],
        "today": today,
        "is_monitoring_officer": roles.is_monitoring_officer,
    }
    return context


@login_required
def register_mine(request, slug):
    council, roles = access.councillor_at(request, slug)
    register = register_of(council=council, councillor=request.user)
    return render(
        request, "interests/register.html", _register_context(request, council, roles, register, request.user)
    )


@login_required
def register_member(request, slug, register_id):
    council, roles, register = access.register_for(request, slug, register_id)
    if register.councillor_id == request.user.pk:
        return redirect("register-mine", slug=slug)
    return render(
        request, "interests/register.html", _register_context(request, council, roles, register, register.councillor)
    )


@login_required
@require_POST
def register_draft_start(request, slug):
    council, roles = access.councillor_at(request, slug)
    try:
        version = draft_start(council=council, councillor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _register_page(request, council, roles, status=409)
    messages.success(request, f"Version {version.number} is your draft: add, change or end interests, then submit it.")
    return redirect("register-mine", slug=slug)


def _register_page(request, council, roles, *, status):
    register = register_of(council=council, councillor=request.user)
    context = _register_context(request, council, roles, register, request.user)
    return render(request, "interests/register.html", context, status=status)


def _entry_page(request, council, version, form, entry=None, status=200):
    return render(
        request,
        "interests/entry_form.html",
        {"council": council, "version": version, "form": form, "entry": entry},
        status=status,
    )


def _needs_aware(register) -> bool:
    # After the first registration is accepted, a new or changed interest is a change with a 28-day clock.
    return register.published_version_id is not None


@login_required
def register_entry_add(request, slug):
    council, roles = access.councillor_at(request, slug)
    register = register_of(council=council, councillor=request.user)
    draft = current_draft(register) if register else None
    if draft is None:
        messages.info(request, "Start a new version of your register before adding an interest.")
        return redirect("register-mine", slug=slug)
    today = timezone.localdate()
    needs_aware = _needs_aware(register)
    if request.method != "POST":
        return _entry_page(request, council, draft, EntryForm(today=today, needs_aware=needs_aware))
    form = EntryForm(request.POST, today=today, needs_aware=needs_aware)
    if not form.is_valid():
        return _entry_page(request, council, draft, form, status=400)
    try:
        entry_save(version=draft, actor=request.user, now=timezone.now(), **_entry_fields(form))
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _entry_page(request, council, draft, form, status=409)
    messages.success(request, "Interest added to your draft.")
    return redirect("register-mine", slug=slug)


def _entry_fields(form: EntryForm) -> dict:
    return {name: form.cleaned_data.get(name) for name in ENTRY_FIELDS}


@login_required
def register_entry_edit(request, slug, entry_id):
    council, roles, entry = access.draft_entry_for(request, slug, entry_id)
    version = entry.version
    today = timezone.localdate()
    needs_aware = _needs_aware(version.register)
    if request.method != "POST":
        initial = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        form = EntryForm(initial=initial, today=today, needs_aware=needs_aware)
        return _entry_page(request, council, version, form, entry=entry)
    form = EntryForm(request.POST, today=today, needs_aware=needs_aware)
    if not form.is_valid():
        return _entry_page(request, council, version, form, entry=entry, status=400)
    try:
        entry_save(version=version, actor=request.user, now=timezone.now(), entry=entry, **_entry_fields(form))
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _entry_page(request, council, version, form, entry=entry, status=409)
    messages.success(request, "Interest changed in your draft.")
    return redirect("register-mine", slug=slug)


@login_required
@require_POST
def register_entry_remove(request, slug, entry_id):
    council, roles, entry = access.draft_entry_for(request, slug, entry_id)
    try:
        entry_remove(entry=entry, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _register_page(request, council, roles, status=409)
    messages.success(request, "Interest removed from your draft.")
    return redirect("register-mine", slug=slug)


@login_required
@require_POST
def register_submit(request, slug):
    council, roles = access.councillor_at(request, slug)
    register = register_of(council=council, councillor=request.user)
    draft = current_draft(register) if register else None
    if draft is None:
        messages.error(request, "There is no draft to submit.")
        return _register_page(request, council, roles, status=409)
    try:
        version_submit(version=draft, actor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _register_page(request, council, roles, status=409)
    messages.success(request, f"Version {draft.number} has been sent to the Monitoring Officer for review.")
    return redirect("register-mine", slug=slug)


@login_required
@require_POST
def register_confirm_view(request, slug):
    council, roles = access.councillor_at(request, slug)
    try:
        version = register_confirm(council=council, councillor=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
        return _register_page(request, council, roles, status=409)
    messages.success(
        request, f"You confirmed your register is up to date (version {version.number}, sent for review)."
    )
    return redirect("register-mine", slug=slug)


# --- a version, and the Monitoring Officer's review -----------------------------------------


def _version_page(request, council, roles, version, *, form=None, status=200):
    entries = entries_of(version)
    sensitive = [e for e in entries if e.sensitive]
    may_review = roles.is_monitoring_officer and version.status == RegisterVersion.Status.SUBMITTED
    if may_review and form is None:
        form = ReviewForm(sensitive_entries=sensitive)
    return render(
        request,
        "interests/version.html",
        {
            "council": council,
            "version": version,
            "register": version.register,
            "changes": changes_against_published(version),
            "may_review": may_review,
            "form": form,
            "own": version.register.councillor_id == request.user.pk,
        },
        status=status,
    )


@login_required
def register_version(request, slug, version_id):
    council, roles, version = access.version_for(request, slug, version_id)
    return _version_page(request, council, roles, version)


def _review(request, slug, version_id, *, accept: bool):
    council, roles, version = access.version_for(request, slug, version_id)
    if not roles.is_monitoring_officer:
        raise Http404("Only the Monitoring Officer reviews a register")
    sensitive = [e for e in entries_of(version) if e.sensitive]
    form = ReviewForm(request.POST, sensitive_entries=sensitive)
    if not form.is_valid() or not (form.require_for_accept() if accept else form.require_for_return()):
        return _version_page(request, council, roles, version, form=form, status=400)
    try:
        if accept:
            version_accept(
                version=version,
                reviewer=request.user,
                now=timezone.now(),
                withholding=form.decisions(),
                comments=form.cleaned_data["comments"],
            )
        else:
            version_return(
                version=version,
                reviewer=request.user,
                now=timezone.now(),
                comments=form.cleaned_data["comments"],
                withholding=form.decisions(),
            )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _version_page(request, council, roles, version, form=form, status=409)
    who = version.register.councillor
    if accept:
        messages.success(request, f"Version {version.number} of {who}'s register is accepted and published.")
    else:
        messages.success(request, f"Version {version.number} has been returned to {who} with your comments.")
    return redirect(reverse("register-member", kwargs={"slug": slug, "register_id": version.register_id}))


@login_required
@require_POST
def register_version_accept(request, slug, version_id):
    return _review(request, slug, version_id, accept=True)


@login_required
@require_POST
def register_version_return(request, slug, version_id):
    return _review(request, slug, version_id, accept=False)
