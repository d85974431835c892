"""Forms for information requests and referrals. They clean values; the services change state."""

from django import forms

from .case_forms import VersionedForm
from .enquiry_forms import AttachmentsField
from .models import InformationRequest, ReferralDecision
from .services.information import Action, referral_required

NeedToKnow = InformationRequest.NeedToKnow
Decision = ReferralDecision.Decision

YES_NO = (("yes", "Yes"), ("no", "No"))


def yes_no(label: str, *, required_message: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": required_message},
    )


def _text(label, *, required=True, rows=3, max_length=5000, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message} if required_message else {},
    )


class InformationRequestForm(forms.Form):
    """What a councillor asks for, and why (000 9.1)."""

    subject = forms.CharField(
        label="Subject",
        max_length=200,
        help_text="A short title, for example “Tender scores for the grounds maintenance contract”.",
        error_messages={"required": "Give your request a short title."},
    )
    what_wanted = _text(
        "What information do you want?",
        rows=4,
        required_message="Say what information you want.",
    )
    purpose = _text(
        "What will you use it for?",
        help_text="The information may be used only for this purpose.",
        required_message="Say what you will use the information for: it may be used only for that purpose.",
    )
    need_to_know = _text(
        "Why do you need to know it to perform your duties as a councillor?",
        help_text="For example, you sit on the committee that will decide the matter, or a resident in your ward "
        "has asked you to take it up.",
        required_message="Say why you need to know this to perform your duties as a councillor.",
    )
    concerns_third_party = forms.BooleanField(
        label="It concerns a constituent or another third party", required=False
    )
    third_party_details = _text(
        "Who is the third party, and how does the information concern them?",
        required=False,
        rows=2,
    )
    interest_declared = forms.BooleanField(label="I have an interest in the subject", required=False)
    interest_nature = _text("What is your interest?", required=False, rows=2)

    def clean(self):
        data = super().clean()
        for field in ("what_wanted", "purpose", "need_to_know"):
            if field in data and not data[field].strip():
                self.add_error(field, self.fields[field].error_messages["required"])
        if data.get("concerns_third_party") and not (data.get("third_party_details") or "").strip():
            self.add_error("third_party_details", "Say who the third party is and how the information concerns them.")
        if data.get("interest_declared") and not (data.get("interest_nature") or "").strip():
            self.add_error("interest_nature", "Say what your interest is.")
        return data


