"""Forms for complaints and concerns. They clean values; services change state."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone

from accounts.models import User
from casework.models import ProtocolClause

from .models import BreachReport, Complaint, Concern

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class ClauseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ProtocolClause) -> str:
        text = obj.label or obj.anchor
        return text if len(text) <= 110 else f"{text[:107]}…"


def _not_future(value: dt.date | None) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError("The date cannot be in the future.")
    return value


def _required_text(value: str, message: str) -> str:
    if not (value or "").strip():
        raise forms.ValidationError(message)
    return value


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BreachReportForm(forms.Form):
    subject_person = PersonChoiceField(
        queryset=User.objects.none(),
        label="Who did not comply with the protocol?",
        empty_label="Choose a councillor or member of staff",
        error_messages={"required": "Choose who did not comply with the protocol."},
    )
    details = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Say what happened."},
    )
    occurred_on = forms.DateField(
        label="When did it happen?",
        widget=DATE_INPUT,
        error_messages={"required": "Give the date it happened.", "invalid": "Enter a real date, like 23/11/2026."},
    )
    clauses = ClauseChoiceField(
        queryset=ProtocolClause.objects.none(),
        label="Which clauses of the protocol were not complied with?",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": "Choose at least one clause of the protocol."},
        help_text="Hold Ctrl (or Cmd) to choose more than one.",
    )
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
        help_text="What you saw or heard, documents, emails, witnesses.",
    )
    related_case = forms.CharField(
        label="Related case reference (optional)", required=False, max_length=20, help_text="For example ENQ-2026-0042."
    )

    def __init__(self, *args, people=None, clauses=None, visible_cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["subject_person"].queryset = people
        if clauses is not None:
            self.fields["clauses"].queryset = clauses
        self.visible_cases = visible_cases

    def clean_details(self):
        return _required_text(self.cleaned_data["details"], "Say what happened.")

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data["occurred_on"])

    def clean_related_case(self):
        reference = (self.cleaned_data.get("related_case") or "").strip().upper()
        if not reference:
            return None
        case = self.visible_cases.filter(reference=reference).first() if self.visible_cases is not None else None
        if case is None:
            raise forms.ValidationError(f"There is no case {reference} that you can see at this council.")
        return case


class BreachDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=BreachReport.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision."},
    )
    reasons = forms.CharField(
        label="Reasons for your decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": "Give the reasons for your decision."},
    )
    agreed = forms.CharField(
        label="What was agreed (for an informal resolution)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )

    def __init__(self, *args, subject_is_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        D = BreachReport.Decision
        # The staffing committee hears staff matters; the Code of Conduct covers councillors.
        drop = D.REFER_MONITORING_OFFICER if subject_is_staff else D.REFER_STAFFING
        self.fields["decision"].choices = [(v, label) for v, label in D.choices if v != drop]

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Give the reasons for your decision.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == BreachReport.Decision.INFORMAL_RESOLUTION and not (data.get("agreed") or "").strip():
            self.add_error("agreed", "Say what was agreed in the informal resolution.")
        return data


class DeclareInterestForm(forms.Form):
    interest = forms.CharField(
        label="Your interest",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what your interest is."},
    )

    def clean_interest(self):
        return _required_text(self.cleaned_data["interest"], "Say what your interest is.")


class ContactFlagForm(forms.Form):
    contact_kind = forms.ChoiceField(
        label="What kind of contact was it?",
        choices=BreachReport.ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of contact."},
    )
    clause = forms.ModelChoiceField(
        queryset=ProtocolClause.objects.none(),
        label="Which clause of the protocol does it not comply with?",
        empty_label="Choose a clause",
        error_messages={"required": "Choose the clause."},
    )
    details = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": "Say what happened."},
    )

    def __init__(self, *args, clauses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if clauses is not None:
            self.fields["clause"].queryset = clauses
            self.fields["clause"].label_from_instance = lambda c: (c.label or c.anchor)[:110]

    def clean_details(self):
        return _required_text(self.cleaned_data["details"], "Say what happened.")


class ComplaintForm(forms.Form):
    """The public form: no login needed. Name and email are required — anonymous complaints are refused."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(label="Your full name", max_length=150, error_messages={
        "required": "Give your name: anonymous complaints cannot be considered."})
    email = forms.EmailField(label="Your email address", max_length=254, error_messages={
        "required": "Give your email address: we send your reference and the outcome there.",
        "invalid": "Enter an email address like name@example.com."})
    phone = forms.CharField(label="Your phone number (optional)", max_length=40, required=False)
    complainant_kind = forms.ChoiceField(
        label="You are",
        choices=Complaint.ComplainantKind.choices,
        widget=forms.RadioSelect,
        initial=Complaint.ComplainantKind.PUBLIC,
        error_messages={"required": "Say whether you are a member of the public, a councillor or an officer."},
    )
    subject_person = PersonChoiceField(
        queryset=User.objects.none(),
        label="Which councillor is your complaint about?",
        empty_label="Choose a councillor",
        error_messages={"required": "Choose the councillor your complaint is about."},
    )
    details = forms.CharField(
        label="What did the councillor do?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Describe what the councillor did."},
    )
    occurred_on = forms.DateField(
        label="When did it happen? (optional)",
        required=False,
        widget=DATE_INPUT,
        error_messages={"invalid": "Enter a real date, like 23/11/2026."},
    )
    code_provisions = forms.CharField(
        label="Which parts of the Code of Conduct do you think were broken? (optional)", max_length=300, required=False
    )
    withhold = forms.BooleanField(
        label="I ask for my identity to be withheld from the councillor",
        required=False,
        help_text="The Monitoring Officer decides whether to agree. Until then your name is not shown to the councillor.",
    )
    withhold_reason = forms.CharField(
        label="Why should your identity be withheld?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, councillors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if councillors is not None:
            self.fields["subject_person"].queryset = councillors
        if not self.is_bound and "token" not in self.initial:
            self.initial["token"] = uuid.uuid4()

    def clean_name(self):
        return _required_text(self.cleaned_data["name"], "Give your name: anonymous complaints cannot be considered.")

    def clean_details(self):
        return _required_text(self.cleaned_data["details"], "Describe what the councillor did.")

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data.get("occurred_on"))

    def clean(self):
        data = super().clean()
        if data.get("withhold") and not (data.get("withhold_reason") or "").strip():
            self.add_error("withhold_reason", "Say why your identity should be withheld from the councillor.")
        return data


