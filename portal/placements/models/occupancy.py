"""The permanently excluded pupils the unit holds, week by week: they share its capacity, so the panel
sees them beside the places when it decides whether, and when, an offer can start.

The rule (a count is kept against its week's Monday) runs in `portal.placements.services`; places week
by week are read in `portal.placements.selectors`.
"""

from django.db import models


class ExcludedPupilsCount(models.Model):
    """How many permanently excluded pupils the unit holds in a week."""

    week_starting = models.DateField(
        unique=True,
        help_text="The Monday of the week.",
        error_messages={"unique": "This week already has a count. Edit that one instead."},
    )
    pupils = models.PositiveSmallIntegerField("permanently excluded pupils")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-week_starting"]
        verbose_name = "permanently excluded pupils count"

    def __str__(self):
        return f"{self.pupils} permanently excluded pupils in the week of {self.week_starting:%-d %B %Y}"
