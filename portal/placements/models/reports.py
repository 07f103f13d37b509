"""The end-of-placement report: written by the unit's staff in the admin and published to the home
school, which reads it in the portal as a page and a PDF.

    publish ..... DRAFT -> PUBLISHED (the school sees it from now on)
    withdraw .... PUBLISHED -> DRAFT, with the reason (to correct it; the school no longer sees it)
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from common import workflows
from portal.placements.models.placements import CHANGE_PLACEMENT, Placement


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published to the school"


REPORT_NOT_NOW = "The report on {record.placement} is {status}: it cannot be %s."
WITHDRAW_REASON_REQUIRED = "Say why the report is withdrawn."


class PlacementReport(workflows.FSMModelMixin, models.Model):
    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="report")
    status = workflows.StatusField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    progress = models.TextField("progress during the placement")
    recommendations = models.TextField()
    reintegration_programme = models.TextField("the agreed reintegration programme")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "end-of-placement report"

    def __str__(self):
        return f"End-of-placement report on {self.placement}"

    @workflows.transition(
        source=ReportStatus.DRAFT,
        target=ReportStatus.PUBLISHED,
        label="Publish to the school",
        allowed=CHANGE_PLACEMENT,
        refused=REPORT_NOT_NOW % "published",
    )
    def publish(self):
        """The home school can read the report from now on."""

    @workflows.transition(
        source=ReportStatus.PUBLISHED,
        target=ReportStatus.DRAFT,
        label="Withdraw to correct it",
        allowed=CHANGE_PLACEMENT,
        needs={"why": WITHDRAW_REASON_REQUIRED},
        danger=True,
        refused=REPORT_NOT_NOW % "withdrawn",
    )
    def withdraw(self):
        """Back to a draft, out of the school's sight, to be corrected and published again."""
