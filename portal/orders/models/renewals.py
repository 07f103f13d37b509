"""Renewal reminders: one row per school per financial year whose renewal it was told is open, so the
daily task emails each school once however often it runs."""

from django.db import models
from django.utils import timezone


class RenewalReminder(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    financial_year_start = models.PositiveSmallIntegerField(
        help_text="The financial year the school was told it can renew for (its first calendar year)."
    )
    sent_to = models.TextField(help_text="The addresses told, separated by commas.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "financial_year_start"],
                name="orders_renewalreminder_once_per_school_and_year",
            )
        ]

    def __str__(self):
        return f"Renewal reminder to {self.school} for {self.financial_year_start}"
