"""The one place the register's views decide who may see what; anything else is a 404.

- A councillor's own register, drafts, gifts, declarations and dispensation requests: the
  councillor, and the Monitoring Officer serving the council.
- A relationship disclosure: the person who made it and the Monitoring Officer — nobody else,
  not even the other person named in it.
- Reviewing, deciding and the register settings: the Monitoring Officer serving the council.
- The public register: anyone, signed in or not, for a council that exists.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import council_for
from accounts.models import Membership

from .models import Dispensation, Register, RegisterEntry, RegisterVersion, RelationshipDisclosure


def councillor_at(request, slug: str):
    """The council and roles, for a signed-in councillor of it; 404 for anyone else."""
    council, roles = council_for(request, slug)
    if not roles.has(Membership.Role.COUNCILLOR):
        raise Http404("Only councillors keep a register")
    return council, roles


def monitoring_officer_at(request, slug: str):
    council, roles = council_for(request, slug)
    if not roles.is_monitoring_officer:
        raise Http404("Only the Monitoring Officer")
    return council, roles


def member_at(request, slug: str):
    """Anyone with a membership at the council itself (a councillor or staff)."""
    council, roles = council_for(request, slug)
    if roles.membership is None:
        raise Http404("Not a member of this council")
    return council, roles


def register_for(request, slug: str, register_id: int):
    council, roles = council_for(request, slug)
    register = get_object_or_404(
        Register.objects.select_related("case", "councillor", "council", "published_version"),
        pk=register_id,
        council=council,
    )
    if register.councillor_id != request.user.pk and not roles.is_monitoring_officer:
        raise Http404("No such register")
    return council, roles, register


def version_for(request, slug: str, version_id: int):
    council, roles = council_for(request, slug)
    version = get_object_or_404(
        RegisterVersion.objects.select_related(
            "register__councillor", "register__council", "register__case", "register__published_version", "reviewed_by"
        ),
        pk=version_id,
        register__council=council,
    )
    if version.register.councillor_id != request.user.pk and not roles.is_monitoring_officer:
        raise Http404("No such version")
    return council, roles, version


def draft_entry_for(request, slug: str, entry_id: int):
    """An entry in the signed-in councillor's own current draft."""
    council, roles = councillor_at(request, slug)
    entry = get_object_or_404(
        RegisterEntry.objects.select_related("version__register__council", "version__register__published_version"),
        pk=entry_id,
        version__register__council=council,
        version__register__councillor=request.user,
        version__status=RegisterVersion.Status.DRAFT,
    )
    return council, roles, entry


def dispensation_for(request, slug: str, pk: int):
    council, roles = council_for(request, slug)
    dispensation = get_object_or_404(
        Dispensation.objects.select_related("register__councillor", "case", "decided_by"),
        pk=pk,
        register__council=council,
    )
    if dispensation.register.councillor_id != request.user.pk and not roles.is_monitoring_officer:
        raise Http404("No such dispensation")
    return council, roles, dispensation


def disclosure_for(request, slug: str, pk: int):
    council, roles = council_for(request, slug)
    disclosure = get_object_or_404(
        RelationshipDisclosure.objects.select_related("discloser", "other_person", "case"), pk=pk, council=council
    )
    if disclosure.discloser_id != request.user.pk and not roles.is_monitoring_officer:
        raise Http404("No such disclosure")
    return council, roles, disclosure
