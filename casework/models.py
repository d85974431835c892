"""The casework core: each council's protocol profile and its clauses.

(The case, deadline and event models arrive with the deadline engine.)
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

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
