"""The Multi-Agency Planning Panel's (MAPP's) meetings and the unit's dated placement capacity.

The rules for them (the usual deadline, a deadline before its meeting) run in
`portal.placements.services.mapp`.
"""

from django.core.exceptions import ValidationError
from django.db import models

NOT_A_MONDAY = "Enter the Monday the week starts on."


class PanelMember(models.Model):
    """Someone who sits on the panel: a head teacher for a district, a district's lead for safeguarding,
    Pupil Access, the local authority's alternative provision lead, a SEND officer, the unit's head,
    deputy and outreach manager."""

    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, help_text="For example: head teacher, District 1.")
    district = models.ForeignKey(
        "schools.District", null=True, blank=True, on_delete=models.PROTECT, related_name="panel_members"
    )
    agency = models.CharField(max_length=150, blank=True, help_text="For a member who is not a district's.")
    email = models.EmailField()
    is_active = models.BooleanField("on the panel now", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.role}"


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
    invited = models.ManyToManyField(PanelMember, blank=True, related_name="meetings_invited_to")
    chair = models.ForeignKey(PanelMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    minute_taker = models.ForeignKey(
        PanelMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attended = models.ManyToManyField(PanelMember, blank=True, related_name="meetings_attended")
    minutes = models.TextField(blank=True)
    agenda_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

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


class ExcludedPupilsWeek(models.Model):
    """How many permanently excluded pupils the unit holds in a week: they share the placement capacity."""

    week_starting = models.DateField(unique=True, help_text="The Monday of the week.")
    pupils = models.PositiveSmallIntegerField("permanently excluded pupils")

    class Meta:
        ordering = ["week_starting"]
        verbose_name = "permanently excluded pupils in a week"
        verbose_name_plural = "permanently excluded pupils by week"

    def __str__(self):
        return f"{self.pupils} permanently excluded pupils, week of {self.week_starting:%d %B %Y}"

    def clean(self):
        if self.week_starting is not None and self.week_starting.weekday() != 0:
            raise ValidationError({"week_starting": NOT_A_MONDAY})
