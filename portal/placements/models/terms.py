from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from services.fields import PenceField, VatRateField


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
    ]

    class Meta:
        verbose_name = "referral placement terms"

    def __str__(self):
        return "Referral placement terms"
