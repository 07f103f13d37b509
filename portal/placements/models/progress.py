"""How a placement is going: the home school's key-worker visits, the targets set at the start with the
progress recorded against them at the review and the end, and the wellbeing measure taken at the start,
the review and the end (on the scale named in the placement terms)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.placements.models.placements import Placement


class KeyWorkerVisit(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("date of the visit")
    visited_by = models.CharField("visited by (name or role)", max_length=150)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = "key-worker visit"

    def __str__(self):
        return f"Visit on {self.visited_on:%-d %B %Y} by {self.visited_by}"


class Stage(models.TextChoices):
    START = "start", "At the start"
    REVIEW = "review", "At the review"
    END = "end", "At the end"


class PlacementTarget(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="targets")
    description = models.TextField("target")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description


class Progress(models.TextChoices):
    NOT_YET = "not_yet", "Not yet started"
    SOME = "some", "Some progress"
    GOOD = "good", "Good progress"
    MET = "met", "Target met"


class TargetProgress(models.Model):
    """Progress against one target, recorded at the review or at the end."""

    target = models.ForeignKey(PlacementTarget, on_delete=models.CASCADE, related_name="progress")
    stage = models.CharField(
        max_length=6, choices=[(Stage.REVIEW, Stage.REVIEW.label), (Stage.END, Stage.END.label)]
    )
    progress = models.CharField(max_length=8, choices=Progress.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["target", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["target", "stage"], name="placements_one_progress_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.get_progress_display()}"


class WellbeingScore(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="wellbeing")
    stage = models.CharField(max_length=6, choices=Stage.choices)
    score = models.PositiveSmallIntegerField()
    taken_on = models.DateField()

    class Meta:
        ordering = ["taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "stage"], name="placements_one_wellbeing_per_stage")
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.score}"


class ReviewMeeting(models.Model):
    """What the review meeting, half way through the weeks at the unit, found."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField()
    attended_by = models.TextField("who attended (names or roles)", blank=True)
    summary = models.TextField("what the meeting found and agreed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "review meeting"

    def __str__(self):
        return f"Review meeting on {self.held_on:%-d %B %Y}"
