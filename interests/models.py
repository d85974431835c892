"""The register of interests (Localism Act 2011 ss.29–34; the council's Code of Conduct).

- RegisterSettings: per-council settings the register needs (the annual review date...).
- Register: one councillor's register at one council, with its file (a REGISTRATION case
  routed to the Monitoring Officer of the principal council) that carries its clocks and timeline.
- RegisterVersion: every version kept — draft, submitted, returned with comments, accepted.
  The latest accepted version is the published one.
- RegisterEntry: one interest in one version.
- RegistrationObligation: a 28-day duty to register (taking office, a change, the annual
  review, an interest disclosed at a meeting), each a Deadline on the register's case.
- Gift, RelationshipDisclosure, Dispensation, Declaration.
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from accounts.models import Council, Membership

# "Before the end of 28 days beginning with the day" (ss.30–31): the start day is day one.
REGISTRATION_DAYS = 28


def last_day(started_on: dt.date, days: int = REGISTRATION_DAYS) -> dt.date:
    """The last day of a period of `days` days beginning with `started_on` (day one)."""
    return started_on + dt.timedelta(days=days - 1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Category(models.TextChoices):
    """The seven DPI categories (SI 2012/1464) and the LGA Model Code 2020 Table 2 categories."""

    EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
    SPONSORSHIP = "sponsorship", "Sponsorship"
    CONTRACTS = "contracts", "Contracts with the council"
    LAND = "land", "Land in the council's area"
    LICENCES = "licences", "Licences to occupy land"
    CORPORATE_TENANCIES = "corporate_tenancies", "Corporate tenancies"
    SECURITIES = "securities", "Securities"
    APPOINTED_BODY = "appointed_body", "Body you were appointed or nominated to by the council"
    PUBLIC_FUNCTIONS = "public_functions", "Body exercising functions of a public nature"
    CHARITY = "charity", "Body directed to charitable purposes"
    OPINION = "opinion", "Body influencing public opinion or policy (including a political party or trade union)"


DPI_CATEGORIES = (
    Category.EMPLOYMENT,
    Category.SPONSORSHIP,
    Category.CONTRACTS,
    Category.LAND,
    Category.LICENCES,
    Category.CORPORATE_TENANCIES,
    Category.SECURITIES,
)
OTHER_CATEGORIES = (Category.APPOINTED_BODY, Category.PUBLIC_FUNCTIONS, Category.CHARITY, Category.OPINION)

# What each category covers, shown beside the choice (SI 2012/1464 Schedule; Model Code Table 2).
CATEGORY_HINTS = {
    Category.EMPLOYMENT: "Any employment, office, trade, profession or vocation carried on for profit or gain.",
    Category.SPONSORSHIP: "Any payment or financial benefit (other than from the council) towards your expenses "
    "as a councillor or your election expenses, including from a trade union.",
    Category.CONTRACTS: "Any contract for goods, services or works between the council and you (or your spouse "
    "or partner), or a body in which either of you has a beneficial interest, not fully discharged.",
    Category.LAND: "Any beneficial interest in land in the council's area.",
    Category.LICENCES: "Any licence (alone or jointly) to occupy land in the area for a month or longer.",
    Category.CORPORATE_TENANCIES: "Any tenancy where the landlord is the council and the tenant is a body in "
    "which you (or your spouse or partner) have a beneficial interest.",
    Category.SECURITIES: "Any beneficial interest in securities of a body with a place of business or land in "
    "the area, above £25,000 nominal value or one hundredth of the issued share capital.",
    Category.APPOINTED_BODY: "A body of which you are in general control or management and to which the council "
    "appointed or nominated you.",
    Category.PUBLIC_FUNCTIONS: "A body exercising functions of a public nature of which you are in general "
    "control or management.",
    Category.CHARITY: "A body directed to charitable purposes of which you are in general control or management.",
    Category.OPINION: "A body one of whose principal purposes includes influencing public opinion or policy, "
    "including a political party or trade union.",
}


class RegisterSettings(models.Model):
    """What a council sets for its register (kept here, not on accounts: the register is this app's)."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="register_settings")
    obligations_from = models.DateField(
        help_text="Councillors whose membership starts on or after this date are given a 28-day obligation to "
        "register. Earlier members registered before the portal was in use."
    )
    annual_review_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    annual_review_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    dispensation_max_years = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="The longest period a dispensation may be granted for (s.33(3): up to four years).",
    )

    class Meta:
        verbose_name = "register settings"
        verbose_name_plural = "register settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_review_month__isnull=True, annual_review_day__isnull=True)
                | Q(annual_review_month__isnull=False, annual_review_day__isnull=False),
                name="register_settings_review_day_and_month_together",
            ),
        ]

    def __str__(self):
        return f"Register settings for {self.council}"

    def clean(self):
        if (self.annual_review_month is None) != (self.annual_review_day is None):
            raise ValidationError("Give both the day and the month of the annual review, or neither.")
        if self.annual_review_month is not None:
            try:
                # A day every year has: 29 February would be skipped three years in four.
                dt.date(2025, self.annual_review_month, self.annual_review_day)
            except ValueError:
                raise ValidationError(
                    {"annual_review_day": "Choose a day that every year has (29 February is not one)."}
                ) from None

    @property
    def annual_review_label(self) -> str:
        """ "1 May", or "" when the council has set no annual review."""
        day = self.annual_review_on(2025)
        return f"{day.day} {day:%B}" if day else ""

    def annual_review_on(self, year: int) -> dt.date | None:
        if self.annual_review_month is None or self.annual_review_day is None:
            return None
        return dt.date(year, self.annual_review_month, self.annual_review_day)


