"""Councils, people, their roles, the offices they hold and their absences."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_staff = models.BooleanField("admin access", default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Council(models.Model):
    class Kind(models.TextChoices):
        PARISH = "parish", "Parish council"
        TOWN = "town", "Town council"
        DISTRICT = "district", "District council"
        UNITARY = "unitary", "Unitary council"

    class Nation(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    working_day_starts = models.TimeField(default=dt.time(9, 0))
    working_day_ends = models.TimeField(default=dt.time(17, 0))
    principal_council = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_councils",
        help_text="The council whose Monitoring Officer serves this one (for a town or parish council).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_day_ends__gt=F("working_day_starts")),
                name="council_working_day_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.principal_council_id and self.principal_council_id == self.pk:
            raise ValidationError({"principal_council": "A council cannot be its own principal council."})
        if self.working_day_starts and self.working_day_ends and self.working_day_ends <= self.working_day_starts:
            raise ValidationError({"working_day_ends": "Working hours must end after they start."})

    @property
    def monitoring_council(self) -> "Council":
        """The council whose Monitoring Officer keeps this council's register (s.29)."""
        return self.principal_council or self


class ClosureDay(models.Model):
    """A day the council's office is closed (e.g. a Christmas shutdown): not a working day."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["council", "date"], name="closure_day_once_per_council")]

    def __str__(self):
        return f"{self.council}: {self.date:%d %B %Y} ({self.reason})"


class DatedQuerySet(models.QuerySet):
    def current_on(self, on: dt.date):
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def _validate_dates(obj):
    if obj.starts_on and obj.ends_on and obj.ends_on < obj.starts_on:
        raise ValidationError({"ends_on": "The end date cannot be before the start date."})


class Membership(models.Model):
    """A person's role at a council, for a period."""

    class Role(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        CLERK = "clerk", "Clerk"
        OFFICER = "officer", "Officer"
        MONITORING_OFFICER = "monitoring_officer", "Monitoring Officer"
        DEPUTY_MONITORING_OFFICER = "deputy_monitoring_officer", "Deputy Monitoring Officer"
        INDEPENDENT_PERSON = "independent_person", "Independent Person"

    STAFF_ROLES = (Role.CLERK, Role.OFFICER, Role.MONITORING_OFFICER, Role.DEPUTY_MONITORING_OFFICER)
    MONITORING_ROLES = (Role.MONITORING_OFFICER, Role.DEPUTY_MONITORING_OFFICER)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    group = models.CharField("party or group", max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["council", "role", "user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_on_or_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "council", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.council}"

    def clean(self):
        _validate_dates(self)


class OfficeTerm(models.Model):
    """A term in an office: Chair, Vice-Chair, Mayor, a committee chair, a group leader..."""

    class Office(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-Chair"
        MAYOR = "mayor", "Mayor"
        DEPUTY_MAYOR = "deputy_mayor", "Deputy Mayor"
        COMMITTEE_CHAIR = "committee_chair", "Committee chair"
        GROUP_LEADER = "group_leader", "Group leader"
        LEADER = "leader", "Leader"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="office_terms")
    office = models.CharField(max_length=20, choices=Office.choices)
    committee = models.CharField(
        max_length=100,
        blank=True,
        help_text="The committee (for a committee chair) or the group (for a group leader).",
    )
    holder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="office_terms")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["council", "office", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="office_term_ends_on_or_after_start",
            ),
        ]
        indexes = [models.Index(fields=["council", "office", "starts_on"])]

    def __str__(self):
        return f"{self.title} of {self.council}: {self.holder}"

    @property
    def title(self) -> str:
        if self.committee and self.office == self.Office.COMMITTEE_CHAIR:
            return f"Chair of the {self.committee}"
        if self.committee and self.office == self.Office.GROUP_LEADER:
            return f"Leader of the {self.committee}"
        return self.get_office_display()

    def clean(self):
        _validate_dates(self)
        needs_committee = self.office in (self.Office.COMMITTEE_CHAIR, self.Office.GROUP_LEADER)
        if needs_committee and not self.committee:
            raise ValidationError({"committee": "Name the committee or group for this office."})
        if not (self.council_id and self.office and self.starts_on):
            return
        overlapping = OfficeTerm.objects.filter(
            council_id=self.council_id, office=self.office, committee__iexact=self.committee
        ).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
        if self.ends_on:
            overlapping = overlapping.filter(starts_on__lte=self.ends_on)
        clash = overlapping.select_related("holder").first()
        if clash:
            ends = f"{clash.ends_on:%d %B %Y}" if clash.ends_on else "open-ended"
            raise ValidationError(
                f"This overlaps {clash.holder}'s term as {clash.title} "
                f"({clash.starts_on:%d %B %Y} to {ends}). End that term first."
            )


class Absence(models.Model):
    """A period when a person cannot act (leave, illness): their stand-in acts for them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_on_or_after_start"),
        ]

    def __str__(self):
        return f"{self.user} absent {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def clean(self):
        _validate_dates(self)
