"""The compliance report's form: which council, from when to when (GET; it changes nothing)."""

from __future__ import annotations

import datetime as dt

from django import forms

from .periods import Period, quarter_of
from .scope import ReportScope

LONGEST_PERIOD_DAYS = 5 * 366  # a standards committee reviews a year or two; five years is plenty


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    council = forms.ChoiceField(label="Council")
    start = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        help_text="The first day of the period: cases received on or after it. Left empty: the start of this quarter.",
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        help_text="The last day of the period, included. Left empty: the end of this quarter.",
    )

    def __init__(self, *args, scopes: list[ReportScope], today: dt.date, **kwargs):
        quarter = quarter_of(today)
        kwargs.setdefault("initial", {"council": scopes[0].council.slug, "start": quarter.start, "end": quarter.end})
        super().__init__(*args, **kwargs)
        self.scopes = {s.council.slug: s for s in scopes}
        self.today = today
        self.fields["council"].choices = [(s.council.slug, s.council.name) for s in scopes]
        if len(scopes) == 1:
            self.fields["council"].help_text = "You can report on this council only."

    def clean(self):
        data = super().clean()
        quarter = quarter_of(self.today)
        for name, default in (("start", quarter.start), ("end", quarter.end)):
            if name not in self.errors and data.get(name) is None:
                data[name] = default
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", f"The end date must be on or after the start date ({start.day} {start:%B %Y}).")
            elif (end - start).days > LONGEST_PERIOD_DAYS:
                self.add_error("end", "Choose a period of five years or less.")
        if start and start > self.today:
            self.add_error("start", "The period cannot start in the future: no case has been received yet.")
        return data

    @property
    def scope(self) -> ReportScope:
        return self.scopes[self.cleaned_data["council"]]

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
