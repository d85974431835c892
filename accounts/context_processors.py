def portal(request):
    """The council and role the header shows, set by accounts.access.council_for."""
    return {
        "current_council": getattr(request, "council", None),
        "current_roles": getattr(request, "council_roles", None),
    }
