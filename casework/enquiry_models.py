"""Councillor enquiries (protocol 000 sections 4 and 10; 002 5.5, 6.8–6.9, 12; 004 "Correspondence")."""

from django.conf import settings
from django.db import models

__all__ = ["Enquiry", "InterimReply"]


class Enquiry(models.Model):
    class Channel(models.TextChoices):
        PORTAL = "portal", "Portal"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    # 000 4.3(a): an enquiry in which the councillor has a personal interest is accepted only in writing.
    WRITTEN_CHANNELS = (Channel.PORTAL, Channel.EMAIL, Channel.LETTER)

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="enquiry")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    details = models.TextField()
    ward = models.CharField(max_length=100, blank=True)
    constituent_name = models.CharField(max_length=200, blank=True)
    constituent_contact = models.CharField(max_length=300, blank=True)
    has_interest = models.BooleanField(default=False)
    interest_nature = models.TextField(blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    reopen_until = models.DateField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # The form's one-time key: a double-clicked or resent form finds the enquiry it already made
    # (the unique constraint decides a race) instead of opening a second one.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "enquiries"

    def __str__(self):
        return f"Enquiry {self.case_id}"


class InterimReply(models.Model):
    """000 4.4: why a full reply is not yet possible, and when it will come."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="interim_replies")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    reason = models.TextField()
    estimated_on = models.DateField()
    message = models.OneToOneField("casework.Message", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name_plural = "interim replies"

    def __str__(self):
        return f"Interim reply {self.sent_at:%d/%m/%Y}, full reply by {self.estimated_on:%d/%m/%Y}"
