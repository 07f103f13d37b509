"""The unit's school year, entered once a year by staff: its terms (each with its half-term break) and
its closure days (INSET days, a bank holiday in term). A school day is a weekday inside a term, outside
its half term, that is not a closure day; `portal.placements.school_days` reads them."""

from django.core.exceptions import ValidationError
from django.db import models

TERM_ENDS_BEFORE_IT_STARTS = "A term ends on or after the day it starts."
HALF_TERM_BOTH_DATES = "Enter both the first and the last day of the half term, or neither."
HALF_TERM_OUTSIDE_TERM = "The half term falls inside the term."
HALF_TERM_ENDS_BEFORE_IT_STARTS = "The half term ends on or after the day it starts."
TERMS_OVERLAP = "This term overlaps {term}."


class SchoolTerm(models.Model):
    name = models.CharField(max_length=60, help_text="For example: Autumn 2026.")
    starts_on = models.DateField("first day of term")
    ends_on = models.DateField("last day of term")
    half_term_starts_on = models.DateField("first day of the half-term break", null=True, blank=True)
    half_term_ends_on = models.DateField("last day of the half-term break", null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = "school term"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="placements_term_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%-d %b %Y} to {self.ends_on:%-d %b %Y})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": TERM_ENDS_BEFORE_IT_STARTS})
        half_term = (self.half_term_starts_on, self.half_term_ends_on)
        if (half_term[0] is None) != (half_term[1] is None):
            raise ValidationError({"half_term_ends_on": HALF_TERM_BOTH_DATES})
        if half_term[0] is not None and self.starts_on and self.ends_on:
            if half_term[1] < half_term[0]:
                raise ValidationError({"half_term_ends_on": HALF_TERM_ENDS_BEFORE_IT_STARTS})
            if half_term[0] < self.starts_on or half_term[1] > self.ends_on:
                raise ValidationError({"half_term_starts_on": HALF_TERM_OUTSIDE_TERM})
        if self.starts_on and self.ends_on:
            overlapping = (
                SchoolTerm.objects.filter(starts_on__lte=self.ends_on, ends_on__gte=self.starts_on)
                .exclude(pk=self.pk)
                .first()
            )
            if overlapping is not None:
                raise ValidationError({"starts_on": TERMS_OVERLAP.format(term=overlapping)})


class ClosureDay(models.Model):
    """A day in term when the unit is closed: an INSET day, a bank holiday, a polling day."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=100, help_text="For example: INSET day.")

    class Meta:
        ordering = ["date"]
        verbose_name = "closure day"

    def __str__(self):
        return f"{self.date:%-d %B %Y}: {self.reason}"
