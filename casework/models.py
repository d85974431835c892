"""The casework core: each council's protocol profile and its clauses.

(The case, deadline and event models arrive with the deadline engine.)
"""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accounts.models import Council


def _default_stand_ins():
    return {"chair": ["vice_chair"], "mayor": ["deputy_mayor"]}


class ProtocolProfile(models.Model):
    """A council's Member–Officer Protocol as settings the portal enforces.

    Every setting has a source in `sources`: {"setting": {"clause": "4.4", "note": "..."}}.
    Where the protocol is silent the clause is blank and the note says the portal
    default applies.
    """

    class Preset(models.TextChoices):
        KETTERING = "kettering", "Town council, Kettering model (000)"
        BRACKLEY = "brackley", "Brackley Town Council (001)"
        DISTRICT_JOINT = "district-joint", "District council joint protocol (002)"
        TOWN_2016 = "town-2016", "Town council protocol, 2016 (003)"
        STOTFOLD = "stotfold", "Stotfold Town Council (004)"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="protocol_profile")
    preset = models.CharField(max_length=20, choices=Preset.choices)
    title = models.CharField(max_length=200)

    reply_working_days = models.PositiveSmallIntegerField(default=7)
    urgent_reply_working_days = models.PositiveSmallIntegerField(default=2)
    reminder_working_days_before = models.PositiveSmallIntegerField(default=2)
    chair_escalation_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days overdue before the Chair is told."
    )
    reopen_working_days = models.PositiveSmallIntegerField(default=5)
    information_request_working_days = models.PositiveSmallIntegerField(default=7)
    referral_decision_working_days = models.PositiveSmallIntegerField(default=5)
    breach_review_working_days = models.PositiveSmallIntegerField(default=10)
    registration_days = models.PositiveSmallIntegerField(
        default=28, help_text="Calendar days to register interests, the start day being day one."
    )
    gift_threshold = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("50.00"))

    breach_route = models.JSONField(default=list, help_text='Offices in order, e.g. ["chair", "vice_chair"].')
    referral_route = models.JSONField(default=list, help_text='Offices in order, e.g. ["chair", "vice_chair"].')
    officer_concern_route = models.JSONField(default=list, help_text='Who hears concerns about an officer.')
    clerk_concern_route = models.JSONField(
        default=list, help_text='Offices told of concerns about the Clerk, e.g. ["mayor", "committee_chair:Finance Committee"].'
    )
    stand_in_order = models.JSONField(
        default=_default_stand_ins, help_text='Who stands in for an office, e.g. {"chair": ["vice_chair"]}.'
    )
    sources = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "protocol profile"

    def __str__(self):
        return f"{self.council}: {self.title}"

    def clean(self):
        for name in ("breach_route", "referral_route", "officer_concern_route", "clerk_concern_route"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ValidationError({name: "Give a list of office names, e.g. [\"chair\", \"vice_chair\"]."})
        if not isinstance(self.stand_in_order, dict) or not all(
            isinstance(v, list) for v in self.stand_in_order.values()
        ):
            raise ValidationError({"stand_in_order": "Give a mapping of office to a list of stand-ins."})

    def stand_ins_for(self, office: str) -> list[str]:
        return list(self.stand_in_order.get(office, []))

    def source(self, setting: str) -> dict:
        return self.sources.get(setting, {"clause": "", "note": "The protocol is silent; portal default."})


class ProtocolClause(models.Model):
    """One clause of a council's protocol, with a stable anchor (`c-4-4`) to link to."""

    profile = models.ForeignKey(ProtocolProfile, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(max_length=20, blank=True, help_text="e.g. 4.4; blank for an unnumbered section")
    anchor = models.SlugField(max_length=80)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "anchor"], name="clause_anchor_unique_per_profile"),
        ]

    def __str__(self):
        return f"{self.number or self.heading}"

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}".strip() if self.number else self.heading


# ---------------------------------------------------------------------------
# The case core: Case, Deadline, CaseEvent, Notification, Message.
# ---------------------------------------------------------------------------



class DomainError(Exception):
    """A request the rules do not allow; views answer it with a clear message and HTTP 409."""


class AppendOnlyError(DomainError):
    pass


