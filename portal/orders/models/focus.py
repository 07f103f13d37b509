"""What a school buys and whom it is for: shared by the basket and the order lines.

A package names its focus (a pupil by initials and year group, or a class) and never a pupil's full
name; consultancy may be for the whole school. The rule that checks a focus is
`portal.orders.services.rules.check_focus`.
"""

from django.db import models


class ProductKind(models.TextChoices):
    UNIVERSAL_OFFER = "universal_offer", "Universal Support Offer"
    PACKAGE = "package", "Support package"
    CONSULTANCY = "consultancy", "Consultancy hours"
    # Agreed with the outreach coordinator first (bookings' training requests), so never in a basket.
    TRAINING = "training", "Training"
    # Charged when the unit starts a placement the panel offered (portal.placements), never in a basket.
    PLACEMENT = "placement", "Referral placement"


class FocusKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    CLASS = "class", "A class"
    SCHOOL = "school", "The whole school, or no one pupil or class"


class YearGroup(models.TextChoices):
    NURSERY = "N", "Nursery"
    RECEPTION = "R", "Reception"
    YEAR_1 = "1", "Year 1"
    YEAR_2 = "2", "Year 2"
    YEAR_3 = "3", "Year 3"
    YEAR_4 = "4", "Year 4"
    YEAR_5 = "5", "Year 5"
    YEAR_6 = "6", "Year 6"


class FocusFields(models.Model):
    """Whom a package is for: a pupil's initials and year group, a class, or (consultancy) the school."""

    focus_kind = models.CharField("for", max_length=10, choices=FocusKind.choices, blank=True)
    pupil_initials = models.CharField(max_length=3, blank=True)
    pupil_year_group = models.CharField(max_length=2, choices=YearGroup.choices, blank=True)
    class_name = models.CharField(max_length=60, blank=True)

    class Meta:
        abstract = True

    @property
    def focus_label(self):
        """ "Pupil JS, Year 4", "Class: Oak class", "Whole school", or "" for the Universal Offer."""
        if self.focus_kind == FocusKind.PUPIL:
            return f"Pupil {self.pupil_initials}, {self.get_pupil_year_group_display()}"
        if self.focus_kind == FocusKind.CLASS:
            return f"Class: {self.class_name}"
        if self.focus_kind == FocusKind.SCHOOL:
            return "Whole school"
        return ""

    focus_label.fget.short_description = "for"