class DeterminationForm(VersionedForm):
    """What the officer finds (004: the Officer decides need to know) and what happens next."""

    INTEREST_CHOICES = (
        ("none", "No interest declared or apparent"),
        ("declared", "The councillor declared an interest"),
        ("suggested", "The councillor may have an interest (for example, from their register of interests)"),
    )

    publicly_available = yes_no(
        "Is the information publicly available?",
        required_message="Say whether the information is publicly available.",
    )
    need_to_know = forms.ChoiceField(
        label="Need to know",
        choices=NeedToKnow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the councillor's need to know is demonstrated, presumed or not."},
    )
    committee = forms.CharField(
        label="Committee (when need to know is presumed)",
        max_length=100,
        required=False,
        help_text="The committee the councillor sits on whose documents these are.",
    )
    third_party_personal_data = yes_no(
        "Does it involve a third party's personal data?",
        required_message="Say whether a third party's personal data is involved.",
    )
    councillor_interest = forms.ChoiceField(
        label="The councillor's interest",
        choices=INTEREST_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the councillor may have an interest."},
    )
    interest_suggested = _text("What interest might the councillor have?", required=False, rows=2, max_length=2000)
    chair_has_interest = forms.BooleanField(label="The Chair has an interest in this subject", required=False)
    notes = _text("Notes on the determination (the councillor can read these)", required=False, rows=2)
    action = forms.ChoiceField(
        label="What happens next",
        choices=(
            (Action.RELEASE, "Release the information"),
            (Action.REFUSE, "Refuse the request"),
            (Action.REFER, "Refer it for a decision"),
        ),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next."},
    )
    refusal_reasons = _text("Reasons for refusing", required=False, rows=2)

    def __init__(self, *args, request: InformationRequest, decider: str, clause: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.decider = decider
        self.clause = clause
        cite = f" (protocol {clause})" if clause else ""
        self.fields["action"].choices = (
            (Action.RELEASE, "Release the information"),
            (Action.REFUSE, "Refuse the request"),
            (Action.REFER, f"Refer it to the {decider} for a decision{cite}"),
        )
        self.fields["chair_has_interest"].label = (
            f"The {decider} has an interest in this subject (the referral then goes to their stand-in)"
        )
        self.fields["action"].help_text = (
            f"Information that is not publicly available, where the councillor may have an interest or has not "
            f"shown a need to know, is referred to the {decider}{cite}."
        )
        if not self.is_bound:
            self.fields["councillor_interest"].initial = "declared" if request.interest_declared else None

    def clean(self):
        data = super().clean()
        if data.get("need_to_know") == NeedToKnow.PRESUMED and not (data.get("committee") or "").strip():
            self.add_error("committee", "Name the committee the councillor sits on whose documents these are.")
        interest = data.get("councillor_interest")
        if interest == "suggested" and not (data.get("interest_suggested") or "").strip():
            self.add_error("interest_suggested", "Say what interest the councillor may have.")
        if interest == "declared" and not self.request.interest_declared:
            self.add_error("councillor_interest", "The councillor did not declare an interest: choose another answer.")
        if interest == "none" and self.request.interest_declared:
            self.add_error(
                "councillor_interest",
                f"The councillor declared an interest ({self.request.interest_nature}): it cannot be set aside.",
            )
        if interest != "suggested":
            data["interest_suggested"] = ""
        action = data.get("action")
        if action == Action.REFUSE and not (data.get("refusal_reasons") or "").strip():
            self.add_error("refusal_reasons", "Give the reasons for refusing the request.")
        if (
            action in (Action.RELEASE, Action.REFUSE)
            and data.get("publicly_available") is not None
            and data.get("need_to_know")
            and interest
            and referral_required(
                publicly_available=data["publicly_available"],
                need_to_know=data["need_to_know"],
                may_have_interest=interest in ("declared", "suggested"),
            )
        ):
            cite = f" (protocol {self.clause})" if self.clause else ""
            self.add_error(
                "action",
                f"This request must be referred to the {self.decider}{cite}: the information is not publicly "
                "available and the councillor may have an interest or has not shown a need to know.",
            )
        return data


class ReleaseForm(VersionedForm):
    body = _text(
        "The information given",
        rows=8,
        max_length=50000,
        required_message="Write the information being given.",
    )
    purpose = _text(
        "The purpose it is given for",
        rows=2,
        help_text="Shown to the councillor with the information. It may be used only for this purpose.",
        required_message="Say the purpose the information is given for.",
    )
    documents = AttachmentsField(
        label="Documents (optional)",
        help_text="Files given with the information, each checked by what it contains. Not for information "
        "given under an undertaking: write that out above. If the page shows an error, choose the files again.",
    )
    conditions = _text("Conditions of use (optional)", required=False, rows=2)
    undertaking_required = forms.BooleanField(
        label="The councillor must accept a confidentiality undertaking before seeing it", required=False
    )
    notice = forms.CharField(
        label="What other members are told was given",
        max_length=200,
        help_text="Never the information itself. Other members may ask for a copy.",
        error_messages={"required": "Say what other members are told was given."},
    )
    minor = forms.BooleanField(label="It is minor: do not tell other members", required=False)
    confidential_briefing = forms.BooleanField(
        label="It is a confidential briefing for a committee chair: do not tell other members", required=False
    )
    offer_all_groups = forms.BooleanField(
        label="It is likely to be cited at a meeting: offer it to every political group", required=False
    )

    def __init__(self, *args, decision: ReferralDecision | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if decision is not None and decision.undertaking_required:
            field = self.fields["undertaking_required"]
            field.initial = True
            field.disabled = True
            field.help_text = "The decision on the referral requires it."

    def clean(self):
        data = super().clean()
        if data.get("documents") and data.get("undertaking_required"):
            self.add_error(
                "documents",
                "Information given under a confidentiality undertaking cannot carry files: write it out above, "
                "so that nothing can be opened before the undertaking is accepted.",
            )
        confidential = data.get("confidential_briefing") or data.get("undertaking_required")
        if data.get("offer_all_groups") and confidential:
            self.add_error(
                "offer_all_groups",
                "Information given in confidence (a confidential briefing or under an undertaking) cannot also be "
                "offered to every group.",
            )
        return data


class OnwardOutcomeForm(VersionedForm):
    release = forms.TypedChoiceField(
        label="Outcome",
        choices=(("yes", "The information may be released"), ("no", "The request is refused")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    reasons = _text("What was decided, and by whom", rows=2, required_message="Say what was decided, and by whom.")


class UndertakingForm(forms.Form):
    accept = forms.BooleanField(
        label="I accept the confidentiality undertaking and the conditions above",
        error_messages={"required": "Tick the box to accept the undertaking, or leave the page."},
    )


class CopyRequestForm(forms.Form):
    use_for_duties = forms.BooleanField(
        label="I will use a copy only for my duties as a councillor",
        error_messages={"required": "Tick the box to confirm you will use the copy only for your duties."},
    )


class CopyDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label="Decision",
        choices=(("yes", "Grant a copy"), ("no", "Refuse")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to grant a copy."},
    )
    reason = _text("Reason (required to refuse)", required=False, rows=2)

    def clean(self):
        data = super().clean()
        if data.get("grant") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason for refusing the copy.")
        return data


class ReferralDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reasons = _text("Reasons", rows=3, required_message="Give the reasons for your decision.")
    conditions = _text("Conditions (when releasing with conditions)", required=False, rows=2)
    undertaking_required = forms.BooleanField(
        label="The councillor must accept a confidentiality undertaking before seeing it", required=False
    )
    external_body = forms.CharField(label="External body (when referring to one)", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if "reasons" in data and not data["reasons"].strip():
            self.add_error("reasons", "Give the reasons for your decision.")
        if decision == Decision.RELEASE_WITH_CONDITIONS and not (
            (data.get("conditions") or "").strip() or data.get("undertaking_required")
        ):
            self.add_error("conditions", "Write the conditions, or require a confidentiality undertaking.")
        if decision == Decision.REFER_EXTERNAL and not (data.get("external_body") or "").strip():
            self.add_error("external_body", "Name the external body the matter is referred to.")
        return data


class AdviceForm(forms.Form):
    question = _text(
        "Your question for the Monitoring Officer",
        rows=3,
        required_message="Write the question for the Monitoring Officer.",
    )


class InterestForm(forms.Form):
    reason = forms.CharField(
        label="Your interest",
        max_length=200,
        error_messages={"required": "Say what your interest is."},
    )
