"""What the panel decided about a request, and the actions it agreed (each with an owner and a date).

A decision is recorded only through `services.decisions.placement_request_decide`, which moves the
request from "on the agenda" to "decided" and tells the school. A declined request the school still
asks for goes to a later panel (`placement_request_ask_again`) and gets a decision of its own there.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.placements.models.requests import PlacementRequest


class Outcome(models.TextChoices):
    OFFER = "offer", "Offer a placement"
    DECLINE = "decline", "Decline, with recommendations"
    ALTERNATIVE = "alternative", "Recommend an alternative"


class PanelDecision(models.Model):
    request = models.ForeignKey(PlacementRequest, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        "placements.MappMeeting",
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="Where it was decided.",
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reasons = models.TextField()
    recommendations = models.TextField(blank=True)
    recommended_package = models.ForeignKey(
        "services.SupportPackage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="An outreach package from the catalogue, when the panel recommends one.",
    )
    lead_professional = models.CharField(max_length=150)
    decided_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # A declined request the school still asks for comes back to a later panel: its latest decision
        # is the one in force, the earlier ones stay on record.
        ordering = ["-decided_at", "-pk"]
        verbose_name = "panel decision"

    def __str__(self):
        return f"{self.request.reference}: {self.get_outcome_display()}"


class AgreedAction(models.Model):
    """An action agreed at a meeting, about one request's decision or the panel's business; open until
    someone marks it done."""

    meeting = models.ForeignKey("placements.MappMeeting", on_delete=models.PROTECT, related_name="actions")
    decision = models.ForeignKey(
        PanelDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    action = models.CharField(max_length=255)
    owner = models.CharField(max_length=150)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.action} ({self.owner}, by {self.due_on:%d %B %Y})"
