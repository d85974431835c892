"""Forms for acting on a case. They clean values; services change state."""

from django import forms

from accounts.models import User

from .models import Case


class VersionedForm(forms.Form):
    """Carries the case version the person saw, so a stale action is caught, not applied."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign to", empty_label="Choose a person")

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["assignee"].queryset = staff


class StatusForm(VersionedForm):
    to = forms.ChoiceField(label="Change status to", choices=Case.Status.choices)
    reason = forms.CharField(label="Reason", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClockForm(VersionedForm):
    ACTIONS = (("pause", "Pause the clock"), ("resume", "Resume the clock"))
    deadline = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(label="Reason", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "pause" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the clock is paused (for example, awaiting the councillor's reply).")
        return data


class MessageForm(VersionedForm):
    to = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label="To", widget=forms.CheckboxSelectMultiple
    )
    cc = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label="Copy to (everyone sees who is copied in)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["to"].queryset = people
            self.fields["cc"].queryset = people

    def clean(self):
        data = super().clean()
        both = set(data.get("to") or []) & set(data.get("cc") or [])
        if both:
            self.add_error("cc", "Someone cannot be both a recipient and copied in.")
        return data