class CaseSequence(models.Model):
    """The last reference number used per council, prefix and year (ENQ-2026-0042)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE)
    prefix = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "prefix", "year"], name="case_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last}"


class Case(models.Model):
    """One row for everything with an owner, a route and a clock."""

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", "Councillor enquiry"
        INFORMATION_REQUEST = "information_request", "Information request"
        REFERRAL = "referral", "Referral to the Chair"
        BREACH_REPORT = "breach_report", "Protocol breach report"
        COMPLAINT = "complaint", "Code of Conduct complaint"
        OFFICER_CONCERN = "officer_concern", "Concern about an officer"
        CLERK_CONCERN = "clerk_concern", "Concern about the Clerk"
        REGISTRATION = "registration", "Register of interests"
        RELATIONSHIP = "relationship", "Relationship disclosure"
        DISPENSATION = "dispensation", "Dispensation request"
        GRIEVANCE = "grievance", "Grievance"

    PREFIXES = {
        Kind.ENQUIRY: "ENQ",
        Kind.INFORMATION_REQUEST: "INF",
        Kind.REFERRAL: "REF",
        Kind.BREACH_REPORT: "BRE",
        Kind.COMPLAINT: "COC",
        Kind.OFFICER_CONCERN: "CON",
        Kind.CLERK_CONCERN: "CON",
        Kind.REGISTRATION: "REG",
        Kind.RELATIONSHIP: "REL",
        Kind.DISPENSATION: "DIS",
        Kind.GRIEVANCE: "GRV",
    }
    # Kinds whose opening records who viewed them (complaints, referrals, relationship disclosures).
    CONFIDENTIAL_KINDS = (
        Kind.REFERRAL,
        Kind.COMPLAINT,
        Kind.RELATIONSHIP,
        Kind.CLERK_CONCERN,
        Kind.OFFICER_CONCERN,
        Kind.GRIEVANCE,
    )

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The one table of allowed moves; anything else is a DomainError.
    TRANSITIONS = {
        Status.OPEN: {Status.ON_HOLD, Status.RESPONDED, Status.CLOSED, Status.WITHDRAWN},
        Status.ON_HOLD: {Status.OPEN, Status.CLOSED, Status.WITHDRAWN},
        Status.RESPONDED: {Status.OPEN, Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
        Status.WITHDRAWN: set(),
    }
    ACTIVE_STATUSES = (Status.OPEN, Status.ON_HOLD)
    # Kinds whose clock is the raiser's own duty (registering interests within 28 days):
    # the reminders and the overdue notice go to them as well as to whoever holds the case.
    RAISER_DUTY_KINDS = (Kind.REGISTRATION,)

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    subject = models.CharField(max_length=200)
    confidential = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_raised"
    )
    subject_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_about",
        help_text="The person the case is about (the subject of a report or complaint).",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_assigned"
    )
    routed_office = models.CharField(max_length=100, blank=True)
    routed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_routed"
    )
    received_at = models.DateTimeField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # The earliest running clock's due instant, kept by the deadline services so queues sort on an index.
    due_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: every change bumps the version; a stale form is told what changed.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="case_reference_unique_per_council"),
        ]
        indexes = [
            models.Index(fields=["council", "kind", "status", "due_at"]),
            models.Index(fields=["raised_by", "kind"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["routed_to", "status"]),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def records_views(self) -> bool:
        return self.confidential or self.kind in self.CONFIDENTIAL_KINDS


class CaseConflict(models.Model):
    """Someone who must not decide this case: they declared an interest in it, or are otherwise conflicted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_conflicts")
    reason = models.CharField(max_length=200, default="has declared an interest in this case")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_conflict_once")]

    def __str__(self):
        return f"{self.user} {self.reason}"


class Deadline(models.Model):
    """A clock on a case: the rule, the due instant, the days it skipped and how far it has escalated."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        PAUSED = "paused", "Paused"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE_STATES = (State.OPEN, State.MISSED)

    class Level(models.IntegerChoices):
        SET = 0, "Set"
        REMINDED = 1, "Reminder sent"
        OVERDUE = 2, "Overdue"
        CHAIR = 3, "Escalated to the Chair"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(max_length=50, help_text="e.g. enquiry_reply, interim_reply, referral_decision")
    label = models.CharField(max_length=200)
    clause = models.CharField(max_length=200, blank=True)
    clause_anchor = models.CharField(max_length=80, blank=True)
    started_on = models.DateField(help_text="Day zero: the calendar date of receipt in Europe/London.")
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    calendar_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField()
    due_at = models.DateTimeField(help_text="The end of the due day, Europe/London.")
    skipped = models.JSONField(default=list, blank=True, help_text="[[date, reason], ...] passed over.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.SET)
    next_check_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # The sweep reads only what is due: cost grows with due work, not open cases.
            models.Index(
                fields=["next_check_at"],
                name="deadline_due_for_sweep",
                condition=Q(next_check_at__isnull=False),
            ),
            models.Index(fields=["case", "state"]),
            models.Index(fields=["state", "due_at"]),
        ]

    def __str__(self):
        return f"{self.label} due {self.due_on:%d %B %Y}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def skipped_days(self) -> list[tuple[date, str]]:
        """The days not counted, as dates, for "why this date"."""
        return [(date.fromisoformat(day), reason) for day, reason in self.skipped]


class DeadlinePause(models.Model):
    """The ledger of pauses: each records the working days still to run when the clock stopped."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    remaining_working_days = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["paused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"], condition=Q(resumed_at__isnull=True), name="one_open_pause_per_deadline"
            ),
        ]

    def __str__(self):
        return f"Paused {self.paused_at:%d/%m/%Y}: {self.reason}"


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Case events are append-only")

    def delete(self):
        raise AppendOnlyError("Case events are append-only")


