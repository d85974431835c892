"""What the register's views share: turning a DomainError into a clear message (HTTP 409)."""

from django.contrib import messages
from django.shortcuts import render


def refuse_form(request, template: str, context: dict, exc: Exception):
    """Show the form again with the rule that refused it; nothing typed is lost."""
    form = context.get("form")
    if form is not None:
        form.add_error(None, str(exc))
    else:
        messages.error(request, str(exc))
    return render(request, template, context, status=409)
