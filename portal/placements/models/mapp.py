"""The Multi-Agency Planning Panel's (MAPP's) meetings and the unit's dated placement capacity.

The rules for them (the usual deadline, a deadline before its meeting) run in
`portal.placements.services.mapp`.
"""

from django.db import models


class MappMeeting(models.Model):
    """A meeting of the Multi-Agency Planning Panel (MAPP), held every half term."""

    meeting_date = models.DateField(unique=True)
    starts_at = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    submission_deadline = models.DateField(
        "last date to submit a request",
        blank=True,
        help_text="Leave blank for the usual two weeks before the meeting.",
    )
    notes = models.CharField(max_length=255, blank=True, help_text="Shown to schools beside the date.")

    class Meta:
        ordering = ["meeting_date"]
        verbose_name = "MAPP meeting"
        constraints = [
            # The service refuses this with a message; the database refuses it for any other path.
            models.CheckConstraint(
                condition=models.Q(submission_deadline__lt=models.F("meeting_date")),
                name="placements_deadline_before_meeting",
            ),
        ]

    def __str__(self):
        return f"MAPP meeting {self.meeting_date:%d %B %Y}"


class PlacementCapacity(models.Model):
    """How many pupils the unit can hold at once, from a date on (capacity changes over time)."""

    starts_on = models.DateField(unique=True)
    places = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "placement capacities"

    def __str__(self):
        return f"{self.places} places from {self.starts_on:%d %B %Y}"