class Register(models.Model):
    """A councillor's register of interests at one council, and its file for the Monitoring Officer."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="registers")
    councillor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registers")
    case = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="register")
    created_at = models.DateTimeField()
    # The latest accepted version, kept by the acceptance service so the public register is one join.
    published_version = models.ForeignKey(
        "RegisterVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["council", "councillor__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "councillor"], name="one_register_per_councillor_per_council"),
        ]

    def __str__(self):
        return f"Register of interests: {self.councillor}, {self.council}"


class RegisterVersion(models.Model):
    """One version of a register. Every version is kept; only a draft can change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        RETURNED = "returned", "Returned with comments"
        ACCEPTED = "accepted", "Accepted and published"

    # The one table of allowed moves; anything else is a DomainError.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.ACCEPTED},
        Status.RETURNED: set(),
        Status.ACCEPTED: set(),
    }

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comments = models.TextField(blank=True)
    confirmation = models.BooleanField(
        default=False, help_text="Submitted unchanged to confirm the register is up to date (the annual review)."
    )

    class Meta:
        ordering = ["register", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="register_version_number_unique"),
            # One draft and one submission under review at a time, whatever is double-clicked.
            models.UniqueConstraint(
                fields=["register"], condition=Q(status="draft"), name="one_draft_per_register"
            ),
            models.UniqueConstraint(
                fields=["register"], condition=Q(status="submitted"), name="one_submission_under_review_per_register"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"Version {self.number} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RegisterEntry(models.Model):
    """One interest in one version of a register."""

    class Whose(models.TextChoices):
        MEMBER = "member", "Yours"
        PARTNER = "partner", "Your spouse, civil partner or partner"

    class Withholding(models.TextChoices):
        NONE = "", "Not asked"
        REQUESTED = "requested", "Asked, awaiting the Monitoring Officer"
        AGREED = "agreed", "Agreed by the Monitoring Officer"
        REFUSED = "refused", "Refused by the Monitoring Officer"

    version = models.ForeignKey(RegisterVersion, on_delete=models.PROTECT, related_name="entries")
    # The same interest across versions, so a reviewer sees what was added, changed or removed.
    lineage = models.UUIDField(default=uuid.uuid4)
    category = models.CharField(max_length=30, choices=Category.choices)
    whose = models.CharField(max_length=10, choices=Whose.choices, default=Whose.MEMBER)
    name = models.CharField(
        max_length=200, help_text="The employer, body, company, or the address of the land."
    )
    details = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    aware_on = models.DateField(
        null=True, blank=True, help_text="For a change after the first registration: when the councillor became aware."
    )
    sensitive = models.BooleanField(default=False)
    sensitive_reasons = models.TextField(blank=True)
    withholding = models.CharField(max_length=10, choices=Withholding.choices, default=Withholding.NONE, blank=True)

    class Meta:
        ordering = ["version", "category", "pk"]
        verbose_name_plural = "register entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="register_entry_ends_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=Q(category__in=[c.value for c in Category]), name="register_entry_known_category"
            ),
            models.CheckConstraint(
                condition=Q(sensitive=False) | ~Q(sensitive_reasons=""), name="register_entry_sensitive_has_reasons"
            ),
            models.UniqueConstraint(fields=["version", "lineage"], name="register_entry_once_per_version"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.name}"

    @property
    def is_dpi(self) -> bool:
        return self.category in DPI_CATEGORIES

    @property
    def kind_label(self) -> str:
        return "Disclosable pecuniary interest" if self.is_dpi else "Other registrable interest"

    @property
    def withheld(self) -> bool:
        """Published as "an interest exists" only (s.32), with the Monitoring Officer's agreement."""
        return self.sensitive and self.withholding == self.Withholding.AGREED

    def is_current(self, on: dt.date) -> bool:
        return self.ends_on is None or self.ends_on >= on

    def same_as(self, other: "RegisterEntry") -> bool:
        fields = ("category", "whose", "name", "details", "starts_on", "ends_on", "sensitive", "sensitive_reasons")
        return all(getattr(self, f) == getattr(other, f) for f in fields)


