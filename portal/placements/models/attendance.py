"""A placed pupil's attendance, by session, with the national codes (`portal.placements.attendance_codes`).

The unit takes the register for its days; the home school records the sessions of its own weekday in
the portal. One mark per placement, day and session: a correction replaces it, and the history keeps
what it was. An `AbsenceAlert` records that the home school was told of an unexplained absence, so a
second run of the alert that day sends nothing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from portal.placements.attendance_codes import CODE_CHOICES, CODE_MAX_LENGTH
from portal.placements.models.placements import Placement


class RegisterSession(models.TextChoices):
    MORNING = "am", "Morning"
    AFTERNOON = "pm", "Afternoon"


class KeptBy(models.TextChoices):
    UNIT = "unit", "The unit"
    HOME_SCHOOL = "home_school", "The home school"


class MarkSource(models.TextChoices):
    REGISTER = "register", "The unit's register"
    IMPORT = "import", "Imported from the school information system"
    PORTAL = "portal", "The home school, in the portal"


class AttendanceMark(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField()
    session = models.CharField(max_length=2, choices=RegisterSession.choices)
    # Who keeps this session's register: the home school on its weekday, the unit on the others.
    kept_by = models.CharField(max_length=12, choices=KeptBy.choices)
    code = models.CharField(max_length=CODE_MAX_LENGTH, choices=CODE_CHOICES)
    note = models.CharField(max_length=255, blank=True, help_text="The reason, where the code needs one.")
    source = models.CharField(max_length=10, choices=MarkSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "session"]
        verbose_name = "attendance mark"
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "date", "session"], name="placements_one_mark_per_session"
            )
        ]
        indexes = [models.Index(fields=["date", "session"])]

    def __str__(self):
        return f"{self.date:%-d %b %Y} {self.get_session_display().lower()}: {self.code}"


class AbsenceAlert(models.Model):
    """The home school's safeguarding lead and key worker were told the pupil was absent from the unit
    without a reason on `date`."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="absence_alerts")
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "date"], name="placements_one_absence_alert_a_day")
        ]

    def __str__(self):
        return f"Absence alert for {self.placement} on {self.date:%-d %b %Y}"
