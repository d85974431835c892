from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.access import council_for
from casework.models import ProtocolProfile


@login_required
def protocol_page(request, slug):
    """The council's protocol clause by clause, each with a stable anchor (#c-4-4)."""
    council, roles = council_for(request, slug)
    try:
        profile = council.protocol_profile
    except ProtocolProfile.DoesNotExist as exc:
        raise Http404("This council has no protocol yet") from exc
    clauses = list(profile.clauses.all())
    return render(request, "casework/protocol.html", {"council": council, "profile": profile, "clauses": clauses})