class RegistrationObligation(models.Model):
    """A duty to register within 28 days, beginning with the day it arose (ss.30–31), as a clock."""

    class Reason(models.TextChoices):
        TAKING_OFFICE = "taking_office", "Registration on taking office"
        CHANGE = "change", "Change to the register"
        ANNUAL_REVIEW = "annual_review", "Annual review: confirm the register is up to date"
        MEETING = "meeting", "Interest disclosed at a meeting but not on the register"

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="obligations")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # A natural key per duty ("taking-office:m42", "annual-review:2026", "change:2026-05-01"),
    # unique so that a re-run, a second worker or a double click never opens the same duty twice.
    key = models.CharField(max_length=100)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_on = models.DateField(help_text="Day one of the 28 days.")
    due_on = models.DateField()
    deadline = models.OneToOneField("casework.Deadline", on_delete=models.PROTECT, related_name="obligation")
    note = models.CharField(max_length=300, blank=True)
    opened_at = models.DateTimeField()
    fulfilled_by = models.ForeignKey(
        RegisterVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="fulfils"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["register", "key"], name="registration_obligation_once"),
        ]
        indexes = [models.Index(fields=["fulfilled_at", "due_on"])]

    def __str__(self):
        return f"{self.get_reason_display()} due {self.due_on:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.fulfilled_at is None

    def days_late(self, on: dt.date | None = None) -> int:
        """Days after the last day: at fulfilment, or (still open) on `on`."""
        from casework.calendar import london_date

        when = london_date(self.fulfilled_at) if self.fulfilled_at else on
        if when is None:
            return 0
        return max((when - self.due_on).days, 0)


