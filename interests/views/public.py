"""The public register: no sign-in, accepted entries only, sensitive details withheld (s.32)."""

import csv
import datetime as dt

from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.models import Council
from accounts.selectors import roles_at

from ..publication import csv_safe
from ..selectors import PublicMember, last_updated, public_register


def _council(slug: str) -> Council:
    # Not accounts.access.council_for: that 404s for anyone without a role, and this page is public.
    return get_object_or_404(Council, slug=slug)


def public_register_page(request, slug):
    council = _council(slug)
    today = timezone.localdate()
    members = public_register(council=council, on=today)
    may_disclose = bool(roles_at(user=request.user, council=council, on=today).membership)
    return render(
        request,
        "interests/public_register.html",
        {
            "public_council": council,
            "members": members,
            "last_updated": last_updated(members),
            "today": today,
            "may_disclose": may_disclose,
        },
    )


CSV_HEADER = (
    "Councillor", "Ward", "Group", "Section", "Category", "Whose", "Name", "Details", "From", "To", "Last updated",
)


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _csv_rows(members: list[PublicMember]):
    yield CSV_HEADER
    for m in members:
        updated = timezone.localtime(m.published_at).date().isoformat() if m.published_at else ""
        base = (m.name, m.ward, m.group)
        if not m.published:
            yield (*base, "No register published yet", "", "", "", "", "", "", "")
        for e in m.entries:
            if e.withheld:
                yield (*base, "Interest (details withheld)", "", "", "", e.statement, "", "", updated)
            else:
                yield (*base, e.kind, e.category, e.whose, e.name, e.details, _d(e.starts_on), _d(e.ends_on), updated)
        for g in m.gifts:
            value = f"{g.value:.2f}" + (" (estimate)" if g.value_is_estimate else "")
            details = f"{g.description}; {g.reason}; {g.get_outcome_display().lower()}; value £{value}"
            yield (*base, "Gift or hospitality", "", "", g.giver, details, _d(g.received_on), "",
                   timezone.localtime(g.registered_at).date().isoformat())
        for d in m.dispensations:
            yield (*base, "Dispensation in force", d.get_grounds_display(), "", "", d.business,
                   _d(d.granted_from), _d(d.granted_until), "")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream through."""

    def write(self, value):
        return value


def public_register_csv(request, slug):
    council = _council(slug)
    members = public_register(council=council, on=timezone.localdate())
    writer = csv.writer(_Echo())
    # Every cell is escaped: one beginning with = + - @ is prefixed with ' so a spreadsheet shows, not runs, it.
    lines = (writer.writerow([csv_safe(cell) for cell in row]) for row in _csv_rows(members))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="register-of-interests-{council.slug}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_register_json(request, slug):
    council = _council(slug)
    today = timezone.localdate()
    members = public_register(council=council, on=today)
    updated = last_updated(members)
    data = {
        "council": council.name,
        "as_of": today.isoformat(),
        "last_updated": updated.isoformat() if updated else None,
        "councillors": [
            {
                "name": m.name,
                "ward": m.ward,
                "group": m.group,
                "last_updated": m.published_at.isoformat() if m.published_at else None,
                "interests": [e.as_json() for e in m.entries],
                "gifts_and_hospitality": [
                    {
                        "giver": g.giver,
                        "description": g.description,
                        "received_on": g.received_on.isoformat(),
                        "value": f"{g.value:.2f}",
                        "value_is_estimate": g.value_is_estimate,
                        "reason": g.reason,
                        "outcome": g.outcome,
                        "registered_on": timezone.localtime(g.registered_at).date().isoformat(),
                        "days_late": g.days_late,
                    }
                    for g in m.gifts
                ],
                "dispensations_in_force": [
                    {
                        "business": d.business,
                        "grounds": d.get_grounds_display(),
                        "from": d.granted_from.isoformat(),
                        "until": d.granted_until.isoformat(),
                    }
                    for d in m.dispensations
                ],
            }
            for m in members
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="register-of-interests-{council.slug}.json"'
    return response
