"""Forms for councillor enquiries. They clean values and check the rules; services change state."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.models import User

from .attachments import ACCEPTED, AttachmentRefused, attachment_check, size_label
from .calendar import WorkingCalendar
from .case_forms import VersionedForm
from .models import Enquiry, ProtocolProfile
from .selectors import ENQUIRY_QUEUE_STATUSES
from .services.enquiries import EnquiryRefused, check_estimated_on, check_interim_reason, check_new_enquiry

YES_NO = (("no", "No"), ("yes", "Yes"))


def _yes(value) -> bool:
    return value == "yes"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files, each checked by its content (casework.attachments)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Attachments (optional)")
        kwargs.setdefault(
            "help_text",
            f"Attach {ACCEPTED}, each up to {size_label(settings.ATTACHMENT_MAX_BYTES)}. "
            "If the page shows an error, choose the files again.",
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(AttachmentsField, self).clean(upload, initial) for upload in files if upload]
        errors = []
        for upload in cleaned:
            try:
                attachment_check(upload)
            except AttachmentRefused as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def _apply(form: forms.Form, exc: EnquiryRefused) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


class EnquiryForm(forms.Form):
    """One form for the Clerk (logging on a councillor's behalf) and the councillor (in the portal).

    The Clerk also chooses the councillor, when it was received and how; a councillor's own
    enquiry is received now, through the portal.
    """

    councillor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Councillor",
        empty_label="Choose the councillor",
        error_messages={"required": "Choose the councillor the enquiry is from."},
    )
    received_at = forms.DateTimeField(
        label="Date and time received",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="UK time. Leave it as now, or enter when it arrived; it cannot be in the future.",
        error_messages={
            "required": "Enter when the enquiry was received.",
            "invalid": "Enter a real date and time, like 23 November 2026 at 10:30.",
        },
    )
    channel = forms.ChoiceField(
        label="How it arrived",
        widget=forms.RadioSelect,
        choices=[c for c in Enquiry.Channel.choices if c[0] != Enquiry.Channel.PORTAL],
        error_messages={"required": "Choose how the enquiry arrived."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Give the enquiry a subject.", "max_length": "Keep the subject to 200 characters."},
    )
    details = forms.CharField(
        label="The enquiry",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Say what the enquiry is about."},
    )
    ward = forms.CharField(label="Ward (optional)", max_length=100, required=False)
    constituent_name = forms.CharField(
        label="Constituent's name (optional)",
        max_length=200,
        required=False,
        help_text="Shown only to the Clerk, the officer who answers and the councillor who raised it.",
    )
    constituent_contact = forms.CharField(
        label="Constituent's contact details (optional)", max_length=300, required=False
    )
    urgent = forms.TypedChoiceField(
        label="Urgency",
        widget=forms.RadioSelect,
        coerce=_yes,
        empty_value=False,
        initial="no",
        error_messages={"required": "Choose standard or urgent."},
    )
    has_interest = forms.TypedChoiceField(
        label="Is there a personal or declarable interest in this matter?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        coerce=_yes,
        empty_value=False,
        initial="no",
        help_text="An enquiry with a personal interest is accepted only in writing (portal, email or letter), "
        "stating the interest and its nature.",
        error_messages={"required": "Say whether there is a personal interest."},
    )
    interest_nature = forms.CharField(
        label="The nature of the interest",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text="For example: “I own the house next to the site.”",
    )
    attachments = AttachmentsField()
    suggestions_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # One key per form shown: sending it twice (a double click) makes one enquiry, not two.
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        by_clerk: bool,
        councillors=None,
        now: dt.datetime,
        profile: ProtocolProfile | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4
        self.by_clerk = by_clerk
        self.now = now
        self.profile = profile
        normal = profile.reply_working_days if profile else 7
        fast = profile.urgent_reply_working_days if profile else 2
        self.fields["urgent"].choices = [
            ("no", f"Standard — a reply within {normal} working days"),
            ("yes", f"Urgent, for example safeguarding — a reply within {fast} working days"),
        ]
        if by_clerk:
            self.fields["councillor"].queryset = councillors if councillors is not None else User.objects.none()
            self.fields["received_at"].initial = timezone.localtime(now).replace(second=0, microsecond=0)
            self.fields["has_interest"].label = "Has the councillor a personal or declarable interest in this matter?"
        else:
            for name in ("councillor", "received_at", "channel"):
                del self.fields[name]
            self.fields["has_interest"].label = "Have you a personal or declarable interest in this matter?"
            self.fields["constituent_name"].help_text = (
                "Shown only to you, the Clerk and the officer who answers."
            )

    def clean(self):
        data = super().clean()
        received_at = data.get("received_at", self.now) if self.by_clerk else self.now
        channel = data.get("channel") if self.by_clerk else Enquiry.Channel.PORTAL
        if received_at is None or (self.by_clerk and not channel):
            return data
        try:
            check_new_enquiry(
                received_at=received_at,
                now=self.now,
                channel=channel,
                has_interest=bool(data.get("has_interest")),
                interest_nature=data.get("interest_nature") or "",
                profile=self.profile,
            )
        except EnquiryRefused as exc:
            _apply(self, exc)
        return data


class ReplyForm(VersionedForm):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Write the reply before sending it."},
    )
    cc = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Copy to another councillor (optional — the councillor who raised it sees who is copied in)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = AttachmentsField()

    def __init__(self, *args, copyable=None, **kwargs):
        super().__init__(*args, **kwargs)
        if copyable is not None:
            self.fields["cc"].queryset = copyable


class InterimReplyForm(VersionedForm):
    reason = forms.CharField(
        label="Why a full reply is not yet possible",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="The councillor reads this. For example: “The highways authority has not yet replied.”",
        error_messages={
            "required": "Say why a full reply is not yet possible: the protocol asks an interim reply to explain it."
        },
    )
    estimated_on = forms.DateField(
        label="When you expect to send the full reply",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A working day after today. It becomes the date the enquiry is tracked against.",
        error_messages={
            "required": "Enter the date you expect to send the full reply.",
            "invalid": "Enter a real date, like 10 December 2026.",
        },
    )

    def __init__(self, *args, today: dt.date, calendar: WorkingCalendar, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.calendar = calendar

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        try:
            check_interim_reason(reason)
        except EnquiryRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return reason

    def clean_estimated_on(self):
        estimated_on = self.cleaned_data["estimated_on"]
        try:
            check_estimated_on(estimated_on, today=self.today, calendar=self.calendar)
        except EnquiryRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return estimated_on


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label="Why the reply does not answer your enquiry",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Say why the reply does not answer your enquiry."},
    )


class AcceptForm(VersionedForm):
    pass


class QueueFilterForm(forms.Form):
    """The Clerk's queue filters: a GET form, so a filtered queue is a link that can be shared.

    The people to choose from are given as lists (already loaded for the page), so checking a
    choice costs no query: the queue keeps a fixed query count whatever is chosen.
    """

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="A reference, words from the subject, or a constituent's name.",
    )
    status = forms.ChoiceField(label="Show", required=False, choices=list(ENQUIRY_QUEUE_STATUSES.items()))
    officer = forms.TypedChoiceField(label="Assigned to", required=False, coerce=int, empty_value=None)
    councillor = forms.TypedChoiceField(label="Councillor", required=False, coerce=int, empty_value=None)
    ward = forms.ChoiceField(label="Ward", required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, officers=(), councillors=(), wards=(), show_officer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in (*officers, *councillors)}
        self.fields["officer"].choices = [("", "Anyone")] + [(p.pk, str(p)) for p in officers]
        self.fields["councillor"].choices = [("", "Any councillor")] + [(p.pk, str(p)) for p in councillors]
        self.fields["ward"].choices = [("", "Any ward")] + [(w, w) for w in wards]
        if not show_officer:
            del self.fields["officer"]

    def value(self, name: str):
        """The cleaned value of a filter (a person for officer and councillor), or None if not valid."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return None
        value = self.cleaned_data.get(name)
        if name in ("officer", "councillor") and value is not None:
            return self.people.get(value)
        return value
