"""Forms for casework pages. They clean values; they never change anything."""

import datetime as dt

from django import forms
from django.utils.dateformat import format as format_date

from accounts.models import Council
from accounts.selectors import councils_for

# Far enough either way for any real case; keeps date arithmetic well inside what `date` can hold.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


class CalculatorForm(forms.Form):
    """Received date + working days, counted in a nation's calendar or one of the user's councils'."""

    received = forms.DateField(
        label="Date received",
        help_text="Day zero: the date the request arrived, whatever the time or day. For example, 3 January 2026.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date received.",
            "invalid": "Enter a real date, like 3 January 2026.",
        },
    )
    working_days = forms.IntegerField(
        label="Working days allowed",
        min_value=1,
        max_value=60,
        initial=7,
        help_text="Between 1 and 60. The Protocol allows 7 for most replies.",
        error_messages={
            "required": "Enter the number of working days.",
            "invalid": "Enter the number of working days as a whole number, like 7.",
            "min_value": "The number of working days must be at least 1.",
            "max_value": "The number of working days must be 60 or fewer.",
        },
    )
    nation = forms.ChoiceField(
        label="Nation",
        required=False,
        choices=[("", "—")] + list(Council.Nation.choices),
        help_text="Count with that nation's bank holidays only.",
    )
    council = forms.ModelChoiceField(
        label="Or one of your councils",
        required=False,
        queryset=Council.objects.none(),
        to_field_name="slug",
        empty_label="—",
        help_text="Count with the council's nation and the days it has declared closed.",
    )

    def __init__(self, *args, user, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        councils = councils_for(user=user, on=today)
        self.fields["council"].queryset = councils
        self.fields["received"].initial = today
        if not self.is_bound:
            first = councils.first()
            if first is not None:
                self.fields["council"].initial = first.slug
            else:
                self.fields["nation"].initial = Council.Nation.ENGLAND

    def clean_received(self):
        received = self.cleaned_data["received"]
        if not EARLIEST <= received <= LATEST:
            raise forms.ValidationError(
                f"Enter a date between {format_date(EARLIEST, 'j F Y')} and {format_date(LATEST, 'j F Y')}.",
                code="out_of_range",
            )
        return received

    def clean(self):
        cleaned = super().clean()
        nation, council = cleaned.get("nation"), cleaned.get("council")
        if "council" in self.errors:
            return cleaned
        if nation and council:
            self.add_error("council", "Choose a nation or a council, not both.")
        elif not nation and not council:
            self.add_error("nation", "Choose a nation, or one of your councils.")
        return cleaned
