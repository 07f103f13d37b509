"""A school's basket: what one person is about to buy for one school, kept in the database.

It holds choices only (which product, for whom, how many hours), never a price: prices come from the
catalogue when the basket is shown and again, checked, at checkout.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from common.financial_years import FinancialYear
from portal.orders.models.focus import FocusFields, ProductKind


class Basket(models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    financial_year_start = models.PositiveSmallIntegerField(
        "financial year", help_text="What is in the basket is for this financial year."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="orders_basket_one_per_school_and_user")
        ]

    def __str__(self):
        return f"Basket of {self.user} for {self.school}"

    @property
    def financial_year(self):
        return FinancialYear(self.financial_year_start)


class BasketLine(FocusFields):
    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=20, choices=ProductKind.choices)
    # The Universal Offer line names no offer: it is the offer of the basket's financial year.
    package = models.ForeignKey(
        "services.SupportPackage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(default=1, help_text="Hours, for consultancy; otherwise 1.")
    ehc_plan_confirmed = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=ProductKind.UNIVERSAL_OFFER, package__isnull=True)
                | (~models.Q(kind=ProductKind.UNIVERSAL_OFFER) & models.Q(package__isnull=False)),
                name="orders_basketline_package_unless_universal_offer",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} in {self.basket}"
