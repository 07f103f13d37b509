"""Legal holds, and what each retention run did.

A legal hold keeps one record (of any kind `records.rules` sweeps) out of every retention run until it is
released; a record has at most one hold in force. Placing and releasing one each need a reason.

A run's actions name the kind and the record's number only: never a name, a date of birth or anything
else about the child, so the record of what was deleted does not keep what was deleted.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from records.periods import KIND_CHOICES


class ActiveHolds(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(released_at__isnull=True)


class LegalHold(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    objects = models.Manager()
    active = ActiveHolds()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = "legal hold"
        permissions = [("view_retention", "Can see records due for deletion and past retention runs")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(released_at__isnull=True),
                name="records_one_active_hold_per_record",
            )
        ]

    def __str__(self):
        return f"Legal hold {self.pk} on {self.content_type.model} {self.object_id}"

    @property
    def is_active(self):
        return self.released_at is None


class RetentionRun(models.Model):
    """One sweep: the day it applied the periods for, and the kinds or records it could not finish."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    today = models.DateField(help_text="The day the periods were applied for.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # [{"kind": ..., "record_pk": ... or None, "error": the exception's class}], never its message,
    # which may quote a record's values.
    failures = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "retention run"

    def __str__(self):
        return f"Retention run of {self.today:%-d %B %Y}"


class Outcome(models.TextChoices):
    DELETED = "deleted", "Deleted"
    ANONYMISED = "anonymised", "Anonymised"
    HELD = "held", "Kept: under a legal hold"


class RetentionAction(models.Model):
    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    record_pk = models.PositiveBigIntegerField("record number")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    period = models.CharField(max_length=60, help_text="The period applied, as it was then.")
    due_on = models.DateField(help_text="The day the record's period ended.")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["run", "kind", "record_pk"]
        verbose_name = "retention action"
        indexes = [models.Index(fields=["kind", "outcome", "record_pk"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.record_pk}: {self.get_outcome_display()}"
