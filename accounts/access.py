"""The one place views decide whether a person may see a council at all."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Council
from .selectors import CouncilRoles, roles_at


def council_for(request, slug: str) -> tuple[Council, CouncilRoles]:
    """The council and the user's roles there; 404 for anyone with no role at it.

    An outsider learns nothing, not even that the council exists in the portal.
    """
    council = get_object_or_404(Council.objects.select_related("principal_council"), slug=slug)
    roles = roles_at(user=request.user, council=council, on=timezone.localdate())
    if not roles.is_member:
        raise Http404("No such council")
    request.council = council
    request.council_roles = roles
    return council, roles
