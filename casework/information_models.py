"""Information requests and the "need to know" referral (000 9.1–9.5; 002 9; 003 7.1–7.3; 004)."""

from django.conf import settings
from django.db import models

__all__ = ["InformationRequest", "ReferralDecision", "InformationRelease", "CopyRequest"]


class InformationRequest(models.Model):
    class NeedToKnow(models.TextChoices):
        DEMONSTRATED = "demonstrated", "Demonstrated"
        PRESUMED = "presumed", "Presumed (the councillor sits on the committee whose documents these are)"
        NOT_DEMONSTRATED = "not_demonstrated", "Not demonstrated"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting determination"
        RELEASE = "release", "To be released"
        REFERRED = "referred", "Referred to the Chair"
        REFUSED = "refused", "Refused"
        RELEASED = "released", "Released"

    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="information_request"
    )
    what_wanted = models.TextField()
    purpose = models.TextField(help_text="What the information will be used for (002 9.4, 003 7.3).")
    need_to_know = models.TextField(help_text="Why the councillor needs it to perform their duties (000 9.1).")
    concerns_third_party = models.BooleanField(default=False)
    third_party_details = models.TextField(blank=True)
    interest_declared = models.BooleanField(default=False)
    interest_nature = models.TextField(blank=True)

    # The officer's determination (004: the Officer decides need to know).
    publicly_available = models.BooleanField(null=True, blank=True)
    need_to_know_finding = models.CharField(max_length=20, choices=NeedToKnow.choices, blank=True)
    committee = models.CharField(max_length=100, blank=True)
    third_party_personal_data = models.BooleanField(null=True, blank=True)
    interest_suggested = models.TextField(blank=True)
    determination_notes = models.TextField(blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    determined_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    # Why the request was refused: by the officer, or the outcome of an onward referral (the Chair's
    # own reasons stay on the ReferralDecision).
    refusal_reasons = models.TextField(blank=True)

    # The one table of allowed moves of the outcome; anything else is a DomainError.
    MOVES = {
        Outcome.PENDING: {Outcome.RELEASE, Outcome.REFERRED, Outcome.REFUSED},
        Outcome.REFERRED: {Outcome.RELEASE, Outcome.REFUSED},
        Outcome.RELEASE: {Outcome.RELEASED},
        Outcome.REFUSED: set(),
        Outcome.RELEASED: set(),
    }

    def __str__(self):
        return f"Information request {self.case_id}"

    @property
    def councillor_may_have_interest(self) -> bool:
        return self.interest_declared or bool(self.interest_suggested.strip())


class ReferralDecision(models.Model):
    """The Chair's (or Vice-Chair's) decision on a referral (000 9.5)."""

    class Decision(models.TextChoices):
        RELEASE = "release", "Release"
        RELEASE_WITH_CONDITIONS = "release_conditions", "Release with conditions"
        REFUSE = "refuse", "Refuse"
        REFER_COUNCIL = "refer_council", "Refer to the Council"
        REFER_MONITORING_OFFICER = "refer_mo", "Refer to the Monitoring Officer"
        REFER_EXTERNAL = "refer_external", "Refer to an external body"

    referral = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="referral_decision")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField()
    conditions = models.TextField(blank=True)
    undertaking_required = models.BooleanField(default=False)
    external_body = models.CharField(max_length=200, blank=True)
    clause = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decided_at:%d/%m/%Y})"


class InformationRelease(models.Model):
    """The information given, with the purpose it was given for."""

    request = models.OneToOneField(InformationRequest, on_delete=models.PROTECT, related_name="release")
    body = models.TextField()
    purpose = models.TextField()
    conditions = models.TextField(blank=True)
    undertaking_required = models.BooleanField(default=False)
    undertaking_accepted_at = models.DateTimeField(null=True, blank=True)
    minor = models.BooleanField(default=False, help_text="003 7.2: minor information is not notified to other members.")
    confidential_briefing = models.BooleanField(
        default=False, help_text="003 7.1: a confidential briefing for a committee chair stays confidential."
    )
    offer_all_groups = models.BooleanField(
        default=False, help_text="000 15.6: likely to be cited at a meeting, so offered to every group."
    )
    notice = models.CharField(
        max_length=200,
        blank=True,
        help_text="What other members are told was given (never the information itself).",
    )
    # Files given with it, served through the release's own gate (the undertaking, copies granted).
    documents = models.ManyToManyField("casework.Attachment", blank=True, related_name="information_releases")
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField()

    def __str__(self):
        return f"Release on {self.released_at:%d/%m/%Y}"

    @property
    def announced(self) -> bool:
        """Other members are told it was given (003 7.2) unless it is minor, a confidential
        briefing (003 7.1) or given in confidence under an undertaking."""
        return not (self.minor or self.confidential_briefing or self.undertaking_required)

    @property
    def awaiting_undertaking(self) -> bool:
        return self.undertaking_required and self.undertaking_accepted_at is None


class CopyRequest(models.Model):
    """Another member asks for a copy of information given (003 7.2)."""

    release = models.ForeignKey(InformationRelease, on_delete=models.CASCADE, related_name="copy_requests")
    councillor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    granted_at = models.DateTimeField(null=True, blank=True)
    refused_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # 000 15.6: a copy offered to a political group's leader, not asked for.
    offered = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["release", "councillor"], name="one_copy_request_each")]

    def __str__(self):
        return f"Copy for {self.councillor}"

    @property
    def granted(self) -> bool:
        return self.granted_at is not None

    @property
    def refused(self) -> bool:
        return self.decided_at is not None and self.granted_at is None

    @property
    def state_label(self) -> str:
        if self.granted:
            return "Offered to your group" if self.offered else "Granted"
        return "Refused" if self.refused else "Waiting for the officer"
