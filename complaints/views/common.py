"""The one place these views decide what a person may open: 404 for anything they may not see."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.access import council_for
from accounts.models import Council
from casework.models import Case
from casework.selectors import cases_visible_to


def council_with_protocol(request, slug: str):
    """council_for, and a 404 where the council has not set up its protocol (nothing can be routed)."""
    council, roles = council_for(request, slug)
    if not hasattr(council, "protocol_profile"):
        raise Http404("This council has not set up its protocol")
    return council, roles


def public_council(slug: str) -> Council:
    """For pages anyone may open (no login): a council taking complaints online, else 404."""
    return get_object_or_404(
        Council.objects.select_related("principal_council", "protocol_profile"),
        slug=slug,
        protocol_profile__isnull=False,
    )


def case_of_kind(request, slug: str, reference: str, kinds):
    """A case of one of `kinds` this person may see at the council; 404 otherwise."""
    council, roles = council_for(request, slug)
    visible = cases_visible_to(user=request.user, council=council, roles=roles)
    case = get_object_or_404(
        visible.filter(kind__in=kinds).select_related("council", "raised_by", "routed_to", "subject_person"),
        reference=reference,
    )
    return council, roles, case


def today():
    return timezone.localdate()


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is whatever the sender chose to write.
    return request.META.get("REMOTE_ADDR") or None


def complaint_case_for_mo(request, slug: str, reference: str):
    """A complaint at a council this person serves as Monitoring Officer (or Deputy); 404 otherwise."""
    council, roles = council_for(request, slug)
    if not roles.is_monitoring_officer:
        raise Http404("No such complaint")
    case = get_object_or_404(
        Case.objects.filter(council=council, kind=Case.Kind.COMPLAINT).select_related(
            "council__protocol_profile", "raised_by", "routed_to", "subject_person", "complaint"
        ),
        reference=reference,
    )
    return council, roles, case