class CaseEvent(models.Model):
    """The append-only timeline and audit trail of a case."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        ROUTED = "routed", "Routed"
        ASSIGNED = "assigned", "Assigned"
        STATUS = "status", "Status changed"
        DEADLINE_SET = "deadline_set", "Deadline set"
        DEADLINE_PAUSED = "deadline_paused", "Clock paused"
        DEADLINE_RESUMED = "deadline_resumed", "Clock resumed"
        DEADLINE_RECOMPUTED = "deadline_recomputed", "Deadline recomputed"
        DEADLINE_MET = "deadline_met", "Deadline met"
        DEADLINE_CANCELLED = "deadline_cancelled", "Deadline cancelled"
        ESCALATED = "escalated", "Escalated"
        MESSAGE = "message", "Message"
        VIEWED = "viewed", "Viewed"
        NOTE = "note", "Note"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    summary = models.TextField()
    clause = models.CharField(max_length=200, blank=True)
    clause_anchor = models.CharField(max_length=80, blank=True)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    escalation_level = models.PositiveSmallIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            # A second beat, a re-delivered task or a crashed worker can never escalate twice.
            models.UniqueConstraint(
                fields=["deadline", "escalation_level"],
                condition=Q(escalation_level__isnull=False),
                name="one_event_per_deadline_level",
            ),
        ]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind}: {self.summary[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Case events are append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Case events are append-only")


class Notification(models.Model):
    """The outbox: written in the same transaction as the event that causes it, delivered by a task."""

    class Delivery(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    MAX_ATTEMPTS = 5

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    not_before = models.DateTimeField(help_text="Held until the council's working hours unless urgent.")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["not_before"], name="notification_to_send", condition=Q(delivery__in=["pending", "sending"])
            ),
            models.Index(fields=["recipient", "read_at"]),
        ]

    def __str__(self):
        return f"To {self.recipient}: {self.subject}"


class Message(models.Model):
    """Correspondence on a case. Every recipient is recorded and shown: there is no Bcc."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_sent")
    sent_at = models.DateTimeField()
    body = models.TextField()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self):
        return f"Message from {self.sender} on {self.sent_at:%d/%m/%Y}"


class MessageRecipient(models.Model):
    class Kind(models.TextChoices):
        TO = "to", "To"
        CC = "cc", "Copied to"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    kind = models.CharField(max_length=2, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="message_recipient_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user}"


class Heartbeat(models.Model):
    """When a periodic job last ran, so /healthz can notice a dead beat."""

    name = models.CharField(max_length=50, primary_key=True)
    last_run_at = models.DateTimeField()
    processed = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name} at {self.last_run_at:%Y-%m-%d %H:%M}"


class CaseLink(models.Model):
    """One case arising from another: a breach report from a non-compliant contact, a referral from a request."""

    class Relation(models.TextChoices):
        ARISING_FROM = "arising_from", "Arises from"
        REFERRAL_OF = "referral_of", "Referral of"
        RELATED = "related", "Related to"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="linked_from")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "to_case", "relation"], name="case_link_once")]

    def __str__(self):
        return f"{self.case_id} {self.get_relation_display().lower()} {self.to_case_id}"


def attachment_path(instance, filename):
    # The stored name is ours, never the uploader's: no path tricks, no clashes.
    return f"attachments/{instance.case.council_id}/{instance.case_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file on a case, checked by its content (not its name) and served only as a download."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    download_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.download_name


# The kinds' own detail, one-to-one with Case, in their own modules.
from .enquiry_models import *  # noqa: E402,F401,F403
from .information_models import *  # noqa: E402,F401,F403
