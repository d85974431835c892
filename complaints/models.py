"""Complaints and concerns: breach reports to the Chair, Code of Conduct complaints to the
Monitoring Officer, concerns about officers and the Clerk, grievances.

Each is one-to-one with a casework Case (the reference, route, clocks and timeline live there);
these models hold what is particular to the kind. Workflows live in complaints.services.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Council

# What applies where the Monitoring Officer's arrangements say nothing else (RULES, "Complaints
# and concerns": the typical published timescales). A council changes them in the admin.
DEFAULT_ARRANGEMENTS = {
    "acknowledge_working_days": 5,
    "assessment_working_days": 20,
    "outcome_working_days": 5,
    "investigation_calendar_days": 90,
    "review_request_working_days": 20,
    "review_working_days": 20,
    "concern_response_working_days": 10,
    "staffing_committee": "Staffing Committee",
}


class ComplaintArrangements(models.Model):
    """The Monitoring Officer's published arrangements for Code of Conduct complaints, and the
    clocks for concerns, for one council (a principal council's apply to the councils it serves).

    These are not protocol settings (the protocols leave them to the Monitoring Officer), so they
    live here rather than on casework's ProtocolProfile.
    """

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="complaint_arrangements")
    acknowledge_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days to acknowledge a Code of Conduct complaint."
    )
    assessment_working_days = models.PositiveSmallIntegerField(
        default=20,
        help_text="Working days from acknowledgement to the initial assessment (after consulting the Independent Person).",
    )
    outcome_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days from the assessment to telling both parties the outcome."
    )
    investigation_calendar_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days for an investigation (typically two to six months)."
    )
    review_request_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days a complainant has to ask for a review of a 'no action' decision."
    )
    review_working_days = models.PositiveSmallIntegerField(
        default=20, help_text="Working days to decide a review."
    )
    concern_response_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="Working days to respond to a concern about an officer or the Clerk, or a grievance."
    )
    staffing_committee = models.CharField(
        max_length=100, default="Staffing Committee", help_text="The committee that hears personnel matters."
    )

    class Meta:
        verbose_name = "complaint arrangements"
        verbose_name_plural = "complaint arrangements"

    def __str__(self):
        return f"Complaint arrangements: {self.council}"


class BreachReport(models.Model):
    """A report that someone failed to comply with the protocol (000 18.1/18.2; 4.6), for the Chair."""

    class SubjectRole(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        STAFF = "staff", "Member of staff"

    class ContactKind(models.TextChoices):
        PRESSURE = "pressure", "Pressure on an officer"
        BYPASS_CLERK = "bypass_clerk", "Approach bypassing the Clerk"
        OUT_OF_HOURS = "out_of_hours", "Out-of-hours demands"
        OTHER = "other", "Other non-compliant contact"

    class Decision(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution"
        REFER_MONITORING_OFFICER = "refer_mo", "Refer to the Monitoring Officer (Code of Conduct)"
        REFER_COUNCIL = "refer_council", "Refer to the Council"
        REFER_STAFFING = "refer_staffing", "Refer to the staffing committee"

    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="breach_report"
    )
    subject_role = models.CharField(max_length=12, choices=SubjectRole.choices)
    details = models.TextField(help_text="What happened.")
    occurred_on = models.DateField(help_text="When it happened.")
    clauses = models.ManyToManyField("casework.ProtocolClause", related_name="breach_reports")
    evidence = models.TextField(blank=True)
    contact_kind = models.CharField(
        max_length=15, choices=ContactKind.choices, blank=True, help_text="Set for non-compliant contact (000 4.6)."
    )

    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    agreed = models.TextField(blank=True, help_text="What was agreed, for an informal resolution.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | (Q(decided_at__isnull=False) & ~Q(decision_reasons="")),
                name="breach_decision_has_reasons",
            ),
        ]

    def __str__(self):
        return f"Breach report {self.case_id}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class Complaint(models.Model):
    """A Code of Conduct complaint about a councillor, for the Monitoring Officer.

    The complainant may be a member of the public with no login: their name, email and phone
    are kept here. Their identity is shown to the subject only when the Monitoring Officer has
    not agreed to withhold it.
    """

    class ComplainantKind(models.TextChoices):
        PUBLIC = "public", "A member of the public"
        COUNCILLOR = "councillor", "A councillor"
        OFFICER = "officer", "An officer of the council"

    class Identity(models.TextChoices):
        DISCLOSED = "disclosed", "May be shared with the councillor"
        REQUESTED = "requested", "Withholding asked for; the Monitoring Officer has not decided"
        WITHHELD = "withheld", "Withheld from the councillor (the Monitoring Officer agreed)"
        REFUSED = "refused", "Withholding refused; may be shared with the councillor"

    class Stage(models.TextChoices):
        RECEIVED = "received", "Received — to acknowledge"
        ACKNOWLEDGED = "acknowledged", "Acknowledged — initial assessment"
        ASSESSED = "assessed", "Assessed — outcome to both parties"
        INVESTIGATION = "investigation", "Under investigation"
        HEARING = "hearing", "Awaiting hearing"
        REVIEW = "review", "Review requested"
        CONCLUDED = "concluded", "Concluded"

    # The one table of allowed moves between stages.
    TRANSITIONS = {
        Stage.RECEIVED: {Stage.ACKNOWLEDGED},
        Stage.ACKNOWLEDGED: {Stage.ASSESSED},
        Stage.ASSESSED: {Stage.CONCLUDED, Stage.INVESTIGATION},
        Stage.INVESTIGATION: {Stage.HEARING, Stage.CONCLUDED},
        Stage.HEARING: {Stage.CONCLUDED},
        Stage.CONCLUDED: {Stage.REVIEW},
        Stage.REVIEW: {Stage.CONCLUDED, Stage.ASSESSED},
    }
    OPEN_STAGES = (
        Stage.RECEIVED,
        Stage.ACKNOWLEDGED,
        Stage.ASSESSED,
        Stage.INVESTIGATION,
        Stage.HEARING,
        Stage.REVIEW,
    )

    class Decision(models.TextChoices):
        NO_ACTION = "no_action", "No further action"
        INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution"
        INVESTIGATION = "investigation", "Investigation"
        POLICE = "police", "Referral to the police"

    class Finding(models.TextChoices):
        BREACH = "breach", "The Code of Conduct was breached"
        NO_BREACH = "no_breach", "The Code of Conduct was not breached"

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="complaint")
    complainant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complainant_kind = models.CharField(max_length=12, choices=ComplainantKind.choices)
    complainant_name = models.CharField(max_length=150)
    complainant_email = models.EmailField()
    complainant_phone = models.CharField(max_length=40, blank=True)
    details = models.TextField()
    occurred_on = models.DateField(null=True, blank=True)
    code_provisions = models.CharField(
        max_length=300, blank=True, help_text="The parts of the Code of Conduct the complainant thinks were broken."
    )
    identity = models.CharField(max_length=10, choices=Identity.choices, default=Identity.DISCLOSED)
    withhold_reason = models.TextField(blank=True, help_text="Why the complainant asks for their identity to be withheld.")
    identity_decision_reasons = models.TextField(blank=True)

    stage = models.CharField(max_length=15, choices=Stage.choices, default=Stage.RECEIVED)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    subject_told_at = models.DateTimeField(null=True, blank=True)
    summary_for_subject = models.TextField(
        blank=True, help_text="The allegation as the Monitoring Officer put it to the councillor complained about."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    agreed = models.TextField(blank=True, help_text="What was agreed, for an informal resolution.")
    assessed_at = models.DateTimeField(null=True, blank=True)
    outcome_sent_at = models.DateTimeField(null=True, blank=True)
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_reasons = models.TextField(blank=True)
    review_open_until = models.DateField(null=True, blank=True)
    investigation_report = models.TextField(blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    finding = models.CharField(max_length=10, choices=Finding.choices, blank=True)
    sanction = models.TextField(blank=True)

    # Idempotency: the token the form was rendered with; a double-click posts it twice.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # The secret in the complainant's emails that lets them ask for a review without a login.
    access_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    submitted_from = models.GenericIPAddressField(null=True, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["submitted_from", "submitted_at"]),
            models.Index(fields=["complainant_email", "submitted_at"]),
        ]

    def __str__(self):
        return f"Complaint {self.case_id}"

    @property
    def identity_hidden_from_subject(self) -> bool:
        """Until the Monitoring Officer decides, a request to withhold is honoured."""
        return self.identity in (self.Identity.REQUESTED, self.Identity.WITHHELD)

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES


class IndependentPersonView(models.Model):
    """The Independent Person's views, sought before the initial assessment (Localism Act 2011 s.28(7))."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="independent_person_views")
    independent_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    independent_person_name = models.CharField(max_length=150)
    consulted_on = models.DateField()
    views = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["consulted_on", "pk"]

    def __str__(self):
        return f"{self.independent_person_name}, {self.consulted_on:%d/%m/%Y}"


class DecisionNotice(models.Model):
    """The decision notice on a complaint; once published it is on the council's public page.

    It never names the complainant.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="decision_notice")
    summary = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self):
        return f"Decision notice {self.complaint_id}"


class ComplainantEmail(models.Model):
    """Every email to a complainant (who may have no login), sent after the transaction commits.

    The row is the record of what they were told and whether it went.
    """

    class Delivery(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="emails")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    created_at = models.DateTimeField()
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"To {self.to}: {self.subject}"


class Concern(models.Model):
    """A concern about an officer or the Clerk (001 10.2.1; 004), or a grievance (000 18.2)."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "Resolved"
        NO_ACTION = "no_action", "No action needed"
        REFER_STAFFING = "refer_staffing", "Referred to the staffing committee"
        REFER_MONITORING_OFFICER = "refer_mo", "Referred to the Monitoring Officer to mediate"

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="concern")
    details = models.TextField()
    occurred_on = models.DateField(null=True, blank=True)
    told_offices = models.JSONField(default=list, blank=True, help_text="The offices told when it was raised.")
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Concern {self.case_id}"
