import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from services.fields import PenceField, VatRateField

WELLBEING_RANGE_EMPTY = "The highest score is above the lowest."


@register_setting(icon="group")
class PlacementTerms(BaseGenericSetting):
    """The price and shape of a 12-week referral placement: one record, edited under Settings."""

    price_pence = PenceField(
        "price (£)",
        default=290_000,
        help_text="In pounds. Charged to the home school on top of the funding attached to the child.",
    )
    vat_rate = VatRateField()
    weeks = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    days_at_unit_per_week = models.PositiveSmallIntegerField(default=4)
    days_at_home_school_per_week = models.PositiveSmallIntegerField(default=1)
    hours_per_week = models.PositiveSmallIntegerField(default=25)
    reintegration_weeks = models.PositiveSmallIntegerField(default=2)
    reintegration_supported_visits = models.PositiveSmallIntegerField(default=2)
    unexplained_absence_alert_at = models.TimeField(
        "tell the home school of an unexplained absence at",
        default=datetime.time(10, 0),
        help_text="When a pupil due at the unit that day is absent with no reason recorded by this time, "
        "the home school's safeguarding lead and key worker are emailed.",
    )
    wellbeing_scale = models.CharField(
        "wellbeing measure",
        max_length=100,
        default="Stirling Children's Wellbeing Scale",
        help_text="The measure taken at the start, the review and the end of each placement.",
    )
    wellbeing_lowest = models.PositiveSmallIntegerField("lowest score", default=12)
    wellbeing_highest = models.PositiveSmallIntegerField("highest score", default=60)
    funding_note = models.CharField(
        max_length=255,
        default="plus any funding attached to the child, such as pupil premium or high-needs funding",
    )

    panels = [
        FieldPanel("price_pence"),
        FieldPanel("vat_rate"),
        FieldPanel("funding_note"),
        MultiFieldPanel(
            [
                FieldPanel("weeks"),
                FieldPanel("days_at_unit_per_week"),
                FieldPanel("days_at_home_school_per_week"),
                FieldPanel("hours_per_week"),
            ],
            heading="The placement",
        ),
        MultiFieldPanel(
            [FieldPanel("reintegration_weeks"), FieldPanel("reintegration_supported_visits")],
            heading="Going back to the home school",
        ),
        FieldPanel("unexplained_absence_alert_at"),
        MultiFieldPanel(
            [FieldPanel("wellbeing_scale"), FieldPanel("wellbeing_lowest"), FieldPanel("wellbeing_highest")],
            heading="Wellbeing",
        ),
    ]

    def clean(self):
        if self.wellbeing_highest <= self.wellbeing_lowest:
            raise ValidationError({"wellbeing_highest": WELLBEING_RANGE_EMPTY})

    class Meta:
        verbose_name = "referral placement terms"

    def __str__(self):
        return "Referral placement terms"
