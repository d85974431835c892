from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def deadline_calculator(request):
    raise Http404("Not built yet")
