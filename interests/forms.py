"""Forms for the register of interests. They clean values; services change state."""

import datetime as dt
import uuid
from decimal import Decimal

from django import forms

from accounts.models import User

from .models import (
    CATEGORY_HINTS,
    DPI_CATEGORIES,
    OTHER_CATEGORIES,
    Category,
    Declaration,
    Dispensation,
    Gift,
    RegisterEntry,
    RelationshipDisclosure,
    add_years,
)

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2099, 12, 31)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MONTHS = [(n, dt.date(2025, n, 1).strftime("%B")) for n in range(1, 13)]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}.",
            "invalid": "Enter a real date, like 23 November 2026.",
        },
    )


def _in_range(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if value and not (EARLIEST <= value <= LATEST):
        form.add_error(name, "Enter a date between 1900 and 2099.")


def _not_future(form: forms.Form, name: str, today: dt.date, message: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > today:
        form.add_error(name, message)


class TokenForm(forms.Form):
    """Carries an idempotency key: the same form posted twice (a double click) acts once."""

    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


CATEGORY_CHOICES = [
    ("", "Choose a category"),
    ("Disclosable pecuniary interests (SI 2012/1464)", [(c.value, c.label) for c in DPI_CATEGORIES]),
    ("Other registrable interests (Model Code of Conduct, Table 2)", [(c.value, c.label) for c in OTHER_CATEGORIES]),
]


class EntryForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=CATEGORY_CHOICES,
        error_messages={
            "required": "Choose a category.",
            "invalid_choice": "Choose one of the seven statutory categories or an other registrable interest: "
            "“%(value)s” is not one.",
        },
    )
    whose = forms.ChoiceField(
        label="Whose interest is it?",
        choices=RegisterEntry.Whose.choices,
        initial=RegisterEntry.Whose.MEMBER,
        widget=forms.RadioSelect,
        help_text="Disclosable pecuniary interests include your spouse's, civil partner's or the person you live "
        "with as such, if you know of them.",
        error_messages={"required": "Say whose interest it is.", "invalid_choice": "Say whose interest it is."},
    )
    name = forms.CharField(
        label="Employer, body, company or address of the land",
        max_length=200,
        error_messages={"required": "Name the employer, body or company, or give the address of the land."},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example your job title, the nature of the contract or the kind of interest in the land.",
    )
    starts_on = date_field("Start date", required=False, help_text="Leave blank if you do not know.")
    ends_on = date_field("End date", required=False, help_text="Leave blank if the interest continues.")
    aware_on = date_field(
        "Date you became aware of this change",
        required=False,
        help_text="Changes must be registered within 28 days, the day you became aware being day one.",
    )
    sensitive = forms.BooleanField(
        label="Ask for the details to be withheld from the published register (sensitive interest, s.32)",
        required=False,
        help_text="Only where publishing the details could lead to you or someone living with you being subjected "
        "to violence or intimidation. The Monitoring Officer decides.",
    )
    sensitive_reasons = forms.CharField(
        label="Why the details should be withheld",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, today: dt.date, needs_aware: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.needs_aware = needs_aware
        if needs_aware:
            self.fields["aware_on"].required = True
            self.fields["aware_on"].error_messages["required"] = (
                "Say when you became aware of this change: it must be registered within 28 days."
            )
        else:
            del self.fields["aware_on"]

    def clean(self):
        data = super().clean()
        for name in ("starts_on", "ends_on", "aware_on"):
            _in_range(self, name)
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date cannot be before the start date.")
        if "aware_on" in self.fields:
            _not_future(self, "aware_on", self.today, "The date you became aware cannot be in the future.")
        category = data.get("category")
        if category in OTHER_CATEGORIES and data.get("whose") == RegisterEntry.Whose.PARTNER:
            self.add_error("whose", "Other registrable interests are your own: choose “Yours”.")
        if data.get("sensitive") and not (data.get("sensitive_reasons") or "").strip():
            self.add_error("sensitive_reasons", "Say why the details should be withheld.")
        return data

    @property
    def hints(self):
        return [(Category(c).label, hint) for c, hint in CATEGORY_HINTS.items()]


class GiftForm(TokenForm):
    giver = forms.CharField(label="Who offered it", max_length=200,
                            error_messages={"required": "Say who offered the gift or hospitality."})
    description = forms.CharField(label="What was offered", max_length=300,
                                  error_messages={"required": "Say what was offered."})
    received_on = date_field("Date offered or received")
    value = forms.DecimalField(
        label="Value in pounds",
        max_digits=9,
        decimal_places=2,
        help_text="Pounds and pence, for example 75.00. Give your best estimate if you do not know.",
        error_messages={
            "required": "Enter the value, or your estimate of it.",
            "invalid": "Enter the value in pounds and pence, like 75.00.",
            "max_digits": "That is more than £100,000: check the value, in pounds and pence, like 75.00.",
            "max_whole_digits": "That is more than £100,000: check the value, in pounds and pence, like 75.00.",
            "max_decimal_places": "Give the value in pounds and pence, like 75.00.",
        },
    )
    value_is_estimate = forms.BooleanField(label="The value is an estimate", required=False)
    reason = forms.CharField(label="Why it was offered (the occasion)", max_length=300,
                             error_messages={"required": "Say why it was offered, for example the occasion."})
    outcome = forms.ChoiceField(
        label="Did you accept it?",
        choices=Gift.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you accepted or refused it.",
                        "invalid_choice": "Say whether you accepted or refused it."},
    )

    def __init__(self, *args, today: dt.date, threshold: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.threshold = today, threshold
        self.fields["value"].help_text = (
            f"Register gifts and hospitality worth £{threshold:,.2f} or more. " + self.fields["value"].help_text
        )

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("The value cannot be negative.")
        if value > Gift.MAX_VALUE:
            raise forms.ValidationError("That is more than £100,000: check the value, in pounds and pence, like 75.00.")
        if value < self.threshold:
            raise forms.ValidationError(
                f"Gifts and hospitality worth less than £{self.threshold:,.2f} need not be registered."
            )
        return value

    def clean(self):
        data = super().clean()
        _in_range(self, "received_on")
        _not_future(self, "received_on", self.today, "The date received cannot be in the future.")
        return data


class WithholdingField(forms.ChoiceField):
    def __init__(self, entry: RegisterEntry, **kwargs):
        super().__init__(
            label=f"Withhold the details of “{entry.name}”?",
            choices=[("agree", "Agree: publish only that an interest exists"), ("refuse", "Refuse")],
            widget=forms.RadioSelect,
            required=False,
            **kwargs,
        )


class ReviewForm(forms.Form):
    comments = forms.CharField(
        label="Comments to the councillor",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required when you return the register: say what needs correcting.",
    )

    def __init__(self, *args, sensitive_entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sensitive_entries = list(sensitive_entries)
        for entry in self.sensitive_entries:
            initial = {"agreed": "agree", "refused": "refuse"}.get(entry.withholding)
            self.fields[f"withhold_{entry.pk}"] = WithholdingField(entry, initial=initial)

    def withholding_fields(self):
        return [self[f"withhold_{entry.pk}"] for entry in self.sensitive_entries]

    def decisions(self) -> dict[int, bool]:
        out = {}
        for entry in self.sensitive_entries:
            value = self.cleaned_data.get(f"withhold_{entry.pk}")
            if value:
                out[entry.pk] = value == "agree"
        return out

    def require_for_accept(self) -> bool:
        ok = True
        for entry in self.sensitive_entries:
            if not self.cleaned_data.get(f"withhold_{entry.pk}") and entry.withholding != "agreed":
                self.add_error(f"withhold_{entry.pk}", "Decide whether to withhold these details before accepting.")
                ok = False
        return ok

    def require_for_return(self) -> bool:
        if not (self.cleaned_data.get("comments") or "").strip():
            self.add_error("comments", "Say what the councillor needs to correct.")
            return False
        return True


class RelationshipForm(forms.Form):
    other_person = forms.ModelChoiceField(
        label="The other person",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose the other person in the relationship.",
                        "invalid_choice": "Choose the other person from the list."},
    )
    nature = forms.ChoiceField(
        label="Kind of relationship",
        choices=RelationshipDisclosure.Nature.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of relationship.",
                        "invalid_choice": "Choose the kind of relationship."},
    )
    details = forms.CharField(label="Anything the Monitoring Officer should know", required=False,
                              max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    began_on = date_field("Date the relationship began", required=False, help_text="Leave blank if you prefer.")

    def __init__(self, *args, people, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_person"].queryset = people
        self.today = today

    def clean(self):
        data = super().clean()
        _in_range(self, "began_on")
        _not_future(self, "began_on", self.today, "The date the relationship began cannot be in the future.")
        return data


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label="Advice to the person who disclosed it (optional)", required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class EndForm(forms.Form):
    reason = forms.CharField(label="Why the disclosure no longer applies", max_length=500,
                             error_messages={"required": "Say why the disclosure no longer applies."})


class DispensationForm(TokenForm):
    business = forms.CharField(
        label="The business the dispensation would cover",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: setting the council tax precept for 2027/28.",
        error_messages={"required": "Describe the business the dispensation would cover."},
    )
    grounds = forms.ChoiceField(
        label="Grounds (s.33(2))",
        choices=Dispensation.Grounds.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the grounds.", "invalid_choice": "Choose the grounds."},
    )
    statement = forms.CharField(
        label="Your written request",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why you need to take part, and the interest concerned.",
        error_messages={"required": "Write your request: why you need to take part."},
    )
    requested_from = date_field("Start of the period")
    requested_until = date_field("End of the period")

    def __init__(self, *args, max_years: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_years = max_years
        self.fields["requested_until"].help_text = f"A dispensation can last at most {max_years} years."

    def clean(self):
        data = super().clean()
        _in_range(self, "requested_from")
        _in_range(self, "requested_until")
        starts, ends = data.get("requested_from"), data.get("requested_until")
        if starts and ends:
            if ends < starts:
                self.add_error("requested_until", "The end of the period cannot be before its start.")
            elif ends >= add_years(starts, self.max_years):
                self.add_error("requested_until", f"A dispensation can last at most {self.max_years} years.")
        return data


class DispensationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("grant", "Grant"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose grant or refuse.", "invalid_choice": "Choose grant or refuse."},
    )
    reasons = forms.CharField(label="Reasons", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "Give the reasons for the decision."})
    granted_from = date_field("Granted from", required=False)
    granted_until = date_field("Granted until", required=False)

    def __init__(self, *args, max_years: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_years = max_years
        self.fields["granted_until"].help_text = f"At most {max_years} years."

    def clean(self):
        data = super().clean()
        if data.get("decision") != "grant":
            return data
        starts, ends = data.get("granted_from"), data.get("granted_until")
        if not starts:
            self.add_error("granted_from", "Give the date the dispensation starts.")
        if not ends:
            self.add_error("granted_until", "Give the date the dispensation ends.")
        if starts and ends:
            if ends < starts:
                self.add_error("granted_until", "The end of the period cannot be before its start.")
            elif ends >= add_years(starts, self.max_years):
                self.add_error("granted_until", f"A dispensation can last at most {self.max_years} years.")
        return data


class DeclarationForm(TokenForm):
    occasion = forms.ChoiceField(
        label="Where did you declare it?",
        choices=Declaration.Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say where you declared the interest.",
                        "invalid_choice": "Say where you declared the interest."},
    )
    case = forms.ModelChoiceField(
        label="Your enquiry or information request",
        queryset=None,
        required=False,
        empty_label="Choose one",
        to_field_name="reference",
        error_messages={"invalid_choice": "Choose one of your own enquiries or information requests."},
    )
    meeting = forms.CharField(label="The meeting", max_length=200, required=False,
                              help_text="For example: Planning Committee.")
    declared_on = date_field("Date declared")
    nature = forms.CharField(
        label="The existence and nature of the interest",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "State the existence and nature of the interest."},
    )
    entry = forms.ChoiceField(label="The interest on your register", required=False)
    is_dpi = forms.BooleanField(label="It is a disclosable pecuniary interest", required=False)
    start_update = forms.BooleanField(
        label="It is not on my register: start an update (due within 28 days of declaring it)", required=False
    )

    def __init__(self, *args, cases, entries, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.reference}: {c.subject}"
        self.entries = {str(e.pk): e for e in entries}
        self.fields["entry"].choices = [("", "Not on my register")] + [
            (str(e.pk), f"{e.name} ({e.get_category_display().lower()})") for e in entries
        ]
        self.fields["entry"].error_messages["invalid_choice"] = "Choose an interest on your published register."

    def clean(self):
        data = super().clean()
        _in_range(self, "declared_on")
        _not_future(self, "declared_on", self.today, "The date declared cannot be in the future.")
        occasion = data.get("occasion")
        if occasion == Declaration.Occasion.CASE and not data.get("case"):
            self.add_error("case", "Choose the enquiry or information request.")
        if occasion == Declaration.Occasion.MEETING and not (data.get("meeting") or "").strip():
            self.add_error("meeting", "Name the meeting.")
        data["entry_obj"] = self.entries.get(data.get("entry") or "")
        if data["entry_obj"] is not None and data.get("start_update"):
            self.add_error("start_update", "This interest is already on your register: no update is needed.")
        return data


class SettingsForm(forms.Form):
    annual_review_day = forms.TypedChoiceField(
        label="Day", choices=[("", "—")] + [(n, n) for n in range(1, 32)], coerce=int, empty_value=None,
        required=False,
    )
    annual_review_month = forms.TypedChoiceField(
        label="Month", choices=[("", "—")] + MONTHS, coerce=int, empty_value=None, required=False
    )
    dispensation_max_years = forms.IntegerField(
        label="Longest dispensation, in years", min_value=1, max_value=10,
        error_messages={"required": "Give the longest period, in years.",
                        "min_value": "At least one year.", "max_value": "At most ten years."},
    )

    def clean(self):
        data = super().clean()
        day, month = data.get("annual_review_day"), data.get("annual_review_month")
        if (day is None) != (month is None):
            self.add_error("annual_review_month" if month is None else "annual_review_day",
                           "Give both the day and the month of the annual review, or neither.")
        elif day is not None:
            try:
                dt.date(2025, month, day)
            except ValueError:
                self.add_error("annual_review_day", "Choose a day that every year has (29 February is not one).")
        return data