class ConcernForm(forms.Form):
    ABOUT = (("officer", "An officer"), ("clerk", "The Clerk"))
    about = forms.ChoiceField(
        label="Who is your concern about?", choices=ABOUT, widget=forms.RadioSelect,
        error_messages={"required": "Say whether your concern is about an officer or the Clerk."},
    )
    subject_person = PersonChoiceField(
        queryset=User.objects.none(),
        label="Which officer? (not needed for the Clerk)",
        required=False,
        empty_label="Choose an officer",
    )
    details = forms.CharField(
        label="Your concern", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000,
        error_messages={"required": "Describe your concern."},
    )
    occurred_on = forms.DateField(label="When did it happen? (optional)", required=False, widget=DATE_INPUT,
                                  error_messages={"invalid": "Enter a real date, like 23/11/2026."})

    def __init__(self, *args, officers=None, allow_officer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if officers is not None:
            self.fields["subject_person"].queryset = officers
        if not allow_officer:
            self.fields["about"].choices = [c for c in self.ABOUT if c[0] == "clerk"]

    def clean_details(self):
        return _required_text(self.cleaned_data["details"], "Describe your concern.")

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data.get("occurred_on"))

    def clean(self):
        data = super().clean()
        if data.get("about") == "officer" and not data.get("subject_person"):
            self.add_error("subject_person", "Choose the officer your concern is about.")
        return data


class GrievanceForm(forms.Form):
    details = forms.CharField(
        label="Your grievance", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
        error_messages={"required": "Describe your grievance."},
    )
    occurred_on = forms.DateField(label="When did it happen? (optional)", required=False, widget=DATE_INPUT,
                                  error_messages={"invalid": "Enter a real date, like 23/11/2026."})

    def clean_details(self):
        return _required_text(self.cleaned_data["details"], "Describe your grievance.")

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data.get("occurred_on"))


class ConcernOutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label="Outcome", choices=Concern.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome."})
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                              error_messages={"required": "Give the reasons for the outcome."})

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Give the reasons for the outcome.")


# --- the Monitoring Officer's stage forms ---------------------------------------------


class StageForm(forms.Form):
    """Carries the stage the page showed, so a second click or a colleague's change is caught, not applied."""

    stage = forms.ChoiceField(choices=Complaint.Stage.choices, widget=forms.HiddenInput)


class EmptyForm(StageForm):
    """A stage with nothing to fill in (acknowledge, send the outcome, publish)."""


class IdentityDecisionForm(StageForm):
    CHOICES = (("withhold", "Agree: withhold the complainant's identity"), ("disclose", "Do not agree"))
    withhold = forms.ChoiceField(label="Your decision", choices=CHOICES, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose whether to withhold the complainant's identity."})
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                              error_messages={"required": "Give the reasons for your decision."})

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Give the reasons for your decision.")