class Gift(models.Model):
    """A gift or hospitality at or above the council's threshold, offered to the councillor."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    MAX_VALUE = Decimal("100000.00")

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="gifts")
    giver = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    received_on = models.DateField()
    value = models.DecimalField(max_digits=9, decimal_places=2)
    value_is_estimate = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, help_text="Why it was offered (the occasion).")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    registered_at = models.DateTimeField()
    due_on = models.DateField(help_text="The last of the 28 days beginning with the day of receipt.")
    days_late = models.PositiveIntegerField(default=0)
    token = models.UUIDField(unique=True, help_text="The form's idempotency key: a double click registers once.")

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=Decimal("100000.00")), name="gift_value_in_range"
            ),
        ]
        indexes = [models.Index(fields=["days_late"])]

    def __str__(self):
        return f"{self.description} from {self.giver}"

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class RelationshipDisclosure(models.Model):
    """A close personal relationship disclosed to the Monitoring Officer (002 6.5): seen by the MO only."""

    class Nature(models.TextChoices):
        FAMILY = "family", "Family member"
        PARTNER = "partner", "Partner or romantic relationship"
        FRIENDSHIP = "friendship", "Close friendship"
        BUSINESS = "business", "Business or financial relationship"
        OTHER = "other", "Other close personal relationship"

    class Status(models.TextChoices):
        DISCLOSED = "disclosed", "Disclosed"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the Monitoring Officer"
        ENDED = "ended", "Ended"

    TRANSITIONS = {
        Status.DISCLOSED: {Status.ACKNOWLEDGED, Status.ENDED},
        Status.ACKNOWLEDGED: {Status.ENDED},
        Status.ENDED: set(),
    }
    IN_FORCE = (Status.DISCLOSED, Status.ACKNOWLEDGED)

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="relationship_disclosures")
    case = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="relationship_disclosure")
    discloser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    other_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nature = models.CharField(max_length=20, choices=Nature.choices)
    details = models.TextField(blank=True)
    began_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DISCLOSED)
    disclosed_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-disclosed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(discloser=F("other_person")), name="relationship_between_two_people"),
            # One disclosure in force per pair as disclosed: a double click discloses once.
            models.UniqueConstraint(
                fields=["council", "discloser", "other_person"],
                condition=Q(status__in=["disclosed", "acknowledged"]),
                name="one_relationship_in_force_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self):
        return f"Relationship disclosure {self.pk}"

    @property
    def in_force(self) -> bool:
        return self.status in self.IN_FORCE


class Dispensation(models.Model):
    """A dispensation (s.33): asked for in writing, decided with reasons, for a stated period."""

    class Grounds(models.TextChoices):
        # s.33(2)(a)–(e)
        QUORUM = "quorum", "So many members would otherwise be unable to take part that the meeting would be inquorate"
        POLITICAL_BALANCE = "political_balance", "Without it the political balance of the meeting would be upset"
        INHABITANTS = "inhabitants", "It is in the interests of people living in the area"
        EXECUTIVE = "executive", "Every member of the executive would otherwise be prevented from taking part"
        APPROPRIATE = "appropriate", "It is otherwise appropriate to grant it"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS = {
        Status.REQUESTED: {Status.GRANTED, Status.REFUSED, Status.WITHDRAWN},
        Status.GRANTED: set(),
        Status.REFUSED: set(),
        Status.WITHDRAWN: set(),
    }

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="dispensations")
    case = models.OneToOneField("casework.Case", on_delete=models.PROTECT, related_name="dispensation")
    business = models.TextField(help_text="The business, or kind of business, the dispensation would cover.")
    grounds = models.CharField(max_length=20, choices=Grounds.choices)
    statement = models.TextField(help_text="The written request: why the dispensation is needed.")
    requested_from = models.DateField()
    requested_until = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)
    granted_from = models.DateField(null=True, blank=True)
    granted_until = models.DateField(null=True, blank=True)
    token = models.UUIDField(unique=True, help_text="The form's idempotency key: a double click asks once.")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_until__gte=F("requested_from")), name="dispensation_request_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(granted_until__isnull=True)
                | Q(granted_from__isnull=True)
                | Q(granted_until__gte=F("granted_from")),
                name="dispensation_granted_period_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="granted") | (Q(granted_from__isnull=False) & Q(granted_until__isnull=False)),
                name="dispensation_granted_has_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "granted_until"])]

    def __str__(self):
        return f"Dispensation {self.case_id}"

    def in_force_on(self, on: dt.date) -> bool:
        return (
            self.status == self.Status.GRANTED
            and self.granted_from is not None
            and self.granted_from <= on <= self.granted_until
        )


class Declaration(models.Model):
    """An interest declared on an enquiry or information request, or at a meeting."""

    class Occasion(models.TextChoices):
        CASE = "case", "On an enquiry or information request"
        MEETING = "meeting", "At a meeting"

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="declarations")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="interest_declarations"
    )
    meeting = models.CharField(max_length=200, blank=True)
    declared_on = models.DateField()
    nature = models.TextField(help_text="The existence and nature of the interest (000 4.3(a)).")
    # The interest on the register this declaration is about (the lineage of its entry), if any.
    entry_lineage = models.UUIDField(null=True, blank=True)
    entry_name = models.CharField(max_length=200, blank=True)
    is_dpi = models.BooleanField(default=False)
    obligation = models.ForeignKey(
        RegistrationObligation, null=True, blank=True, on_delete=models.PROTECT, related_name="declarations"
    )
    declared_at = models.DateTimeField()
    token = models.UUIDField(unique=True, help_text="The form's idempotency key: a double click declares once.")

    class Meta:
        ordering = ["-declared_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(occasion="case") & Q(case__isnull=False))
                | (Q(occasion="meeting") & ~Q(meeting="")),
                name="declaration_names_its_case_or_meeting",
            ),
        ]

    def __str__(self):
        return f"Declaration {self.pk}"

    @property
    def on_register(self) -> bool:
        return self.entry_lineage is not None
