"""What staff set for buying: the unit's details on invoices, payment terms, and when schools can
buy next financial year's support in advance. Edited under Settings > Buying and invoices."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

MONTHS = [(number, datetime.date(2001, number, 1).strftime("%B")) for number in range(1, 13)]


@register_setting(icon="doc-full")
class BuyingSettings(BaseSiteSetting):
    unit_name = models.CharField(
        "name on invoices", max_length=150, default="Stepping Stones Short Stay School"
    )
    address = models.TextField(blank=True, help_text="One line per row, postcode last.")
    email = models.EmailField("email for payments", blank=True, help_text="Schools send remittances here.")
    phone = models.CharField(max_length=30, blank=True)
    vat_number = models.CharField("VAT registration number", max_length=30, blank=True)
    bank_details = models.TextField(
        blank=True,
        help_text="Account name, sort code and account number, one per line. Printed on every invoice.",
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        "payment terms (days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="An invoice is due this many days after it is issued.",
    )
    unpaid_card_orders_expire_after_days = models.PositiveSmallIntegerField(
        "cancel unpaid card orders after (days)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=(
            "A card order still unpaid this many days after it was placed is cancelled, and the school "
            "is told. It frees the Universal Support Offer the order was holding."
        ),
    )
    advance_purchase_opens_day = models.PositiveSmallIntegerField(
        "day", default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    advance_purchase_opens_month = models.PositiveSmallIntegerField("month", default=3, choices=MONTHS)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("unit_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("vat_number"),
                FieldPanel("bank_details"),
            ],
            heading="The unit's details on invoices",
        ),
        FieldPanel("payment_terms_days", heading="Terms"),
        FieldPanel("unpaid_card_orders_expire_after_days"),
        FieldRowPanel(
            [FieldPanel("advance_purchase_opens_day"), FieldPanel("advance_purchase_opens_month")],
            heading="Buying next year's support in advance opens on",
            help_text=(
                "From this date each year, schools can buy the next financial year's Universal Support "
                "Offer and packages at next year's prices."
            ),
        ),
    ]

    class Meta:
        verbose_name = "buying and invoices"

    def __str__(self):
        return "Buying and invoices"

    def clean(self):
        super().clean()
        try:
            datetime.date(2001, self.advance_purchase_opens_month, self.advance_purchase_opens_day)
        except (TypeError, ValueError):
            raise ValidationError(
                {"advance_purchase_opens_day": "Enter a day that exists in that month every year."}
            ) from None
