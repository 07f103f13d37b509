"""What the outreach team sells: the Universal Support Offer, support packages and training.

Staff edit these as snippets; the public pages and the schools portal read them through
`services.selectors` and price training with `services.pricing`, so a price is typed once, here, and
shown everywhere from here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from common.financial_years import FinancialYear, financial_year_choices
from common.money import format_pence
from services.fields import PenceField, VatRateField

LIST_FEATURES = ["bold", "italic", "link", "ul", "ol"]
VAT_HELP = "Charged on top of the price and shown on each order line. 0 when the service is outside VAT."


class UniversalOffer(models.Model):
    """The base subscription a school buys once per financial year before it can buy anything else."""

    financial_year_start = models.PositiveSmallIntegerField(
        "financial year",
        unique=True,
        choices=financial_year_choices,
        help_text="The offer covers 1 April to 31 March of this financial year.",
    )
    price_pence = PenceField("price (£)", help_text="In pounds, for example 550.")
    vat_rate = VatRateField(help_text=VAT_HELP)
    summary = models.TextField(
        blank=True, max_length=400, help_text="One or two sentences on why schools buy the offer."
    )
    what_it_gives = RichTextField(
        features=LIST_FEATURES,
        help_text="A bulleted list of what a school gets for the year, such as the advice line.",
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("financial_year_start"), FieldPanel("price_pence"), FieldPanel("vat_rate")]
        ),
        FieldPanel("summary"),
        FieldPanel("what_it_gives"),
    ]

    class Meta:
        ordering = ["-financial_year_start"]
        verbose_name = "Universal Support Offer"
        verbose_name_plural = "Universal Support Offers"

    def __str__(self):
        return f"Universal Support Offer {self.financial_year.label}"

    @property
    def financial_year(self):
        return FinancialYear(self.financial_year_start)

    @admin.display(description="price", ordering="price_pence")
    def price(self):
        return format_pence(self.price_pence)


class SupportPackage(ClusterableModel, Orderable):
    """A support package or consultancy: a price for a number of specialist-teacher hours.

    Its rules are data, so the public page can state them and the portal can enforce them:
    who it is for (an EHC plan), what must be bought first, and whether it is sold by the hour.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Identifies the package in links and in the schools portal. Change it only with care.",
    )
    summary = models.TextField(max_length=400, help_text="One or two sentences shown at the top of its card.")
    price_pence = PenceField(
        "price (£)",
        help_text=(
            "In pounds, for example 650. For a service sold by the hour, the price of one hour. "
            "It holds until a price change below takes effect."
        ),
    )
    vat_rate = VatRateField(help_text=VAT_HELP)
    sold_by_the_hour = models.BooleanField(
        default=False,
        help_text="Schools choose how many hours to buy, and the price above is for one hour.",
    )
    hours = models.PositiveSmallIntegerField(
        "specialist-teacher hours",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="The hours of specialist-teacher time the price buys. Leave blank if sold by the hour.",
    )
    requires_ehc_plan = models.BooleanField(
        "only for a pupil with an EHC plan",
        default=False,
        help_text="Tick if schools may buy it only for a pupil who has an education, health and care plan.",
    )
    must_follow = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_on_packages",
        verbose_name="only after",
        help_text="A package the school must have bought earlier in the same financial year.",
    )
    what_is_included = RichTextField(
        features=LIST_FEATURES, help_text="What the hours are usually spent on, step by step."
    )
    who_it_is_for = models.TextField(max_length=400, blank=True)
    is_active = models.BooleanField(
        "on sale",
        default=True,
        help_text="Untick to stop selling it. Orders already placed keep their price.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("price_pence"), FieldPanel("vat_rate")]),
                FieldPanel("sold_by_the_hour"),
                FieldPanel("hours"),
            ],
            heading="Price and hours",
        ),
        InlinePanel(
            "price_changes",
            heading="Price changes",
            label="Price change",
            help_text="A new price from the start of a later financial year, such as next year's price, "
            "so schools can buy ahead at it from the date set under Settings > Buying and invoices.",
        ),
        MultiFieldPanel(
            [FieldPanel("requires_ehc_plan"), FieldPanel("must_follow")],
            heading="Who can buy it",
        ),
        FieldPanel("what_is_included"),
        FieldPanel("who_it_is_for"),
        FieldPanel("is_active"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = "support package"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.sold_by_the_hour and self.hours is not None:
            raise ValidationError(
                {"hours": "Leave the hours blank for a service sold by the hour: schools choose how many."}
            )
        if not self.sold_by_the_hour and self.hours is None:
            raise ValidationError({"hours": "Enter the number of specialist-teacher hours the price buys."})
        if self.must_follow_id is not None and self._follows_itself():
            raise ValidationError({"must_follow": "A package cannot have to follow itself."})

    def _follows_itself(self):
        seen = set()
        earlier = self.must_follow
        while earlier is not None and earlier.pk not in seen:
            if earlier.pk == self.pk:
                return True
            seen.add(earlier.pk)
            earlier = earlier.must_follow
        return False

    @admin.display(description="price", ordering="price_pence")
    def price(self):
        if self.sold_by_the_hour:
            return f"{format_pence(self.price_pence)} an hour"
        return format_pence(self.price_pence)

    @property
    def rules_in_words(self):
        """Who can buy it, in plain words for schools."""
        rules = []
        if self.requires_ehc_plan:
            rules.append("Only for a pupil with an education, health and care (EHC) plan.")
        if self.must_follow is not None:
            rules.append(f"Only after the {self.must_follow.name} in the same financial year.")
        if self.sold_by_the_hour:
            rules.append("Bought by the hour: choose as many hours as you need.")
        return rules


class SupportPackagePriceChange(models.Model):
    """A package's price from the first day of a financial year on (until a later change)."""

    package = ParentalKey(SupportPackage, on_delete=models.CASCADE, related_name="price_changes")
    from_year = models.PositiveSmallIntegerField(
        "from the financial year",
        choices=financial_year_choices,
        help_text="It starts on 1 April of this year.",
    )
    price_pence = PenceField(
        "price (£)", help_text="In pounds; for a service sold by the hour, one hour's price."
    )

    panels = [FieldRowPanel([FieldPanel("from_year"), FieldPanel("price_pence")])]

    class Meta:
        ordering = ["from_year"]
        constraints = [
            models.UniqueConstraint(fields=["package", "from_year"], name="one_price_change_per_package_year")
        ]

    def __str__(self):
        return f"{self.package} from {FinancialYear(self.from_year).label}: {format_pence(self.price_pence)}"


class TrainingFormat(Orderable):
    """A length of training session and its price for a group of staff."""

    name = models.CharField(max_length=60, help_text="For example Twilight or Half day.")
    slug = models.SlugField(max_length=60, unique=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "length in minutes",
        validators=[MinValueValidator(15), MaxValueValidator(8 * 60)],
        help_text="For example 90 for an hour and a half.",
    )
    price_pence = PenceField("price (£)", help_text="In pounds, for up to the number of staff included.")
    vat_rate = VatRateField(help_text=VAT_HELP)
    staff_included = models.PositiveSmallIntegerField(
        "staff included in the price", default=15, validators=[MinValueValidator(1)]
    )
    extra_person_price_pence = PenceField(
        "price per extra person (£)",
        default=2000,
        help_text="In pounds, for each person beyond those included.",
    )
    is_active = models.BooleanField("on offer", default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("duration_minutes"),
        MultiFieldPanel(
            [
                FieldPanel("price_pence"),
                FieldPanel("staff_included"),
                FieldPanel("extra_person_price_pence"),
                FieldPanel("vat_rate"),
            ],
            heading="Price",
        ),
        FieldPanel("is_active"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "duration_minutes"]
        verbose_name = "training format"
        constraints = [
            models.UniqueConstraint(fields=["name", "duration_minutes"], name="unique_training_format_length")
        ]

    def __str__(self):
        return f"{self.name} ({self.duration_label})"

    @property
    def duration_label(self):
        """90 -> "1.5 hours", 60 -> "1 hour", 45 -> "45 minutes", 100 -> "1 hour 40 minutes"."""
        hours, minutes = divmod(self.duration_minutes, 60)
        if hours == 0:
            return f"{minutes} minutes"
        if minutes in (0, 30):
            amount = f"{hours}.5" if minutes else f"{hours}"
            return f"{amount} hour" if amount == "1" else f"{amount} hours"
        return f"{hours} hour{'s' if hours > 1 else ''} {minutes} minutes"

    @admin.display(description="price", ordering="price_pence")
    def price(self):
        return format_pence(self.price_pence)


class TrainingTopic(Orderable):
    """A subject on the training menu, which may be offered in only some formats."""

    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(max_length=500)
    allowed_formats = models.ManyToManyField(
        TrainingFormat,
        blank=True,
        related_name="topics",
        verbose_name="offered only as",
        help_text="Leave all unticked if the topic can be given in any format.",
    )
    is_active = models.BooleanField("on the menu", default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("allowed_formats", widget=forms.CheckboxSelectMultiple),
        FieldPanel("is_active"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["sort_order", "title"]
        verbose_name = "training topic"

    def __str__(self):
        return self.title

    @admin.display(description="offered as")
    def formats_label(self):
        formats = list(self.allowed_formats.all())
        return ", ".join(str(training_format) for training_format in formats) if formats else "Any format"
