"""The deadline calculator: staff check when a reply would be due, and which days don't count."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Council
from accounts.selectors import is_staff_anywhere
from casework.calendar import WorkingCalendar, add_working_days, calendar_for_council
from casework.forms import CalculatorForm


@login_required
def deadline_calculator(request):
    """GET only: it changes nothing, so the answer can be bookmarked or shared as a link."""
    today = timezone.localdate()  # settings.TIME_ZONE is Europe/London
    if not is_staff_anywhere(user=request.user, on=today):
        raise Http404("No such page")
    submitted = any(name in request.GET for name in CalculatorForm.base_fields)
    form = CalculatorForm(request.GET if submitted else None, user=request.user, today=today)
    context = {"form": form, "result": None}
    if submitted and form.is_valid():
        data = form.cleaned_data
        council = data["council"]
        calendar = calendar_for_council(council) if council else WorkingCalendar(nation=data["nation"])
        result = add_working_days(data["received"], data["working_days"], calendar)
        context.update(
            result=result,
            received=data["received"],
            working_days=data["working_days"],
            council=council,
            nation_label=Council.Nation(calendar.nation).label,
        )
    return render(request, "casework/deadline_calculator.html", context)