class SubjectToldForm(StageForm):
    summary = forms.CharField(
        label="Summary of the complaint for the councillor",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text="This is what the councillor will read. If the complainant's identity is withheld, leave out "
        "anything that would identify them.",
        error_messages={"required": "Write the summary the councillor will see."},
    )

    def clean_summary(self):
        return _required_text(self.cleaned_data["summary"], "Write the summary the councillor will see.")


class IndependentPersonViewForm(StageForm):
    independent_person = PersonChoiceField(
        queryset=User.objects.none(), label="Independent Person consulted", required=False,
        empty_label="Someone not listed (name them below)",
    )
    name = forms.CharField(label="Name, if not listed", max_length=150, required=False)
    consulted_on = forms.DateField(label="Date consulted", widget=DATE_INPUT, error_messages={
        "required": "Give the date the Independent Person was consulted.",
        "invalid": "Enter a real date, like 23/11/2026."})
    views = forms.CharField(label="The Independent Person's views", widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=10000, error_messages={"required": "Record the Independent Person's views."})

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["independent_person"].queryset = people

    def clean_consulted_on(self):
        return _not_future(self.cleaned_data["consulted_on"])

    def clean_views(self):
        return _required_text(self.cleaned_data["views"], "Record the Independent Person's views.")

    def clean(self):
        data = super().clean()
        if not data.get("independent_person") and not (data.get("name") or "").strip():
            self.add_error("name", "Choose the Independent Person, or give their name.")
        return data


class AssessmentForm(StageForm):
    decision = forms.ChoiceField(label="Decision", choices=Complaint.Decision.choices, widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the decision."})
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                              error_messages={"required": "Give the reasons for the decision."})
    agreed = forms.CharField(label="What was agreed (for an informal resolution)", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Give the reasons for the decision.")

    def clean(self):
        data = super().clean()
        if data.get("decision") == Complaint.Decision.INFORMAL_RESOLUTION and not (data.get("agreed") or "").strip():
            self.add_error("agreed", "Say what was agreed in the informal resolution.")
        return data


class InvestigationReportForm(StageForm):
    report = forms.CharField(label="Summary of the investigator's report", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=20000, error_messages={"required": "Summarise the investigator's report."})
    hearing_on = forms.DateField(
        label="Hearing date (leave blank if the investigation found no breach)", required=False, widget=DATE_INPUT,
        error_messages={"invalid": "Enter a real date, like 23/11/2026."},
    )

    def clean_report(self):
        return _required_text(self.cleaned_data["report"], "Summarise the investigator's report.")

    def clean_hearing_on(self):
        value = self.cleaned_data.get("hearing_on")
        if value and value < timezone.localdate():
            raise forms.ValidationError("The hearing date cannot be in the past.")
        return value


class HearingForm(StageForm):
    finding = forms.ChoiceField(label="Finding", choices=Complaint.Finding.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the finding."})
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000,
                              error_messages={"required": "Give the reasons for the finding."})
    sanction = forms.CharField(label="Sanction (if the Code was breached)", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Give the reasons for the finding.")

    def clean(self):
        data = super().clean()
        if data.get("finding") == Complaint.Finding.NO_BREACH and (data.get("sanction") or "").strip():
            self.add_error("sanction", "A sanction can follow only a finding that the Code was breached.")
        return data


class DecisionNoticeForm(StageForm):
    summary = forms.CharField(
        label="Decision notice",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="Published on the council's decision notices page. Do not name the complainant.",
        error_messages={"required": "Write the decision notice."},
    )

    def clean_summary(self):
        return _required_text(self.cleaned_data["summary"], "Write the decision notice.")


class ReviewRequestForm(forms.Form):
    reasons = forms.CharField(label="Why should the decision be reviewed?", widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=10000, error_messages={"required": "Say why the decision should be reviewed."})

    def clean_reasons(self):
        return _required_text(self.cleaned_data["reasons"], "Say why the decision should be reviewed.")


class ReviewDecisionForm(AssessmentForm):
    decision = forms.ChoiceField(
        label="Review decision",
        choices=[(Complaint.Decision.NO_ACTION.value, "The decision to take no action stands")]
        + [c for c in Complaint.Decision.choices if c[0] != Complaint.Decision.NO_ACTION],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the review decision."},
    )


STAGE_FORMS = {
    "acknowledge": EmptyForm,
    "identity": IdentityDecisionForm,
    "subject": SubjectToldForm,
    "ip": IndependentPersonViewForm,
    "assess": AssessmentForm,
    "outcome": EmptyForm,
    "investigation": InvestigationReportForm,
    "hearing": HearingForm,
    "notice": DecisionNoticeForm,
    "publish": EmptyForm,
    "review": ReviewDecisionForm,
}
